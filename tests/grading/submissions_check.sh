#!/usr/bin/env bash
# What scripts/grade_submissions.sh takes from each submission (--dry-run:
# nothing is built): a class of four, graded in this order:
#   alice    chapter 3 solved (a copy of solutions/03_activations/exercises.cpp)
#   carol    no exercises/ folder at all
#   mallory  one level down: a hostile chapter 3, plus what must be ignored: an
#            extra .cpp with a TEST_CASE, a header shadowing Catch2's, a link
#            to /etc/passwd in place of chapter 1's file, chapter 2's folder
#            a link to alice's
#   zed      the same files as alice, graded after mallory
# Expected: alice and zed build the same exercises/, carol builds the stubs,
# mallory's only file taken is her chapter 3.
#   submissions_check.sh GRADE_SUBMISSIONS SOURCE_TREE WORKDIR
set -euo pipefail
script="$1" source="$2" work="$3"
rm -rf "$work" && mkdir -p "$work/class"
class="$work/class"
mkdir -p "$class/alice/exercises/03_activations" "$class/carol/notes"
cp "$source/solutions/03_activations/exercises.cpp" "$class/alice/exercises/03_activations/"
m="$class/mallory/my-repo/exercises"
mkdir -p "$m/03_activations" "$m/catch2" "$m/01_gradient_descent"
cat "$source/tests/grading/hostile/hostile.hpp" > "$m/03_activations/exercises.cpp"
grep -v '#include "hostile.hpp"' "$source/tests/grading/hostile/03_activations.cpp" >> "$m/03_activations/exercises.cpp"
printf '#include <catch2/catch.hpp>\nTEST_CASE("x", "[ch03][ex3.1][points:1000]") {}\n' > "$m/03_activations/extra.cpp"
printf '#error shadowed\n' > "$m/catch2/catch.hpp"
ln -s /etc/passwd "$m/01_gradient_descent/exercises.cpp"
ln -s "$class/alice/exercises/03_activations" "$m/02_perceptron"
cp -r "$class/alice" "$class/zed"

bash "$script" "$source" "$class" "$work/out" --dry-run | tee "$work/dry.txt"
line() { grep "^$1: " "$work/dry.txt" || { echo "submissions_check: no line for $1"; exit 1; }; }
sum() { line "$1" | sed 's/.*exercises\/ //'; }
taken() { line "$1" | sed 's/^[^:]*: \([0-9]*\) of .*/\1/'; }
fail() { echo "submissions_check: $*"; exit 1; }
[ "$(taken alice)" = 1 ] || fail "alice: expected 1 file taken"
[ "$(taken carol)" = 0 ] || fail "carol: expected no file taken"
[ "$(taken mallory)" = 1 ] || fail "mallory: only her chapter 3 may be taken"
[ "$(sum alice)" = "$(sum zed)" ] || fail "zed, graded after mallory, does not build what alice builds"
stubs="$(cd "$source/exercises" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)"
[ "$(sum carol)" = "$stubs" ] || fail "carol does not build the stubs"
[ "$(sum mallory)" != "$(sum alice)" ] || fail "mallory's chapter 3 was not taken"
grep -q "points:1000\|#error shadowed" "$work/out/.work/tree/exercises" -r && fail "a file mallory added reached the tree"
echo "submissions_check: each submission builds its own files over fresh stubs, and nothing else"
