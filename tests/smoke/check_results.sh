#!/usr/bin/env bash
# Runs a chapter (it must exit 0) and checks the `key = value` result lines it prints.
#   check_results.sh SPEC... -- COMMAND [ARGS...]
# A SPEC is one of
#   key=text          the value is exactly text
#   key~number:tol    |value - number| <= tol
#   key<number        value < number
#   key>number        value > number
#   key%regex         the value matches the extended regex
set -uo pipefail
specs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do specs+=("$1"); shift; done
shift
out="$("$@" 2>&1)"
code=$?
printf '%s\n' "$out" | tail -n 60
[ "$code" = 0 ] || { echo "FAIL: exit code $code" >&2; exit 1; }

# A spec that is not written as above fails, rather than checking something
# else: `key>=0` would otherwise compare with "=0" (as 0), `key~2.3` use 2.3
# as the tolerance.
number='[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?'
status=0
for spec in "${specs[@]}"; do
  key="$(printf '%s' "$spec" | sed -E 's/[=~<>%].*$//')"
  op="${spec:${#key}:1}"
  want="${spec:$((${#key} + 1))}"
  case "$op" in
    "<"|">") pattern="^$number\$" ;;
    "~") pattern="^$number:$number\$" ;;
    *) pattern="" ;;
  esac
  if [ -z "$key" ] || { [ -n "$pattern" ] && ! printf '%s' "$want" | grep -qE -- "$pattern"; }; then
    echo "FAIL: bad spec '$spec' (key<number, key>number, key~number:tolerance, key=text, key%regex)" >&2
    status=1; continue
  fi
  line="$(printf '%s\n' "$out" | awk -v k="$key = " 'index($0, k) == 1 { print; exit }')"
  if [ -z "$line" ]; then
    echo "FAIL: no result line '$key = ...'" >&2; status=1; continue
  fi
  got="${line#"$key = "}"
  case "$op" in
    "=") [ "$got" = "$want" ] ;;
    "%") printf '%s' "$got" | grep -qE -- "$want" ;;
    "~") awk -v g="$got" -v w="${want%%:*}" -v t="${want#*:}" \
           'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g ~ /^[-+0-9.eE]+$/ && d <= t) }' ;;
    "<") awk -v g="$got" -v w="$want" 'BEGIN { exit !(g ~ /^[-+0-9.eE]+$/ && g + 0 < w + 0) }' ;;
    ">") awk -v g="$got" -v w="$want" 'BEGIN { exit !(g ~ /^[-+0-9.eE]+$/ && g + 0 > w + 0) }' ;;
    *) echo "FAIL: bad spec '$spec'" >&2; false ;;
  esac || { echo "FAIL: $key = $got, expected $op$want" >&2; status=1; }
done
[ "$status" = 0 ] && echo "ok: ${#specs[@]} results as expected"
exit "$status"
