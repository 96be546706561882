// Shapes and the matrix types the engine stores. Every tensor is a 2-D matrix:
// a 1x1 matrix is a scalar, a 1xN matrix a row vector, a BxN matrix a batch.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace sg {

template <typename T>
using MatT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
using Mat = MatT<double>;   // the textbook default
using MatF = MatT<float>;   // the throughput / GPU path

using Index = Eigen::Index;

struct Shape {
  Index rows = 0;
  Index cols = 0;
  Index size() const { return rows * cols; }
  bool operator==(const Shape&) const = default;
};

template <typename Derived>
Shape shape_of(const Eigen::MatrixBase<Derived>& m) {
  return {m.rows(), m.cols()};
}

// "(4,3)": the form every message and diagram uses.
std::string to_string(Shape s);

// Eigen aligns its allocations and lays out its fixed-size types by the
// widest vector the compiler may use, so a program compiled with other
// vector flags than the engine (without -march=native against a Release
// engine, say) hands it objects of another layout and crashes on the first
// op. Every program that includes this header checks at start-up that its
// flags agree with the library's, and if not stops with exit code 70 and a
// message that says which flags to use (docs/engine.md, "Using the engine
// outside this build").
namespace detail {
bool check_abi(int max_align_bytes, int max_static_align_bytes) noexcept;
inline const bool abi_checked = check_abi(EIGEN_MAX_ALIGN_BYTES, EIGEN_MAX_STATIC_ALIGN_BYTES);
}  // namespace detail

}  // namespace sg
