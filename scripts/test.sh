#!/usr/bin/env bash
# Quick start, command 2 (and what CI runs): install what is missing, then build
# and run every test.
#
# In the instructor's tree (the one with solutions/), two builds with the
# sanitizers, Debug with AddressSanitizer + UndefinedBehaviorSanitizer (leaks
# included):
#   1. against the reference solutions (preset debug): every test;
#   2. against the stubs of exercises/, what a student builds (preset
#      debug-stubs): every chapter still runs, grade scores 0 and names the
#      files to open;
# and the student version (cmake/StudentTarball.cmake) packed, unpacked into
# build/student-version/ and configured on its own, its contents checked by
# a test of build 1 (tests/grading/check_tarball.sh).
# In a student's tree (no solutions/): Release, then the sanitizer build,
# both against the stubs.
# Pass --release-only to skip the sanitizer build when iterating (a student's
# tree).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="$(nproc)"
release_only=no
if [ "${1:-}" = "--release-only" ]; then release_only=yes; fi

bash scripts/setup.sh

# The sanitizer builds with line tables only (-g1): their reports keep file
# and line, and they build about 15% faster than with full debug info (-g,
# what the debug preset itself keeps for a debugger).
line_tables=(-DCMAKE_CXX_FLAGS_DEBUG=-g1)
# Every build here compiles each target's sources a few at a time as one
# translation unit (CMake's unity build): every chapter file parses Eigen,
# fmt and CLI11 again otherwise. Day-to-day builds (the presets) keep one
# translation unit per file, for quick rebuilds of the file you edit.
unity=(-DCMAKE_UNITY_BUILD=ON)

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
  # The two sanitizer builds differ only in the exercises, so they share
  # every other object through ccache: the second compiles little more than
  # exercises/. (Both read the exercises through the same link in their build
  # folder, cmake/Exercises.cmake, and ccache rewrites the paths under this
  # tree as relative ones: CCACHE_BASEDIR, and NOHASHDIR for the build
  # folder's own name.) With 18 chapters, building the student version as a
  # third tree in Release took 9.6 of CI's 20 minutes on 2 cores.
  export CCACHE_DIR="$PWD/build/ccache" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=8G
  cached=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
  build_and_test . debug -DSG_SOLUTIONS=ON "${line_tables[@]}" "${unity[@]}" "${cached[@]}"
  build_and_test . debug-stubs -DSG_BUILD_BENCH=OFF -DSG_ENGINE_TESTS=OFF "${line_tables[@]}" "${unity[@]}" \
    "${cached[@]}"
  ccache --show-stats | grep -E "Hits|Misses" | head -3 || true

  echo "== the student version: packing, unpacking and configuring it on its own"
  rm -rf build/student-version && mkdir -p build/student-version
  cmake -DSOURCE="$PWD" -DOUTPUT="$PWD/build/student-version/stepgrad-student.tar.gz" -P cmake/StudentTarball.cmake
  tar xzf build/student-version/stepgrad-student.tar.gz -C build/student-version
  (cd build/student-version/stepgrad-student && cmake --preset release >/dev/null && echo "configured: $PWD/build")
else
  build_and_test . release "${unity[@]}"
  if [ "$release_only" = no ]; then build_and_test . debug "${line_tables[@]}" "${unity[@]}"; fi
fi
