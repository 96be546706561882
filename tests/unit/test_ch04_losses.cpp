// Chapter 4's math (chapters/04_losses/losses.hpp) against values worked out
// by hand: each loss and its gradient, the stable log-sum-exp, ln C.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/04_losses/losses.hpp"

using namespace sg;
using namespace sg::ch04;

namespace {
Mat column(std::initializer_list<double> values) {
  Mat m(static_cast<Index>(values.size()), 1);
  Index i = 0;
  for (double v : values) m(i++, 0) = v;
  return m;
}
Mat row(std::initializer_list<double> values) { return column(values).transpose(); }
}  // namespace

TEST_CASE("ch04 mse, rmse and half squared error on the chapter's example") {
  const Mat Yhat = column({2.5, 0.0, 2.0, 8.0});
  const Mat Y = column({3.0, -0.5, 2.0, 7.0});
  CHECK(mse(Yhat, Y) == 0.375);                       // (0.25 + 0.25 + 0 + 1) / 4
  CHECK(rmse(Yhat, Y) == Approx(std::sqrt(0.375)).epsilon(1e-15));
  CHECK(half_squared_error(Yhat, Y) == 0.75);
}

TEST_CASE("ch04 squared-error gradients differ by the mean's factor") {
  const Mat Yhat = column({2.5, 0.0, 2.0, 8.0});
  const Mat Y = column({3.0, -0.5, 2.0, 7.0});
  CHECK(mse_backward(Yhat, Y)(3, 0) == 0.5);          // 2 · 1 / 4
  CHECK(half_squared_error_backward(Yhat, Y)(3, 0) == 1.0);
  CHECK(rmse_backward(Yhat, Y)(3, 0) == Approx(1.0 / (4.0 * std::sqrt(0.375))).epsilon(1e-15));
  CHECK(rmse_backward(Y, Y).cwiseAbs().maxCoeff() == 0.0);   // a perfect fit: 0, not NaN
}

TEST_CASE("ch04 bce of probabilities and of the same logits agree") {
  const Mat P = column({0.9, 0.2, 0.6, 0.4});
  const Mat T = column({1.0, 0.0, 1.0, 0.0});
  const Mat Z = (P.array() / (1.0 - P.array())).log().matrix();
  const double want = -(std::log(0.9) + std::log(0.8) + 2 * std::log(0.6)) / 4;
  CHECK(bce(P, T) == Approx(want).epsilon(1e-15));
  CHECK(bce_with_logits(Z, T) == Approx(want).epsilon(1e-14));
  // dL/dz = σ(z) - y = p - y (over N); dL/dp = (p - y) / (p(1 - p)) / N
  CHECK(bce_with_logits_backward(Z, T)(0, 0) == Approx((0.9 - 1.0) / 4).epsilon(1e-13));
  CHECK(bce_backward(P, T)(1, 0) == Approx(0.2 / (0.2 * 0.8) / 4).epsilon(1e-15));
}

TEST_CASE("ch04 bce with logits is finite for huge logits") {
  const Mat Z = column({1000.0, -1000.0});
  const Mat T = column({0.0, 1.0});
  CHECK(bce_with_logits(Z, T) == Approx(1000.0));   // each sample is 1000 nats wrong
}

TEST_CASE("ch04 cross-entropy of equal logits is ln C") {
  CHECK(cross_entropy(Mat::Zero(1, 10), {3}) == Approx(std::log(10.0)).epsilon(1e-15));
  CHECK(cross_entropy(Mat::Constant(1, 3, 7.0), {0}) == Approx(std::log(3.0)).epsilon(1e-15));
}

TEST_CASE("ch04 cross-entropy gradient is softmax minus one-hot over the batch") {
  Mat Z(2, 3);
  Z << 2.0, 1.0, 0.1, 0.5, 2.5, -1.0;
  const Mat dZ = cross_entropy_backward(Z, {0, 1});
  const Mat P = softmax(Z);
  CHECK(dZ(0, 0) == Approx((P(0, 0) - 1.0) / 2).epsilon(1e-15));
  CHECK(dZ(1, 2) == Approx(P(1, 2) / 2).epsilon(1e-15));
  CHECK(std::abs(dZ.row(0).sum()) < 1e-15);          // probabilities sum to 1, one-hot too
}

TEST_CASE("ch04 stable log-sum-exp survives where the naive one overflows") {
  const Mat z = row({1000.0, 1001.0, 1002.0});
  CHECK(std::isinf(logsumexp_naive(z)(0, 0)));
  CHECK(std::isnan(softmax_naive(z)(0, 0)));
  CHECK(logsumexp(z)(0, 0) == Approx(1002.0 + std::log(1.0 + std::exp(-1.0) + std::exp(-2.0))).epsilon(1e-15));
  CHECK(logsumexp(-z)(0, 0) == Approx(-1000.0 + std::log(1.0 + std::exp(-1.0) + std::exp(-2.0))).epsilon(1e-15));
  // exp(z - lse) inherits lse's absolute rounding, one ulp of 1002 ≈ 2.3e-13.
  CHECK(softmax(z).sum() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("ch04 one-hot rejects a label outside the classes") {
  CHECK(one_hot({2, 0}, 3)(0, 2) == 1.0);
  CHECK_THROWS_AS(one_hot({3}, 3), ValueError);
  CHECK_THROWS_AS(one_hot({-1}, 3), ValueError);
}

TEST_CASE("ch04 accuracy counts rows whose largest logit is the label") {
  Mat Z(3, 2);
  Z << 1.0, 0.0, 0.0, 1.0, 2.0, 3.0;
  CHECK(accuracy(Z, {0, 1, 0}) == Approx(2.0 / 3.0));
}
