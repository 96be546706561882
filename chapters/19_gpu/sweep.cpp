#include "chapters/19_gpu/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chapters/19_gpu/cpu_matmul.hpp"
#include "chapters/19_gpu/exercise_check.hpp"
#include "chapters/19_gpu/validate.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch19 {

bool on_gpu(Method m) {
  return m == Method::GpuNaive || m == Method::GpuTiled || m == Method::GpuRegister ||
         m == Method::GpuCublas;
}

gpu::Kernel kernel_of(Method m) {
  switch (m) {
    case Method::GpuNaive: return gpu::Kernel::Naive;
    case Method::GpuTiled: return gpu::Kernel::Tiled;
    case Method::GpuRegister: return gpu::Kernel::Register;
    default: return gpu::Kernel::Cublas;
  }
}

std::string method_name(Method m, int cpu_threads) {
  switch (m) {
    case Method::CpuNaive: return "CPU naive loop";
    case Method::EigenOne: return "Eigen 1 thread";
    case Method::EigenAll:
      return cpu_threads > 0 ? fmt::format("Eigen {} threads", cpu_threads) : "Eigen all threads";
    default: return fmt::format("GPU {}", gpu::kernel_name(kernel_of(m)));
  }
}

std::string method_key(Method m) {
  switch (m) {
    case Method::CpuNaive: return "cpu_naive";
    case Method::EigenOne: return "eigen_1_thread";
    case Method::EigenAll: return "eigen_all_threads";
    case Method::GpuNaive: return "gpu_v1_naive";
    case Method::GpuTiled: return "gpu_v2_tiled";
    case Method::GpuRegister: return "gpu_v3_register";
    case Method::GpuCublas: return "gpu_v4_cublas";
  }
  return "?";
}

const Measurement& SweepRow::at(Method m) const {
  for (const Measurement& c : cells) {
    if (c.method == m) return c;
  }
  throw Error(fmt::format("sweep: no column {} in the row of {}", static_cast<int>(m), size.name));
}

std::vector<ProductSize> sweep_sizes(bool quick, const gpu::MlpShape& s) {
  std::vector<ProductSize> sizes;
  const std::vector<int> squares = quick ? std::vector<int>{16, 32, 64, 128}
                                         : std::vector<int>{16, 32, 64, 128, 256, 512, 1024, 2048};
  for (int n : squares) sizes.push_back({std::to_string(n), n, n, n});
  // The forward products of the MLP: X·W1, H1·W2, H2·W3.
  const auto layer = [&](const char* name, int in, int out) {
    sizes.push_back({fmt::format("MLP {}: {}x{}·{}x{}", name, s.batch, in, in, out), s.batch, out, in});
  };
  layer("X·W1", s.in, s.h1);
  layer("H1·W2", s.h1, s.h2);
  layer("H2·W3", s.h2, s.out);
  return sizes;
}

