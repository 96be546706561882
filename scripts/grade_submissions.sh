#!/usr/bin/env bash
# Grades a folder of submissions against the student version (docs/instructors.md).
#
#   scripts/grade_submissions.sh STUDENT_TARBALL SUBMISSIONS_DIR OUT_DIR [--timeout S]
#
# STUDENT_TARBALL: the student version (cmake --build build-solutions --target student-tarball).
# SUBMISSIONS_DIR: one folder per student, each holding that student's exercises/
#   folder (a whole copy of the repository is fine: only exercises/ is used, so
#   a student cannot change the tests).
# OUT_DIR/<student>/: results.json (Gradescope), junit.xml, grade.txt (the table),
#   build.log when the exercises do not compile; OUT_DIR/scores.csv: one line per
#   student (student,score,max_score,outcome).
#
# The student version is built once in OUT_DIR/.work; each submission then only
# recompiles the exercises and relinks the graded tests (seconds). A submission
# that does not compile scores 0 with the compiler's errors in its report; one
# that crashes or loops costs only the test cases it crashes in (grade runs each
# in its own process). Exit code 0 when every submission was graded.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
tarball="$(realpath "$1")" submissions="$(realpath "$2")" out="$3"
shift 3
timeout=10
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout="$2"; shift 2 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$tarball" ] || { echo "error: no student tarball at $tarball" >&2; exit 1; }
[ -d "$submissions" ] || { echo "error: no submissions folder at $submissions" >&2; exit 1; }
mkdir -p "$out"
out="$(realpath "$out")"
work="$out/.work"

# The student version, built once: only what grading needs.
if [ ! -x "$work/build/bin/grade" ]; then
  echo "== building the student version once, in $work"
  rm -rf "$work" && mkdir -p "$work"
  tar xzf "$tarball" -C "$work"
  tree="$work/stepgrad-student"
  cmake -S "$tree" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DSG_NATIVE=OFF -DSG_SOLUTIONS=OFF \
    -DSG_BUILD_TESTS=OFF -DSG_BUILD_BENCH=OFF -DSG_CUDA=OFF >"$work/configure.log"
  cp -r "$tree/exercises" "$work/pristine-exercises"
  # The graded test program of the stubs: what a submission that does not
  # compile is reported against (the same test cases, each failed).
  cmake --build "$work/build" -j "$(nproc)" --target graded_tests grade
  cp "$work/build/bin/graded_tests" "$work/graded_tests_of_the_stubs"
fi
tree="$work/stepgrad-student"
build() { cmake --build "$work/build" -j "$(nproc)" --target graded_tests grade; }

echo "student,score,max_score,outcome" >"$out/scores.csv"
for dir in "$submissions"/*/; do
  student="$(basename "$dir")"
  report="$out/$student"
  rm -rf "$report" && mkdir -p "$report"
  # Where the student's exercises/ is: at the top, or one level down (an unzipped repository).
  found="$(find "$dir" -maxdepth 2 -type d -name exercises | sort | head -n 1)"
  rm -rf "$tree/exercises"
  if [ -z "$found" ]; then
    cp -r "$work/pristine-exercises" "$tree/exercises"
    outcome="no exercises/ folder: graded as untouched stubs"
  else
    cp -r "$found" "$tree/exercises"
    outcome="graded"
  fi
  rm -f "$work/build/bin/graded_tests"   # never grade the previous student's program
  if ! build >"$report/build.log" 2>&1; then
    outcome="does not compile"
    "$work/build/bin/grade" --tests "$work/graded_tests_of_the_stubs" --compile-error "$report/build.log" \
      --json "$report/results.json" --junit "$report/junit.xml" >"$report/grade.txt" 2>&1 || true
  else
    rm -f "$report/build.log"
    "$work/build/bin/grade" --timeout "$timeout" \
      --json "$report/results.json" --junit "$report/junit.xml" >"$report/grade.txt" 2>&1 || true
  fi
  total="$(sed -n 's/^Total: \([0-9]*\)\/\([0-9]*\) points.*/\1,\2/p' "$report/grade.txt")"
  [ -n "$total" ] || { total=","; outcome="not graded: see $report/grade.txt"; }
  echo "$student,$total,\"$outcome\"" >>"$out/scores.csv"
  echo "$student: ${total/,//} ($outcome)"
done
