#!/usr/bin/env bash
# Runs grade with --json and --junit and checks what it did:
#   check_grade.sh CODE GRADE CHECKER WORKDIR [GRADE_ARGS...] -- [EXPECTATIONS...]
# CODE: grade's expected exit code. Both reports must be written; the JUnit
# file must parse (xmllint) and count as many test cases as results.json;
# the EXPECTATIONS go to grade_report_check (tests/tools/grade_report_check.cpp).
set -uo pipefail
code="$1" grade="$2" checker="$3" work="$4"
shift 4
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
shift || true

rm -rf "$work" && mkdir -p "$work"
"$grade" "${args[@]}" --json "$work/results.json" --junit "$work/junit.xml" >"$work/out.txt" 2>&1
got=$?
cat "$work/out.txt"
if [ "$got" != "$code" ]; then
  echo "check_grade: grade exited with $got, expected $code"
  exit 1
fi
for f in results.json junit.xml; do
  [ -s "$work/$f" ] || { echo "check_grade: grade did not write $f"; exit 1; }
done
xmllint --noout "$work/junit.xml" || { echo "check_grade: junit.xml does not parse"; exit 1; }
count=$(xmllint --xpath 'count(//testcase)' "$work/junit.xml")
"$checker" "$work/results.json" "tests=$count" "$@"
