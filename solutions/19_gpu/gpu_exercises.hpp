// Chapter 19 exercises: the arithmetic inside the GPU kernels.
//
// Each function runs inside a kernel (chapters/19_gpu/*.cu) and on the CPU in
// the tests: SG_HD makes one definition serve both, so the graded tests
// (tests/graded/test_ch19.cpp) grade the code the GPU runs, on any machine.
//
// The body between BEGIN SOLUTION and END SOLUTION is what a student writes.
// In the student version it becomes one line,
//     sg::gpu::not_implemented("Exercise 19.1 (naive_output_index): ...");
// and not a `throw`: device code has no exceptions (host_device.hpp).
//
// Matrices are column-major, as in Eigen and cuBLAS: element (r, c) of an
// M-row matrix A is A[r + c·M], so the elements of one column are neighbours.
#pragma once

#include <cmath>

#include "chapters/19_gpu/host_device.hpp"

namespace sg::gpu {

// CUDA's blockIdx, threadIdx and blockDim, for the two axes the kernels use.
struct Dim2 {
  int x = 0;
  int y = 0;
};

// One element of a matrix.
struct Cell {
  int row = 0;
  int col = 0;
};

// ---- Exercise 19.1 (naive_output_index) ------------------------------------
// The naive matmul kernel (v1) starts one thread per element of C. Threads
// come in blocks of block_dim.x × block_dim.y, blocks in a grid. Which element
// of C does thread `thread` of block `block` compute?
//
//   row = block.x · block_dim.x + thread.x
//   col = block.y · block_dim.y + thread.y
//
// Why x goes with rows: the 32 threads of a warp have consecutive thread.x.
// In a column-major C, consecutive rows are consecutive addresses, so the
// warp's 32 stores (and its loads of A) become one contiguous memory
// transaction instead of 32 scattered ones ("coalesced").
//
// The grid is rounded up to whole blocks, so some threads land outside C;
// return their cell anyway (the kernel checks the bounds).
// Check: block (1,2), thread (3,4), block_dim (32,8) -> row 35, col 20.
SG_HD inline Cell naive_output_index(Dim2 block, Dim2 thread, Dim2 block_dim) {
  // BEGIN SOLUTION
  return {block.x * block_dim.x + thread.x, block.y * block_dim.y + thread.y};
  // END SOLUTION
}

// ---- Exercise 19.2 (tile_load) ---------------------------------------------
// The tiled kernels (v2, v3) copy tiles of A and B into fast shared memory.
// When a size is not a multiple of the tile, the last tiles hang over the
// edge of the matrix. Return element (r, c) of the column-major matrix A
// (rows × cols), which is A[r + c·rows], or 0 when (r, c) lies outside A.
//
// Why 0: a zero adds nothing to a dot product, so the inner loop over a tile
// needs no edge case at all; only the loads check the bounds.
// Check: A = [1 4; 2 5; 3 6] is stored {1,2,3,4,5,6}: (2,1) -> 6, (3,0) -> 0,
// (0,2) -> 0. Read A only when (r, c) is inside: reading first and zeroing
// after reads past the end of the array (on a GPU: garbage, or a crash).
SG_HD inline float tile_load(const float* A, int rows, int cols, int r, int c) {
  // BEGIN SOLUTION
  return (r < rows && c < cols) ? A[r + c * rows] : 0.0f;
  // END SOLUTION
}

// ---- Exercise 19.3 (softmax_xent_row) --------------------------------------
// One row of the fused output layer: one GPU thread per example does bias,
// softmax, cross-entropy and its gradient, reading the logits once.
// Logits z_j = Z[j·stride] + bias[j] for j in [0, C) (stride: the row's step
// between columns, the batch size B in a column-major (B,C) matrix).
// Return the row's loss and write its gradient:
//
//   lse   = m + log Σ_j exp(z_j − m),  m = max_j z_j   (subtracting m keeps
//                                                        exp from overflowing)
//   loss  = lse − z_label
//   dZ[j·stride] = (exp(z_j − lse) − [j == label]) · scale
//
// scale is 1/B: the batch loss is the mean of the rows' losses.
// Check: z = (0, 0), label 0, scale 1 -> loss log 2 = 0.693, dZ = (-0.5, 0.5);
// z = (1000, 0) must give loss 0 and no NaN.
SG_HD inline float softmax_xent_row(const float* Z, const float* bias, int C, int stride,
                                    int label, float scale, float* dZ) {
  // BEGIN SOLUTION
  float m = Z[0] + bias[0];
  for (int j = 1; j < C; ++j) m = fmaxf(m, Z[j * stride] + bias[j]);
  float total = 0.0f;
  for (int j = 0; j < C; ++j) total += expf(Z[j * stride] + bias[j] - m);
  const float lse = m + logf(total);
  for (int j = 0; j < C; ++j) {
    const float p = expf(Z[j * stride] + bias[j] - lse);   // softmax(z)_j
    dZ[j * stride] = (p - (j == label ? 1.0f : 0.0f)) * scale;
  }
  return lse - (Z[label * stride] + bias[label]);
  // END SOLUTION
}

}  // namespace sg::gpu
