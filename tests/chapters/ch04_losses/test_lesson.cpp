// Chapter 4's lesson math that is not an exercise (chapters/04_losses/losses.hpp)
// against values worked out by hand: RMSE, ½(y − y*)², bce from logits, the
// naive log-sum-exp and softmax. The exercises (mse, bce, logsumexp,
// cross_entropy) and the stable softmax, which stands on logsumexp, are
// graded in tests/chapters/ch04_losses/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/04_losses/losses.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch04;
using sg::test::column;
using sg::test::row;

TEST_CASE("ch04 rmse and half squared error on the chapter's example") {
  const Mat Yhat = column({2.5, 0.0, 2.0, 8.0});
  const Mat Y = column({3.0, -0.5, 2.0, 7.0});
  // mse = (0.25 + 0.25 + 0 + 1) / 4 = 0.375
  CHECK(rmse(Yhat, Y) == Approx(std::sqrt(0.375)).epsilon(1e-15));
  CHECK(half_squared_error(Yhat, Y) == 0.75);
}

TEST_CASE("ch04 rmse and half squared error gradients") {
  const Mat Yhat = column({2.5, 0.0, 2.0, 8.0});
  const Mat Y = column({3.0, -0.5, 2.0, 7.0});
  CHECK(half_squared_error_backward(Yhat, Y)(3, 0) == 1.0);
  CHECK(rmse_backward(Yhat, Y)(3, 0) == Approx(1.0 / (4.0 * std::sqrt(0.375))).epsilon(1e-15));
  CHECK(rmse_backward(Y, Y).cwiseAbs().maxCoeff() == 0.0);   // a perfect fit: 0, not NaN
}

TEST_CASE("ch04 bce from logits equals bce of the probabilities") {
  const Mat P = column({0.9, 0.2, 0.6, 0.4});
  const Mat T = column({1.0, 0.0, 1.0, 0.0});
  const Mat Z = (P.array() / (1.0 - P.array())).log().matrix();
  const double want = -(std::log(0.9) + std::log(0.8) + 2 * std::log(0.6)) / 4;
  CHECK(bce_with_logits(Z, T) == Approx(want).epsilon(1e-14));
  // dL/dz = σ(z) - y = p - y (over N)
  CHECK(bce_with_logits_backward(Z, T)(0, 0) == Approx((0.9 - 1.0) / 4).epsilon(1e-13));
}

TEST_CASE("ch04 bce with logits is finite for huge logits") {
  const Mat Z = column({1000.0, -1000.0});
  const Mat T = column({0.0, 1.0});
  CHECK(bce_with_logits(Z, T) == Approx(1000.0));   // each sample is 1000 nats wrong
}

TEST_CASE("ch04 the naive log-sum-exp and softmax overflow") {
  const Mat z = row({1000.0, 1001.0, 1002.0});
  CHECK(std::isinf(logsumexp_naive(z)(0, 0)));
  CHECK(std::isinf(logsumexp_naive(-z)(0, 0)));   // log 0 = −inf
  CHECK(std::isnan(softmax_naive(z)(0, 0)));
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
