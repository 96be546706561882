// Forward values of the ops on fixed inputs, against formulas worked out by
// hand here; the fused losses at extreme logits; the shape errors' messages.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "engine/stepgrad.hpp"

using namespace sg;

namespace {

constexpr double kE = std::numbers::e;

Mat mat(Index rows, Index cols, std::initializer_list<double> values) {
  Mat m(rows, cols);
  auto it = values.begin();
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) m(r, c) = *it++;
  return m;
}

// The message of the sg::Error that fn throws ("" if it throws none).
template <typename Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("binary elementwise ops broadcast a row and a scalar", "[ops-values]") {
  Context ctx;
  Tensor A = ctx.input(mat(2, 2, {1, 2, 3, 4}));
  Tensor b = ctx.input(mat(1, 2, {10, 20}));
  Tensor s = ctx.input(mat(1, 1, {2}));
  CHECK((A + b).value() == mat(2, 2, {11, 22, 13, 24}));
  CHECK((b - A).value() == mat(2, 2, {9, 18, 7, 16}));
  CHECK((A * s).value() == mat(2, 2, {2, 4, 6, 8}));
  CHECK((A / b).value().isApprox(mat(2, 2, {0.1, 0.1, 0.3, 0.2}), 1e-15));
  CHECK((s / A).value().isApprox(mat(2, 2, {2, 1, 2.0 / 3.0, 0.5}), 1e-15));
}

TEST_CASE("unary elementwise ops", "[ops-values]") {
  Context ctx;
  Tensor X = ctx.input(mat(1, 3, {0.25, 1.0, 4.0}));
  Tensor N = ctx.input(mat(1, 3, {-2.0, 0.0, 3.0}));
  CHECK((-N).value() == mat(1, 3, {2, 0, -3}));
  CHECK((N + 1.5).value() == mat(1, 3, {-0.5, 1.5, 4.5}));
  CHECK((3.0 * N).value() == mat(1, 3, {-6, 0, 9}));
  CHECK(pow(X, 1.5).value().isApprox(mat(1, 3, {0.125, 1.0, 8.0}), 1e-15));
  CHECK(sqrt(X).value().isApprox(mat(1, 3, {0.5, 1.0, 2.0}), 1e-15));
  CHECK(log(X).value().isApprox(mat(1, 3, {-2 * std::log(2.0), 0.0, 2 * std::log(2.0)}), 1e-15));
  CHECK(exp(N).value().isApprox(mat(1, 3, {1 / (kE * kE), 1.0, kE * kE * kE}), 1e-15));
  CHECK(abs(N).value() == mat(1, 3, {2, 0, 3}));
  CHECK(square(N).value() == mat(1, 3, {4, 0, 9}));
}

TEST_CASE("matmul, transpose and the reductions", "[ops-values]") {
  Context ctx;
  Tensor X = ctx.input(mat(2, 3, {1, 2, 3, 4, 5, 6}));
  Tensor W = ctx.input(mat(3, 2, {1, 0, 0, 1, 1, 1}));
  // row 0: (1+3, 2+3); row 1: (4+6, 5+6)
  CHECK(matmul(X, W).value() == mat(2, 2, {4, 5, 10, 11}));
  CHECK(transpose(X).value() == mat(3, 2, {1, 4, 2, 5, 3, 6}));
  CHECK(sum(X).item() == 21.0);
  CHECK(sum(X, Axis::Rows).value() == mat(1, 3, {5, 7, 9}));
  CHECK(sum(X, Axis::Cols).value() == mat(2, 1, {6, 15}));
  CHECK(mean(X).item() == 3.5);
  CHECK(mean(X, Axis::Rows).value() == mat(1, 3, {2.5, 3.5, 4.5}));
  CHECK(mean(X, Axis::Cols).value() == mat(2, 1, {2, 5}));
}

TEST_CASE("activations and their conventions at 0", "[ops-values]") {
  Context ctx;
  Tensor X = ctx.input(mat(1, 3, {-2.0, 0.0, 3.0}));
  CHECK(sigmoid(X).value().isApprox(mat(1, 3, {1 / (1 + std::exp(2.0)), 0.5, 1 / (1 + std::exp(-3.0))}), 1e-15));
  CHECK(tanh(X).value().isApprox(mat(1, 3, {std::tanh(-2.0), 0.0, std::tanh(3.0)}), 1e-15));
  CHECK(relu(X).value() == mat(1, 3, {0, 0, 3}));
  CHECK(leaky_relu(X, 0.1).value().isApprox(mat(1, 3, {-0.2, 0, 3}), 1e-15));
  CHECK(step(X).value() == mat(1, 3, {0, 1, 1}));   // step(0) = 1
  Tensor big = ctx.input(mat(1, 2, {-800.0, 800.0}));
  CHECK(sigmoid(big).value() == mat(1, 2, {0.0, 1.0}));   // no overflow, no NaN
}

