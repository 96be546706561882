// Small RAII owners of CUDA resources, shared by the chapter's .cu files: a
// buffer on the device and a pair of events that time work on the GPU's own
// clock. Only .cu files include this.
#pragma once

#include <cstddef>

#include "chapters/19_gpu/cuda_check.hpp"

namespace sg::gpu {

// n elements of T in device memory; freed when it goes out of scope.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t n) : n_(n) {
    if (n > 0) SG_CUDA_CHECK(cudaMalloc(&p_, n * sizeof(T)));
  }
  ~DeviceBuffer() {
    if (p_) cudaFree(p_);   // no check: destructors must not throw
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* get() const { return p_; }
  std::size_t size() const { return n_; }
  void upload(const T* host, std::size_t n) {
    SG_CUDA_CHECK(cudaMemcpy(p_, host, n * sizeof(T), cudaMemcpyHostToDevice));
  }
  void download(T* host, std::size_t n) const {
    SG_CUDA_CHECK(cudaMemcpy(host, p_, n * sizeof(T), cudaMemcpyDeviceToHost));
  }

 private:
  T* p_ = nullptr;
  std::size_t n_ = 0;
};

// Times GPU work between start() and stop_ms(): the events are timestamps
// recorded by the GPU itself in its stream, so the figure is the kernels'
// time, not the host's time to launch them.
class EventTimer {
 public:
  EventTimer() {
    SG_CUDA_CHECK(cudaEventCreate(&start_));
    SG_CUDA_CHECK(cudaEventCreate(&stop_));
  }
  ~EventTimer() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  void start() { SG_CUDA_CHECK(cudaEventRecord(start_)); }
  // Waits for the work recorded since start() and returns its milliseconds.
  float stop_ms() {
    SG_CUDA_CHECK(cudaEventRecord(stop_));
    SG_CUDA_CHECK(cudaEventSynchronize(stop_));
    float ms = 0.0f;
    SG_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
    return ms;
  }

 private:
  cudaEvent_t start_{};
  cudaEvent_t stop_{};
};

// One cuBLAS handle; cuBLAS needs one per thread that calls it.
class CublasHandle {
 public:
  CublasHandle() { SG_CUDA_CHECK(cublasCreate(&h_)); }
  ~CublasHandle() { cublasDestroy(h_); }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  cublasHandle_t get() const { return h_; }

 private:
  cublasHandle_t h_{};
};

}  // namespace sg::gpu
