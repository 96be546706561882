// Chapter 4's lesson math that is not an exercise, in plain Eigen and
// double: RMSE, ½(y - y*)², binary cross-entropy of logits, the naive
// log-sum-exp and softmax (to show them overflow), the stable softmax (on
// top of exercise 4.3), one-hot, accuracy and a numerical gradient. The
// losses a student writes (mse, bce, logsumexp, cross_entropy and their
// gradients) are exercises: exercises.hpp declares them. Header-only, so a
// unit test can include it.
//
// Conventions, the same as the engine's: rmse and bce_with_logits average
// over all N = B·n elements; half_squared_error is a plain sum.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "chapters/04_losses/exercises.hpp"
#include "engine/core/error.hpp"
#include "engine/core/shape.hpp"

namespace sg::ch04 {

// ---- regression: Ŷ, Y (B,n), N = B·n --------------------------------------------
// L = sqrt(mean((Ŷ - Y)²)); dL/dŶ = (Ŷ - Y)/(N·L) (taken as 0 when L = 0, a perfect fit)
inline double rmse(const Mat& Yhat, const Mat& Y) { return std::sqrt((Yhat - Y).array().square().mean()); }
inline Mat rmse_backward(const Mat& Yhat, const Mat& Y) {
  const double L = rmse(Yhat, Y);
  if (L == 0.0) return Mat::Zero(Y.rows(), Y.cols());
  return (Yhat - Y) / (static_cast<double>(Y.size()) * L);
}

// L = ½ Σ (Ŷ - Y)²; dL/dŶ = Ŷ - Y: the ½ is there to cancel the 2
inline double half_squared_error(const Mat& Yhat, const Mat& Y) { return 0.5 * (Yhat - Y).squaredNorm(); }
inline Mat half_squared_error_backward(const Mat& Yhat, const Mat& Y) { return Yhat - Y; }

// ---- binary: logits Z, targets Y in {0,1}, (B,n) -----------------------------------
inline Mat sigmoid(const Mat& Z) {
  return Z.unaryExpr([](double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); });
}
// bce(σ(Z), Y) without computing σ: mean(max(Z,0) - Z⊙Y + log(1 + e^-|Z|));
// dL/dZ = (σ(Z) - Y)/N, the same simple form as cross-entropy's
inline double bce_with_logits(const Mat& Z, const Mat& Y) {
  const auto z = Z.array();
  return (z.max(0.0) - z * Y.array() + (-z.abs()).exp().log1p()).mean();
}
inline Mat bce_with_logits_backward(const Mat& Z, const Mat& Y) {
  return (sigmoid(Z) - Y) / static_cast<double>(Y.size());
}

// ---- categorical: logits Z (B,C), one label in [0, C) per row ----------------------
// log Σ_j exp(z_j) of each row, naively: exp overflows to inf beyond z ≈ 709
// and underflows to 0 below z ≈ -745.  Z (B,C) -> (B,1). The stable one is
// exercise 4.3 (logsumexp).
inline Mat logsumexp_naive(const Mat& Z) { return Z.array().exp().rowwise().sum().log().matrix(); }
// softmax(z)_j = exp(z_j) / Σ_k exp(z_k), naively, and stably as
// exp(z_j - lse(z)) with lse your logsumexp (exercise 4.3): it throws
// sg::NotImplemented until you have written it.
inline Mat softmax_naive(const Mat& Z) {
  const Mat E = Z.array().exp();
  return (E.array().colwise() / E.array().rowwise().sum()).matrix();
}
inline Mat softmax(const Mat& Z) { return (Z.colwise() - logsumexp(Z).col(0)).array().exp().matrix(); }

inline Mat one_hot(const std::vector<int>& labels, Index C) {
  Mat Y = Mat::Zero(static_cast<Index>(labels.size()), C);
  for (std::size_t b = 0; b < labels.size(); ++b) {
    if (labels[b] < 0 || labels[b] >= C) {
      throw ValueError("one_hot: a label must lie in [0, C) for C = " + std::to_string(C));
    }
    Y(static_cast<Index>(b), labels[b]) = 1.0;
  }
  return Y;
}

// The fraction of rows whose largest logit is the label's (ties: the first wins).
inline double accuracy(const Mat& Z, const std::vector<int>& labels) {
  int right = 0;
  for (Index b = 0; b < Z.rows(); ++b) {
    Index best = 0;
    Z.row(b).maxCoeff(&best);
    right += best == labels[static_cast<std::size_t>(b)];
  }
  return static_cast<double>(right) / static_cast<double>(Z.rows());
}

// dL/dX of a scalar function by central differences, element by element.
inline Mat numerical_gradient(const std::function<double(const Mat&)>& L, const Mat& X, double h) {
  Mat G(X.rows(), X.cols());
  for (Index i = 0; i < X.size(); ++i) {
    Mat plus = X, minus = X;
    plus(i) += h;
    minus(i) -= h;
    G(i) = (L(plus) - L(minus)) / (2.0 * h);
  }
  return G;
}

}  // namespace sg::ch04