namespace {

// The reference: the engine's own float32 matmul (the path every chapter
// trains with), under NoGrad since nothing here needs a gradient.
MatF engine_product(const MatF& A, const MatF& B) {
  Context ctx;
  NoGrad no_grad(ctx);
  return matmul(ctx.input<float>(A, "A"), ctx.input<float>(B, "B")).value();
}

Measurement measure_cpu(Method m, const MatF& A, const MatF& B, const MatF& ref, const MatF& mag,
                        const ProductSize& size, const SweepOptions& opt) {
  Measurement out{m, {}, {}, 0, ""};
  const int threads = cpu_threads();
  if (m == Method::CpuNaive &&
      static_cast<long long>(size.M) * size.N * size.K > opt.naive_max_terms) {
    out.note = opt.quick ? "skipped (too slow for --quick)" : "skipped (too slow)";
    return out;
  }
  if (m == Method::EigenAll && threads == 0) {
    out.note = "not measured (no OpenMP)";
    return out;
  }
  MatF C;
  const auto run = [&] {
    if (m == Method::CpuNaive) naive_matmul(A, B, C);
    else eigen_matmul(A, B, C, m == Method::EigenOne ? 1 : threads);
  };
  run();
  out.worst_ratio = check_product(method_name(m, threads), C, ref, mag, size.K).ratio;
  out.ms = median_ms_per_call(run, opt.cpu_budget);
  return out;
}

Measurement measure_gpu(Method m, gpu::DeviceMatmul* device, const MatF& ref, const MatF& mag,
                        const ProductSize& size, const SweepOptions& opt, double upload_ms) {
  Measurement out{m, {}, {}, 0, ""};
  if (device == nullptr) {
    out.note = "not measured (no GPU)";
    return out;
  }
  const gpu::Kernel k = kernel_of(m);
  if (const std::string missing = missing_exercise(k); !missing.empty()) {
    out.note = "not measured: " + missing.substr(0, missing.find(':'));   // "Exercise 19.1 (...)"
    return out;
  }
  device->run(k);
  MatF C(size.M, size.N);
  const double download_ms = device->download(C.data());
  out.worst_ratio = check_product(method_name(m, 0), C, ref, mag, size.K).ratio;
  // Enough launches to fill gpu_target_ms, judged from one timed launch.
  const double once = std::max(device->time(k, 1), 1e-3);
  const int reps = std::clamp(static_cast<int>(opt.gpu_target_ms / once), 1, 1000);
  out.ms = device->time(k, reps);
  out.transfer_ms = upload_ms + download_ms;
  return out;
}

}  // namespace

SweepRow measure_size(const ProductSize& size, const SweepOptions& opt, const gpu::DeviceInfo& info) {
  // Seeded per size, so one size's inputs do not depend on which sizes ran before.
  Generator gen(opt.seed + static_cast<std::uint64_t>(size.M) * 1000003u + size.N * 1009u + size.K);
  const MatF A = gen.uniform_matrix<float>(size.M, size.K, -1.0, 1.0);
  const MatF B = gen.uniform_matrix<float>(size.K, size.N, -1.0, 1.0);
  const MatF ref = engine_product(A, B);
  MatF mag(size.M, size.N);
  mag.noalias() = A.cwiseAbs() * B.cwiseAbs();   // Σ_k |A_ik|·|B_kj|: the scale of the rounding

  std::unique_ptr<gpu::DeviceMatmul> device;
  double upload_ms = 0;
  if (info.available) {
    device = std::make_unique<gpu::DeviceMatmul>(size.M, size.N, size.K);
    upload_ms = device->upload(A.data(), B.data());
  }
  SweepRow row{size, {}};
  for (Method m : kAllMethods) {
    row.cells.push_back(on_gpu(m) ? measure_gpu(m, device.get(), ref, mag, size, opt, upload_ms)
                                  : measure_cpu(m, A, B, ref, mag, size, opt));
  }
  return row;
}

std::optional<int> crossover(const std::vector<SweepRow>& rows, bool count_transfers) {
  std::optional<int> from;
  bool measured = false;
  for (const SweepRow& row : rows) {
    if (!row.size.square()) continue;
    std::optional<double> cpu, gpu;
    for (const Measurement& c : row.cells) {
      if (!c.ms) continue;
      if (c.method == Method::EigenOne || c.method == Method::EigenAll) {
        cpu = std::min(cpu.value_or(*c.ms), *c.ms);
      } else if (on_gpu(c.method)) {
        const double t = *c.ms + (count_transfers ? c.transfer_ms.value_or(0) : 0);
        gpu = std::min(gpu.value_or(t), t);
      }
    }
    if (!cpu || !gpu) continue;
    measured = true;
    if (*gpu < *cpu) {
      if (!from) from = row.size.M;
    } else {
      from.reset();   // the GPU lost again: the crossover must hold for every larger size
    }
  }
  return measured ? from : std::nullopt;
}

}  // namespace sg::ch19
