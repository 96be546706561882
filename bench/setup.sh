#!/usr/bin/env bash
# Installs what bench/run_training_bench.sh needs besides the engine's own
# build: PyTorch and numpy for Debian's /usr/bin/python3, the Fashion-MNIST
# files, and OpenBLAS.
#
#   sudo bash bench/setup.sh
#
# Why OpenBLAS: Debian's python3-torch calls whichever libblas.so.3 the
# system provides (it is built with BLAS_INFO=generic); without
# libopenblas0-pthread that is the netlib reference BLAS, 10-20x slower on
# the MLP's products, and the comparison would be against a PyTorch nobody
# would train with. Installing it switches the libblas.so.3 alternative for
# every program on the machine (numpy's products get faster too).
#
# The tests never need any of this and never run it.
set -euo pipefail

packages=(python3-torch python3-numpy dataset-fashion-mnist libopenblas0-pthread)
if [[ $(id -u) -ne 0 ]]; then
  echo "bench/setup.sh installs system packages and needs root; run:"
  echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}"
  exit 1
fi
apt-get update
apt-get install -y "${packages[@]}"
/usr/bin/python3 -c 'import torch, numpy; print(f"torch {torch.__version__}, numpy {numpy.__version__}")'
