// One training step of the chapter's MLP on the GPU: forward, backward, SGD.
//
//   X (B,in) -> H1 = relu(X·W1 + b1) (B,h1) -> H2 = relu(H1·W2 + b2) (B,h2)
//            -> Z3 = H2·W3 (B,out) -> loss = mean_b [lse(Z3 + b3)_b - (Z3 + b3)_{b,y_b}]
//
// The six products go to cuBLAS (the fastest matmul we have, v4); the rest is
// the chapter's own fused kernels, whose arithmetic lives in kernel_math.hpp
// and gpu_exercises.hpp. Nothing is copied to the host during a step: the
// loss stays on the device until losses() asks for all of them at once.
#include <array>
#include <string>

#include "chapters/19_gpu/device_buffer.hpp"
#include "chapters/19_gpu/gpu.hpp"
#include "chapters/19_gpu/kernel_math.hpp"

namespace sg::gpu {

namespace {

constexpr int kThreads = 256;        // per block, for the elementwise kernels
constexpr int kLossCapacity = 1024;  // losses kept on the device before a copy to the host

int blocks_for(int n) { return ceil_div(n, kThreads); }

// The sum of v over the block's threads (tree reduction in shared memory s[kThreads]).
__device__ float block_sum(float v, float* s) {
  const int tid = static_cast<int>(threadIdx.x);
  s[tid] = v;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride /= 2) {
    if (tid < stride) s[tid] += s[tid + stride];
    __syncthreads();
  }
  return s[0];
}

// H = relu(Z + b) in place.  Z (B,n), b (1,n).  One thread per element.
__global__ void bias_relu_forward(float* Z, const float* b, int B, int n) {
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < B * n) Z[i] = bias_relu(Z[i], b[column_of(i, B)]);
}

// Bias, softmax, cross-entropy and its gradient for one row per thread.
// Z (B,C), b (1,C) -> row_loss (B), dZ (B,C) = (softmax(Z + b) - onehot)/B.
// Consecutive threads read consecutive rows: coalesced in column-major Z.
__global__ void softmax_xent(const float* Z, const float* b, const int* labels, int B, int C,
                             float* row_loss, float* dZ) {
  const int r = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (r < B) row_loss[r] = softmax_xent_row(Z + r, b, C, B, labels[r], 1.0f / B, dZ + r);
}

// *out = mean(x[0..n)).  One block.
__global__ void mean_into(const float* x, int n, float* out) {
  __shared__ float s[kThreads];
  float v = 0.0f;
  for (int i = static_cast<int>(threadIdx.x); i < n; i += kThreads) v += x[i];
  const float total = block_sum(v, s);
  if (threadIdx.x == 0) *out = total / static_cast<float>(n);
}

// With kRelu: dZ = dH ⊙ [H > 0], in place over dH. Then db = Σ_rows dZ.
// One block per column: a column of a column-major matrix is contiguous, so
// the block's reads are coalesced, and the fused kernel reads dH once for
// both results.  dH, H (B,n), db (1,n).
template <bool kRelu>
__global__ void backward_bias(float* dH, const float* H, int B, float* db) {
  __shared__ float s[kThreads];
  const int c = static_cast<int>(blockIdx.x);
  float partial = 0.0f;
  for (int r = static_cast<int>(threadIdx.x); r < B; r += kThreads) {
    const int i = r + c * B;
    float g = dH[i];
    if constexpr (kRelu) {
      g = relu_backward(g, H[i]);
      dH[i] = g;
    }
    partial += g;
  }
  const float total = block_sum(partial, s);
  if (threadIdx.x == 0) db[c] = total;
}

// θ ← θ − lr·g for every parameter in one launch: the six tensors sit in one
// buffer, and one launch (a few µs of overhead) replaces six.
__global__ void sgd_all(float* P, const float* G, int n, float lr) {
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < n) P[i] = sgd_update(P[i], G[i], lr);
}

// C (m,n) = op(A) · op(B) with column-major operands; ld* are row counts.
void gemm(cublasHandle_t h, bool ta, bool tb, int m, int n, int k, const float* A, int lda,
          const float* B, int ldb, float* C, int ldc) {
  const float one = 1.0f, zero = 0.0f;
  SG_CUDA_CHECK(cublasSgemm(h, ta ? CUBLAS_OP_T : CUBLAS_OP_N, tb ? CUBLAS_OP_T : CUBLAS_OP_N, m,
                            n, k, &one, A, lda, B, ldb, &zero, C, ldc));
}

constexpr int kParams = 6;   // W1, b1, W2, b2, W3, b3


}  // namespace

