// SG_HD marks a function that runs on both sides of the PCIe bus.
//
// Under nvcc it is `__host__ __device__`: compiled once for the GPU and once
// for the CPU. Under g++ it is nothing, and the function is plain inline C++.
// The kernels keep their arithmetic (index mapping, tile bounds, the fused
// elementwise math) in SG_HD functions, so the CPU tests run the very code
// the GPU runs, on machines without a GPU.
#pragma once

#include <cstdio>

#include "engine/core/error.hpp"

#ifdef __CUDACC__
#define SG_HD __host__ __device__
#else
#define SG_HD
#endif

namespace sg::gpu {

// What an exercise's stub calls (exercises/19_gpu/gpu_exercises.hpp). On the
// CPU it throws sg::NotImplemented, like every other stub of the book. Device
// code has no exceptions, so on the GPU it prints the message and traps: the
// kernel stops and its launch reports an error. The chapter asks on the CPU
// first, so a student sees the exception, not the trap.
[[noreturn]] SG_HD inline void not_implemented(const char* what) {
#ifdef __CUDA_ARCH__
  printf("%s\n", what);
  __trap();
#else
  throw sg::NotImplemented(what);
#endif
}

}  // namespace sg::gpu
