// The chapter's tables and its plot, made from the sweep's measurements.
// Every cell is either a measured number or says why there is none.
#pragma once

#include <string>
#include <vector>

#include "chapters/19_gpu/mlp.hpp"
#include "chapters/19_gpu/sweep.hpp"
#include "chapters/common/plot.hpp"
#include "chapters/common/table.hpp"

namespace sg::ch19 {

// Milliseconds, to about 3 significant digits without exponents: 1234, 56.7, 8.90, 0.0123.
std::string format_ms(double ms);

// Milliseconds per product: one row per size, one column per method, and the GPU's transfers.
book::Table ms_table(const std::vector<SweepRow>& rows, int cpu_threads);
// GFLOP/s and the speedup over Eigen on one thread, per method: "41.2 (1.0x)".
book::Table speed_table(const std::vector<SweepRow>& rows, int cpu_threads);
// Everything, one row per (size, method): what timing_sweep.csv holds.
book::Table sweep_csv(const std::vector<SweepRow>& rows, int cpu_threads,
                      const gpu::DeviceInfo& device);
// Speedup over Eigen on one thread against the size of the square products.
book::Plot speedup_plot(const std::vector<SweepRow>& rows, int cpu_threads);

// The MLP step: time per step and final loss on each side.
book::Table mlp_table(const MlpComparison& r, const gpu::DeviceInfo& device);
// The loss of every step on each side (deterministic: no timings).
book::Table mlp_loss_csv(const MlpComparison& r);

}  // namespace sg::ch19
