#!/usr/bin/env bash
# The training benchmark, the engine and PyTorch side by side (docs/performance.md):
#
#   bash bench/run_training_bench.sh [ROUNDS] [--bin DIR] [--batches N] [--openblas DIR]
#
# ROUNDS (default 5) rounds, each one engine process (bench/train_mlp.cpp) and
# then one PyTorch process (bench/torch_mlp.py) per BLAS found, each once with
# glibc's default allocator settings and once with the engine's
# (sg::keep_freed_memory), so that drift of the machine hits both alike; then a
# table of medians with the engine / PyTorch-best ratio per batch size, and the
# engine's other figures against the issue's targets.
#   --bin DIR       where train_mlp is (default build/bin; built there in Release if missing)
#   --batches N     stop every epoch after N batches: a quick look, not the benchmark
#   --openblas DIR  a folder with OpenBLAS's libblas.so.3: PyTorch runs once more with it
#                   first on LD_LIBRARY_PATH (default: Debian's libopenblas0-pthread folder)
# Before each round it waits up to 60 s for the 1-minute load to fall to 0.5 and
# warns when it does not: other work on the machine makes the numbers meaningless.
# By hand only: never part of the tests or CI. Needs bash bench/setup.sh once.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
bin=build/bin
batches=0
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
python=/usr/bin/python3   # Debian's python, which has torch (a pyenv python3 may not)
while [[ $# -gt 0 ]]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --openblas) openblas=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]*|'') echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    *) rounds=$1; shift ;;
  esac
done

if [[ ! -x $bin/train_mlp ]]; then
  if [[ $bin != build/bin ]]; then
    echo "error: $bin/train_mlp is missing: build it, or leave out --bin to build build/bin" >&2
    exit 1
  fi
  cmake --preset release && cmake --build --preset release --target train_mlp
fi
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "error: $python cannot import torch and numpy: run bash bench/setup.sh" >&2
  exit 1
fi

# PyTorch once with the system's libblas.so.3, and once more with OpenBLAS when
# the system's is not already OpenBLAS (Debian's torch calls whichever it finds).
torch_envs=("")
system_blas=$("$python" -c 'import ctypes; print(hasattr(ctypes.CDLL("libblas.so.3"), "openblas_set_num_threads"))')
if [[ $system_blas == False && -e $openblas/libblas.so.3 ]]; then
  torch_envs+=("LD_LIBRARY_PATH=$openblas")
fi
# And each of those once more with the allocator setting the engine makes for
# itself (sg::keep_freed_memory: freed memory stays in the process), so that
# PyTorch's best is the best of both.
keep_freed=GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432
for env in "${torch_envs[@]}"; do
  torch_envs+=("$env${env:+ }$keep_freed")
done

# Waits up to 60 s for the 1-minute load to reach 0.5; warns when it does not.
# Our own previous round counts too: a 1-minute average decays by e every minute.
wait_for_quiet_machine() {
  local load
  for ((waited = 0; waited <= 60; waited += 5)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" 'BEGIN { exit !(l <= 0.5) }'; then return; fi
    [[ $waited -lt 60 ]] && sleep 5
  done
  echo "warning: 1-minute load is $load (> 0.5) on $(nproc) cores, runnable now $(cut -d' ' -f4 /proc/loadavg):" \
       "other work on the machine makes these numbers meaningless"
}

log=$(mktemp -t training_bench.XXXXXX)
echo "# $(date -u '+%F %T UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, rounds=$rounds batches=$batches"
for ((round = 1; round <= rounds; ++round)); do
  wait_for_quiet_machine | tee -a "$log"
  echo "load round=$round load1=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
  "$bin/train_mlp" --batches "$batches" >>"$log"
  for env in "${torch_envs[@]}"; do
    env $env "$python" bench/torch_mlp.py --batches "$batches" >>"$log"
  done
done
echo "# raw lines: $log"

"$python" - "$log" <<'EOF'
import statistics
import sys

def fields(words):
    return dict(w.split("=", 1) for w in words if "=" in w)

rows = [(l.split()[0], fields(l.split()[1:])) for l in open(sys.argv[1])
        if l.startswith(("engine ", "torch ", "load "))]
def med(values):
    return statistics.median(values) if values else float("nan")
def select(source, **match):
    """The rows of `source` whose fields include every key=value of match."""
    return [f for s, f in rows if s == source and all(f.get(k) == str(v) for k, v in match.items())]
def median_of(key, source="engine", **match):
    return med([float(f[key]) for f in select(source, **match) if key in f])

loads = [float(f["load1"]) for f in select("load")]
print(f"\nload (1 min) before each round: {', '.join(f'{l:.2f}' for l in loads)}\n")

# Epoch seconds: the engine per thread count, and PyTorch per BLAS and thread count.
epochs = sorted({(int(f["batch"]), f["opt"]) for f in select("engine") if "seconds" in f},
                key=lambda k: (k[1] != "sgd", k[0]))
engine_threads = sorted({int(f["threads"]) for f in select("engine") if "seconds" in f})
blases = sorted({f["blas"] for f in select("torch")})
def threads_name(t):
    return f"{t} thread{'s' * (t > 1)}"
columns = ["batch", "optimiser"] + [f"engine, {threads_name(t)}" for t in engine_threads]
columns += [f"torch {b}, {threads_name(t)}" for b in blases for t in (1, 2)]
columns += ["engine's best", "PyTorch's best", "engine best / PyTorch best", "1 thread each: engine / torch"]
print("| " + " | ".join(columns) + " |")
print("|" + "---|" * len(columns))
ratios = {}
for B, opt in epochs:
    engine = [median_of("seconds", batch=B, opt=opt, threads=t) for t in engine_threads]
    torch = [median_of("seconds", "torch", batch=B, opt=opt, blas=b, threads=t) for b in blases for t in (1, 2)]
    e, best = min(engine), min(torch, default=float("nan"))
    one = min((median_of("seconds", "torch", batch=B, opt=opt, blas=b, threads=1) for b in blases),
              default=float("nan"))
    ratios[(B, opt)] = e / best
    cells = [B, opt] + [f"{x:.3f}" for x in engine] + [f"{t:.3f}" for t in torch]
    cells += [f"{e:.3f}", f"{best:.3f}", f"{e / best:.2f}", f"{engine[0] / one:.2f}"]
    print("| " + " | ".join(str(c) for c in cells) + " |")

def verdict(ok):
    return "met" if ok else "not met"
print("\n| engine figure | median | target | |\n|---|---|---|---|")
for (B, opt), r in ratios.items():
    print(f"| epoch, batch {B} {opt}: engine / PyTorch's best | {r:.2f} | ≤ 0.5 | {verdict(r <= 0.5)} |")
xor = median_of("us", micro="xor_step")
print(f"| 2-2-1 XOR step (fwd+bwd+SGD), µs | {xor:.3f} | ≤ 1 | {verdict(xor <= 1)} |")
add = median_of("us", micro="add_2x2")
print(f"| 2x2 add fwd+bwd, µs | {add:.3f} | ≤ 0.3 | {verdict(add <= 0.3)} |")
product = dict(micro="matmul_64x784x256")
r = median_of("ratio", **product)
print(f"| 64x784·784x256 fwd+bwd: engine {median_of('engine_us', **product):.1f} µs, "
      f"Eigen {median_of('eigen_us', **product):.1f} µs: Eigen / engine | {r:.3f} | ≥ 0.95 | {verdict(r >= 0.95)} |")
batch = dict(micro="batch_64")
print(f"| a batch of 64 images: DataLoader µs / row-major gather µs | {median_of('loader_us', **batch):.1f} / "
      f"{median_of('rowmajor_us', **batch):.1f} | | |")
step = dict(micro="sgd_step_235k")
print(f"| SGD step, 235 k parameters: optimiser µs / raw Eigen update µs | {median_of('step_us', **step):.1f} / "
      f"{median_of('raw_eigen_us', **step):.1f} | | |")
for net in ("xor", "mlp"):
    none = median_of("us", trace=net, level="none")
    for level in ("off", "steps", "ops"):
        x = median_of("us", trace=net, level=level) / none
        target, ok = {"off": ("≈ 1", ""), "steps": ("", ""), "ops": ("≤ 1.5", verdict(x <= 1.5))}[level]
        print(f"| {net} step traced at {level} / untraced ({none:.2f} µs) | {x:.2f} | {target} | {ok} |")

print("\n| engine, one epoch | GFLOP/s (issue's count) | of FMA peak | data | forward | backward "
      "| step | zero_grad | raw-Eigen GEMMs alone |\n|" + "---|" * 9)
for B, opt in epochs:
    for t in engine_threads:
        cells = [f"batch {B} {opt}, {threads_name(t)}", f"{median_of('gflops', batch=B, opt=opt, threads=t):.1f}",
                 f"{100 * median_of('peak_fraction', batch=B, opt=opt, threads=t):.0f} %"]
        cells += [f"{median_of(k, batch=B, opt=opt, threads=t):.3f} s"
                  for k in ("data", "forward", "backward", "step", "zero_grad", "gemm_floor")]
        print("| " + " | ".join(cells) + " |")
print("\n| product (64,k)·(k,n) | MFLOP | 1 thread µs | 2 threads µs | speedup |\n|---|---|---|---|---|")
shapes = sorted({(int(f["k"]), int(f["n"]), float(f["mflop"])) for f in select("engine") if "speedup" in f},
                key=lambda s: s[2])
for k, n, mflop in shapes:
    print(f"| k={k} n={n} | {mflop:.2f} | {median_of('one_us', k=k, n=n):.1f} | "
          f"{median_of('two_us', k=k, n=n):.1f} | {median_of('speedup', k=k, n=n):.2f} |")
peaks = {p: median_of("gflops", peak=p) for p in ("fma256", "fma512") if select("engine", peak=p)}
print("\nFMA peak of one core (timed FMA loops): " + ", ".join(f"{p} {g:.1f} GFLOP/s" for p, g in peaks.items()))
EOF
