#!/usr/bin/env bash
# Quick start, command 2 (and what CI runs): install what is missing, then build
# and run every test twice: in Release, and in Debug with AddressSanitizer +
# UndefinedBehaviorSanitizer (leaks included). Pass --release-only to skip the
# sanitizer build when iterating.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="$(nproc)"
presets=(release debug)
if [ "${1:-}" = "--release-only" ]; then presets=(release); fi

bash scripts/setup.sh
for preset in "${presets[@]}"; do
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done