TEST_CASE("gradient conventions as PyTorch's: pow(X, 0) at 0, relu and leaky_relu at NaN", "[ops-values]") {
  Context ctx;
  // d/dX X^0 = 0 everywhere, also at X = 0 (0·0^-1 would be NaN)
  Tensor X = ctx.param(mat(1, 3, {0.0, 2.0, -1.0}), "X");
  sum(pow(X, 0.0)).backward();
  CHECK(X.grad() == mat(1, 3, {0, 0, 0}));
  // relu passes dY where X is not <= 0, NaN included; leaky_relu passes α·dY
  // where X is not > 0, NaN included (PyTorch's threshold_backward and
  // leaky_relu_backward)
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Tensor N = ctx.param(mat(1, 3, {nan, -1.0, 2.0}), "N");
  sum(relu(N)).backward();
  CHECK(N.grad() == mat(1, 3, {1, 0, 1}));
  Tensor M = ctx.param(mat(1, 3, {nan, -1.0, 2.0}), "M");
  sum(leaky_relu(M, 0.1)).backward();
  CHECK(M.grad().isApprox(mat(1, 3, {0.1, 0.1, 1}), 1e-15));
}

TEST_CASE("softmax rows sum to 1 and stay finite with large inputs", "[ops-values]") {
  Context ctx;
  Tensor Z = ctx.input(mat(2, 3, {1000, 1001, 1002, -1000, 0, 1000}));
  const Mat P = softmax(Z).value();
  REQUIRE(P.allFinite());
  // 1e-12, not 1e-15: softmax computes exp(X - logsumexp(X)), and X - lse
  // subtracts numbers near 1000, which leaves ~1000·ε of rounding in the exponent.
  constexpr double kTol = 1e-12;
  CHECK(P.row(0).sum() == Approx(1.0).epsilon(kTol));
  CHECK(P.row(1).sum() == Approx(1.0).epsilon(kTol));
  // row 0 is softmax(0, 1, 2): e^k / (1 + e + e²)
  const double d = 1 + kE + kE * kE;
  CHECK(P.row(0).isApprox(mat(1, 3, {1 / d, kE / d, kE * kE / d}), kTol));
  CHECK(P(1, 2) == Approx(1.0));
  const Mat logP = log_softmax(Z).value();
  REQUIRE(logP.allFinite());
  CHECK(logP.row(0).isApprox(mat(1, 3, {-std::log(d), 1 - std::log(d), 2 - std::log(d)}), kTol));
  CHECK(logP(1, 0) == Approx(-2000.0));
}

TEST_CASE("cross-entropy of uniform logits over 10 classes is ln 10", "[ops-values]") {
  Context ctx;
  Tensor Z = ctx.input(Mat::Constant(3, 10, 0.7));
  CHECK(cross_entropy(Z, std::vector<int>{0, 4, 9}).item() == Approx(std::log(10.0)).epsilon(1e-14));
  Mat Y = Mat::Zero(3, 10);
  Y(0, 0) = Y(1, 4) = Y(2, 9) = 1.0;
  CHECK(cross_entropy(Z, ctx.input(Y)).item() == Approx(std::log(10.0)).epsilon(1e-14));
}

TEST_CASE("fused cross-entropy gives finite loss and gradients for logits of ±1000", "[ops-values]") {
  Context ctx;
  Tensor Z = ctx.param(mat(2, 2, {1000, -1000, 1000, -1000}), "Z");
  // row 0 labelled 0: the right class wins by 2000, loss 0; row 1 labelled 1: loss 2000
  Tensor L = cross_entropy(Z, std::vector<int>{0, 1});
  CHECK(L.item() == Approx(1000.0));   // (0 + 2000) / 2
  L.backward();
  REQUIRE(Z.grad().allFinite());
  // dZ = (softmax(Z) - onehot) / B, softmax rows (1, 0)
  CHECK(Z.grad().isApprox(mat(2, 2, {0, 0, 0.5, -0.5}), 1e-15));

  Tensor Z2 = ctx.param(mat(2, 2, {1000, -1000, 1000, -1000}), "Z2");
  Tensor L2 = cross_entropy(Z2, ctx.input(mat(2, 2, {1, 0, 0, 1})));
  CHECK(L2.item() == Approx(1000.0));
  L2.backward();
  REQUIRE(Z2.grad().allFinite());
  CHECK(Z2.grad().isApprox(mat(2, 2, {0, 0, 0.5, -0.5}), 1e-15));
}

