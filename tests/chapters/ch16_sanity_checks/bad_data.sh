#!/usr/bin/env bash
# Chapter 16 on a missing folder, a truncated file and a corrupt gzip file,
# crafted in a scratch folder passed as --data-dir: every run must exit 1 with
# an "error:" line that names the file and says what is wrong (a missing file:
# the package to install). Chapter 15's bad_data.sh covers the loader's other
# cases; these three show that this chapter passes its errors on the same way.
#   bad_data.sh CHAPTER REAL_DATA_DIR WORKDIR
set -uo pipefail
chapter="$1"
real="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"
status=0

# case NAME REGEX: the chapter on the folder $work/NAME must exit 1, saying REGEX.
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

# No such folder: what a machine without the package sees.
case_ no_such_folder "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*no_such_folder.*apt-get install dataset-fashion-mnist"

# A gzip file whose data is garbage.
mkdir -p "$work/corrupt_gzip"
printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data at all' >"$work/corrupt_gzip/train-images-idx3-ubyte.gz"
printf '\000\000\010\001\000\000\003\350' >"$work/corrupt_gzip/train-labels-idx1-ubyte"
head -c 1000 /dev/zero >>"$work/corrupt_gzip/train-labels-idx1-ubyte"
case_ corrupt_gzip "^error: .*corrupt_gzip/train-images-idx3-ubyte.gz: .*the gzip data is corrupt"

# The real training images cut short (needs Debian's dataset-fashion-mnist).
if [ -s "$real/train-images-idx3-ubyte.gz" ] && [ -s "$real/train-labels-idx1-ubyte.gz" ]; then
  mkdir -p "$work/truncated"
  head -c 20000 "$real/train-images-idx3-ubyte.gz" >"$work/truncated/train-images-idx3-ubyte.gz"
  ln -s "$real/train-labels-idx1-ubyte.gz" "$work/truncated/train-labels-idx1-ubyte.gz"
  case_ truncated "^error: .*truncated/train-images-idx3-ubyte.gz: ends at byte [0-9]+, expected [0-9]+ .*the gzip stream ends early"
else
  echo "note: no Fashion-MNIST in $real (apt-get install dataset-fashion-mnist): the truncated case is left out"
fi
[ "$status" = 0 ] && echo "ok: every damaged data folder gives exit code 1 and says which file and what is wrong"
exit "$status"
