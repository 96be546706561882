// Finding the GPU, and saying plainly what went wrong when there is none.
#include <cstdio>
#include <string>
#include <string_view>

#include "chapters/19_gpu/cuda_check.hpp"
#include "chapters/19_gpu/gpu.hpp"

namespace sg::gpu {

namespace {

// The file name without its directories: messages stay short and the same on every machine.
std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string version_text(int v) { return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10); }

// "name (code)": what every message about a CUDA error ends with.
std::string with_name(const std::string& words, const char* name) { return words + " (" + name + ")"; }

}  // namespace

std::string plain_words(cudaError_t e) {
  switch (e) {
    case cudaErrorNoDevice:
      return "there is no CUDA device on this machine";
    case cudaErrorInsufficientDriver: {
      int runtime = 0;
      cudaRuntimeGetVersion(&runtime);
      return "the NVIDIA driver is missing, or older than this CUDA runtime (" +
             version_text(runtime) + ") needs: there is no usable GPU here";
    }
    case cudaErrorSystemDriverMismatch:
      return "the NVIDIA driver library and kernel module have different versions (reboot after a "
             "driver update)";
    case cudaErrorDevicesUnavailable:
      return "the CUDA devices are busy or unavailable (another process holds them in exclusive mode)";
    case cudaErrorNoKernelImageForDevice:
      return "this build has no code for this GPU's architecture: configure with "
             "-DSG_CUDA_ARCHITECTURES=<yours> (80 for an A100, 89 for an L4, 90 for an H100)";
    case cudaErrorMemoryAllocation:
      return "the GPU is out of memory";
    case cudaErrorIllegalAddress:
      return "a kernel read or wrote outside its buffers (check the index arithmetic and the "
             "bounds; the GPU must be reset by restarting the program)";
    case cudaErrorLaunchFailure:
      return "a kernel stopped with an error (an exercise stub traps; an out-of-bounds access can "
             "do this too)";
    default:
      return cudaGetErrorString(e);
  }
}

std::string shape_text(int rows, int cols) {
  std::string s = "(";   // built with += : GCC 12 warns falsely (-Wrestrict) on "(" + std::string
  s += std::to_string(rows);
  s += ',';
  s += std::to_string(cols);
  s += ')';
  return s;
}

void throw_cuda_error(const char* call, const char* file, int line, cudaError_t e) {
  throw CudaError("CUDA: " + std::string(call) + " failed at " + std::string(base_name(file)) + ":" +
                  std::to_string(line) + ": " + with_name(plain_words(e), cudaGetErrorName(e)));
}

void throw_cublas_error(const char* call, const char* file, int line, cublasStatus_t s) {
  throw CudaError("cuBLAS: " + std::string(call) + " failed at " + std::string(base_name(file)) +
                  ":" + std::to_string(line) + ": " +
                  with_name(cublasGetStatusString(s), cublasGetStatusName(s)));
}

DeviceInfo probe_device() {
  DeviceInfo d;
  cudaRuntimeGetVersion(&d.runtime_version);
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    d.why_not = with_name(plain_words(e), cudaGetErrorName(e));
    return d;
  }
  if (count == 0) {
    d.why_not = plain_words(cudaErrorNoDevice);
    return d;
  }
  cudaDeviceProp p{};
  if (const cudaError_t pe = cudaGetDeviceProperties(&p, 0); pe != cudaSuccess) {
    d.why_not = with_name(plain_words(pe), cudaGetErrorName(pe));
    return d;
  }
  d.available = true;
  d.name = p.name;
  d.cc_major = p.major;
  d.cc_minor = p.minor;
  d.sm_count = p.multiProcessorCount;
  d.memory_gib = static_cast<double>(p.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0);
  return d;
}

std::string DeviceInfo::describe() const {
  if (!available) return "no GPU: " + why_not;
  char gib[32];
  std::snprintf(gib, sizeof gib, "%.1f", memory_gib);
  return name + " (sm_" + std::to_string(cc_major) + std::to_string(cc_minor) + ", " +
         std::to_string(sm_count) + " SMs, " + gib + " GiB, CUDA runtime " +
         version_text(runtime_version) + ")";
}

std::string_view kernel_name(Kernel k) {
  switch (k) {
    case Kernel::Naive: return "v1 naive";
    case Kernel::Tiled: return "v2 tiled";
    case Kernel::Register: return "v3 register";
    case Kernel::Cublas: return "v4 cuBLAS";
  }
  return "?";
}

}  // namespace sg::gpu
