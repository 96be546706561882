#include "chapters/19_gpu/report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sg::ch19 {

namespace {

// The short form of a note, for a table cell; the legend under the table and
// the CSV say it in full.
std::string short_note(const std::string& note) {
  if (note.rfind("skipped", 0) == 0) return "skipped";
  if (note.find("no GPU") != std::string::npos) return "no GPU";
  if (note.find("no OpenMP") != std::string::npos) return "no OpenMP";
  if (const std::size_t ex = note.find("Exercise "); ex != std::string::npos) {
    return "needs " + note.substr(ex, note.find(' ', ex + 9) - ex);   // "needs Exercise 19.1"
  }
  return note;
}

std::optional<double> eigen_one_ms(const SweepRow& row) { return row.at(Method::EigenOne).ms; }

// 8.19 k, 4.19 M, 17.2 G: a count of floating-point operations.
std::string format_flop(double flop) {
  if (flop >= 1e9) return fmt::format("{:.3g} G", flop * 1e-9);
  if (flop >= 1e6) return fmt::format("{:.3g} M", flop * 1e-6);
  return fmt::format("{:.3g} k", flop * 1e-3);
}

}  // namespace

std::string format_ms(double ms) {
  if (ms >= 100) return fmt::format("{:.0f}", ms);
  if (ms >= 10) return fmt::format("{:.1f}", ms);
  if (ms >= 1) return fmt::format("{:.2f}", ms);
  return fmt::format("{:.3g}", ms);
}

book::Table ms_table(const std::vector<SweepRow>& rows, int cpu_threads) {
  std::vector<std::string> columns{"product", "FLOP"};
  for (Method m : kAllMethods) columns.push_back(method_name(m, cpu_threads));
  columns.push_back("GPU transfers");
  book::Table t(columns);
  for (const SweepRow& row : rows) {
    std::vector<std::string> cells{row.size.name, format_flop(row.size.gflop() * 1e9)};
    std::optional<double> transfer;
    for (const Measurement& c : row.cells) {
      cells.push_back(c.ms ? format_ms(*c.ms) : short_note(c.note));
      if (c.transfer_ms) transfer = c.transfer_ms;
    }
    cells.push_back(transfer ? format_ms(*transfer) : "no GPU");
    t.add(cells);
  }
  return t;
}

book::Table speed_table(const std::vector<SweepRow>& rows, int cpu_threads) {
  std::vector<std::string> columns{"product"};
  for (Method m : kAllMethods) columns.push_back(method_name(m, cpu_threads));
  book::Table t(columns);
  for (const SweepRow& row : rows) {
    std::vector<std::string> cells{row.size.name};
    const std::optional<double> base = eigen_one_ms(row);
    for (const Measurement& c : row.cells) {
      if (!c.ms) {
        cells.push_back(short_note(c.note));
        continue;
      }
      const double gflops = row.size.gflop() / (*c.ms * 1e-3);
      cells.push_back(base ? fmt::format("{:.3g} ({:.2g}x)", gflops, *base / *c.ms)
                           : fmt::format("{:.3g}", gflops));
    }
    t.add(cells);
  }
  return t;
}

book::Table sweep_csv(const std::vector<SweepRow>& rows, int cpu_threads,
                      const gpu::DeviceInfo& device) {
  book::Table t({"product", "M", "N", "K", "method", "ran_on", "ms", "gflops",
                 "speedup_vs_eigen_1_thread", "transfer_ms", "worst_error_over_bound", "note"});
  const std::string cpu = fmt::format("CPU ({} threads available)", cpu_threads);
  for (const SweepRow& row : rows) {
    const std::optional<double> base = eigen_one_ms(row);
    for (const Measurement& c : row.cells) {
      const bool gpu = on_gpu(c.method);
      t.add({row.size.name, std::to_string(row.size.M), std::to_string(row.size.N),
             std::to_string(row.size.K), method_name(c.method, cpu_threads),
             gpu ? (device.available ? device.describe() : "") : cpu,
             c.ms ? fmt::format("{:.6g}", *c.ms) : "",
             c.ms ? fmt::format("{:.6g}", row.size.gflop() / (*c.ms * 1e-3)) : "",
             c.ms && base ? fmt::format("{:.4g}", *base / *c.ms) : "",
             c.transfer_ms ? fmt::format("{:.6g}", *c.transfer_ms) : "",
             c.ms ? fmt::format("{:.3g}", c.worst_ratio) : "", c.note});
    }
  }
  return t;
}

book::Plot speedup_plot(const std::vector<SweepRow>& rows, int cpu_threads) {
  book::Plot p("timing_speedup", "Speedup over Eigen on one CPU thread (square products, measured)",
               "matrix size n (C = A·B, all n x n)", "speedup (x)");
  p.logy = true;
  p.key = "top left";
  p.extra = {"set logscale x 2", "set grid"};
  for (Method m : kAllMethods) {
    book::Series s{method_name(m, cpu_threads), {}, {}, "linespoints"};
    for (const SweepRow& row : rows) {
      const std::optional<double> base = eigen_one_ms(row);
      const Measurement& c = row.at(m);
      if (!row.size.square() || !c.ms || !base) continue;
      s.x.push_back(row.size.M);
      s.y.push_back(*base / *c.ms);
    }
    if (!s.x.empty()) p.series.push_back(s);
  }
  return p;
}

book::Table mlp_table(const MlpComparison& r, const gpu::DeviceInfo& device) {
  book::Table t({"ran on", "ms per step", "loss at step 1", fmt::format("loss at step {}", r.steps)});
  t.add({"CPU: the engine, float32, 1 thread", format_ms(r.cpu_ms_per_step),
         fmt::format("{:.6f}", r.cpu_loss.front()), fmt::format("{:.6f}", r.cpu_loss.back())});
  if (r.gpu_ms_per_step) {
    t.add({"GPU: " + device.name + ", cuBLAS + fused kernels", format_ms(*r.gpu_ms_per_step),
           fmt::format("{:.6f}", r.gpu_loss.front()), fmt::format("{:.6f}", r.gpu_loss.back())});
  } else {
    t.add({"GPU", r.gpu_note, "", ""});
  }
  return t;
}

book::Table mlp_loss_csv(const MlpComparison& r) {
  book::Table t({"step", "cpu_loss", "gpu_loss"});
  for (std::size_t i = 0; i < r.cpu_loss.size(); ++i) {
    t.add({std::to_string(i + 1), fmt::format("{:.9g}", r.cpu_loss[i]),
           i < r.gpu_loss.size() ? fmt::format("{:.9g}", r.gpu_loss[i]) : "not measured"});
  }
  return t;
}

}  // namespace sg::ch19
