// Built with OpenMP and with EIGEN_DONT_PARALLELIZE (chapters/19_gpu/CMakeLists.txt).
//
// Why not Eigen's own threads (Eigen::setNbThreads)? Eigen compiles its
// product differently in a file built with OpenMP than in one built without,
// under the same function names, and the linker keeps one compilation of
// each for the whole program: the engine's (no OpenMP) or this file's, by
// link order. The threaded column could then run on one thread, or two
// threads could share one packing buffer. So Eigen's product is the same
// single-threaded code everywhere, and this file splits the work itself:
// each thread multiplies A by its own slab of B's columns.
#include "chapters/19_gpu/cpu_matmul.hpp"

#include <Eigen/Core>

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace sg::ch19 {

void naive_matmul(const MatF& A, const MatF& B, MatF& C) {
  const Index M = A.rows(), K = A.cols(), N = B.cols();
  C.resize(M, N);
  const float* a = A.data();   // raw pointers: the loop, not Eigen's accessors, is what is timed
  const float* b = B.data();
  float* c = C.data();
  for (Index i = 0; i < M; ++i) {
    for (Index j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (Index k = 0; k < K; ++k) acc += a[i + k * M] * b[k + j * K];   // A(i,k) · B(k,j)
      c[i + j * M] = acc;
    }
  }
}

void eigen_matmul(const MatF& A, const MatF& B, MatF& C, int threads) {
  C.resize(A.rows(), B.cols());
  if (threads <= 1) {
    C.noalias() = A * B;   // noalias: write straight into C, no temporary
    return;
  }
  // C(:, slab) = A · B(:, slab): the slabs are independent, so the threads
  // share nothing but A, which they only read.
  const Index N = B.cols();
  const Index width = (N + threads - 1) / threads;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
  for (int t = 0; t < threads; ++t) {
    const Index j0 = std::min<Index>(N, t * width);
    const Index n = std::min<Index>(N - j0, width);
    if (n > 0) C.middleCols(j0, n).noalias() = A * B.middleCols(j0, n);
  }
}

int cpu_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 0;
#endif
}

}  // namespace sg::ch19
