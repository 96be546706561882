// Chapter 16's helpers that are not exercises (chapters/16_sanity_checks/lesson_math.hpp):
// the Dense+ReLU op and its planted bug. The chapter's numbers are checked in
// checks.cmake; the exercises in graded.cpp.
#include <catch2/catch.hpp>

#include "chapters/16_sanity_checks/lesson_math.hpp"

using namespace sg;
using namespace sg::ch16;

namespace {

// dW of relu(X·W + b) summed, for the op with or without the bug.
Mat dW(const Mat& Xv, const Mat& Wv, const Mat& bv, bool bug) {
  Context ctx;
  const Tensor X = ctx.input(Xv, "X");
  Tensor W = ctx.param(Wv, "W");
  const Tensor b = ctx.param(bv, "b");
  Tensor L = sum(dense_relu(X, W, b, bug));
  L.backward();
  return W.grad();
}

}  // namespace

TEST_CASE("ch16: the planted bug is invisible while b = 0 and shows once b moves", "[ch16]") {
  // X·W = [[0.5, -0.2]]: with b = 0 both masks are [1, 0]; with b = [-1, 0.3],
  // Z = [[-0.5, 0.1]] and the true mask is [0, 1], the buggy one still [1, 0].
  Mat X(1, 2), W(2, 2), b0 = Mat::Zero(1, 2), b1(1, 2);
  X << 1.0, 0.5;
  W << 0.3, -0.4, 0.4, 0.4;
  b1 << -1.0, 0.3;
  CHECK(dW(X, W, b0, false).isApprox(dW(X, W, b0, true)));
  const Mat right = dW(X, W, b1, false), wrong = dW(X, W, b1, true);
  CHECK(right(0, 0) == 0.0);
  CHECK(right(0, 1) == Approx(1.0));   // ∂/∂W_01 of relu(Z_1) with Z_1 > 0: X_0 = 1
  CHECK(wrong(0, 0) == Approx(1.0));
  CHECK(wrong(0, 1) == 0.0);
}

TEST_CASE("ch16: the regularised loss rises by (λ/2)·ΣW², or falls with the sign bug", "[ch16]") {
  const Setup healthy;
  auto net = build_net(healthy, 3, 4, 2, 7);
  const Tensor X = net->ctx->input(Mat::Constant(2, 3, 0.5), "X");
  const std::vector<int> y = {0, 1};
  const double sq = net->fc1->W.value().squaredNorm() + net->out->W.value().squaredNorm();
  const double l0 = regularised_loss(*net, X, y, 0.0).item();
  CHECK(regularised_loss(*net, X, y, 0.2).item() == Approx(l0 + 0.1 * sq).epsilon(1e-12));
  CHECK(regularised_loss(*net, X, y, 0.2, -1.0).item() == Approx(l0 - 0.1 * sq).epsilon(1e-12));
}
