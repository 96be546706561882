#!/usr/bin/env bash
# A chapter whose standard output goes nowhere exits 1 and says so on
# standard error, instead of exiting 0 with its results lost:
#   stdout_failures.sh CHAPTER OUT_DIR
set -u
chapter="$1" out="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

# A full disk (/dev/full fails every write with ENOSPC).
if [ -e /dev/full ]; then
  err="$("$chapter" --quick --quiet --no-frames --out "$out/full" 2>&1 >/dev/full)"
  code=$?
  [ "$code" = 1 ] || fail "stdout on /dev/full: exit code $code, expected 1"
  printf '%s\n' "$err" | grep -q "^error: could not write the lesson and its results to standard output" ||
    fail "stdout on /dev/full: no message on stderr, got: $err"
fi

# Standard output closed: refused before any file is opened (one would get
# descriptor 1 and the lesson would be printed into it).
err="$("$chapter" --quick --quiet --no-frames --out "$out/closed" 2>&1 >&-)"
code=$?
[ "$code" = 1 ] || fail "stdout closed: exit code $code, expected 1"
printf '%s\n' "$err" | grep -q "^error: standard output is closed" || fail "stdout closed: got: $err"
[ ! -e "$out/closed" ] || fail "stdout closed: the chapter wrote $out/closed anyway"
echo "ok: a full and a closed standard output are errors"
