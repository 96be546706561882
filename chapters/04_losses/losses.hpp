// Chapter 4's math, in plain Eigen and double: each loss's forward value and
// its gradient with respect to the prediction, log-sum-exp (naive and
// stable), softmax, one-hot, accuracy and a numerical gradient. The chapter
// calls these and checks each against the engine's ops (engine/ops_loss.cpp).
// Header-only, so a unit test can include it.
//
// Conventions, the same as the engine's: mse, rmse, bce and bce_with_logits
// average over all N = B·n elements; cross_entropy averages over the B rows
// (samples) and sums over the C classes; half_squared_error is a plain sum.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "engine/error.hpp"
#include "engine/shape.hpp"

namespace sg::ch04 {

// ---- regression: Ŷ, Y (B,n), N = B·n --------------------------------------------
// L = mean((Ŷ - Y)²); dL/dŶ = 2(Ŷ - Y)/N
inline double mse(const Mat& Yhat, const Mat& Y) {
  return (Yhat - Y).squaredNorm() / static_cast<double>(Y.size());
}
inline Mat mse_backward(const Mat& Yhat, const Mat& Y) {
  return 2.0 * (Yhat - Y) / static_cast<double>(Y.size());
}

// L = sqrt(mse); dL/dŶ = (Ŷ - Y)/(N·L) (taken as 0 when L = 0, a perfect fit)
inline double rmse(const Mat& Yhat, const Mat& Y) { return std::sqrt(mse(Yhat, Y)); }
inline Mat rmse_backward(const Mat& Yhat, const Mat& Y) {
  const double L = rmse(Yhat, Y);
  if (L == 0.0) return Mat::Zero(Y.rows(), Y.cols());
  return (Yhat - Y) / (static_cast<double>(Y.size()) * L);
}

// L = ½ Σ (Ŷ - Y)²; dL/dŶ = Ŷ - Y: the ½ is there to cancel the 2
inline double half_squared_error(const Mat& Yhat, const Mat& Y) { return 0.5 * (Yhat - Y).squaredNorm(); }
inline Mat half_squared_error_backward(const Mat& Yhat, const Mat& Y) { return Yhat - Y; }

// ---- binary: P in (0,1) or logits Z, targets Y in {0,1}, (B,n) ---------------------
// L = -mean(Y log P + (1 - Y) log(1 - P)); dL/dP = (P - Y) / (P(1 - P)) / N
inline double bce(const Mat& P, const Mat& Y) {
  const auto p = P.array();
  const auto y = Y.array();
  return -(y * p.log() + (1.0 - y) * (1.0 - p).log()).mean();
}
inline Mat bce_backward(const Mat& P, const Mat& Y) {
  return ((P - Y).array() / (P.array() * (1.0 - P.array())) / static_cast<double>(Y.size())).matrix();
}

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
// and underflows to 0 below z ≈ -745.  Z (B,C) -> (B,1)
inline Mat logsumexp_naive(const Mat& Z) { return Z.array().exp().rowwise().sum().log().matrix(); }
// ... and stably: log Σ exp(z_j) = m + log Σ exp(z_j - m), m = max_j z_j, so the
// largest term is e^0 = 1 and nothing overflows.
inline Mat logsumexp(const Mat& Z) {
  const Eigen::VectorXd m = Z.rowwise().maxCoeff();
  const Mat shifted = Z.colwise() - m;
  return (m.array() + shifted.array().exp().rowwise().sum().log()).matrix();
}
// softmax(z)_j = exp(z_j) / Σ_k exp(z_k), naively and stably (= exp(z_j - lse))
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

// L = -mean_b log softmax(Z)[b, y_b] = mean_b (lse(Z_b) - Z[b, y_b]);
// dL/dZ = (softmax(Z) - onehot(y)) / B
inline double cross_entropy(const Mat& Z, const std::vector<int>& labels) {
  const Mat lse = logsumexp(Z);
  double L = 0.0;
  for (Index b = 0; b < Z.rows(); ++b) L += lse(b, 0) - Z(b, labels[static_cast<std::size_t>(b)]);
  return L / static_cast<double>(Z.rows());
}
inline Mat cross_entropy_backward(const Mat& Z, const std::vector<int>& labels) {
  return (softmax(Z) - one_hot(labels, Z.cols())) / static_cast<double>(Z.rows());
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
