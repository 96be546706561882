// sg::gradcheck itself: it passes correct ops, catches five planted bugs and
// names the likely cause of each, handles kinks, and its sampled and
// directional modes work on a whole network.
#include <catch2/catch.hpp>

#include "engine/gradcheck/gradcheck.hpp"
#include "engine/ops/common.hpp"   // detail::make, to plant deliberately wrong ops
#include "engine/stepgrad.hpp"

using namespace sg;

namespace {

// ---- five planted bugs, each a wrong copy of a real op --------------------------

// Y = -X with dX += dY: the sign of the local derivative is lost.
const OpInfo neg_wrong_sign_info{"neg_wrong_sign", {"dX += dY (bug: should be -dY)"}};
Tensor neg_wrong_sign(const Tensor& X) {
  return detail::make<double>(neg_wrong_sign_info, -X.value(), {X}, [](Node<double>& self) {
    self.accumulate(0, self.grad);
  });
}

// Y = X² with dX += X ⊙ dY: the 2 of 2X is missing.
const OpInfo square_missing_2_info{"square_missing_2", {"dX += X ⊙ dY (bug: should be 2·X ⊙ dY)"}};
Tensor square_missing_2(const Tensor& X) {
  return detail::make<double>(square_missing_2_info, X.value().cwiseAbs2(), {X}, [](Node<double>& self) {
    self.accumulate(0, self.parent(0).value.cwiseProduct(self.grad));
  });
}

// Y = X·W with dW += (Xᵀ·dY)ᵀ: right shape on square W, wrong layout.
const OpInfo matmul_transposed_info{"matmul_transposed", {"dX += dY · Wᵀ", "dW += (Xᵀ · dY)ᵀ (bug)"}};
Tensor matmul_transposed(const Tensor& X, const Tensor& W) {
  Mat Y = X.value() * W.value();
  return detail::make<double>(matmul_transposed_info, std::move(Y), {X, W}, [](Node<double>& self) {
    const Mat& X = self.parent(0).value;
    const Mat& W = self.parent(1).value;
    self.accumulate(0, (self.grad * W.transpose()).eval());
    self.accumulate(1, (X.transpose() * self.grad).transpose().eval());
  });
}

// Y = A + b, b (1,n) broadcast over the rows, with db += dY (not summed).
const OpInfo add_unreduced_info{"add_unreduced", {"dA += dY", "db += dY (bug: not summed over rows)"}};
Tensor add_unreduced(const Tensor& A, const Tensor& b) {
  Mat Y = A.value().rowwise() + b.value().row(0);
  return detail::make<double>(add_unreduced_info, std::move(Y), {A, b}, [](Node<double>& self) {
    self.accumulate(0, self.grad);
    self.accumulate(1, self.grad);
  });
}

// Y = A ⊙ B whose backward assigns the parents' gradients instead of adding.
const OpInfo mul_overwrite_info{"mul_overwrite", {"dA = dY ⊙ B (bug: not +=)", "dB = dY ⊙ A (bug)"}};
Tensor mul_overwrite(const Tensor& A, const Tensor& B) {
  return detail::make<double>(mul_overwrite_info, A.value().cwiseProduct(B.value()), {A, B},
                              [](Node<double>& self) {
    const Mat dA = self.grad.cwiseProduct(self.parent(1).value);
    const Mat dB = self.grad.cwiseProduct(self.parent(0).value);
    if (self.needs(0)) self.parent(0).grad = dA;
    if (self.needs(1)) self.parent(1).grad = dB;
  });
}

// relu whose backward is wrong: 2 for X > 0 (a smooth error) and -1 at X <= 0.
const OpInfo relu_wrong_info{"relu_wrong", {"dX += (X > 0 ? 2 : -1) ⊙ dY (bug)"}, /*kink_at_zero=*/true};
Tensor relu_wrong(const Tensor& X) {
  return detail::make<double>(relu_wrong_info, X.value().cwiseMax(0.0), {X}, [](Node<double>& self) {
    const auto X = self.parent(0).value.array();
    Mat dX = (X > 0.0).select(2.0 * self.grad.array(), -self.grad.array());
    self.accumulate(0, dX);
  });
}

Mat random_mat(Index rows, Index cols, std::uint64_t seed) {
  Generator gen(seed);
  return gen.uniform_matrix(rows, cols, -1.0, 1.0);
}

Tensor two_layer_mlp(const std::vector<Tensor>& in) {
  // in: X (4,3), W1 (3,5), b1 (1,5), W2 (5,2), b2 (1,2); labels fixed
  Tensor H = tanh(matmul(in[0], in[1]) + in[2]);
  return cross_entropy(matmul(H, in[3]) + in[4], std::vector<int>{0, 1, 1, 0});
}

std::vector<GradcheckInput> mlp_inputs() {
  return {{random_mat(4, 3, 1), "X", false}, {random_mat(3, 5, 2), "W1", true},
          {random_mat(1, 5, 3), "b1", true}, {random_mat(5, 2, 4), "W2", true},
          {random_mat(1, 2, 5), "b2", true}};
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("relative error is |a-n| / max(|a|+|n|, tiny) and falls into the CS231n bands", "[gradcheck]") {
  CHECK(relative_error(1.0, 1.0) == 0.0);
  CHECK(relative_error(0.0, 0.0) == 0.0);
  CHECK(relative_error(1.0, -1.0) == 1.0);
  CHECK(relative_error(3.0, 1.0) == Approx(0.5));
  CHECK(relative_error(1e-20, 0.0) == Approx(1e-20 / kGradcheckTiny));
  CHECK(std::isinf(relative_error(std::nan(""), 1.0)));
  CHECK(band_of(0.0) == Band::Good);
  CHECK(band_of(9.9e-8) == Band::Good);
  CHECK(band_of(1e-7) == Band::Ok);
  CHECK(band_of(9.9e-5) == Band::Ok);
  CHECK(band_of(1e-4) == Band::Suspicious);
  CHECK(band_of(1e-2) == Band::Suspicious);
  CHECK(band_of(1.1e-2) == Band::Wrong);
  CHECK(band_of(relative_error(std::nan(""), 1.0)) == Band::Wrong);
}

TEST_CASE("gradcheck passes correct ops with a relative error in the good band", "[gradcheck]") {
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return tanh(matmul(in[0], in[1])); },
                                {random_mat(3, 4, 1), random_mat(4, 2, 2)});
  CHECK(r.passed);
  CHECK(r.max_rel_error < kBandGood);
  REQUIRE(r.inputs.size() == 2);
  CHECK(r.inputs[0].elements.size() == 12);
  CHECK(r.inputs[1].elements.size() == 8);
  CHECK(r.inputs[0].cause == Cause::None);
  CHECK(contains(r.report(), "PASS"));
  CHECK(contains(r.report(), "input 'x1' (4,2) into matmul: ok"));
}

