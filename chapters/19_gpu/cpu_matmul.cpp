#include "chapters/19_gpu/cpu_matmul.hpp"

#include <Eigen/Core>

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
  // Maps, not MatF: this file is compiled with OpenMP and the engine without.
  // Eigen's product for Map operands is a different template instance from
  // the engine's MatF · MatF, so the linker cannot swap the threaded and the
  // single-threaded compilation of the same function for one another. (The
  // chapter validates this column against the engine all the same.)
  const Eigen::Map<const MatF> a(A.data(), A.rows(), A.cols());
  const Eigen::Map<const MatF> b(B.data(), B.rows(), B.cols());
  Eigen::Map<MatF> c(C.data(), C.rows(), C.cols());
  Eigen::setNbThreads(threads);
  c.noalias() = a * b;   // noalias: write straight into C, no temporary
  Eigen::setNbThreads(1);
}

int cpu_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 0;
#endif
}

}  // namespace sg::ch19
