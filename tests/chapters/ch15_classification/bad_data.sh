#!/usr/bin/env bash
# Chapter 15 on missing, truncated and corrupt data files, crafted here in a
# scratch folder passed as --data-dir: every run must exit 1 with an
# "error:" line that names the file and says what is wrong with it.
#   bad_data.sh CHAPTER REAL_DATA_DIR WORKDIR
# The cases that copy real files need Debian's dataset-fashion-mnist in
# REAL_DATA_DIR; without it they are left out (and said so).
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
  # --train 1000: the crafted label files below hold 1000 labels.
  out="$("$chapter" --quick --quiet --train 1000 --data-dir "$work/$name" --out "$work/out_$name" 2>&1)"
  code=$?
  if [ "$code" != 1 ]; then
    echo "FAIL ($name): exit code $code, expected 1:"; printf '%s\n' "$out" | tail -n 5; status=1; return
  fi
  if ! printf '%s\n' "$out" | grep -qE -- "$regex"; then
    echo "FAIL ($name): the message does not match /$regex/:"; printf '%s\n' "$out" | tail -n 5; status=1; return
  fi
  echo "ok ($name): $(printf '%s\n' "$out" | grep -m1 '^error:')"
}

# A label file (plain IDX, no gzip): the count, then the labels.
labels() {   # labels FILE COUNT FIRST_LABEL
  local count="$2"
  printf "\\x00\\x00\\x08\\x01\\x$(printf %02x $((count >> 24 & 255)))\\x$(printf %02x $((count >> 16 & 255)))\\x$(printf %02x $((count >> 8 & 255)))\\x$(printf %02x $((count & 255)))" >"$1"
  printf "\\x$(printf %02x "$3")" >>"$1"
  head -c $((count - 1)) /dev/zero >>"$1"
}

# The package is absent, or --data-dir names a folder without the files.
mkdir -p "$work/empty"
case_ empty "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*empty.*apt-get install dataset-fashion-mnist"
case_ no_such_folder "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*no_such_folder.*apt-get install dataset-fashion-mnist"

# Not an IDX file at all, and a gzip file whose data is garbage.
mkdir -p "$work/not_idx" "$work/corrupt_gzip"
printf 'PK\003\004 this is a zip file, not an IDX file\n' >"$work/not_idx/train-images-idx3-ubyte"
labels "$work/not_idx/train-labels-idx1-ubyte" 1000 0
printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data at all' >"$work/corrupt_gzip/train-images-idx3-ubyte.gz"
labels "$work/corrupt_gzip/train-labels-idx1-ubyte" 1000 0
case_ not_idx "^error: .*not_idx/train-images-idx3-ubyte: byte 0: expected the IDX magic number 0x00000803 .*this is not an IDX file"
case_ corrupt_gzip "^error: .*corrupt_gzip/train-images-idx3-ubyte.gz: .*the gzip data is corrupt"

if [ -s "$real/train-images-idx3-ubyte.gz" ] && [ -s "$real/t10k-labels-idx1-ubyte.gz" ]; then
  # The real files, one of them cut short, wrong or missing.
  for d in truncated short_labels bad_label swapped no_test_labels; do
    mkdir -p "$work/$d"
    for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
      ln -s "$real/$f" "$work/$d/$f"
    done
  done
  rm "$work/truncated/train-images-idx3-ubyte.gz"
  head -c 20000 "$real/train-images-idx3-ubyte.gz" >"$work/truncated/train-images-idx3-ubyte.gz"
  case_ truncated "^error: .*truncated/train-images-idx3-ubyte.gz: ends at byte [0-9]+, expected [0-9]+ .*the gzip stream ends early"
  rm "$work/short_labels/train-labels-idx1-ubyte.gz"
  labels "$work/short_labels/train-labels-idx1-ubyte" 500 0
  case_ short_labels "^error: .*short_labels/train-labels-idx1-ubyte: 500 labels, but .*train-images-idx3-ubyte.gz has 1000 images"
  rm "$work/bad_label/train-labels-idx1-ubyte.gz"
  labels "$work/bad_label/train-labels-idx1-ubyte" 1000 12
  case_ bad_label "^error: .*bad_label/train-labels-idx1-ubyte: byte 8: label 12, expected 0..9"
  rm "$work/swapped/train-labels-idx1-ubyte.gz"
  ln -s "$real/train-images-idx3-ubyte.gz" "$work/swapped/train-labels-idx1-ubyte.gz"
  case_ swapped "^error: .*swapped/train-labels-idx1-ubyte.gz: byte 3: expected 1 dimension \\(labels\\), found 3"
  rm "$work/no_test_labels/t10k-labels-idx1-ubyte.gz"
  case_ no_test_labels "^error: fashion_mnist: no 't10k-labels-idx1-ubyte.gz' .*apt-get install dataset-fashion-mnist"
else
  echo "note: no Fashion-MNIST in $real (apt-get install dataset-fashion-mnist): the cases built from the real files are left out"
fi
[ "$status" = 0 ] && echo "ok: every damaged data folder gives exit code 1 and says which file and what is wrong"
exit "$status"