TEST_CASE("gradcheck checks only inputs that require a gradient", "[gradcheck]") {
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return mse(in[0], in[1]); },
                                {{random_mat(2, 3, 1), "Yhat", true}, {random_mat(2, 3, 2), "Y", false}});
  CHECK(r.passed);
  REQUIRE(r.inputs.size() == 1);
  CHECK(r.inputs[0].label == "Yhat");
  CHECK_THROWS_AS(r.input("Y"), ValueError);
}

TEST_CASE("gradcheck refuses options that would check nothing", "[gradcheck]") {
  auto f = [](const std::vector<Tensor>& in) { return sum(in[0]); };
  GradcheckOptions opt;
  opt.eps = 0.0;
  CHECK_THROWS_AS(gradcheck(f, {random_mat(2, 2, 1)}, opt), ValueError);
  opt = {};
  opt.mode = GradcheckMode::Sampled;
  opt.samples = 0;
  CHECK_THROWS_AS(gradcheck(f, {random_mat(2, 2, 1)}, opt), ValueError);
}

TEST_CASE("gradcheck reports are deterministic for a seed", "[gradcheck]") {
  auto run = [] {
    return gradcheck([](const std::vector<Tensor>& in) { return square_missing_2(in[0]); },
                     {random_mat(3, 3, 7)}).report();
  };
  CHECK(run() == run());
}