struct DeviceMlp::Impl {
  MlpShape s;
  std::array<HostMatrix, kParams> shapes;   // rows, cols of each parameter (data unused)
  std::array<std::size_t, kParams> offset{};
  std::size_t total = 0;
  DeviceBuffer<float> P, G;          // all parameters, all gradients: one buffer each
  DeviceBuffer<float> X;             // (B,in)
  DeviceBuffer<int> labels;          // (B)
  DeviceBuffer<float> H1, H2, Z3;    // activations: (B,h1), (B,h2), (B,out)
  DeviceBuffer<float> dZ3, dH2, dH1; // gradients: (B,out), (B,h2), (B,h1)
  DeviceBuffer<float> row_loss;      // (B)
  DeviceBuffer<float> loss_buf;      // kLossCapacity
  int losses_on_device = 0;
  std::vector<float> losses_on_host;
  CublasHandle cublas;
  EventTimer timer;

  static std::size_t count(const std::vector<HostMatrix>& ps) {
    std::size_t n = 0;
    for (const HostMatrix& p : ps) n += static_cast<std::size_t>(p.rows) * p.cols;
    return n;
  }
  Impl(MlpShape shape, const std::vector<HostMatrix>& ps)
      : s(shape), total(count(ps)), P(total), G(total),
        X(static_cast<std::size_t>(s.batch) * s.in), labels(s.batch),
        H1(static_cast<std::size_t>(s.batch) * s.h1), H2(static_cast<std::size_t>(s.batch) * s.h2),
        Z3(static_cast<std::size_t>(s.batch) * s.out), dZ3(static_cast<std::size_t>(s.batch) * s.out),
        dH2(static_cast<std::size_t>(s.batch) * s.h2), dH1(static_cast<std::size_t>(s.batch) * s.h1),
        row_loss(s.batch), loss_buf(kLossCapacity) {}

  float* param(int i) const { return P.get() + offset[i]; }
  float* grad(int i) const { return G.get() + offset[i]; }

  void flush_losses() {
    if (losses_on_device == 0) return;
    std::vector<float> l(losses_on_device);
    loss_buf.download(l.data(), l.size());
    losses_on_host.insert(losses_on_host.end(), l.begin(), l.end());
    losses_on_device = 0;
  }

  std::vector<HostMatrix> read(const DeviceBuffer<float>& buf) const {
    std::vector<HostMatrix> out(shapes.begin(), shapes.end());
    for (int i = 0; i < kParams; ++i) {
      out[i].data.resize(static_cast<std::size_t>(out[i].rows) * out[i].cols);
      SG_CUDA_CHECK(cudaMemcpy(out[i].data.data(), buf.get() + offset[i],
                               out[i].data.size() * sizeof(float), cudaMemcpyDeviceToHost));
    }
    return out;
  }
};

DeviceMlp::DeviceMlp(MlpShape s, const std::vector<HostMatrix>& params, const HostMatrix& X,
                     const std::vector<int>& labels) {
  const std::array<std::array<int, 2>, kParams> want{
      {{s.in, s.h1}, {1, s.h1}, {s.h1, s.h2}, {1, s.h2}, {s.h2, s.out}, {1, s.out}}};
  const char* names[kParams] = {"W1", "b1", "W2", "b2", "W3", "b3"};
  if (params.size() != kParams) {
    throw sg::ShapeError("DeviceMlp: got " + std::to_string(params.size()) +
                         " parameters, expected 6 (W1 b1 W2 b2 W3 b3)");
  }
  for (int i = 0; i < kParams; ++i) {
    const HostMatrix& p = params[i];
    if (p.rows != want[i][0] || p.cols != want[i][1] ||
        p.data.size() != static_cast<std::size_t>(p.rows) * p.cols) {
      throw sg::ShapeError("DeviceMlp: " + std::string(names[i]) + " is " +
                           shape_text(p.rows, p.cols) + " with " + std::to_string(p.data.size()) +
                           " values, expected " + shape_text(want[i][0], want[i][1]));
    }
  }
  if (X.rows != s.batch || X.cols != s.in || static_cast<int>(labels.size()) != s.batch) {
    throw sg::ShapeError("DeviceMlp: X is " + shape_text(X.rows, X.cols) + " with " +
                         std::to_string(labels.size()) + " labels, expected " +
                         shape_text(s.batch, s.in) + " and one label per row");
  }
  for (int y : labels) {
    if (y < 0 || y >= s.out) {
      throw sg::ValueError("DeviceMlp: label " + std::to_string(y) + " is outside [0, " +
                           std::to_string(s.out) + ")");
    }
  }
  impl_ = std::make_unique<Impl>(s, params);
  std::size_t at = 0;
  for (int i = 0; i < kParams; ++i) {
    impl_->shapes[i] = HostMatrix{params[i].rows, params[i].cols, {}};
    impl_->offset[i] = at;
    SG_CUDA_CHECK(cudaMemcpy(impl_->P.get() + at, params[i].data.data(),
                             params[i].data.size() * sizeof(float), cudaMemcpyHostToDevice));
    at += params[i].data.size();
  }
  impl_->X.upload(X.data.data(), X.data.size());
  impl_->labels.upload(labels.data(), labels.size());
}

