// The kink ops exactly at their kink: the analytic gradient follows the
// documented convention (ops.hpp): relu'(0) = 0, leaky_relu'(0) = α,
// abs'(0) = 0, step' = 0 everywhere, l1'(0) = 0. Checked directly on the
// gradients backward() computes; gradcheck cannot decide a convention, it
// only accepts anything between the one-sided derivatives (test_gradcheck.cpp).
#include <catch2/catch.hpp>

#include "engine/stepgrad.hpp"

using namespace sg;

namespace {

// X = [0, 2, -3]; the gradient of sum(op(X)) (or of the penalty itself).
Mat gradient_of(Tensor (*op)(const Tensor&)) {
  Context ctx;
  Mat X(1, 3);
  X << 0.0, 2.0, -3.0;
  Tensor x = ctx.param(X, "X");
  Tensor y = op(x);
  if (y.rows() == 1 && y.cols() == 1) {
    y.backward();
  } else {
    y.backward(Mat::Ones(y.rows(), y.cols()));
  }
  return x.grad();
}

}  // namespace

TEST_CASE("relu'(0) is 0, and 1 or 0 either side", "[ops-kinks]") {
  const Mat g = gradient_of([](const Tensor& X) { return relu(X); });
  CHECK(g(0, 0) == 0.0);
  CHECK(g(0, 1) == 1.0);
  CHECK(g(0, 2) == 0.0);
}

TEST_CASE("leaky_relu'(0) is alpha, and 1 or alpha either side", "[ops-kinks]") {
  const Mat g = gradient_of([](const Tensor& X) { return leaky_relu(X, 0.25); });
  CHECK(g(0, 0) == 0.25);
  CHECK(g(0, 1) == 1.0);
  CHECK(g(0, 2) == 0.25);
}

TEST_CASE("abs'(0) is 0, and the sign either side", "[ops-kinks]") {
  const Mat g = gradient_of([](const Tensor& X) { return abs(X); });
  CHECK(g(0, 0) == 0.0);
  CHECK(g(0, 1) == 1.0);
  CHECK(g(0, 2) == -1.0);
}

TEST_CASE("step' is 0 at the jump and everywhere else", "[ops-kinks]") {
  const Mat g = gradient_of([](const Tensor& X) { return step(X); });
  CHECK(g == Mat::Zero(1, 3));
}

TEST_CASE("l1_penalty'(0) is 0, and lambda times the sign either side", "[ops-kinks]") {
  const Mat g = gradient_of([](const Tensor& X) { return l1_penalty(X, 0.5); });
  CHECK(g(0, 0) == 0.0);
  CHECK(g(0, 1) == 0.5);
  CHECK(g(0, 2) == -0.5);
}
