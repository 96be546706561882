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

}  // namespace sg