TEST_CASE("planted bug 1: a wrong sign is caught and named", "[gradcheck][planted]") {
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return neg_wrong_sign(in[0]); },
                                {{random_mat(2, 3, 1), "X", true}});
  CHECK_FALSE(r.passed);
  const InputCheck& X = r.input("X");
  CHECK(X.cause == Cause::WrongSign);
  CHECK(r.max_rel_error == Approx(1.0));
  const std::string rep = r.report();
  INFO(rep);
  CHECK(contains(rep, "FAIL"));
  CHECK(contains(rep, "neg_wrong_sign"));
  CHECK(contains(rep, "element (0,0)"));
  CHECK(contains(rep, "[wrong]"));
  CHECK(contains(rep, "likely cause: wrong sign"));
}

TEST_CASE("planted bug 2: a missing factor 2 is caught and the factor named", "[gradcheck][planted]") {
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return square_missing_2(in[0]); },
                                {{random_mat(3, 2, 2), "X", true}});
  CHECK_FALSE(r.passed);
  const InputCheck& X = r.input("X");
  CHECK(X.cause == Cause::ConstantFactor);
  CHECK(X.factor == Approx(0.5).epsilon(1e-6));
  CHECK(X.max_rel_error == Approx(1.0 / 3.0).epsilon(1e-6));   // |x - 2x| / (|x| + |2x|)
  const std::string rep = r.report();
  INFO(rep);
  CHECK(contains(rep, "square_missing_2"));
  CHECK(contains(rep, "a factor 2 is missing"));
}

TEST_CASE("planted bug 3: a transposed gradient is caught on a square weight", "[gradcheck][planted]") {
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return matmul_transposed(in[0], in[1]); },
                                {{random_mat(4, 3, 3), "X", true}, {random_mat(3, 3, 4), "W", true}});
  CHECK_FALSE(r.passed);
  CHECK(r.input("X").passed);
  const InputCheck& W = r.input("W");
  CHECK_FALSE(W.passed);
  CHECK(W.cause == Cause::Transposed);
  const std::string rep = r.report();
  INFO(rep);
  CHECK(contains(rep, "input 'W' (3,3) into matmul_transposed: FAIL"));
  CHECK(contains(rep, "likely cause: transposed gradient"));
}

TEST_CASE("planted bug 4: an un-reduced broadcast is diagnosed instead of crashing", "[gradcheck][planted]") {
  GradcheckResult r;
  REQUIRE_NOTHROW(r = gradcheck([](const std::vector<Tensor>& in) { return add_unreduced(in[0], in[1]); },
                                {{random_mat(4, 3, 5), "A", true}, {random_mat(1, 3, 6), "b", true}}));
  CHECK_FALSE(r.passed);
  CHECK(contains(r.backward_error, "add_unreduced"));
  CHECK(contains(r.backward_error, "(4,3)"));
  CHECK(contains(r.backward_error, "(1,3)"));
  CHECK(r.input("b").cause == Cause::BroadcastNotReduced);
  CHECK(r.input("A").cause != Cause::BroadcastNotReduced);   // A has the output's shape
  const std::string rep = r.report();
  INFO(rep);
  CHECK(contains(rep, "likely cause: broadcast not reduced"));
  CHECK(contains(rep, "input 'b' (1,3) into add_unreduced: FAIL"));
}

TEST_CASE("planted bug 5: overwrite instead of accumulate is caught by a second backward",
          "[gradcheck][planted]") {
  // Each input used once: the first backward is even right, only the second shows it.
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return mul_overwrite(in[0], in[1]); },
                                {{random_mat(2, 2, 7), "A", true}, {random_mat(2, 2, 8), "B", true}});
  CHECK_FALSE(r.passed);
  CHECK(r.max_rel_error < kBandGood);
  CHECK(r.input("A").cause == Cause::OverwriteNotAccumulate);
  CHECK(r.input("B").cause == Cause::OverwriteNotAccumulate);
  CHECK(contains(r.report(), "likely cause: overwrite instead of accumulate"));

  // Used twice (A ⊙ A): one contribution is lost, and the cause is still named.
  GradcheckResult twice = gradcheck([](const std::vector<Tensor>& in) { return mul_overwrite(in[0], in[0]); },
                                    {{random_mat(2, 2, 9), "A", true}});
  CHECK_FALSE(twice.passed);
  CHECK(twice.max_rel_error > kBandWrong);
  CHECK(twice.input("A").cause == Cause::OverwriteNotAccumulate);
}

