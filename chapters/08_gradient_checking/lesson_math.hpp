// Chapter 8's lesson math that is not an exercise: the forward pass of the
// layer whose backward is exercise 8.4, in plain Eigen.
//
//   Y = softplus(X·W + b),  softplus(a) = log(1 + e^a)
//   X (B,in), W (in,out), b (1,out) added to every row, Y (B,out)
//
// softplus is a smooth ReLU: about a for large a, about 0 for very negative a.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace sg::ch08 {

// log(1 + e^a) without overflow: max(a, 0) + log(1 + e^−|a|).
inline double softplus(double a) { return std::max(a, 0.0) + std::log1p(std::exp(-std::abs(a))); }

inline Eigen::MatrixXd softplus_dense(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd A = X * W;
  A.rowwise() += b.row(0);
  return A.unaryExpr([](double a) { return softplus(a); });
}

}  // namespace sg::ch08
