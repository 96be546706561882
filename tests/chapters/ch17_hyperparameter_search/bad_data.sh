#!/usr/bin/env bash
# Chapter 17 on missing and damaged data files, crafted here in a scratch
# folder passed as --data-dir: every run must exit 1 with an "error:" line
# that names the file and says what is wrong with it (the package to install,
# for a missing one). Three cases; chapter 15's bad_data.sh has the rest.
#   bad_data.sh CHAPTER REAL_DATA_DIR WORKDIR
# The truncated case copies a real file: without Debian's dataset-fashion-mnist
# in REAL_DATA_DIR it is left out (and said so).
set -uo pipefail
chapter="$1"
real="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"
status=0

# case_ NAME REGEX: the chapter on the folder $work/NAME must exit 1, saying REGEX.
case_() {
  local name="$1" regex="$2" out code
  out="$("$chapter" --quick --quiet --data-dir "$work/$name" --out "$work/out_$name" 2>&1)"
  code=$?
  if [ "$code" != 1 ]; then
    echo "FAIL ($name): exit code $code, expected 1:"; printf '%s\n' "$out" | tail -n 5; status=1; return
  fi
  if ! printf '%s\n' "$out" | grep -qE -- "$regex"; then
    echo "FAIL ($name): the message does not match /$regex/:"; printf '%s\n' "$out" | tail -n 5; status=1; return
  fi
  echo "ok ($name): $(printf '%s\n' "$out" | grep -m1 '^error:')"
}

# The package is absent: the folder has no files.
mkdir -p "$work/empty"
case_ empty "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*empty.*apt-get install dataset-fashion-mnist"

# Not an IDX file at all (with a label file of 1000 labels beside it).
mkdir -p "$work/not_idx"
printf 'PK\003\004 this is a zip file, not an IDX file\n' >"$work/not_idx/train-images-idx3-ubyte"
printf '\000\000\010\001\000\000\003\350' >"$work/not_idx/train-labels-idx1-ubyte"
head -c 1000 /dev/zero >>"$work/not_idx/train-labels-idx1-ubyte"
case_ not_idx "^error: .*not_idx/train-images-idx3-ubyte: byte 0: expected the IDX magic number 0x00000803 .*this is not an IDX file"

if [ -s "$real/train-images-idx3-ubyte.gz" ] && [ -s "$real/t10k-labels-idx1-ubyte.gz" ]; then
  # The real files, the training images cut short.
  mkdir -p "$work/truncated"
  for f in train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    ln -s "$real/$f" "$work/truncated/$f"
  done
  head -c 20000 "$real/train-images-idx3-ubyte.gz" >"$work/truncated/train-images-idx3-ubyte.gz"
  case_ truncated "^error: .*truncated/train-images-idx3-ubyte.gz: ends at byte [0-9]+, expected [0-9]+ .*the gzip stream ends early"
else
  echo "note: no Fashion-MNIST in $real (apt-get install dataset-fashion-mnist): the truncated case is left out"
fi
[ "$status" = 0 ] && echo "ok: every damaged data folder gives exit code 1 and says which file and what is wrong"
exit "$status"
