// Chapter 3's math, in plain Eigen and double: each activation's forward and
// backward, a central difference, and the collapse of two linear layers.
// The chapter calls these and checks every one against the engine's ops
// (engine/ops_activation.cpp). Header-only, so a unit test can include it.
//
// Backward follows the engine: given X and the gradient dY arriving from
// above, return dX = f'(X) ⊙ dY. With dY = 1 it is the derivative itself.
#pragma once

#include <cmath>
#include <functional>

#include "engine/shape.hpp"

namespace sg::ch03 {

// ---- sigmoid: σ(x) = 1 / (1 + e^-x), σ'(x) = σ(x)(1 - σ(x)) -------------------
inline Mat sigmoid_forward(const Mat& X) {
  // For x < 0, e^x / (1 + e^x) is the same number without overflowing e^-x.
  return X.unaryExpr([](double x) {
    return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
  });
}
inline Mat sigmoid_backward(const Mat& X, const Mat& dY) {
  const Mat Y = sigmoid_forward(X);
  return (Y.array() * (1.0 - Y.array()) * dY.array()).matrix();
}

// ---- tanh: tanh'(x) = 1 - tanh²(x) --------------------------------------------
inline Mat tanh_forward(const Mat& X) { return X.array().tanh().matrix(); }
inline Mat tanh_backward(const Mat& X, const Mat& dY) {
  const Mat Y = tanh_forward(X);
  return ((1.0 - Y.array().square()) * dY.array()).matrix();
}

// ---- ReLU: max(0, x); derivative [x > 0], so relu'(0) = 0 as in the engine -----
inline Mat relu_forward(const Mat& X) { return X.cwiseMax(0.0); }
inline Mat relu_backward(const Mat& X, const Mat& dY) {
  return (X.array() > 0.0).select(dY.array(), 0.0).matrix();
}

// ---- leaky ReLU: x for x > 0, αx otherwise; derivative 1 or α (α at 0) ---------
inline Mat leaky_relu_forward(const Mat& X, double alpha) {
  return (X.array() > 0.0).select(X.array(), alpha * X.array()).matrix();
}
inline Mat leaky_relu_backward(const Mat& X, const Mat& dY, double alpha) {
  return (X.array() > 0.0).select(dY.array(), alpha * dY.array()).matrix();
}

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
