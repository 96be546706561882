// Chapter 19's exercises as the judge sees them: the declarations of
// exercises/19_gpu/gpu_exercises.hpp without their bodies, which run in the
// worker (grading/api/ch19.cpp). The judge's include path puts this folder
// where the graded tests look for "19_gpu/gpu_exercises.hpp", so that no
// line of a student's header is compiled into the judge.
#pragma once

#include "chapters/19_gpu/grid.hpp"   // Dim2, Cell

namespace sg::gpu {

Cell naive_output_index(Dim2 block, Dim2 thread, Dim2 block_dim);
float tile_load(const float* A, int rows, int cols, int r, int c);
float softmax_xent_row(const float* Z, const float* bias, int C, int stride, int label, float scale, float* dZ);

}  // namespace sg::gpu