DeviceMlp::~DeviceMlp() = default;

void DeviceMlp::step(float lr) {
  Impl& d = *impl_;
  const MlpShape& s = d.s;
  const int B = s.batch;
  cublasHandle_t h = d.cublas.get();
  if (d.losses_on_device == kLossCapacity) d.flush_losses();

  // ---- forward
  gemm(h, false, false, B, s.h1, s.in, d.X.get(), B, d.param(0), s.in, d.H1.get(), B);   // X·W1
  bias_relu_forward<<<blocks_for(B * s.h1), kThreads>>>(d.H1.get(), d.param(1), B, s.h1);
  gemm(h, false, false, B, s.h2, s.h1, d.H1.get(), B, d.param(2), s.h1, d.H2.get(), B);  // H1·W2
  bias_relu_forward<<<blocks_for(B * s.h2), kThreads>>>(d.H2.get(), d.param(3), B, s.h2);
  gemm(h, false, false, B, s.out, s.h2, d.H2.get(), B, d.param(4), s.h2, d.Z3.get(), B); // H2·W3
  softmax_xent<<<blocks_for(B), kThreads>>>(d.Z3.get(), d.param(5), d.labels.get(), B, s.out,
                                            d.row_loss.get(), d.dZ3.get());
  mean_into<<<1, kThreads>>>(d.row_loss.get(), B, d.loss_buf.get() + d.losses_on_device);
  ++d.losses_on_device;

  // ---- backward: dW = Xᵀ·dZ, db = Σ_rows dZ, dX = dZ·Wᵀ, layer by layer
  gemm(h, true, false, s.h2, s.out, B, d.H2.get(), B, d.dZ3.get(), B, d.grad(4), s.h2);  // dW3
  backward_bias<false><<<s.out, kThreads>>>(d.dZ3.get(), nullptr, B, d.grad(5));          // db3
  gemm(h, false, true, B, s.h2, s.out, d.dZ3.get(), B, d.param(4), s.h2, d.dH2.get(), B); // dH2
  backward_bias<true><<<s.h2, kThreads>>>(d.dH2.get(), d.H2.get(), B, d.grad(3));        // dZ2, db2
  gemm(h, true, false, s.h1, s.h2, B, d.H1.get(), B, d.dH2.get(), B, d.grad(2), s.h1);   // dW2
  gemm(h, false, true, B, s.h1, s.h2, d.dH2.get(), B, d.param(2), s.h1, d.dH1.get(), B); // dH1
  backward_bias<true><<<s.h1, kThreads>>>(d.dH1.get(), d.H1.get(), B, d.grad(1));        // dZ1, db1
  gemm(h, true, false, s.in, s.h1, B, d.X.get(), B, d.dH1.get(), B, d.grad(0), s.in);    // dW1

  // ---- update
  const int n = static_cast<int>(d.total);
  sgd_all<<<blocks_for(n), kThreads>>>(d.P.get(), d.G.get(), n, lr);
  SG_CUDA_CHECK(cudaGetLastError());
}

double DeviceMlp::time_steps(int steps, float lr) {
  impl_->timer.start();
  for (int i = 0; i < steps; ++i) step(lr);
  return impl_->timer.stop_ms() / steps;
}

std::vector<float> DeviceMlp::losses() {
  SG_CUDA_CHECK(cudaDeviceSynchronize());   // a kernel that crashed reports here
  impl_->flush_losses();
  return impl_->losses_on_host;
}

std::vector<HostMatrix> DeviceMlp::params() {
  SG_CUDA_CHECK(cudaDeviceSynchronize());
  return impl_->read(impl_->P);
}

std::vector<HostMatrix> DeviceMlp::grads() {
  SG_CUDA_CHECK(cudaDeviceSynchronize());
  return impl_->read(impl_->G);
}

}  // namespace sg::gpu