TEST_CASE("kinks: relu, leaky relu, abs, step and l1 exactly at 0 are accepted", "[gradcheck][kink]") {
  Mat X(2, 3);
  X << 0.0, 0.5, -0.5, 0.0, -1.0, 0.0;   // three elements exactly at the kink
  auto check = [&](const GradcheckBuilder& f) {
    GradcheckResult r = gradcheck(f, {{X, "X", true}});
    INFO(r.report());
    CHECK(r.passed);
    int kinks = 0;
    for (const ElementCheck& e : r.input("X").elements) kinks += e.at_kink ? 1 : 0;
    CHECK(kinks == 3);
    CHECK(contains(r.report(), "3 at a kink"));
  };
  check([](const std::vector<Tensor>& in) { return relu(in[0]); });
  check([](const std::vector<Tensor>& in) { return leaky_relu(in[0], 0.1); });
  check([](const std::vector<Tensor>& in) { return abs(in[0]); });
  check([](const std::vector<Tensor>& in) { return step(in[0]); });
  check([](const std::vector<Tensor>& in) { return l1_penalty(in[0], 0.3); });
}

TEST_CASE("kinks: a kink crossed by an intermediate node is detected", "[gradcheck][kink]") {
  Mat X(1, 3);
  X << 0.5, 1.0, -2.0;   // X - 0.5 is exactly 0 at (0,0)
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return sum(relu(in[0] - 0.5) * 3.0); },
                                {{X, "X", true}});
  INFO(r.report());
  CHECK(r.passed);
  const auto& es = r.input("X").elements;
  REQUIRE(es.size() == 3);
  CHECK(es[0].at_kink);
  CHECK(es[0].left == Approx(0.0).margin(1e-9));
  CHECK(es[0].right == Approx(3.0).epsilon(1e-6));
  CHECK_FALSE(es[1].at_kink);
  CHECK_FALSE(es[2].at_kink);
}

TEST_CASE("kinks: a wrong derivative near or at a kink still fails", "[gradcheck][kink]") {
  Mat away(1, 2);
  away << 0.3, -0.4;          // near the kink, not crossing it: judged as a smooth op
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return relu_wrong(in[0]); }, {away});
  CHECK_FALSE(r.passed);
  for (const ElementCheck& e : r.inputs[0].elements) {
    CHECK_FALSE(e.at_kink);
    CHECK_FALSE(e.passed);
  }

  Mat at(1, 1);
  at << 0.0;                  // at the kink: -1 is outside the one-sided derivatives [0, 1]
  GradcheckResult k = gradcheck([](const std::vector<Tensor>& in) { return relu_wrong(in[0]); }, {at});
  CHECK_FALSE(k.passed);
  REQUIRE(k.inputs[0].elements.size() == 1);
  const ElementCheck& e = k.inputs[0].elements[0];
  CHECK(e.at_kink);
  CHECK_FALSE(e.passed);
  CHECK(e.band == Band::Wrong);
  CHECK(contains(k.report(), "analytic outside them"));
}

TEST_CASE("sampled mode checks k seeded elements, finds a planted bug, passes an MLP", "[gradcheck][modes]") {
  GradcheckOptions opt;
  opt.mode = GradcheckMode::Sampled;
  opt.samples = 5;
  GradcheckResult bad = gradcheck([](const std::vector<Tensor>& in) { return square_missing_2(in[0]); },
                                  {random_mat(10, 10, 11)}, opt);
  CHECK_FALSE(bad.passed);
  CHECK(bad.inputs[0].elements.size() == 5);
  CHECK(bad.inputs[0].cause == Cause::ConstantFactor);

  GradcheckResult mlp = gradcheck(two_layer_mlp, mlp_inputs(), opt);
  INFO(mlp.report());
  CHECK(mlp.passed);
  CHECK(mlp.max_rel_error < kBandGood);
  REQUIRE(mlp.inputs.size() == 4);
  CHECK(mlp.input("W1").elements.size() == 5);
  CHECK(mlp.input("b2").elements.size() == 2);   // fewer elements than samples: all of them

  GradcheckResult transposed = gradcheck(
      [](const std::vector<Tensor>& in) { return matmul_transposed(in[0], in[1]); },
      {{random_mat(6, 6, 12), "X", true}, {random_mat(6, 6, 13), "W", true}}, opt);
  CHECK(transposed.input("W").cause == Cause::Transposed);
}

