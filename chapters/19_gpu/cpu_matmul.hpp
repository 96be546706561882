// The CPU side of the chapter's table: the textbook triple loop, Eigen on
// one thread, and Eigen on every core (OpenMP).
#pragma once

#include "engine/core/shape.hpp"

namespace sg::ch19 {

// C (M,N) = A (M,K) · B (K,N) by the textbook loop: for every (i, j) a dot
// product over k, in that order, with nothing cached or blocked. Each A and
// B element is read N (or M) times from wherever it happens to be.
void naive_matmul(const MatF& A, const MatF& B, MatF& C);

// C = A·B by Eigen's product, which blocks it for the caches and vectorises
// it (AVX2/FMA with -march=native). With threads > 1 the columns of C are
// split into one slab per thread (OpenMP), each an Eigen product of its own
// (cpu_matmul.cpp says why not Eigen's own threading).
void eigen_matmul(const MatF& A, const MatF& B, MatF& C, int threads);

// How many threads "all threads" is: OpenMP's maximum, or 0 when this build
// has no OpenMP (then the column is not measured).
int cpu_threads();

}  // namespace sg::ch19
