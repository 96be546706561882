#include "chapters/19_gpu/mlp.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "chapters/19_gpu/exercise_check.hpp"
#include "chapters/19_gpu/validate.hpp"

namespace sg::ch19 {

MlpData make_mlp_data(const gpu::MlpShape& s, Generator& gen) {
  MlpData d;
  d.X = gen.normal_matrix<float>(s.batch, s.in);
  const MatF teacher = gen.normal_matrix<float>(s.in, s.out);
  const MatF scores = d.X * teacher;
  d.labels.resize(s.batch);
  for (int b = 0; b < s.batch; ++b) {
    Index best = 0;
    scores.row(b).maxCoeff(&best);
    d.labels[b] = static_cast<int>(best);
  }
  return d;
}

CpuMlp::CpuMlp(Context& ctx, const gpu::MlpShape& s, Generator& gen, const MlpData& data, float lr)
    : l1_(ctx, "layer1", s.in, s.h1, gen),
      l2_(ctx, "layer2", s.h1, s.h2, gen),
      l3_(ctx, "layer3", s.h2, s.out, gen),
      X_(ctx.input<float>(data.X, "X")),
      labels_(data.labels),
      sgd_(params(), lr) {}

std::vector<TensorF> CpuMlp::params() const {
  return {l1_.W, l1_.b, l2_.W, l2_.b, l3_.W, l3_.b};
}

// X (B,in) -> relu (B,h1) -> relu (B,h2) -> Z (B,out) -> mean cross-entropy
TensorF CpuMlp::loss() const {
  return cross_entropy(l3_(relu(l2_(relu(l1_(X_))))), labels_);
}

float CpuMlp::step() {
  sgd_.zero_grad();
  TensorF L = loss();
  L.backward();
  sgd_.step();
  return L.item();
}

std::vector<gpu::HostMatrix> to_host(const std::vector<TensorF>& params) {
  std::vector<gpu::HostMatrix> out;
  for (const TensorF& p : params) {
    const MatF& v = p.value();   // column-major, as the GPU side wants it
    out.push_back({static_cast<int>(v.rows()), static_cast<int>(v.cols()),
                   std::vector<float>(v.data(), v.data() + v.size())});
  }
  return out;
}

MatF to_mat(const gpu::HostMatrix& m) {
  return Eigen::Map<const MatF>(m.data.data(), m.rows, m.cols);
}

namespace {

const char* const kParamNames[] = {"W1", "b1", "W2", "b2", "W3", "b3"};

// The GPU's gradients after step 1 against the engine's.
double check_first_gradients(const std::vector<gpu::HostMatrix>& gpu_grads,
                             const std::vector<TensorF>& cpu_params) {
  double worst = 0;
  for (std::size_t i = 0; i < cpu_params.size(); ++i) {
    const double d = normwise_difference(to_mat(gpu_grads[i]), cpu_params[i].grad());
    if (!(d <= kGradTolerance)) {
      throw ValueError(fmt::format(
          "the GPU's MLP step is wrong: after step 1, d{} differs from the engine's by {:.3g} "
          "(norm-wise, ‖GPU − CPU‖/‖CPU‖; tolerance {:g}). Check the backward kernels of that "
          "layer",
          kParamNames[i], d, kGradTolerance));
    }
    worst = std::max(worst, d);
  }
  return worst;
}

void check_losses(const std::vector<float>& gpu, const std::vector<float>& cpu) {
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    const double rel = std::abs(static_cast<double>(gpu[i]) - cpu[i]) / std::abs(cpu[i]);
    if (!(rel <= kLossTolerance)) {
      throw ValueError(fmt::format(
          "the GPU's MLP drifted from the CPU's: loss of step {} is {:.7g} on the GPU and {:.7g} "
          "on the CPU (relative difference {:.3g}, tolerance {:g}). Check the SGD update and the "
          "loss kernels",
          i + 1, gpu[i], cpu[i], rel, kLossTolerance));
    }
  }
}

}  // namespace

MlpComparison compare_mlp(const gpu::MlpShape& s, int steps, float lr, std::uint64_t seed,
                          const gpu::DeviceInfo& device, Trace* trace, const StepCallback& on_cpu_step) {
  if (steps < 2) {
    throw ValueError(fmt::format("compare_mlp: steps is {}, must be >= 2 (step 1 is the warm-up)", steps));
  }
  Generator gen(seed);
  const MlpData data = make_mlp_data(s, gen);
  Context ctx(trace);
  CpuMlp cpu(ctx, s, gen, data, lr);
  const std::vector<gpu::HostMatrix> initial = to_host(cpu.params());

  MlpComparison out;
  out.steps = steps;
  const auto cpu_step = [&] {
    out.cpu_loss.push_back(cpu.step());
    if (on_cpu_step) on_cpu_step(static_cast<int>(out.cpu_loss.size()), out.cpu_loss.back());
  };
  cpu_step();   // step 1: warm-up, and the gradients to validate

  std::unique_ptr<gpu::DeviceMlp> g;
  if (!device.available) {
    out.gpu_note = "not measured (no GPU)";
  } else if (const std::string missing = missing_exercise_for_mlp(); !missing.empty()) {
    out.gpu_note = "not measured: " + missing.substr(0, missing.find(':'));
  } else {
    const gpu::HostMatrix X{s.batch, s.in, std::vector<float>(data.X.data(), data.X.data() + data.X.size())};
    g = std::make_unique<gpu::DeviceMlp>(s, initial, X, data.labels);
    g->step(lr);
    out.worst_grad_difference = check_first_gradients(g->grads(), cpu.params());
  }

  using Clock = std::chrono::steady_clock;
  const Clock::time_point t0 = Clock::now();
  for (int i = 1; i < steps; ++i) cpu_step();
  out.cpu_ms_per_step =
      std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / (steps - 1);

  if (g) {
    out.gpu_ms_per_step = g->time_steps(steps - 1, lr);
    out.gpu_loss = g->losses();
    check_losses(out.gpu_loss, out.cpu_loss);
  }

  // The graph of one more forward and backward pass, not a training step.
  TensorF L = cpu.loss();
  L.backward();
  DotOptions dot;
  dot.cluster_scopes = true;
  dot.legend = true;
  dot.title = fmt::format("the CPU reference: {}-{}-{}-{} MLP, batch {}, after {} SGD steps", s.in,
                          s.h1, s.h2, s.out, s.batch, steps);
  out.graph_dot = to_dot(L, dot);
  return out;
}

GradcheckResult gradcheck_reference_mlp(std::uint64_t seed) {
  // 12-10-8-4 with a batch of 6: every element of every gradient is cheap to check.
  constexpr int kB = 6, kIn = 12, kH1 = 10, kH2 = 8, kOut = 4;
  Generator gen(seed);
  Context ctx;
  const Tensor X = ctx.input(gen.normal_matrix(kB, kIn), "X");
  std::vector<int> labels(kB);
  for (int& y : labels) y = static_cast<int>(gen.below(kOut));
  const Linear<double> l1(ctx, "layer1", kIn, kH1, gen), l2(ctx, "layer2", kH1, kH2, gen),
      l3(ctx, "layer3", kH2, kOut, gen);
  const auto loss = [&] { return cross_entropy(l3(relu(l2(relu(l1(X))))), labels); };
  return gradcheck_network(loss, {l1.W, l1.b, l2.W, l2.b, l3.W, l3.b});
}

}  // namespace sg::ch19
