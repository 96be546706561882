// Gradient checks (double, max relative error < 1e-7, three or more shapes)
// of the layer ops in engine/ops/layers.cpp, plus their shape and value
// errors. Batch norm's values against PyTorch are in tests/engine/nn.
#include <catch2/catch.hpp>

#include "op_checks.hpp"

using namespace sg;
using namespace sg::test;

namespace {

// X (B,n) with gamma and beta (1,n), all three checked.
Case bn_case(Index B, Index n, std::uint64_t seed) {
  return {{any_sign(B, n, seed), "X", true}, {any_sign(1, n, seed + 1), "gamma", true},
          {any_sign(1, n, seed + 2), "beta", true}};
}

// A 0/1 mask keeping about 70% of the units.
Mat mask_of(Index B, Index n, std::uint64_t seed) {
  return uniform(B, n, 0.0, 1.0, seed).unaryExpr([](double u) { return u < 0.7 ? 1.0 : 0.0; });
}

}  // namespace

TEST_CASE("gradcheck batch_norm on batches of 2, 4 and 16 rows", "[ops-gradcheck][op:batch_norm]") {
  check_op("batch_norm", [](const auto& in) { return batch_norm(in[0], in[1], in[2], 1e-5); },
           {bn_case(2, 3, 101), bn_case(4, 5, 111), bn_case(16, 1, 121), bn_case(7, 8, 131)});
}

TEST_CASE("gradcheck batch_norm with a large eps (the variance term matters)",
          "[ops-gradcheck][op:batch_norm]") {
  check_op("batch_norm", [](const auto& in) { return batch_norm(in[0], in[1], in[2], 0.5); },
           {bn_case(3, 2, 141), bn_case(5, 4, 151), bn_case(10, 3, 161)});
}

TEST_CASE("gradcheck dropout with fixed masks", "[ops-gradcheck][op:dropout]") {
  for (const auto& [B, n] : {std::pair<Index, Index>{3, 4}, {1, 6}, {8, 2}, {5, 1}}) {
    const Mat mask = mask_of(B, n, static_cast<std::uint64_t>(10 * B + n));
    check_op("dropout", [mask](const auto& in) { return dropout(in[0], mask, 1.0 / 0.7); },
             {one(any_sign(B, n, 201)), one(any_sign(B, n, 202)), one(any_sign(B, n, 203))});
  }
}

TEST_CASE("batch_norm forward by hand: columns normalised to mean 0, variance 1", "[ops][batch_norm]") {
  Context ctx;
  Mat Xv(4, 2);
  Xv << 1, 10, 2, 20, 3, 30, 4, 40;
  const Tensor X = ctx.input(Xv, "X");
  const Tensor gamma = ctx.input(Mat::Constant(1, 2, 2.0), "gamma");
  const Tensor beta = ctx.input(Mat::Constant(1, 2, 0.5), "beta");
  const Mat Y = batch_norm(X, gamma, beta, 1e-5).value();
  // column 0: mean 2.5, biased var 1.25, so X̂ = (x − 2.5)/sqrt(1.25 + 1e-5)
  const double s = std::sqrt(1.25 + 1e-5);
  for (Index r = 0; r < 4; ++r) {
    const double expected = 2.0 * (Xv(r, 0) - 2.5) / s + 0.5;
    CHECK(Y(r, 0) == Approx(expected).epsilon(1e-12));    // a few roundings in double
    CHECK(Y(r, 1) == Approx(Y(r, 0)).margin(1e-5));        // column 1 is column 0 · 10; eps differs
  }
}

TEST_CASE("batch_norm rejects gamma or beta of the wrong shape and eps <= 0", "[ops][batch_norm]") {
  Context ctx;
  const Tensor X = ctx.input(Mat::Ones(4, 3), "X");
  const Tensor ok = ctx.input(Mat::Ones(1, 3));
  const Tensor bad = ctx.input(Mat::Ones(1, 2));
  CHECK_THROWS_AS(batch_norm(X, bad, ok), ShapeError);
  CHECK_THROWS_WITH(batch_norm(X, ok, bad),
                    "batch_norm: X is (4,3) but gamma is (1,3) and beta is (1,2): gamma and beta must "
                    "be (1, X.cols) = (1,3)");
  CHECK_THROWS_AS(batch_norm(X, ok, ok, 0.0), ValueError);
}

TEST_CASE("dropout rejects a mask of the wrong shape or with values other than 0/1", "[ops][dropout]") {
  Context ctx;
  const Tensor X = ctx.input(Mat::Ones(2, 3), "X");
  CHECK_THROWS_AS(dropout(X, Mat::Ones(3, 2), 2.0), ShapeError);
  CHECK_THROWS_AS(dropout(X, Mat::Constant(2, 3, 0.5), 2.0), ValueError);
  const Mat Y = dropout(X, Mat::Identity(2, 3), 2.0).value();
  CHECK(Y == 2.0 * Mat::Identity(2, 3));
}
