// Chapter 3's helpers, in plain Eigen and double: the identity ("linear")
// activation, a central difference, and the collapse of two linear layers.
// Header-only, so a unit test can include it. The four activations a student
// writes (sigmoid, tanh, relu, leaky relu) are exercises: exercises.hpp.
//
// Backward follows the engine: given X and the gradient dY arriving from
// above, return dX = f'(X) ⊙ dY. With dY = 1 it is the derivative itself.
#pragma once

#include <cmath>
#include <functional>

#include "engine/core/shape.hpp"

namespace sg::ch03 {

// ---- linear (identity): f(x) = x, f'(x) = 1 -------------------------------------
inline Mat linear_forward(const Mat& X) { return X; }
inline Mat linear_backward(const Mat& /*X*/, const Mat& dY) { return dY; }

// The derivative of an elementwise f at every element of X by central
// differences: (f(x + h) - f(x - h)) / 2h. At a kink it gives the mean of the
// two one-sided slopes (relu at 0: 0.5), which is no convention of anyone's.
inline Mat central_difference(const std::function<Mat(const Mat&)>& f, const Mat& X, double h) {
  return (f(X.array() + h) - f(X.array() - h)) / (2.0 * h);
}

// Two linear layers, Y = (X·W1 + b1)·W2 + b2, are one linear layer
// Y = X·W + b with W = W1·W2 and b = b1·W2 + b2. The book's X is (B, in) and
// multiplies from the left, so the product is W1·W2; in the column convention
// (y = W x) the same matrix is written W2W1.
struct LinearLayer {
  Mat W;   // (in, out)
  Mat b;   // (1, out)
};
inline LinearLayer collapse(const LinearLayer& first, const LinearLayer& second) {
  return {first.W * second.W, first.b * second.W + second.b};
}
inline Mat linear_layer(const Mat& X, const LinearLayer& layer) {
  return (X * layer.W).rowwise() + layer.b.row(0);
}

}  // namespace sg::ch03