TEST_CASE("fused BCE from logits gives finite loss and gradients for logits of ±1000", "[ops-values]") {
  Context ctx;
  Tensor Z = ctx.param(mat(1, 4, {1000, 1000, -1000, -1000}), "Z");
  Tensor Y = ctx.input(mat(1, 4, {1, 0, 1, 0}));
  // per element: right with certainty 0, wrong with certainty 1000
  Tensor L = bce_with_logits(Z, Y);
  CHECK(L.item() == Approx(500.0));   // (0 + 1000 + 1000 + 0) / 4
  L.backward();
  REQUIRE(Z.grad().allFinite());
  // dZ = (σ(Z) - Y) / N with σ(±1000) = 1, 0
  CHECK(Z.grad().isApprox(mat(1, 4, {0, 0.25, -0.25, 0}), 1e-15));
}

TEST_CASE("regression losses, BCE from probabilities and the penalties", "[ops-values]") {
  Context ctx;
  Tensor Yhat = ctx.input(mat(2, 2, {1, 2, 3, 4}));
  Tensor Y = ctx.input(mat(2, 2, {1, 0, 3, 8}));
  // differences 0, 2, 0, -4: squares 0, 4, 0, 16
  CHECK(mse(Yhat, Y).item() == 5.0);
  CHECK(rmse(Yhat, Y).item() == Approx(std::sqrt(5.0)).epsilon(1e-15));
  CHECK(mse(Yhat, Y).role() == Role::Loss);
  Tensor P = ctx.input(mat(1, 2, {0.8, 0.25}));
  Tensor T = ctx.input(mat(1, 2, {1, 0}));
  CHECK(bce(P, T).item() == Approx(-(std::log(0.8) + std::log(0.75)) / 2).epsilon(1e-15));
  Tensor W = ctx.input(mat(1, 3, {-1, 0, 2}));
  CHECK(l1_penalty(W, 0.5).item() == 1.5);   // 0.5 · (1 + 0 + 2)
  CHECK(l2_penalty(W, 0.5).item() == 1.25);  // 0.25 · (1 + 0 + 4)
}

TEST_CASE("shape errors name the op, both shapes and the rule", "[ops-values][errors]") {
  Context ctx;
  Tensor X = ctx.input(Mat::Zero(4, 3));
  Tensor W = ctx.input(Mat::Zero(2, 5));
  CHECK(error_of([&] { matmul(X, W); }) == "matmul: X is (4,3) but W is (2,5): X.cols must equal W.rows");
  CHECK_THROWS_AS(matmul(X, W), ShapeError);

  Tensor A = ctx.input(Mat::Zero(3, 4));
  Tensor B = ctx.input(Mat::Zero(2, 4));
  const std::string add_error = error_of([&] { A + B; });
  CHECK(contains(add_error, "add"));
  CHECK(contains(add_error, "(3,4)"));
  CHECK(contains(add_error, "(2,4)"));
  CHECK(contains(add_error, "broadcast"));

  Tensor Yhat = ctx.input(Mat::Zero(2, 3));
  Tensor Y = ctx.input(Mat::Zero(3, 2));
  const std::string mse_error = error_of([&] { mse(Yhat, Y); });
  CHECK(contains(mse_error, "mse"));
  CHECK(contains(mse_error, "(2,3)"));
  CHECK(contains(mse_error, "(3,2)"));
  CHECK_THROWS_AS(mse(Yhat, Y), ShapeError);

  Tensor Z = ctx.input(Mat::Zero(2, 3));
  const std::string range_error = error_of([&] { cross_entropy(Z, std::vector<int>{0, 3}); });
  CHECK(contains(range_error, "cross_entropy"));
  CHECK(contains(range_error, "label 3"));
  CHECK(contains(range_error, "[0, 3)"));
  CHECK(contains(range_error, "(2,3)"));
  CHECK_THROWS_AS(cross_entropy(Z, std::vector<int>{-1, 0}), ValueError);
  const std::string count_error = error_of([&] { cross_entropy(Z, std::vector<int>{0}); });
  CHECK(contains(count_error, "cross_entropy"));
  CHECK(contains(count_error, "(2,3)"));
}
