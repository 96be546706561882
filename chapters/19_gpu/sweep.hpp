// The size sweep: every way the chapter has to multiply two matrices, at
// sizes from tiny to large and at the MLP's own shapes, each validated
// against the engine's float product before it is timed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chapters/19_gpu/gpu.hpp"
#include "chapters/19_gpu/timing.hpp"

namespace sg::ch19 {

// C (M,N) = A (M,K) · B (K,N).
struct ProductSize {
  std::string name;   // "512" for a square product, "MLP W1: 256x784·784x256" for a layer
  int M = 0, N = 0, K = 0;
  bool square() const { return M == N && N == K; }
  double gflop() const { return 2.0 * M * N * K * 1e-9; }   // one multiply + one add per term
};

// The methods, in the order of the table's columns.
enum class Method { CpuNaive, EigenOne, EigenAll, GpuNaive, GpuTiled, GpuRegister, GpuCublas };
inline constexpr Method kAllMethods[] = {Method::CpuNaive,  Method::EigenOne, Method::EigenAll,
                                         Method::GpuNaive,  Method::GpuTiled, Method::GpuRegister,
                                         Method::GpuCublas};
bool on_gpu(Method m);
gpu::Kernel kernel_of(Method m);   // for a GPU method
// "CPU naive", "Eigen 1 thread", "Eigen 2 threads", "GPU v1 naive", ...
std::string method_name(Method m, int cpu_threads);
// For result keys: "cpu_naive", "eigen_1_thread", "eigen_all_threads", "gpu_v1_naive", ...
std::string method_key(Method m);

// One method at one size. Nothing is ever invented: a figure that was not
// measured is empty and `note` says why.
struct Measurement {
  Method method{};
  std::optional<double> ms;            // compute only (GPU: kernel time on the GPU's clock)
  std::optional<double> transfer_ms;   // GPU: copying A and B over, and C back
  double worst_ratio = 0;              // validation: worst |got − ref| / bound (<= 1)
  std::string note;                    // why not measured, e.g. "skipped (too slow)"
};

struct SweepRow {
  ProductSize size;
  std::vector<Measurement> cells;   // one per method, in kAllMethods order
  const Measurement& at(Method m) const;
};

struct SweepOptions {
  bool quick = false;
  std::uint64_t seed = 19;
  TimingBudget cpu_budget;
  double gpu_target_ms = 20;   // GPU time per timed batch of launches
  long long naive_max_terms = 512LL * 512 * 512;   // M·N·K above which the CPU loop is skipped
};

// The sizes of the sweep: squares 16 .. 2048 (quick: 16 .. 128), then the
// three products of the MLP's forward pass.
std::vector<ProductSize> sweep_sizes(bool quick, const gpu::MlpShape& mlp);

// Runs the sweep. device: where the GPU columns come from (if available).
// on_row: called after each size, for progress.
template <typename OnRow>
std::vector<SweepRow> run_sweep(const std::vector<ProductSize>& sizes, const SweepOptions& opt,
                                const gpu::DeviceInfo& device, OnRow&& on_row);

// The smallest square size from which the GPU (its best version) beats the
// CPU (Eigen, its best column) at that size and every larger one; with
// transfers counted or not. Empty when the GPU never wins for good or was
// not measured.
std::optional<int> crossover(const std::vector<SweepRow>& rows, bool count_transfers);

// One size, every method: the body of run_sweep.
SweepRow measure_size(const ProductSize& size, const SweepOptions& opt, const gpu::DeviceInfo& device);

template <typename OnRow>
std::vector<SweepRow> run_sweep(const std::vector<ProductSize>& sizes, const SweepOptions& opt,
                                const gpu::DeviceInfo& device, OnRow&& on_row) {
  std::vector<SweepRow> rows;
  for (const ProductSize& s : sizes) {
    rows.push_back(measure_size(s, opt, device));
    on_row(rows.back());
  }
  return rows;
}

}  // namespace sg::ch19
