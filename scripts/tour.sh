#!/usr/bin/env bash
# The chapter tour: every chapter of the book in quick mode, each writing its
# figures and diagrams into OUT/<chapter>/, one line per chapter saying what
# it wrote. A chapter that fails is reported and the tour goes on; the exit
# code is 1 if any failed.
#   scripts/tour.sh [--bin DIR] [--out DIR] [extra chapter flags...]
# Defaults: --bin build/bin, --out out.
set -uo pipefail
bin=build/bin
out=out
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) break ;;
  esac
done

# bin/chapters.txt lists the chapters of this build, in order (CMake writes it).
if [ ! -s "$bin/chapters.txt" ]; then
  echo "tour: no chapters in $bin (build first: cmake --preset release && cmake --build --preset release)" >&2
  exit 1
fi

failed=0
while IFS= read -r name <&3; do
  [ -n "$name" ] || continue
  chapter="$bin/$name"
  if [ ! -x "$chapter" ]; then
    echo "$name: FAILED, $chapter is not built"
    failed=1
    continue
  fi
  mkdir -p "$out/$name"
  log="$out/$name.log"
  if "$chapter" --quick --quiet --out "$out/$name" "$@" >"$log" 2>&1; then
    tail -n 1 "$log"
  else
    echo "$name: FAILED (exit $?), see $log:"
    grep -m3 '^error:' "$log" | sed 's/^/  /'
    failed=1
  fi
done 3<"$bin/chapters.txt"
exit $failed
