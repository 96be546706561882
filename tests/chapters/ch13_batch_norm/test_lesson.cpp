// Chapter 13's acceptance on the engine's BatchNorm1d itself: in eval mode it
// normalises with the running statistics (PyTorch's update, unbiased
// variance), not with the batch's. The chapter prints the same facts as
// results (tests/chapters/ch13_batch_norm/checks.cmake); the exercises are
// graded in graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/stepgrad.hpp"

using namespace sg;

namespace {

constexpr double kEps = 1e-5;

Mat batch(int k) {
  Mat X(4, 2);
  X << 1.0 + k, -2.0, 3.0, 0.5 * k, 5.0 - k, 1.0, 7.0, 5.0 + k;
  return X;
}

}  // namespace

TEST_CASE("ch13: BatchNorm1d in eval mode normalises with the running statistics", "[ch13]") {
  Context ctx;
  BatchNorm1d<> bn(ctx, "bn", 2, 0.1, kEps);
  bn.gamma.value_mut() << 2.0, 0.5;
  bn.beta.value_mut() << 1.0, -1.0;
  Mat mean = Mat::Zero(1, 2), var = Mat::Ones(1, 2);
  for (int k = 0; k < 3; ++k) {
    const Mat X = batch(k);
    bn.forward(ctx.input(X));
    for (Index j = 0; j < 2; ++j) {
      const double mu = X.col(j).mean();
      const double unbiased = (X.col(j).array() - mu).square().sum() / 3.0;
      mean(0, j) = 0.9 * mean(0, j) + 0.1 * mu;
      var(0, j) = 0.9 * var(0, j) + 0.1 * unbiased;
    }
  }
  // The same operations in the same order: equal up to a rounding or two.
  CHECK((bn.running_mean - mean).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((bn.running_var - var).cwiseAbs().maxCoeff() < 1e-14);

  bn.eval();
  const Mat X = batch(7);
  const Mat Y = bn.forward(ctx.input(X)).value();
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < 2; ++j) {
      const double want = bn.gamma.value()(0, j) * (X(i, j) - mean(0, j)) / std::sqrt(var(0, j) + kEps) +
                          bn.beta.value()(0, j);
      CHECK(Y(i, j) == Approx(want).epsilon(1e-13));   // relative: a few roundings
    }
  }
  // Eval changes no running statistic, and the batch's own statistics give another answer.
  CHECK((bn.running_mean - mean).cwiseAbs().maxCoeff() < 1e-14);
  const Mat Y_batch = batch_norm(ctx.input(X), bn.gamma, bn.beta, kEps).value();
  CHECK((Y - Y_batch).cwiseAbs().maxCoeff() > 0.1);
}

TEST_CASE("ch13: an example's eval-mode output does not depend on its batch", "[ch13]") {
  Context ctx;
  BatchNorm1d<> bn(ctx, "bn", 2);
  for (int k = 0; k < 5; ++k) bn.forward(ctx.input(batch(k)));
  bn.eval();
  Mat other = batch(9);
  other.row(0) = batch(7).row(0);
  const Mat a = bn.forward(ctx.input(batch(7))).value();
  const Mat b = bn.forward(ctx.input(other)).value();
  const Mat alone = bn.forward(ctx.input(Mat(batch(7).topRows(1)))).value();
  CHECK(a.row(0) == b.row(0));
  CHECK(a.row(0) == alone.row(0));
}

TEST_CASE("ch13: one row is refused in train mode, accepted in eval mode", "[ch13]") {
  Context ctx;
  BatchNorm1d<> bn(ctx, "bn", 2);
  const Mat one = batch(0).topRows(1);
  CHECK_THROWS_AS(bn.forward(ctx.input(one)), ValueError);
  CHECK(bn.running_mean == Mat::Zero(1, 2));   // a refused batch changes nothing
  bn.eval();
  CHECK_NOTHROW(bn.forward(ctx.input(one)));
}
