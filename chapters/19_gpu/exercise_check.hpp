// Which exercise a kernel is still waiting for. The chapter asks the CPU side
// of the exercise functions before it launches a kernel that calls them: a
// stub throws sg::NotImplemented here, where it can be reported, instead of
// trapping inside the GPU (host_device.hpp).
#pragma once

#include <string>

#include "chapters/19_gpu/gpu.hpp"
#include "19_gpu/gpu_exercises.hpp"

namespace sg::ch19 {

// "" when the kernel's exercises are done, else the stub's message
// ("Exercise 19.1 (naive_output_index): ...").
inline std::string missing_exercise(gpu::Kernel k) {
  try {
    if (k == gpu::Kernel::Naive) gpu::naive_output_index({0, 0}, {0, 0}, {1, 1});
    if (k == gpu::Kernel::Tiled || k == gpu::Kernel::Register) {
      const float one = 1.0f;
      gpu::tile_load(&one, 1, 1, 0, 0);
    }
  } catch (const NotImplemented& e) {
    return e.what();
  }
  return "";
}

// The same for the MLP step's fused output layer.
inline std::string missing_exercise_for_mlp() {
  try {
    const float z[2] = {0.0f, 0.0f}, b[2] = {0.0f, 0.0f};
    float dz[2];
    gpu::softmax_xent_row(z, b, 2, 1, 0, 1.0f, dz);
  } catch (const NotImplemented& e) {
    return e.what();
  }
  return "";
}

}  // namespace sg::ch19
