#!/usr/bin/env bash
# Ctrl-C on grade while a test case's worker never returns (a static
# initialiser that loops): grade stops the judge, which kills the worker;
# both reports are written and valid, marked INCOMPLETE; the exit code is 4;
# no process is left in, and nothing is left of, the judge's scratch folder.
#   interrupted.sh GRADE WORKER CHECKER WORKDIR
set -uo pipefail
grade="$1" worker="$2" checker="$3" work="$4"
rm -rf "$work" && mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"
"$grade" --worker "$worker" --chapter 1 --timeout 60 --json "$work/results.json" --junit "$work/junit.xml" \
  >"$work/out.txt" 2>&1 &
pid=$!
sleep 2
kill -INT "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  echo "interrupted: grade still runs 10 s after Ctrl-C"
  kill -9 "$pid"
  exit 1
fi
wait "$pid"
got=$?
cat "$work/out.txt"
fail() { echo "interrupted: $*"; exit 1; }
[ "$got" = 4 ] || fail "grade exited with $got, expected 4"
xmllint --noout "$work/junit.xml" || fail "junit.xml does not parse"
"$checker" "$work/results.json" "1.1=not run" || fail "results.json is not what was expected"
grep -q INCOMPLETE "$work/results.json" || fail "results.json does not say it is incomplete"
left=$(find "$work/tmp" -mindepth 1 | head -n 5)
[ -z "$left" ] || fail "the judge left files behind: $left"
for p in /proc/[0-9]*; do
  case "$(readlink "$p/cwd" 2>/dev/null)" in
    "$work"/tmp*) fail "process ${p#/proc/} still runs in the judge's scratch folder" ;;
  esac
done
echo "interrupted: exit code 4, reports written and marked INCOMPLETE, nothing left behind"
