#!/usr/bin/env bash
# Quick start, command 2 (and what CI runs): install what is missing, then build
# and run every test in two configurations:
#   1. the student version, in Release: in the instructor's tree (the one with
#      solutions/), the tarball that is handed out (cmake/StudentTarball.cmake),
#      unpacked into build/student-version/ and built there on its own;
#   2. Debug with AddressSanitizer + UndefinedBehaviorSanitizer (leaks included),
#      against the reference solutions where the tree has them.
# In a student's tree (no solutions/) both run against the stubs in exercises/.
# Pass --release-only to skip the sanitizer build when iterating.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="$(nproc)"
release_only=no
if [ "${1:-}" = "--release-only" ]; then release_only=yes; fi

bash scripts/setup.sh

# The sanitizer build with line tables only (-g1): its reports keep file and
# line, and it builds about 15% faster than with full debug info (-g, what
# the debug preset itself keeps for a debugger).
line_tables=(-DCMAKE_CXX_FLAGS_DEBUG=-g1)
# Both builds compile each target's sources a few at a time as one
# translation unit (CMake's unity build): every chapter file parses Eigen,
# fmt and CLI11 again, and with 15 chapters built twice a clean run went past
# CI's 20 minutes on 2 cores. Day-to-day builds (the presets) keep one
# translation unit per file, for quick rebuilds of the file you edit.
unity=(-DCMAKE_UNITY_BUILD=ON)
# The student version's build checks that the handed-out tree builds, that its
# chapters run on the stubs and that grade scores them 0; how fast its
# programs run is not what it tests. It compiles at -O1, about a third faster
# to build than Release's -O3 (the engine's speed is measured in bench/, with
# the Release preset).
quick_release=("-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG")

# build_and_test DIR PRESET [CMAKE_ARGS...]
build_and_test() {
  local dir="$1" preset="$2"
  shift 2
  echo "== ${preset} ($dir): configure, build, test"
  (cd "$dir" && cmake --preset "$preset" "$@" >/dev/null &&
     cmake --build --preset "$preset" -j "$jobs" &&
     ctest --preset "$preset" -j "$jobs")
}

if [ -d solutions ]; then
  echo "== the student version: packing and unpacking it"
  rm -rf build/student-version && mkdir -p build/student-version
  cmake -DSOURCE="$PWD" -DOUTPUT="$PWD/build/student-version/stepgrad-student.tar.gz" -P cmake/StudentTarball.cmake
  tar xzf build/student-version/stepgrad-student.tar.gz -C build/student-version
  # The student build tests what the stubs change (chapters, grade, the
  # tarball); the engine's own tests and the benchmarks do not depend on the
  # exercises: the sanitizer build runs the tests, the benchmarks run by hand.
  build_and_test build/student-version/stepgrad-student release -DSG_BUILD_BENCH=OFF -DSG_ENGINE_TESTS=OFF \
    "${unity[@]}" "${quick_release[@]}"
  if [ "$release_only" = no ]; then build_and_test . debug -DSG_SOLUTIONS=ON "${line_tables[@]}" "${unity[@]}"; fi
else
  build_and_test . release "${unity[@]}"
  if [ "$release_only" = no ]; then build_and_test . debug "${line_tables[@]}" "${unity[@]}"; fi
fi
