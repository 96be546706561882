// Benchmarks of the engine (not tests: nothing here fails on timing).
//
//   cmake --preset release && cmake --build --preset release -j2 --target bench_ops
//   ./build/bin/bench_ops            # results go into docs/performance.md by hand
//
// Each figure is the median of several repeats of a timed loop.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/stepgrad.hpp"
#include "engine/trace/sinks.hpp"

using namespace sg;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 7;

// Median over repeats of the time of `iters` calls of fn, per call, in µs.
double time_per_call_us(int iters, const std::function<void()>& fn) {
  std::vector<double> samples;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = Clock::now();
    for (int i = 0; i < iters; ++i) fn();
    const std::chrono::duration<double, std::micro> took = Clock::now() - start;
    samples.push_back(took.count() / iters);
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// Forward + backward of one op on 2x2 tensors: the per-op overhead of the engine.
void bench_tiny_ops() {
  fmt::print("\n## Tiny tensors (2x2), forward + backward of one op\n\n");
  fmt::print("| op | µs per op (fwd+bwd) |\n|---|---|\n");
  Generator gen(1);
  Context ctx;
  Tensor A = ctx.param(gen.uniform_matrix(2, 2, 0.5, 1.5), "A");
  Tensor B = ctx.param(gen.uniform_matrix(2, 2, 0.5, 1.5), "B");
  const Mat seed = Mat::Ones(2, 2);
  const std::vector<std::pair<std::string, std::function<Tensor()>>> ops{
      {"add", [&] { return A + B; }},
      {"mul", [&] { return A * B; }},
      {"matmul", [&] { return matmul(A, B); }},
      {"sigmoid", [&] { return sigmoid(A); }},
      {"tanh", [&] { return tanh(A); }},
      {"relu", [&] { return relu(A); }},
      {"softmax", [&] { return softmax(A); }},
  };
  for (const auto& [name, op] : ops) {
    const double us = time_per_call_us(20000, [&] {
      Tensor Y = op();
      Y.backward(seed);
    });
    fmt::print("| {} | {:.3f} |\n", name, us);
  }
  const double us = time_per_call_us(20000, [&] { mse(A, B).backward(); });
  fmt::print("| mse (scalar output) | {:.3f} |\n", us);
}

// Y = X·W forward and dX, dW backward, through the engine and through Eigen alone.
template <typename T>
void bench_matmul(const char* precision) {
  constexpr Index B = 64, in = 784, out = 256;
  constexpr double flops = 3.0 * 2.0 * B * in * out;   // forward + two backward products
  Generator gen(2);
  const MatT<T> Xv = gen.uniform_matrix<T>(B, in, -1, 1);
  const MatT<T> Wv = gen.uniform_matrix<T>(in, out, -1, 1);
  const MatT<T> dYv = MatT<T>::Ones(B, out);

  Context ctx;
  TensorT<T> X = ctx.param<T>(Xv, "X");
  TensorT<T> W = ctx.param<T>(Wv, "W");
  const double engine_us = time_per_call_us(50, [&] {
    TensorT<T> Y = matmul(X, W);
    Y.backward(dYv);
  });

  MatT<T> Y(B, out), dX(B, in), dW(in, out);
  const double eigen_us = time_per_call_us(50, [&] {
    Y.noalias() = Xv * Wv;
    dX.noalias() = dYv * Wv.transpose();
    dW.noalias() = Xv.transpose() * dYv;
  });
  fmt::print("| {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", precision, engine_us,
             flops / engine_us / 1e3, eigen_us, flops / eigen_us / 1e3);
}

// One SGD step of a 2-2-1 MLP on XOR: 6 ops and 6 leaves, so per-op overhead dominates.
double xor_step_us(Trace* trace) {
  Context ctx(trace);
  Generator gen(3);
  Linear<double> l1(ctx, "hidden", 2, 2, gen), l2(ctx, "out", 2, 1, gen);
  Mat Xv(4, 2), Yv(4, 1);
  Xv << 0, 0, 0, 1, 1, 0, 1, 1;
  Yv << 0, 1, 1, 0;
  Tensor X = ctx.input(Xv, "X"), Y = ctx.input(Yv, "Y");
  std::vector<Tensor> params = l1.params();
  for (const auto& p : l2.params()) params.push_back(p);
  SGD<double> opt(params, 0.5);
  return time_per_call_us(2000, [&] {
    opt.zero_grad();
    Tensor L = bce_with_logits(l2(tanh(l1(X))), Y);
    L.backward();
    opt.step();
  });
}

void bench_trace_cost() {
  fmt::print("\n## Cost of the trace: one SGD step of a 2-2-1 MLP on XOR (6 ops, 12 nodes)\n\n");
  // "none" and "off" alternate, round after round, so that drift of the
  // machine (frequency, other load) hits both alike; each figure is the
  // median of the rounds.
  constexpr int kRounds = 9;
  std::vector<double> none, off;
  for (int round = 0; round < kRounds; ++round) {
    none.push_back(xor_step_us(nullptr));
    Trace trace(TraceLevel::Off);
    off.push_back(xor_step_us(&trace));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  fmt::print("| trace | µs per step |\n|---|---|\n");
  fmt::print("| none attached | {:.2f} |\n", median(none));
  fmt::print("| attached, level off | {:.2f} |\n", median(off));
  const auto path = std::filesystem::temp_directory_path() / "stepgrad_bench_trace.jsonl";
  {
    Trace ops(TraceLevel::Ops);
    ops.add_sink(std::make_shared<JsonlSink>(path));
    fmt::print("| level ops, JSON Lines to a file | {:.2f} |\n", xor_step_us(&ops));
  }
  std::filesystem::remove(path);
}

}  // namespace

int main() {
  sg::keep_freed_memory();   // engine/core/memory.hpp: a step frees its graph; keep the memory for the next
  fmt::print("# stepgrad benchmarks (median of {} repeats)\n", kRepeats);
#ifdef EIGEN_USE_BLAS
  fmt::print("\nLarge products go to BLAS (SG_USE_OPENBLAS=ON; OPENBLAS_NUM_THREADS sets its threads).\n");
#else
  fmt::print("\nLarge products use Eigen's own kernels, one thread.\n");
#endif
  bench_tiny_ops();
  fmt::print("\n## Matrix product 64x784 · 784x256, forward + backward (3 products)\n\n");
  fmt::print("| precision | engine µs | engine GFLOP/s | Eigen alone µs | Eigen GFLOP/s |\n");
  fmt::print("|---|---|---|---|---|\n");
  bench_matmul<float>("float");
  bench_matmul<double>("double");
  bench_trace_cost();
  return 0;
}