TEST_CASE("directional mode finds a planted bug and passes a 2-layer MLP", "[gradcheck][modes]") {
  GradcheckOptions opt;
  opt.mode = GradcheckMode::Directional;
  opt.directions = 3;
  GradcheckResult bad = gradcheck([](const std::vector<Tensor>& in) { return tanh(neg_wrong_sign(in[0])); },
                                  {{random_mat(3, 4, 21), "X", true}}, opt);
  CHECK_FALSE(bad.passed);
  CHECK(bad.input("X").elements.size() == 3);
  CHECK(bad.input("X").cause == Cause::WrongSign);
  CHECK(contains(bad.report(), "direction 0"));

  GradcheckResult mlp = gradcheck(two_layer_mlp, mlp_inputs(), opt);
  INFO(mlp.report());
  CHECK(mlp.passed);
  CHECK(mlp.max_rel_error < kBandGood);
}

TEST_CASE("gradcheck_network checks built layers and leaves them as they were", "[gradcheck][modes]") {
  Context ctx;
  Generator gen(3);
  Linear<double> l1(ctx, "layer1", 3, 5, gen), l2(ctx, "layer2", 5, 2, gen);
  l1.b.value_mut() = random_mat(1, 5, 31);
  Tensor X = ctx.input(random_mat(6, 3, 32), "X");
  Tensor Y = ctx.input(random_mat(6, 2, 33), "Y");
  auto loss = [&] { return mse(l2(relu(l1(X))), Y); };
  std::vector<Tensor> params{l1.W, l1.b, l2.W, l2.b};
  const Mat W1 = l1.W.value();
  l1.W.grad_mut() = Mat::Constant(3, 5, 7.0);   // a gradient the caller already has

  GradcheckResult r = gradcheck_network(loss, params);
  INFO(r.report());
  CHECK(r.passed);
  CHECK(r.mode == GradcheckMode::Directional);
  CHECK(r.inputs.size() == 4);
  CHECK(r.input("W_layer1").consumers == std::vector<std::string>{"matmul"});
  CHECK(l1.W.value() == W1);
  CHECK(l1.W.grad() == Mat::Constant(3, 5, 7.0));
  CHECK_FALSE(l2.W.has_grad());
}

// ---- what gradcheck does when backward throws something else -----------------

namespace {
const OpInfo stub_info{"stub", {"dX += ? (Exercise 0.0 not done)"}};
Tensor stub_op(const Tensor& X) {
  return detail::make<double>(stub_info, X.value(), {X}, [](Node<double>&) -> void {
    throw NotImplemented("Exercise 0.0 (stub_backward): not implemented yet");
  });
}
const OpInfo refuses_info{"refuses", {"dX += ? (throws)"}};
Tensor refuses_op(const Tensor& X) {
  return detail::make<double>(refuses_info, X.value(), {X}, [](Node<double>&) -> void {
    throw ValueError("refuses: this backward always fails");
  });
}
}  // namespace

TEST_CASE("gradcheck lets NotImplemented through: an unfinished exercise is not a wrong gradient",
          "[gradcheck]") {
  const auto f = [](const std::vector<Tensor>& in) { return sum(stub_op(in[0])); };
  CHECK_THROWS_AS(gradcheck(f, std::vector<Mat>{Mat::Ones(2, 2)}), NotImplemented);
}

TEST_CASE("gradcheck reports any other error from backward as a failure, with its message",
          "[gradcheck]") {
  const auto f = [](const std::vector<Tensor>& in) { return sum(refuses_op(in[0])); };
  const GradcheckResult r = gradcheck(f, std::vector<Mat>{Mat::Ones(2, 2)});
  CHECK_FALSE(r.passed);
  CHECK_THAT(r.backward_error, Catch::Contains("this backward always fails"));
  CHECK_THAT(r.report(), Catch::Contains("this backward always fails"));
}
