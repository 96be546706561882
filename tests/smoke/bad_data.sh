#!/usr/bin/env bash
# A real-data chapter (15-18) on missing, truncated and corrupt Fashion-MNIST
# files, crafted here in a scratch folder passed as --data-dir: every run must
# exit 1 with an "error:" line that names the file and says what is wrong
# with it (for a missing file, the package to install).
#   bad_data.sh CHAPTER REAL_DATA_DIR WORKDIR [CASE...] [-- CHAPTER_ARGS...]
# CASEs (default: all): empty no_such_folder not_idx corrupt_gzip truncated
# short_labels bad_label swapped no_test_labels. The crafted label files hold
# 1000 labels; CHAPTER_ARGS are added to every run (chapter 15 reads
# `--train 1000`, so that the short_labels case is short of them). The cases
# that copy real files need Debian's dataset-fashion-mnist in REAL_DATA_DIR;
# without it they are left out (and said so).
set -uo pipefail
chapter="$1" real="$2" work="$3"
shift 3
cases=() args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do cases+=("$1"); shift; done
if [ $# -gt 0 ]; then shift; args=("$@"); fi
if [ ${#cases[@]} -eq 0 ]; then
  cases=(empty no_such_folder not_idx corrupt_gzip truncated short_labels bad_label swapped no_test_labels)
fi
rm -rf "$work"
mkdir -p "$work"
status=0

# check NAME REGEX: the chapter on the folder $work/NAME must exit 1, saying REGEX.
check() {
  local name="$1" regex="$2" out code
  out="$("$chapter" --quick --quiet "${args[@]}" --data-dir "$work/$name" --out "$work/out_$name" 2>&1)"
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

# The four real files, linked into $work/NAME.
real_files() {
  mkdir -p "$work/$1"
  for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    ln -s "$real/$f" "$work/$1/$f"
  done
}
have_real=no
if [ -s "$real/train-images-idx3-ubyte.gz" ] && [ -s "$real/t10k-labels-idx1-ubyte.gz" ]; then have_real=yes; fi
missing_package="apt-get install dataset-fashion-mnist"

for c in "${cases[@]}"; do
  case "$c" in
    empty)   # the package is absent, or --data-dir names a folder without the files
      mkdir -p "$work/empty"
      check empty "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*empty.*$missing_package" ;;
    no_such_folder)
      check no_such_folder "^error: fashion_mnist: no 'train-images-idx3-ubyte.gz' .*no_such_folder.*$missing_package" ;;
    not_idx)   # not an IDX file at all
      mkdir -p "$work/not_idx"
      printf 'PK\003\004 this is a zip file, not an IDX file\n' >"$work/not_idx/train-images-idx3-ubyte"
      labels "$work/not_idx/train-labels-idx1-ubyte" 1000 0
      check not_idx "^error: .*not_idx/train-images-idx3-ubyte: byte 0: expected the IDX magic number 0x00000803 .*this is not an IDX file" ;;
    corrupt_gzip)   # a gzip file whose data is garbage
      mkdir -p "$work/corrupt_gzip"
      printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data at all' >"$work/corrupt_gzip/train-images-idx3-ubyte.gz"
      labels "$work/corrupt_gzip/train-labels-idx1-ubyte" 1000 0
      check corrupt_gzip "^error: .*corrupt_gzip/train-images-idx3-ubyte.gz: .*the gzip data is corrupt" ;;
    truncated|short_labels|bad_label|swapped|no_test_labels)   # the real files, one of them cut short, wrong or missing
      if [ "$have_real" = no ]; then
        echo "note: no Fashion-MNIST in $real ($missing_package): the case $c is left out"
        continue
      fi
      real_files "$c"
      case "$c" in
        truncated)
          rm "$work/truncated/train-images-idx3-ubyte.gz"
          head -c 20000 "$real/train-images-idx3-ubyte.gz" >"$work/truncated/train-images-idx3-ubyte.gz"
          check truncated "^error: .*truncated/train-images-idx3-ubyte.gz: ends at byte [0-9]+, expected [0-9]+ .*the gzip stream ends early" ;;
        short_labels)
          rm "$work/short_labels/train-labels-idx1-ubyte.gz"
          labels "$work/short_labels/train-labels-idx1-ubyte" 500 0
          check short_labels "^error: .*short_labels/train-labels-idx1-ubyte: 500 labels, but .*train-images-idx3-ubyte.gz has 1000 images" ;;
        bad_label)
          rm "$work/bad_label/train-labels-idx1-ubyte.gz"
          labels "$work/bad_label/train-labels-idx1-ubyte" 1000 12
          check bad_label "^error: .*bad_label/train-labels-idx1-ubyte: byte 8: label 12, expected 0..9" ;;
        swapped)
          rm "$work/swapped/train-labels-idx1-ubyte.gz"
          ln -s "$real/train-images-idx3-ubyte.gz" "$work/swapped/train-labels-idx1-ubyte.gz"
          check swapped "^error: .*swapped/train-labels-idx1-ubyte.gz: byte 3: expected 1 dimension \\(labels\\), found 3" ;;
        no_test_labels)
          rm "$work/no_test_labels/t10k-labels-idx1-ubyte.gz"
          check no_test_labels "^error: fashion_mnist: no 't10k-labels-idx1-ubyte.gz' .*$missing_package" ;;
      esac ;;
    *) echo "FAIL: bad_data.sh: unknown case '$c'"; status=1 ;;
  esac
done
[ "$status" = 0 ] && echo "ok: every damaged data folder gives exit code 1 and says which file and what is wrong"
exit "$status"
