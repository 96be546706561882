// Chapter 19's exercises as the judge sees them: the types and declarations
// of exercises/19_gpu/gpu_exercises.hpp without their bodies, which run in
// the worker (grading/api/ch19.cpp). The judge's include path puts this
// folder where the graded tests look for "19_gpu/gpu_exercises.hpp", so that
// no line of a student's header is compiled into the judge. The two structs
// must stay as solutions/19_gpu/gpu_exercises.hpp defines them.
#pragma once

namespace sg::gpu {

struct Dim2 {
  int x = 0;
  int y = 0;
};

struct Cell {
  int row = 0;
  int col = 0;
};

Cell naive_output_index(Dim2 block, Dim2 thread, Dim2 block_dim);
float tile_load(const float* A, int rows, int cols, int r, int c);
float softmax_xent_row(const float* Z, const float* bias, int C, int stride, int label, float scale, float* dZ);

}  // namespace sg::gpu
