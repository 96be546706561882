#!/usr/bin/python3
"""The PyTorch side of the training benchmark (bench/train_mlp.cpp is the engine's).

The same network and data: Fashion-MNIST's 60 000 training images (pixels / 255),
a 784-256-128-10 ReLU MLP in float32, softmax cross-entropy, SGD with momentum 0.9
and lr 0.01 (and Adam, lr 1e-3, at batch 64), one epoch shuffled by a seeded
generator, with torch.set_num_threads(1) and (2). One machine-readable line per
measurement:

    torch batch=64 threads=1 opt=sgd seconds=1.234 batches=938 mean_loss=0.61 blas=openblas

Run with Debian's python (it has torch 1.13; a pyenv `python3` may not):

    /usr/bin/python3 bench/torch_mlp.py [--batches N] [--data-dir DIR]
"""
import argparse
import ctypes
import gzip
import os
import sys
import time

import numpy as np
import torch

IMAGES = "train-images-idx3-ubyte.gz"
LABELS = "train-labels-idx1-ubyte.gz"


def blas():
    """Which BLAS torch's products run on, and a function that sets its threads.

    Debian's torch is built with BLAS_INFO=generic: it calls whatever libblas.so.3
    the loader finds. That is the netlib reference BLAS (libblas3) unless OpenBLAS
    is installed (libopenblas0-pthread switches the alternative) or put first on
    LD_LIBRARY_PATH; OpenBLAS keeps its own thread pool, which
    torch.set_num_threads does not reach, so it is set here to the same count."""
    try:
        lib = ctypes.CDLL("libblas.so.3")   # the copy torch already loaded
    except OSError:
        return "unknown", lambda threads: None
    if hasattr(lib, "openblas_set_num_threads"):
        return "openblas", lambda threads: lib.openblas_set_num_threads(threads)
    return "reference", lambda threads: None


def read_idx(path, header_ints):
    """An IDX file (gzip'd) as a flat uint8 array, after its big-endian header."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)


def load_train(data_dir):
    """X (60000, 784) float32 in [0, 1], labels (60000,) int64: as sg::fashion_mnist."""
    X = read_idx(os.path.join(data_dir, IMAGES), 4).reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(os.path.join(data_dir, LABELS), 2).astype(np.int64)
    return torch.from_numpy(X), torch.from_numpy(y)


def make_mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))


def train_epoch(X, y, B, opt_name, max_batches):
    """Seconds for one epoch (or its first max_batches batches), and the mean loss.

    Per batch, as the engine: gather the shuffled rows, forward, loss, backward,
    step, zero_grad (set_to_none, the faster form and torch 2's default)."""
    torch.manual_seed(1)
    model = make_mlp()
    if opt_name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(X.shape[0], generator=torch.Generator().manual_seed(42))
    batches = (X.shape[0] + B - 1) // B
    if max_batches > 0:
        batches = min(batches, max_batches)
    loss_sum = 0.0
    start = time.perf_counter()
    for i in range(batches):
        rows = order[i * B:(i + 1) * B]
        loss = loss_fn(model(X[rows]), y[rows])
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        loss_sum += loss.item()
    return time.perf_counter() - start, batches, loss_sum / batches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=0, help="stop each epoch after N batches (0: all)")
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    try:
        X, y = load_train(args.data_dir)
    except OSError as e:
        print(f"error: {e} (install dataset-fashion-mnist: bash bench/setup.sh)", file=sys.stderr)
        return 1
    blas_name, set_blas_threads = blas()
    # The same allocator setting the engine makes for itself (sg::keep_freed_memory),
    # given to this process through glibc's tunables by run_training_bench.sh.
    if "glibc.malloc.trim_threshold" in os.environ.get("GLIBC_TUNABLES", ""):
        blas_name += "+keep-freed"
    for threads in (1, 2):
        torch.set_num_threads(threads)
        set_blas_threads(threads)
        for B, opt_name in ((64, "sgd"), (256, "sgd"), (64, "adam")):
            seconds, batches, loss = train_epoch(X, y, B, opt_name, args.batches)
            print(f"torch batch={B} threads={threads} opt={opt_name} seconds={seconds:.4f} "
                  f"batches={batches} mean_loss={loss:.4f} blas={blas_name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
