// C (M,N) = A (M,K) · B (K,N) on the GPU, in four versions. Each kernel is a
// few lines around the SG_HD functions of kernel_math.hpp, where the
// arithmetic (and its comments) lives; the CPU tests run those functions.
//
//   v1 naive        one thread per element of C, everything from global memory
//   v2 tiled        tiles of A and B shared by a block through shared memory
//   v3 register     each thread computes a 4x4 patch of C in registers
//   v4 cuBLAS       NVIDIA's library: the ceiling to measure the others against
#include <limits>
#include <string>

#include "chapters/19_gpu/device_buffer.hpp"
#include "chapters/19_gpu/gpu.hpp"
#include "chapters/19_gpu/kernel_math.hpp"

namespace sg::gpu {

namespace {

__device__ Dim2 block_index() { return {static_cast<int>(blockIdx.x), static_cast<int>(blockIdx.y)}; }
__device__ Dim2 thread_index() { return {static_cast<int>(threadIdx.x), static_cast<int>(threadIdx.y)}; }

// v1: one thread, one output element.
__global__ void matmul_v1(const float* A, const float* B, float* C, int M, int N, int K) {
  matmul_v1_thread(block_index(), thread_index(), A, B, C, M, N, K);
}

// v2: a block walks along K one tile at a time; the two barriers keep the
// tiles whole while they are read and unread while they are overwritten.
// Threads outside C still load and wait: every thread of a block must reach
// every __syncthreads().
__global__ void matmul_v2(const float* A, const float* B, float* C, int M, int N, int K) {
  __shared__ float As[kTile * kTile];
  __shared__ float Bs[kTile * kTile];
  const Dim2 block = block_index(), thread = thread_index();
  float acc = 0.0f;
  for (int t = 0; t < ceil_div(K, kTile); ++t) {
    matmul_v2_load(block, thread, t, A, B, M, N, K, As, Bs);
    __syncthreads();   // the tiles are complete before anyone reads them
    acc = matmul_v2_accumulate(thread, As, Bs, acc);
    __syncthreads();   // everyone has read them before the next load overwrites them
  }
  matmul_v2_store(block, thread, acc, C, M, N);
}

// v3: the same walk with bigger tiles, and 16 outputs per thread in registers.
__global__ void matmul_v3(const float* A, const float* B, float* C, int M, int N, int K) {
  __shared__ float As[kBM * kBK];
  __shared__ float Bs[kBK * kBN];
  const Dim2 block = block_index();
  const int tid = static_cast<int>(threadIdx.x);
  V3Acc acc;
  for (int t = 0; t < ceil_div(K, kBK); ++t) {
    matmul_v3_load(block, tid, t, A, B, M, N, K, As, Bs);
    __syncthreads();
    matmul_v3_accumulate(tid, As, Bs, acc);
    __syncthreads();
  }
  matmul_v3_store(block, tid, acc, C, M, N);
}

void launch(Kernel k, cublasHandle_t cublas, const float* A, const float* B, float* C, int M,
            int N, int K) {
  switch (k) {
    case Kernel::Naive: {
      const dim3 block(kNaiveBlock.x, kNaiveBlock.y);
      const dim3 grid(ceil_div(M, kNaiveBlock.x), ceil_div(N, kNaiveBlock.y));
      matmul_v1<<<grid, block>>>(A, B, C, M, N, K);
      break;
    }
    case Kernel::Tiled: {
      const dim3 block(kTile, kTile);
      const dim3 grid(ceil_div(M, kTile), ceil_div(N, kTile));
      matmul_v2<<<grid, block>>>(A, B, C, M, N, K);
      break;
    }
    case Kernel::Register: {
      const dim3 grid(ceil_div(M, kBM), ceil_div(N, kBN));
      matmul_v3<<<grid, kV3Threads>>>(A, B, C, M, N, K);
      break;
    }
    case Kernel::Cublas: {
      // cuBLAS is column-major like our matrices: no transposes, leading
      // dimensions = row counts. C = 1·A·B + 0·C.
      const float one = 1.0f, zero = 0.0f;
      SG_CUDA_CHECK(cublasSgemm(cublas, CUBLAS_OP_N, CUBLAS_OP_N, M, N, K, &one, A, M, B, K,
                                &zero, C, M));
      break;
    }
  }
  SG_CUDA_CHECK(cudaGetLastError());   // a bad launch configuration shows here
}

}  // namespace

struct DeviceMatmul::Impl {
  int M, N, K;
  DeviceBuffer<float> A, B, C;
  CublasHandle cublas;
  EventTimer timer;
  Impl(int m, int n, int k)
      : M(m), N(n), K(k),
        A(static_cast<std::size_t>(m) * k),
        B(static_cast<std::size_t>(k) * n),
        C(static_cast<std::size_t>(m) * n) {}
};

DeviceMatmul::DeviceMatmul(int M, int N, int K) {
  constexpr long long kMaxElements = std::numeric_limits<int>::max();
  const long long m = M, n = N, k = K;
  if (M < 1 || N < 1 || K < 1 || m * k > kMaxElements || k * n > kMaxElements ||
      m * n > kMaxElements) {
    throw sg::ValueError("DeviceMatmul: A " + shape_text(M, K) + " · B " + shape_text(K, N) +
                         ": every size must be >= 1 and every matrix must have fewer than 2^31 "
                         "elements (the kernels index with int)");
  }
  impl_ = std::make_unique<Impl>(M, N, K);
}

DeviceMatmul::~DeviceMatmul() = default;

double DeviceMatmul::upload(const float* A, const float* B) {
  impl_->timer.start();
  impl_->A.upload(A, impl_->A.size());
  impl_->B.upload(B, impl_->B.size());
  return impl_->timer.stop_ms();
}

void DeviceMatmul::run(Kernel k) {
  Impl& d = *impl_;
  launch(k, d.cublas.get(), d.A.get(), d.B.get(), d.C.get(), d.M, d.N, d.K);
  SG_CUDA_CHECK(cudaDeviceSynchronize());   // a kernel that crashed reports here
}

double DeviceMatmul::time(Kernel k, int reps) {
  Impl& d = *impl_;
  run(k);   // warm-up: the first launch of a kernel pays for loading it
  d.timer.start();
  for (int r = 0; r < reps; ++r) launch(k, d.cublas.get(), d.A.get(), d.B.get(), d.C.get(), d.M, d.N, d.K);
  return d.timer.stop_ms() / reps;
}

double DeviceMatmul::download(float* C) {
  impl_->timer.start();
  impl_->C.download(C, impl_->C.size());
  return impl_->timer.stop_ms();
}

}  // namespace sg::gpu
