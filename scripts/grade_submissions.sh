#!/usr/bin/env bash
# Grades a folder of submissions (docs/instructors.md, "Grade a class").
#
#   scripts/grade_submissions.sh SOURCE SUBMISSIONS_DIR OUT_DIR [--timeout S] [--seed N] [--chapter N[,N]]
#                                [--dry-run] [-- CMAKE_ARGS...]
#
# SOURCE: the student version's tarball (cmake --build build --target
#   student-tarball), or the instructor's tree (a folder: its hidden tests,
#   tests/hidden/, are graded too; its solutions/ are not used).
# SUBMISSIONS_DIR: one folder per student, each holding that student's
#   exercises/ folder, at its top or one level down (an unzipped repository).
# OUT_DIR/<student>/: results.json (Gradescope), junit.xml, grade.txt (the
#   table), build.log when the exercises do not compile; OUT_DIR/scores.csv:
#   one line per student (student,score,max_score,outcome).
#
# What is taken from a submission: only the files the student version has in
# exercises/ (exercises/NN_slug/exercises.cpp, and chapter 19's header), each
# a plain file (never a link), copied over a fresh copy of the stubs; nothing
# else of it is read, so a submission cannot change a test, add a header that
# shadows another, or reach the next submission's files. The judge (the tests,
# graded_tests) is built once; each submission only recompiles its exercises
# into the worker (graded_worker) and is graded by `grade`, which runs the
# worker sandboxed (as `nobody` when this runs as root) for each test case.
# scores.csv is written here, from the reports grade wrote, never from
# anything a student's code printed. Exit code 0 when every submission was
# graded. --dry-run builds and grades nothing: it shows, for each submission,
# the files taken and a checksum of the exercises/ it would build.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 3 ] || usage
source="$(realpath "$1")" submissions="$(realpath "$2")" out="$3"
shift 3
grade_args=() cmake_args=() dry_run=no
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout|--seed|--chapter) [ $# -ge 2 ] || usage; grade_args+=("$1" "$2"); shift 2 ;;
    --dry-run) dry_run=yes; shift ;;
    --) shift; cmake_args=("$@"); break ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -e "$source" ] || { echo "error: no student tarball or tree at $source" >&2; exit 1; }
[ -d "$submissions" ] || { echo "error: no submissions folder at $submissions" >&2; exit 1; }
mkdir -p "$out"
out="$(realpath "$out")"
work="$out/.work"
tree="$work/tree" build="$work/build"

# The tree, copied once, and built once: the judge, grade, and the worker of the stubs.
if [ ! -d "$work/stubs" ]; then
  rm -rf "$work" && mkdir -p "$tree"
  if [ -d "$source" ]; then
    tar -C "$source" --exclude=./.git --exclude='./build*' --exclude=./out -cf - . | tar -C "$tree" -xf -
  else
    tar xzf "$source" -C "$tree" --strip-components=1
  fi
  cp -r "$tree/exercises" "$work/stubs"
fi
if [ "$dry_run" = no ] && [ ! -x "$build/bin/graded_tests" ]; then
  echo "== building the grader once, in $work"
  cmake -S "$tree" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSG_NATIVE=OFF -DSG_SOLUTIONS=OFF \
    -DSG_BUILD_TESTS=OFF -DSG_BUILD_BENCH=OFF -DSG_CUDA=OFF "${cmake_args[@]}" >"$work/configure.log"
  cmake --build "$build" --target grade graded_tests graded_worker
fi
# The files a submission may provide, relative to exercises/.
mapfile -t wanted < <(cd "$work/stubs" && find . -type f | sed 's|^\./||' | sort)

csv="$out/scores.csv"
[ "$dry_run" = yes ] || echo "student,score,max_score,outcome" >"$csv"
shopt -s nullglob   # an empty class (a first run that only builds the grader) grades no one
for dir in "$submissions"/*/; do
  student="$(basename "$dir")"
  report="$out/$student"
  [ "$dry_run" = yes ] || { rm -rf "$report" && mkdir -p "$report"; }
  # Where the student's exercises/ is: at the top, or one level down.
  found="$(find "$dir" -maxdepth 2 -type d -name exercises -not -type l | sort | head -n 1)"
  outcome="graded"
  [ -n "$found" ] || outcome="no exercises/ folder: graded as untouched stubs"
  taken=0
  for f in "${wanted[@]}"; do
    from="$work/stubs/$f"
    # A plain file inside the submission's exercises/: not a link, and no
    # folder on the way a link out of it.
    if [ -n "$found" ] && [ -f "$found/$f" ] && [ ! -L "$found/$f" ] &&
       [ "$(realpath -e "$found/$f")" = "$(realpath -e "$found")/$f" ]; then
      from="$found/$f"
      taken=$((taken + 1))
    fi
    # Copied only when it differs: an unchanged file keeps its object.
    cmp -s "$from" "$tree/exercises/$f" || cp "$from" "$tree/exercises/$f"
  done
  if [ "$dry_run" = yes ]; then
    sum="$(cd "$tree/exercises" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)"
    echo "$student: $taken of ${#wanted[@]} exercise files from the submission; exercises/ $sum"
    continue
  fi
  rm -f "$build/bin/graded_worker"   # never grade the previous student's program
  if ! cmake --build "$build" --target graded_worker >"$report/build.log" 2>&1; then
    outcome="does not compile"
    "$build/bin/grade" "${grade_args[@]}" --compile-error "$report/build.log" \
      --json "$report/results.json" --junit "$report/junit.xml" >"$report/grade.txt" 2>&1 || true
  else
    rm -f "$report/build.log"
    "$build/bin/grade" "${grade_args[@]}" \
      --json "$report/results.json" --junit "$report/junit.xml" >"$report/grade.txt" 2>&1 || true
  fi
  # The score from results.json's top level (two spaces of indent: the tests'
  # fields have six, and a student's text is a JSON string on one line).
  score="$(sed -n 's/^  "score": \([0-9]*\),\{0,1\}$/\1/p' "$report/results.json" 2>/dev/null | head -n 1)"
  max="$(sed -n 's/^  "max_score": \([0-9]*\),\{0,1\}$/\1/p' "$report/results.json" 2>/dev/null | head -n 1)"
  if [ -z "$score" ] || [ -z "$max" ]; then
    score="" max="" outcome="not graded: see $report/grade.txt"
  fi
  echo "\"${student//\"/\"\"}\",$score,$max,\"$outcome\"" >>"$csv"
  echo "$student: $score/$max ($outcome, $taken of ${#wanted[@]} exercise files from the submission)"
done
