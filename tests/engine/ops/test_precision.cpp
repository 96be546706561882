// The float32 path agrees with the double path on a small MLP, forward and
// backward.
//
// "Agrees within 1e-5 relative" is measured norm-wise, per tensor:
//   ‖a - b‖ / ‖b‖   (Frobenius norms; b the double result, a the float one)
// An element-wise relative error would be meaningless for entries near 0 (a
// gradient entry of 1e-9 in double and 3e-9 in float differs by 200% and by
// nothing that matters); the norm-wise error weighs each entry by the size of
// the whole tensor. float has ~7 significant digits (ε = 1.2e-7), so a few
// dozen roundings through this network stay well inside 1e-5.
#include <catch2/catch.hpp>

#include <vector>

#include "engine/stepgrad.hpp"

using namespace sg;

namespace {

constexpr double kMaxRelative = 1e-5;

double normwise_error(const Mat& a, const Mat& b) { return (a - b).norm() / b.norm(); }

struct Weights {
  Mat X, W1, b1, W2, b2;
};

Weights make_weights() {
  Generator gen(2024);
  return {gen.uniform_matrix(4, 3, -1, 1), gen.uniform_matrix(3, 5, -1, 1), gen.uniform_matrix(1, 5, -0.5, 0.5),
          gen.uniform_matrix(5, 2, -1, 1), gen.uniform_matrix(1, 2, -0.5, 0.5)};
}

struct Run {
  double loss = 0.0;
  Mat pre_relu;                 // the relu's input, to keep it away from its kink
  std::vector<Mat> grads;       // dW1, db1, dW2, db2, as double
};

// X (4,3) → relu(X·W1 + b1) (4,5) → tanh(H·W2 + b2)·3 (4,2) → cross-entropy
template <typename T>
Run run(const Weights& w) {
  Context ctx;
  auto in = [&](const Mat& m) { return m.cast<T>().eval(); };
  TensorT<T> X = ctx.input<T>(in(w.X), "X");
  std::vector<TensorT<T>> params{ctx.param<T>(in(w.W1), "W1"), ctx.param<T>(in(w.b1), "b1"),
                                 ctx.param<T>(in(w.W2), "W2"), ctx.param<T>(in(w.b2), "b2")};
  TensorT<T> A = matmul(X, params[0]) + params[1];
  TensorT<T> H = relu(A);
  TensorT<T> Z = tanh(matmul(H, params[2]) + params[3]) * T(3);
  TensorT<T> L = cross_entropy(Z, std::vector<int>{0, 1, 1, 0});
  L.backward();
  Run r;
  r.loss = static_cast<double>(L.item());
  r.pre_relu = A.value().template cast<double>();
  for (const auto& p : params) r.grads.push_back(p.grad().template cast<double>());
  return r;
}

}  // namespace

TEST_CASE("float32 and double agree within 1e-5 (norm-wise) on an MLP's loss and gradients",
          "[precision]") {
  const Weights w = make_weights();
  const Run d = run<double>(w);
  const Run f = run<float>(w);
  // A relu input within float's rounding of 0 could take a different branch.
  REQUIRE(d.pre_relu.cwiseAbs().minCoeff() > 1e-3);
  REQUIRE(d.pre_relu.minCoeff() < 0);   // the relu does cut something
  CHECK(std::abs(f.loss - d.loss) / std::abs(d.loss) < kMaxRelative);
  const char* names[] = {"W1", "b1", "W2", "b2"};
  for (std::size_t i = 0; i < d.grads.size(); ++i) {
    INFO("gradient of " << names[i]);
    REQUIRE(d.grads[i].norm() > 0);
    CHECK(normwise_error(f.grads[i], d.grads[i]) < kMaxRelative);
  }
}

TEST_CASE("the precision check can fail: a float result off by 1e-4 is caught", "[precision]") {
  const Run d = run<double>(make_weights());
  Mat perturbed = d.grads[0];
  perturbed(0, 0) += 1e-4 * d.grads[0].norm();
  CHECK(normwise_error(perturbed, d.grads[0]) > kMaxRelative);
}
