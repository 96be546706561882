#!/usr/bin/env bash
# The demo writes the diagrams it promises, they render with the dot command,
# and the same seed gives the same bytes (trace and DOT).
#   demo_outputs.sh DEMO DOT WORKDIR
set -euo pipefail
demo="$1"
dot="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"

for run in a b; do
  "$demo" --quiet --seed 5 --steps 200 --trace ops --out "$work/$run" \
    --trace-file "$work/$run/trace.jsonl" >"$work/$run.log"
done

for f in graph.dot graph.svg frames/frame_000.dot frames/frame_000.svg trace.jsonl; do
  [ -s "$work/a/$f" ] || { echo "FAIL: $f missing or empty" >&2; exit 1; }
done
"$dot" -Tsvg "$work/a/graph.dot" -o "$work/graph_by_dot.svg"
for frame in "$work"/a/frames/*.dot; do
  "$dot" -Tsvg "$frame" -o "$work/frame_by_dot.svg"
done

cmp "$work/a/trace.jsonl" "$work/b/trace.jsonl"
cmp "$work/a/graph.dot" "$work/b/graph.dot"
cmp "$work/a/frames/frame_000.dot" "$work/b/frames/frame_000.dot"
echo "ok: diagrams written, rendered by dot, byte-identical across runs"
