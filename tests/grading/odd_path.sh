#!/usr/bin/env bash
# grade, its judge and its worker copied into a folder whose name has spaces,
# quotes and a dollar sign: every child is started from an argument vector,
# never through a shell, so the path is just a path.
#   odd_path.sh EXPECTED_CODE GRADE JUDGE WORKER WORKDIR
set -uo pipefail
code="$1" grade="$2" judge="$3" worker="$4" work="$5"
dir="$work/it's a \"quoted\" \$HOME dir"
rm -rf "$work" && mkdir -p "$dir"
cp "$grade" "$dir/grade" && cp "$judge" "$dir/graded_tests" && cp "$worker" "$dir/graded_worker"
"$dir/grade" --exercise 1.1 --json "$dir/results \"1\".json" >"$work/out.txt" 2>&1
got=$?
cat "$work/out.txt"
[ "$got" = "$code" ] || { echo "odd_path: grade exited with $got, expected $code"; exit 1; }
[ -s "$dir/results \"1\".json" ] || { echo "odd_path: no report"; exit 1; }
grep -q "1.1 gd_step" "$work/out.txt" || { echo "odd_path: exercise 1.1 was not graded"; exit 1; }
echo "odd_path: graded from $dir"
