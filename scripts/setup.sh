#!/usr/bin/env bash
# Installs what stepgrad needs to build and test on a fresh Debian/Ubuntu machine.
# As root it runs apt-get itself; otherwise it prints the exact line to run and stops.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libeigen3-dev libcli11-dev catch2
  graphviz libgraphviz-dev
  nlohmann-json3-dev libfmt-dev zlib1g-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run this as root, then run the command again:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$line
