// The chapter's network, 784-256-128-10 with ReLU and softmax cross-entropy,
// trained with plain SGD on one synthetic batch: on the CPU through the
// engine's float path (the reference), and on the GPU (mlp_kernels.cu).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chapters/19_gpu/gpu.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch19 {

// A synthetic batch: X ~ N(0,1) (B,in), labels from a fixed random linear
// "teacher" (the argmax of X·T), so there is something to learn.
struct MlpData {
  MatF X;
  std::vector<int> labels;
};
MlpData make_mlp_data(const gpu::MlpShape& s, Generator& gen);

// The reference network on the engine (float32, single-threaded Eigen).
// Its initial weights (Xavier, from gen) are also the GPU network's.
class CpuMlp {
 public:
  CpuMlp(Context& ctx, const gpu::MlpShape& s, Generator& gen, const MlpData& data, float lr);
  // The forward pass: the mean cross-entropy of the batch.
  TensorF loss() const;
  // Forward, backward, SGD update; returns the loss before the update.
  float step();
  std::vector<TensorF> params() const;   // W1, b1, W2, b2, W3, b3

 private:
  Linear<float> l1_, l2_, l3_;
  TensorF X_;
  std::vector<int> labels_;
  SGD<float> sgd_;
};

std::vector<gpu::HostMatrix> to_host(const std::vector<TensorF>& params);
MatF to_mat(const gpu::HostMatrix& m);

// What the MLP section reports.
struct MlpComparison {
  int steps = 0;
  std::vector<float> cpu_loss;      // the loss of each step, before its update
  std::vector<float> gpu_loss;      // empty when the GPU was not measured
  double cpu_ms_per_step = 0;
  std::optional<double> gpu_ms_per_step;
  double worst_grad_difference = 0; // norm-wise, after step 1, over the six gradients
  std::string gpu_note;             // why the GPU was not measured
  std::string graph_dot;            // the CPU network's graph after the last step, with gradients
};

// Relative tolerance on the loss, GPU vs CPU, after `steps` steps: both are
// float32 and sum in different orders (cuBLAS vs Eigen), so the losses drift
// apart by rounding, ~1e-7 relative per operation; a wrong gradient or
// update moves the loss by far more within a few steps.
inline constexpr double kLossTolerance = 1e-3;
// Norm-wise tolerance on the gradients of the first step (test_precision.cpp
// holds float vs double to 1e-5 on a smaller net; two float sums of 256
// terms in different orders stay well inside 1e-4).
inline constexpr double kGradTolerance = 1e-4;

// Trains the CPU network `steps` steps (timed), and the GPU network from the
// same weights when device is available; validates the GPU's gradients after
// the first step and its losses after every step (throws sg::ValueError on a
// mismatch). lr: SGD learning rate. The CPU network's Context gets `trace`,
// and on_cpu_step(step, loss) runs after each of its steps (1-based).
using StepCallback = std::function<void(int step, float loss)>;
MlpComparison compare_mlp(const gpu::MlpShape& s, int steps, float lr, std::uint64_t seed,
                          const gpu::DeviceInfo& device, Trace* trace = nullptr,
                          const StepCallback& on_cpu_step = {});

// The engine's numerical gradient check of the same architecture (ReLU MLP
// with softmax cross-entropy), in double on a small copy: the reference the
// GPU is held to is itself checked.
GradcheckResult gradcheck_reference_mlp(std::uint64_t seed);

}  // namespace sg::ch19
