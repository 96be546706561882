#!/usr/bin/env bash
# The engine's folders depend only on the folders before them (docs/engine.md):
#   core autograd ops trace diagram gradcheck nn optim data train
# The static libraries catch a call into a later folder at link time; this
# catches the include that would start one. Usage: check_layering.sh ENGINE_DIR
set -euo pipefail
engine="$1"
order=(core autograd ops trace diagram gradcheck nn optim data train)
declare -A rank
for i in "${!order[@]}"; do rank[${order[$i]}]=$i; done
bad=0
for folder in "${order[@]}"; do
  [ -d "$engine/$folder" ] || continue
  while IFS=: read -r file line text; do
    used=$(sed -E 's|.*#include "engine/([a-z]+)/.*|\1|' <<<"$text")
    if [ -z "${rank[$used]+x}" ]; then
      echo "$file:$line: includes engine/$used/, which is not an engine folder"; bad=1
    elif [ "${rank[$used]}" -gt "${rank[$folder]}" ]; then
      echo "$file:$line: engine/$folder/ may not use engine/$used/, which comes after it ($text)"; bad=1
    fi
  done < <(grep -Hn '#include "engine/[a-z]*/' "$engine/$folder"/*.hpp "$engine/$folder"/*.cpp 2>/dev/null || true)
done
if [ "$bad" -ne 0 ]; then exit 1; fi
echo "every include in $engine follows the order: ${order[*]}"
