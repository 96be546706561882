#!/usr/bin/env bash
# Runs a command and checks its exit code and (optionally) its output.
#   expect.sh CODE REGEX -- COMMAND [ARGS...]
# REGEX may be empty. Standard input is passed through, so a test can pipe
# commands into an interactive program.
set -u
expected="$1"
pattern="$2"
shift 3
out="$("$@" 2>&1)"
code=$?
printf '%s\n' "$out" | tail -n 40
if [ "$code" != "$expected" ]; then
  echo "FAIL: expected exit code $expected, got $code" >&2
  exit 1
fi
if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -qE -- "$pattern"; then
  echo "FAIL: the output does not match /$pattern/" >&2
  exit 1
fi
