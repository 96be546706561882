#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build (Release) and run the
# book's main job, the chapter tour (scripts/tour.sh). Everything it writes goes to out/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
bash scripts/tour.sh "$@"   # every chapter in quick mode, into out/<chapter>/
