#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build (Release) and run the
# book's main job, the chapter tour (scripts/tour.sh). Everything it writes goes to out/.
#
# In a tree with the reference solutions (solutions/) the tour runs against
# them (preset "solutions", build-solutions/), so that every diagram and plot
# is drawn. In the student version it runs against your exercises/ (preset
# "release", build/): each chapter says which of its parts wait for an exercise.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=release bin=build/bin
if [ -d solutions ]; then preset=solutions bin=build-solutions/bin; fi
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
bash scripts/tour.sh --bin "$bin" "$@"   # every chapter in quick mode, into out/<chapter>/
