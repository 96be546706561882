#!/usr/bin/env bash
# Compiles and links tests/engine/abi/consumer.cpp with the command that
# docs/engine.md ("Using the engine outside this build") gives for a Release
# build, read from the doc itself, so that the doc cannot drift; then runs it.
#   link_as_documented.sh SOURCE_DIR BUILD_DIR WORKDIR
set -euo pipefail
src="$1" build="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
command="$(awk '/For a Release build here:/ {found=1} found && /^```sh/ {inside=1; next} inside && /^```/ {exit} inside' \
  "$src/docs/engine.md" | sed 's/\\$//' | tr '\n' ' ')"
[ -n "$command" ] || { echo "link_as_documented: no command under \"For a Release build here:\" in docs/engine.md"; exit 1; }
command="${command//build\//$build/}"
command="${command//my_program.cpp/$src/tests/engine/abi/consumer.cpp}"
command="${command//-o my_program/-o $work/my_program}"
echo "$command"
(cd "$src" && eval "$command")
"$work/my_program"
