#!/usr/bin/env bash
# Installs what stepgrad needs to build and test on a fresh Debian/Ubuntu machine.
# As root it runs apt-get itself; otherwise it prints the exact line to run and stops.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libeigen3-dev libcli11-dev catch2
  graphviz libgraphviz-dev
  nlohmann-json3-dev libfmt-dev zlib1g-dev
  gnuplot-nox
  libxml2-utils   # xmllint: the tests check that grade's JUnit XML parses
  dataset-fashion-mnist   # Part III's real data: the four gzip'd IDX files in /usr/share/datasets/fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Versions the build needs beyond "installed": Debian 12 (bookworm) has them;
# older or newer distributions may not, and configure would fail less clearly.
check_versions() {
  local cmake_version catch_version
  cmake_version="$(cmake --version | head -n1 | awk '{print $3}')"
  if ! printf '3.25\n%s\n' "$cmake_version" | sort -V -C; then
    echo "setup: CMake $cmake_version is too old: stepgrad needs 3.25 or newer (Debian 12 has 3.25)" >&2
    exit 1
  fi
  catch_version="$(dpkg-query -W -f='${Version}' catch2)"
  case "$catch_version" in
    2.*) ;;
    *) echo "setup: the catch2 package is $catch_version, but stepgrad's tests are written for Catch2 v2 (Debian 12's 2.13)" >&2
       exit 1 ;;
  esac
}

if [ ${#missing[@]} -eq 0 ]; then
  check_versions
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
check_versions
