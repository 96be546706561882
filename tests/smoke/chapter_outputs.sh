#!/usr/bin/env bash
# What every chapter promises, checked the same way for each:
#   chapter_outputs.sh CHAPTER DOT JSONL_CHECK LESSON_MD WORKDIR
# - a quick run with a JSON Lines trace: exit 0, every trace line parses;
# - every figure the lesson text names (`name.svg`, `name.csv`, ...) exists;
# - every .dot renders with the dot command, every .svg/.png is a picture;
# - the same seed again gives the same bytes in every file (but timing_*);
# - --dot FILE writes the main graph there.
set -euo pipefail
chapter="$1"
dot="$2"
jsonl_check="$3"
lesson="$4"
work="$5"
name="$(basename "$chapter")"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "FAIL ($name): $*" >&2; exit 1; }

for run in a b; do
  "$chapter" --quick --quiet --seed 1 --trace ops --trace-file "$work/$run.jsonl" \
    --dot "$work/$run-main.dot" --out "$work/$run" >"$work/$run.log" 2>&1 \
    || { cat "$work/$run.log"; fail "exit code $? from a quick run"; }
done
tail -n 1 "$work/a.log" | grep -q "^$name: wrote [0-9]* files into" || fail "no summary line"
"$jsonl_check" "$work/a.jsonl" 1

# The figures the lesson names: backticked file names, with or without the
# out/<chapter>/ prefix.
[ -f "$lesson" ] || fail "no lesson text $lesson"
named=$(grep -oE '`(out/'"$name"'/)?[A-Za-z0-9_./-]+\.(svg|png|pdf|csv|dot|tex|gp|txt)`' "$lesson" \
        | tr -d '`' | sed "s|^out/$name/||" | sort -u || true)
[ -n "$named" ] || fail "the lesson text $lesson names no figure"
for f in $named; do
  [ -s "$work/a/$f" ] || fail "the lesson names $f, but the chapter did not write it"
done

found_dot=0
while IFS= read -r -d '' f; do
  found_dot=1
  "$dot" -Tsvg "$f" -o "$work/rendered.svg" || fail "dot cannot render $f"
done < <(find "$work/a" -name '*.dot' -print0)
[ "$found_dot" = 1 ] || fail "no DOT file written"
while IFS= read -r -d '' f; do
  head -c 200 "$f" | grep -q '<svg\|<?xml' || fail "$f is not an SVG"
done < <(find "$work/a" -name '*.svg' -print0)
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | tail -c 3)" = "PNG" ] || fail "$f is not a PNG"
done < <(find "$work/a" -name '*.png' -print0)

# Files named timing_* hold wall-clock measurements (ch19's speed tables), which no seed repeats.
diff -r -x 'timing_*' "$work/a" "$work/b" >/dev/null || fail "two runs with the same seed wrote different files: $(diff -rq -x 'timing_*' "$work/a" "$work/b" | head -n 3)"
cmp "$work/a.jsonl" "$work/b.jsonl" || fail "two runs with the same seed wrote different traces"
[ -s "$work/a-main.dot" ] || fail "--dot did not write the main graph"
echo "ok: $name writes what its lesson names, renders, and repeats byte for byte"
