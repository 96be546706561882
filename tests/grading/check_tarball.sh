#!/usr/bin/env bash
# Packs the student version and checks what is in it:
#   check_tarball.sh CMAKE SOURCE WORKDIR
set -euo pipefail
cmake="$1" source="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
"$cmake" -DSOURCE="$source" -DOUTPUT="$work/student.tar.gz" -P "$source/cmake/StudentTarball.cmake"
tar tzf "$work/student.tar.gz" > "$work/list.txt"
fail() { echo "check_tarball: $*"; exit 1; }
grep -q '^stepgrad-student/CMakeLists.txt$' "$work/list.txt" || fail "no CMakeLists.txt at the top"
grep -q '^stepgrad-student/exercises/.*\.cpp$' "$work/list.txt" || fail "no exercises/"
grep -q '^stepgrad-student/tests/graded/' "$work/list.txt" || fail "no graded tests"
if grep -E '^stepgrad-student/(solutions|tests/graded/planted|tests/hidden)/' "$work/list.txt"; then
  fail "the files above must not be handed out"
fi
# No reference code: no solution region survives in what is handed out.
mkdir -p "$work/tree" && tar xzf "$work/student.tar.gz" -C "$work/tree"
if grep -rlE "^\s*// BEGIN SOLUTION" "$work/tree/stepgrad-student/exercises" "$work/tree/stepgrad-student/chapters"; then
  fail "the files above still hold a solution region"
fi
# The same files give the same tarball.
"$cmake" -DSOURCE="$source" -DOUTPUT="$work/again.tar.gz" -P "$source/cmake/StudentTarball.cmake" >/dev/null
cmp "$work/student.tar.gz" "$work/again.tar.gz" || fail "packing twice gave two different tarballs"
echo "check_tarball: $(wc -l < "$work/list.txt") files, exercises/ and no solutions"
