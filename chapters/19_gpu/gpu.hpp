// What the chapter's C++ code asks of the GPU. Plain C++ (no CUDA headers):
// the .cu files implement it, and only they see CUDA types.
//
// Every matrix crossing this boundary is column-major float32, as Eigen's
// MatF stores it, so an Eigen matrix's data() goes to the GPU as it is.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg::gpu {

// The device the GPU columns come from, or why there is none.
struct DeviceInfo {
  bool available = false;
  std::string why_not;    // plain words, e.g. "there is no CUDA device", when !available
  std::string name;       // "NVIDIA H100 80GB HBM3"
  int cc_major = 0, cc_minor = 0;
  int sm_count = 0;
  double memory_gib = 0;
  int runtime_version = 0;   // CUDA runtime, e.g. 13000
  // "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.1 GiB, CUDA runtime 13.0)"
  std::string describe() const;
};

// Asks the CUDA runtime for device 0. Never throws: a machine without a GPU
// or without a driver is an answer, not an error.
DeviceInfo probe_device();

// The matmul versions of the chapter, in the order they are taught.
enum class Kernel { Naive = 1, Tiled = 2, Register = 3, Cublas = 4 };
inline constexpr Kernel kAllKernels[] = {Kernel::Naive, Kernel::Tiled, Kernel::Register,
                                         Kernel::Cublas};
std::string_view kernel_name(Kernel k);   // "v1 naive", ...

// C (M,N) = A (M,K) · B (K,N) on the device, with its buffers allocated once.
// Times are from CUDA events on the GPU's own clock, in milliseconds.
class DeviceMatmul {
 public:
  DeviceMatmul(int M, int N, int K);
  ~DeviceMatmul();
  DeviceMatmul(const DeviceMatmul&) = delete;
  DeviceMatmul& operator=(const DeviceMatmul&) = delete;

  // Copies A (M*K floats) and B (K*N floats) to the device; returns the ms it took.
  double upload(const float* A, const float* B);
  // One product with kernel k, then waits for it (for validation).
  void run(Kernel k);
  // Mean ms of one product over `reps` back-to-back launches, after one warm-up.
  double time(Kernel k, int reps);
  // Copies C (M*N floats) back; returns the ms it took.
  double download(float* C);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- the MLP training step ----------------------------------------------------
// A column-major matrix on the host: rows x cols floats.
struct HostMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<float> data;
};

// The network of the chapter: in -> h1 -> h2 -> out, ReLU between layers,
// softmax cross-entropy at the end, plain SGD.
struct MlpShape {
  int batch = 256;
  int in = 784;
  int h1 = 256;
  int h2 = 128;
  int out = 10;
};

// The whole step on the GPU: cuBLAS for the six products, the chapter's fused
// kernels for everything else. Parameters and data live on the device.
class DeviceMlp {
 public:
  // params: W1 (in,h1), b1 (1,h1), W2, b2, W3, b3; X (batch,in); labels[batch] in [0,out).
  DeviceMlp(MlpShape shape, const std::vector<HostMatrix>& params, const HostMatrix& X,
            const std::vector<int>& labels);
  ~DeviceMlp();
  DeviceMlp(const DeviceMlp&) = delete;
  DeviceMlp& operator=(const DeviceMlp&) = delete;

  // Forward, backward, SGD update. The loss stays on the device until losses().
  void step(float lr);
  // Mean ms per step over `steps` steps (they train the network too).
  double time_steps(int steps, float lr);
  // The loss of every step so far, before its update (one copy from the device).
  std::vector<float> losses();
  // The parameters, and the gradients of the last step, in the order of the constructor.
  std::vector<HostMatrix> params();
  std::vector<HostMatrix> grads();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::gpu
