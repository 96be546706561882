// The one CUDA error check of the book, for CUDA runtime and cuBLAS calls:
//
//   SG_CUDA_CHECK(cudaMalloc(&p, bytes));
//   SG_CUDA_CHECK(cublasSgemm(...));
//
// A failure throws sg::gpu::CudaError naming the call, where it was made, the
// error's name and what it means in plain words. Only .cu files include this.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <string>

#include "engine/core/error.hpp"

namespace sg::gpu {

class CudaError : public sg::Error {
 public:
  using sg::Error::Error;
};

// "there is no CUDA device" for cudaErrorNoDevice, and so on: the errors a
// student meets first, said plainly; others get CUDA's own description.
std::string plain_words(cudaError_t e);

// "(rows,cols)", the form of every shape in the book's messages.
std::string shape_text(int rows, int cols);

[[noreturn]] void throw_cuda_error(const char* call, const char* file, int line, cudaError_t e);
[[noreturn]] void throw_cublas_error(const char* call, const char* file, int line, cublasStatus_t s);

inline void check(cudaError_t e, const char* call, const char* file, int line) {
  if (e != cudaSuccess) throw_cuda_error(call, file, line, e);
}
inline void check(cublasStatus_t s, const char* call, const char* file, int line) {
  if (s != CUBLAS_STATUS_SUCCESS) throw_cublas_error(call, file, line, s);
}

}  // namespace sg::gpu

#define SG_CUDA_CHECK(call) ::sg::gpu::check((call), #call, __FILE__, __LINE__)
