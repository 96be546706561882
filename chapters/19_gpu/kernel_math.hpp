// The arithmetic of every kernel of chapter 19, as SG_HD functions.
//
// A kernel in matmul_kernels.cu / mlp_kernels.cu is a few lines that read its
// block and thread index and call these functions; the CPU tests call the
// same functions for every (block, thread) of the grid (tests/chapters/ch19_gpu/). So the
// index mapping, the tile bounds and the fused elementwise math are tested
// on machines without a GPU; what only a GPU can test is the launch itself.
//
// Layout: every matrix is column-major (Eigen's and cuBLAS's order): element
// (r, c) of an M-row matrix is at [r + c·M]. Products: C (M,N) = A (M,K) · B (K,N).
// Indices are int: the chapter's largest matrix (2048 x 2048) is far from
// 2^31 elements, and the launchers refuse sizes that are not.
#pragma once

#include "chapters/19_gpu/host_device.hpp"
#include "19_gpu/gpu_exercises.hpp"

namespace sg::gpu {

// Blocks needed to cover n items, b per block: the grid is rounded up.
SG_HD constexpr int ceil_div(int n, int b) { return (n + b - 1) / b; }

// ---- v1: naive, one thread per element of C ----------------------------------
// 32 x 8 = 256 threads: x spans a warp of 32 consecutive rows (coalesced, see
// Exercise 19.1), y makes the block big enough to keep the SM busy.
inline constexpr Dim2 kNaiveBlock{32, 8};

// C(row, col) = Σ_k A(row, k) · B(k, col), everything read from global memory:
// 2 loads per multiply-add, and each A and B element is loaded N (or M) times.
SG_HD inline void matmul_v1_thread(Dim2 block, Dim2 thread, const float* A, const float* B,
                                   float* C, int M, int N, int K) {
  const Cell out = naive_output_index(block, thread, kNaiveBlock);
  if (out.row >= M || out.col >= N) return;   // the grid is rounded up to whole blocks
  float acc = 0.0f;
  for (int k = 0; k < K; ++k) acc += A[out.row + k * M] * B[k + out.col * K];
  C[out.row + out.col * M] = acc;
}

// ---- v2: shared-memory tiles ---------------------------------------------------
// A block of kTile x kTile threads computes a kTile x kTile tile of C. For each
// step t along K it copies a tile of A and a tile of B into shared memory (on
// chip, ~100x lower latency than global memory), waits for the whole block
// (__syncthreads), then every thread reads the tiles kTile times. Each global
// element is loaded once per tile instead of once per thread: kTile times
// less traffic to global memory.
inline constexpr int kTile = 32;

// The element of C thread `thread` of block `block` owns.
SG_HD inline Cell matmul_v2_cell(Dim2 block, Dim2 thread) {
  return {block.x * kTile + thread.x, block.y * kTile + thread.y};
}

// Phase 1 of step t: each thread copies one element of A's tile and one of
// B's. Shared tiles are column-major too: As[k·kTile + r], Bs[c·kTile + k].
// Consecutive thread.x read consecutive addresses of A and of B (coalesced).
SG_HD inline void matmul_v2_load(Dim2 block, Dim2 thread, int t, const float* A, const float* B,
                                 int M, int N, int K, float* As, float* Bs) {
  const int tile_k = t * kTile;
  As[thread.y * kTile + thread.x] =
      tile_load(A, M, K, block.x * kTile + thread.x, tile_k + thread.y);   // A(row, k)
  Bs[thread.y * kTile + thread.x] =
      tile_load(B, K, N, tile_k + thread.x, block.y * kTile + thread.y);   // B(k, col)
}

// Phase 2: acc += Σ_k As(row, k) · Bs(k, col), all from shared memory. A warp
// (32 consecutive thread.x, one thread.y) reads 32 consecutive As entries
// (32 memory banks, no conflict) and one Bs entry (a broadcast).
SG_HD inline float matmul_v2_accumulate(Dim2 thread, const float* As, const float* Bs, float acc) {
  for (int k = 0; k < kTile; ++k) acc += As[k * kTile + thread.x] * Bs[thread.y * kTile + k];
  return acc;
}

SG_HD inline void matmul_v2_store(Dim2 block, Dim2 thread, float acc, float* C, int M, int N) {
  const Cell out = matmul_v2_cell(block, thread);
  if (out.row < M && out.col < N) C[out.row + out.col * M] = acc;
}

// ---- v3: more work per thread (register blocking) ------------------------------
// A block of 256 threads computes a 64 x 64 tile of C; each thread computes a
// 4 x 4 patch of it in registers. Per step along k a thread reads 4 values of
// A and 4 of B from shared memory and does 16 multiply-adds with them: 2
// FLOP per shared load instead of v2's 1. The accumulators stay in registers
// because every index into them is a compile-time constant (the loops below
// have constexpr trip counts, which nvcc unrolls completely).
inline constexpr int kBM = 64;                          // C tile rows per block
inline constexpr int kBN = 64;                          // C tile columns per block
inline constexpr int kBK = 16;                          // k per shared-memory step
inline constexpr int kTM = 4;                           // C rows per thread
inline constexpr int kTN = 4;                           // C columns per thread
inline constexpr int kRowGroups = kBM / kTM;            // 16
inline constexpr int kV3Threads = kRowGroups * (kBN / kTN);   // 256
inline constexpr int kV3Loads = kBM * kBK / kV3Threads;       // 4 elements of A (and of B) per thread
static_assert(kBM * kBK == kBN * kBK && kBM * kBK % kV3Threads == 0, "v3: each thread loads equally");

struct V3Acc {
  float c[kTN][kTM] = {};   // c[j][i]: C(row i, col j) of this thread's patch
};

// Thread tid's patch is strided, not contiguous: rows tr + 16·i, columns
// tc + 16·j. Neighbouring threads (tr, tr+1) then own neighbouring rows, so
// a warp's stores to C are contiguous and its shared-memory reads hit
// different banks.
SG_HD inline Cell matmul_v3_cell(Dim2 block, int tid, int i, int j) {
  const int tr = tid % kRowGroups, tc = tid / kRowGroups;
  return {block.x * kBM + tr + kRowGroups * i, block.y * kBN + tc + kRowGroups * j};
}

// Phase 1 of step t: the 256 threads copy the 64 x 16 tile of A (As[k·kBM + r])
// and the 16 x 64 tile of B (Bs[c·kBK + k]), kV3Loads elements each, with
// consecutive tids on consecutive addresses.
SG_HD inline void matmul_v3_load(Dim2 block, int tid, int t, const float* A, const float* B,
                                 int M, int N, int K, float* As, float* Bs) {
  for (int l = 0; l < kV3Loads; ++l) {
    const int e = tid + l * kV3Threads;
    const int ar = e % kBM, ak = e / kBM;
    As[ak * kBM + ar] = tile_load(A, M, K, block.x * kBM + ar, t * kBK + ak);
    const int bk = e % kBK, bc = e / kBK;
    Bs[bc * kBK + bk] = tile_load(B, K, N, t * kBK + bk, block.y * kBN + bc);
  }
}

// Phase 2: the outer products of 4 values of A and 4 of B, for each k of the tile.
SG_HD inline void matmul_v3_accumulate(int tid, const float* As, const float* Bs, V3Acc& acc) {
  const int tr = tid % kRowGroups, tc = tid / kRowGroups;
  for (int k = 0; k < kBK; ++k) {
    float a[kTM];
    float b[kTN];
    for (int i = 0; i < kTM; ++i) a[i] = As[k * kBM + tr + kRowGroups * i];
    for (int j = 0; j < kTN; ++j) b[j] = Bs[(tc + kRowGroups * j) * kBK + k];
    for (int j = 0; j < kTN; ++j)
      for (int i = 0; i < kTM; ++i) acc.c[j][i] += a[i] * b[j];
  }
}

SG_HD inline void matmul_v3_store(Dim2 block, int tid, const V3Acc& acc, float* C, int M, int N) {
  for (int j = 0; j < kTN; ++j) {
    for (int i = 0; i < kTM; ++i) {
      const Cell out = matmul_v3_cell(block, tid, i, j);
      if (out.row < M && out.col < N) C[out.row + out.col * M] = acc.c[j][i];
    }
  }
}

// ---- the MLP step's elementwise math -------------------------------------------
// Why fuse: an elementwise op does one or two FLOP per element loaded, so its
// time is all memory traffic. Bias + ReLU as two kernels reads and writes the
// (B,out) matrix twice; fused, once.

// H = relu(Z + b) for one element; b is the bias of the element's column.
SG_HD inline float bias_relu(float z, float b) { return fmaxf(z + b, 0.0f); }

// dZ = dH ⊙ [Z + b > 0], computed from the output H = relu(Z + b) (H > 0
// exactly when Z + b > 0, so the forward need not keep Z): relu'(0) = 0, as in the engine.
SG_HD inline float relu_backward(float dH, float H) { return H > 0.0f ? dH : 0.0f; }

// θ ← θ − lr·g (plain SGD, as sg::SGD without momentum).
SG_HD inline float sgd_update(float theta, float g, float lr) { return theta - lr * g; }

// The column of element i of a column-major matrix with `rows` rows.
SG_HD inline int column_of(int i, int rows) { return i / rows; }

}  // namespace sg::gpu
