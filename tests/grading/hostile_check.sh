#!/usr/bin/env bash
# grade on a hostile worker (tests/grading/hostile/):
#   hostile_check.sh GRADE CHECKER WORKDIR [GRADE_ARGS...] -- [EXPECTATIONS...]
# check_grade.sh's checks (exit code 1, both reports valid, the expectations),
# and then: no process the worker forked is left (hostile.hpp names them
# sg-hostile-fork), and 100 MB of output became a report of under 2 MB.
set -uo pipefail
grade="$1" checker="$2" work="$3"
shift 3
here="$(dirname "$0")"
bash "$here/check_grade.sh" 1 "$grade" "$checker" "$work" "$@" || exit 1
status=0
if pgrep -x sg-hostile-fork >/dev/null; then
  echo "hostile_check: processes the worker forked outlived grade:"
  ps -o pid,ppid,user,comm -C sg-hostile-fork
  pkill -9 -x sg-hostile-fork
  status=1
fi
size=$(stat -c %s "$work/results.json")
if [ "$size" -gt 2000000 ]; then
  echo "hostile_check: results.json is $size bytes: the output was not capped"
  status=1
fi
exit $status
