// Graded tests of chapter 10's exercises (exercises/10_optimizers/exercises.cpp):
// momentum_step and nesterov_step in the lecture's form (the velocity v holds
// −lr and the sign: v ← μv − lr·∇F(·), W ← W + v), rmsprop_step and adam_step
// as the engine and torch run them (docs/engine/optim.md). Expected values are
// the update equations written out here with their numbers, never the
// solution's code. A stub throws sg::NotImplemented, which fails the case with
// the stub's message.
#include <cmath>
#include <string>

#include "chapters/10_optimizers/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch10;
using sg::graded::check_value;

namespace {

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Index>(values.size()));
  Index i = 0;
  for (double x : values) v(i++) = x;
  return v;
}

Mat as_mat(const Eigen::VectorXd& v) { return v; }

// ∇ of ½(x² + 10y²), the test's ill-conditioned bowl.
Eigen::VectorXd bowl_grad(const Eigen::VectorXd& p) { return vec({p(0), 10 * p(1)}); }

}  // namespace

// ---- Exercise 10.1: momentum_step ---------------------------------------------------------

TEST_CASE("10.1 momentum_step: one step, the lecture's form", "[ch10][ex10.1][points:1]") {
  // v' = μv − lr·g = (0.45 − 0.2, 0 + 0.4) = (0.25, 0.4);  W' = W + v' = (1.25, −1.6).
  const Velocity got = momentum_step({vec({1.0, -2.0}), vec({0.5, 0.0})}, vec({2.0, -4.0}), 0.1, 0.9);
  check_value("momentum_step(W=(1,-2), v=(0.5,0), ∇F(W)=(2,-4), lr=0.1, μ=0.9).v", as_mat(vec({0.25, 0.4})),
              as_mat(got.v), "the new velocity: μ times the old one, minus the scaled gradient",
              {{as_mat(vec({0.65, -0.4})), "the gradient was added: the velocity points downhill, so it SUBTRACTS "
                                           "lr·∇F"},
               {as_mat(vec({-1.55, 4.0})), "the learning rate is missing: the lecture's velocity carries the scaling"}});
  check_value("momentum_step(...).W", as_mat(vec({1.25, -1.6})), as_mat(got.W),
              "W moves by the NEW velocity: W(t+1) = W(t) + v(t+1)",
              {{as_mat(vec({1.5, -2.0})), "W moved by the OLD velocity v(t); the lecture adds v(t+1), computed first"},
               {as_mat(vec({0.755, -1.6})), "this is PyTorch's form, W − lr·(μ·v + g), applied to the lecture's v, "
                                            "which already holds −lr: in the lecture's form W just adds v"},
               {as_mat(vec({1.65, -2.4})), "the gradient was added: v ← μv − lr·∇F, then W ← W + v"}});
}

TEST_CASE("10.1 momentum_step: three steps on w squared from 5", "[ch10][ex10.1][points:1]") {
  // f = w², ∇ = 2w, lr = 0.01, μ = 0.9:
  //   t=1: g = 10,    v = −0.1,                   W = 4.9
  //   t=2: g = 9.8,   v = −0.09 − 0.098 = −0.188,  W = 4.712
  //   t=3: g = 9.424, v = −0.1692 − 0.09424,       W = 4.44856
  Velocity s{vec({5.0}), vec({0.0})};
  const double want_W[] = {4.9, 4.712, 4.44856}, want_v[] = {-0.1, -0.188, -0.26344};
  for (int t = 0; t < 3; ++t) {
    s = momentum_step(s, 2.0 * s.W, 0.01, 0.9);
    const std::string step = "momentum_step on f = w², step " + std::to_string(t + 1) + " from W = 5";
    check_value(step + ": v", want_v[t], s.v(0), "v ← 0.9·v − 0.01·2W: the old velocity is kept, times μ",
                {{-0.01 * 2.0 * (t == 0 ? 5.0 : want_W[t - 1]), "the old velocity was dropped: μ·v(t) is missing, "
                                                                "this is plain gradient descent"}});
    check_value(step + ": W", want_W[t], s.W(0), "W ← W + v, with the new v");
  }
}

TEST_CASE("10.1 momentum_step: mu = 0 is plain gradient descent", "[ch10][ex10.1][points:1]") {
  const Velocity got = momentum_step({vec({3.0, -1.0}), vec({7.0, 7.0})}, vec({1.0, -2.0}), 0.5, 0.0);
  check_value("momentum_step(W=(3,-1), v=(7,7), ∇F=(1,-2), lr=0.5, μ=0).W", as_mat(vec({2.5, 0.0})), as_mat(got.W),
              "with μ = 0 the old velocity is forgotten: W − lr·∇F",
              {{as_mat(vec({9.5, 7.0})), "the old velocity was added without its factor μ"}});
}

// ---- Exercise 10.2: nesterov_step ------------------------------------------------------------

TEST_CASE("10.2 nesterov_step: the gradient at the look-ahead point", "[ch10][ex10.2][points:1]") {
  // ∇ of ½(x² + 10y²) at W + μv = (1 − 0.18, 1 − 0.45) = (0.82, 0.55) is (0.82, 5.5);
  // v' = μv − lr·g = (−0.18 − 0.041, −0.45 − 0.275) = (−0.221, −0.725); W' = (0.779, 0.275).
  const Velocity got = nesterov_step({vec({1.0, 1.0}), vec({-0.2, -0.5})}, bowl_grad, 0.05, 0.9);
  check_value("nesterov_step(W=(1,1), v=(-0.2,-0.5), ∇ of ½(x²+10y²), lr=0.05, μ=0.9).v", as_mat(vec({-0.221, -0.725})),
              as_mat(got.v), "μv − lr·∇F(W + μv): the gradient where the velocity is about to carry W",
              {{as_mat(vec({-0.23, -0.95})), "the gradient was taken at W: that is classical momentum; Nesterov "
                                             "looks ahead to W + μ·v first"},
               {as_mat(vec({-0.22, -0.7})), "the look-ahead point is W + μ·v, not W + v"}});
  check_value("nesterov_step(...).W", as_mat(vec({0.779, 0.275})), as_mat(got.W), "W ← W + v, with the new v",
              {{as_mat(vec({0.5801, -0.3775})), "this is W + μ·v, the next look-ahead point (what the engine stores as "
                                                "θ); the lecture's W is W(t) + v(t+1)"},
               {as_mat(vec({0.77, 0.05})), "the gradient was taken at W: that is classical momentum"}});
}

TEST_CASE("10.2 nesterov_step: from rest the first step is a gradient step", "[ch10][ex10.2][points:1]") {
  // v = 0: the look-ahead point is W itself, v' = −lr·∇F(W) = −0.1·(2, −30) = (−0.2, 3).
  const Velocity got = nesterov_step({vec({2.0, -3.0}), vec({0.0, 0.0})}, bowl_grad, 0.1, 0.9);
  check_value("nesterov_step(W=(2,-3), v=0, lr=0.1, μ=0.9).W", as_mat(vec({1.8, 0.0})), as_mat(got.W),
              "from v = 0 the look-ahead point is W, and the step is −lr·∇F(W)",
              {{as_mat(vec({2.2, -6.0})), "the gradient was added: v ← μv − lr·∇F"}});
}

TEST_CASE("10.2 nesterov_step: three steps on w squared from 5", "[ch10][ex10.2][points:1]") {
  // f = w², ∇ = 2w, lr = 0.01, μ = 0.9; look-ahead a = W + 0.9v:
  //   t=1: a = 5,        g = 10,      v = −0.1,                        W = 4.9
  //   t=2: a = 4.81,     g = 9.62,    v = −0.09 − 0.0962 = −0.1862,     W = 4.7138
  //   t=3: a = 4.54622,  g = 9.09244, v = −0.16758 − 0.0909244,         W = 4.4552956
  Velocity s{vec({5.0}), vec({0.0})};
  const GradientFn grad = [](const Eigen::VectorXd& w) { return Eigen::VectorXd(2.0 * w); };
  const double want_W[] = {4.9, 4.7138, 4.4552956}, momentum_W[] = {4.9, 4.712, 4.44856};
  for (int t = 0; t < 3; ++t) {
    s = nesterov_step(s, grad, 0.01, 0.9);
    check_value("nesterov_step on f = w², step " + std::to_string(t + 1) + " from W = 5: W", want_W[t], s.W(0),
                "each step's gradient at W + μ·v",
                {{momentum_W[t], "these are classical momentum's numbers: the gradient was taken at W, not at the "
                                 "look-ahead point W + μ·v"}});
  }
}

// ---- Exercise 10.3: rmsprop_step ---------------------------------------------------------------

TEST_CASE("10.3 rmsprop_step: one step", "[ch10][ex10.3][points:1]") {
  // v' = 0.99·v + 0.01·g² = (0.099 + 0.0025, 0 + 0.04) = (0.1015, 0.04);
  // θ' = θ − 0.01·g/(√v' + 1e-8).
  const RMSPropState got = rmsprop_step({vec({1.0, -1.0}), vec({0.1, 0.0})}, vec({0.5, 2.0}), RMSPropHyper{});
  check_value("rmsprop_step(θ=(1,-1), v=(0.1,0), g=(0.5,2), lr=0.01, α=0.99).square_avg",
              as_mat(vec({0.1015, 0.04})), as_mat(got.square_avg), "a running mean: α·v + (1 − α)·g²",
              {{as_mat(vec({0.349, 4.0})), "the new g² was added whole; it gets the weight 1 − α"},
               {as_mat(vec({0.2485, 3.96})), "the old v was weighted by 1 − α and g² by α: the other way round"}});
  const Eigen::VectorXd want = vec({1.0 - 0.01 * 0.5 / (std::sqrt(0.1015) + 1e-8), -1.0 - 0.01 * 2.0 / (0.2 + 1e-8)});
  check_value("rmsprop_step(...).theta", as_mat(want), as_mat(got.theta),
              "θ − lr·g/(√v + eps) with the NEW v, coordinate by coordinate",
              {{as_mat(vec({1.0 - 0.01 * 0.5 / (std::sqrt(0.1) + 1e-8), -1.0 - 0.01 * 2.0 / 1e-8})),
                "divided by the OLD running mean: update v first (with v = 0 the step is lr·g/eps)"},
               {as_mat(vec({1.0 + 0.01 * 0.5 / (std::sqrt(0.1015) + 1e-8), -1.0 + 0.01 * 2.0 / (0.2 + 1e-8)})),
                "the step went uphill: θ ← θ − ..."}});
}

TEST_CASE("10.3 rmsprop_step: eps goes outside the root", "[ch10][ex10.3][points:1]") {
  // g = 1e-6 from v = 0: v' = 0.01·1e-12 = 1e-14, √v' = 1e-7, step = 0.01·1e-6/(1e-7 + 1e-8).
  const RMSPropState got = rmsprop_step({vec({0.0}), vec({0.0})}, vec({1e-6}), RMSPropHyper{});
  const double want = -0.01 * 1e-6 / (1e-7 + 1e-8);   // −0.0909
  check_value("rmsprop_step(θ=0, v=0, g=1e-6, lr=0.01, α=0.99, eps=1e-8).theta", want, got.theta(0),
              "eps is added to √v, as the engine, torch and the lecture's code do",
              {{-0.01 * 1e-6 / std::sqrt(1e-14 + 1e-8), "eps went inside the root, √(v + eps): for a tiny gradient "
                                                        "that is a 900 times smaller step; the engine adds eps to √v"}},
              1e-9);
}

TEST_CASE("10.3 rmsprop_step: the first step is lr over root of 1 - alpha, whatever g", "[ch10][ex10.3][points:1]") {
  // From v = 0: v' = (1 − α)g², so the step is lr·g/(√(1 − α)·|g| + eps) ≈ 0.1·sign(g).
  const Eigen::VectorXd g = vec({3.0, -0.02, 500.0});
  const RMSPropState got = rmsprop_step({vec({0.0, 0.0, 0.0}), vec({0.0, 0.0, 0.0})}, g, RMSPropHyper{});
  Eigen::VectorXd want(3);
  for (Index i = 0; i < 3; ++i) want(i) = -0.01 * g(i) / (std::sqrt(0.01 * g(i) * g(i)) + 1e-8);
  check_value("rmsprop_step(θ=0, v=0, g=(3, -0.02, 500), lr=0.01, α=0.99).theta", as_mat(want), as_mat(got.theta),
              "each coordinate moves by lr·g/(√v + eps) with v = (1 − α)·g²: about lr/√(1 − α) = 0.1",
              {{as_mat(-0.01 * g), "this is plain SGD's step lr·g: divide by the root of the running mean of g²"}});
}

// ---- Exercise 10.4: adam_step -------------------------------------------------------------------

TEST_CASE("10.4 adam_step: the first step is lr times the sign of g", "[ch10][ex10.4][points:2]") {
  // t = 1: m = 0.1g, v = 0.001g², m̂ = g, v̂ = g², so Δθ = −lr·g/(|g| + eps).
  const Eigen::VectorXd g = vec({1e-3, -5.0, 100.0});
  const AdamState got = adam_step({vec({1.0, 2.0, 3.0}), vec({0.0, 0.0, 0.0}), vec({0.0, 0.0, 0.0})}, g, 1,
                                  AdamHyper{.lr = 0.1});
  Eigen::VectorXd want(3), uncorrected(3);
  for (Index i = 0; i < 3; ++i) {
    want(i) = (i + 1.0) - 0.1 * g(i) / (std::abs(g(i)) + 1e-8);
    uncorrected(i) = (i + 1.0) - 0.1 * 0.1 * g(i) / (std::sqrt(0.001) * std::abs(g(i)) + 1e-8);
  }
  check_value("adam_step(θ=(1,2,3), m=v=0, g=(1e-3,-5,100), t=1, lr=0.1).theta", as_mat(want), as_mat(got.theta),
              "after the bias correction m̂ = g and v̂ = g² on step 1: θ moves by lr against the sign of g",
              {{as_mat(uncorrected), "no bias correction: m and v are still near 0 (m = 0.1g, v = 0.001g²) and the "
                                     "step is 0.1/√0.001 = 3.16 times too large; divide m by 1 − β1^t and v by 1 − β2^t"}},
              1e-8);
  check_value("adam_step(...).m", as_mat(0.1 * g), as_mat(got.m), "m ← β1·m + (1 − β1)·g, the uncorrected moment",
              {{as_mat(g), "this is m̂, the corrected moment; the state is the uncorrected m (the next step "
                           "corrects it again with its own t)"}});
  check_value("adam_step(...).v", as_mat(0.001 * g.cwiseProduct(g)), as_mat(got.v),
              "v ← β2·v + (1 − β2)·g², the uncorrected moment",
              {{as_mat(g.cwiseProduct(g)), "this is v̂, the corrected moment; the state is the uncorrected v"},
               {as_mat(0.001 * g), "the second moment is of g², not g"}});
}

TEST_CASE("10.4 adam_step: the second step", "[ch10][ex10.4][points:1]") {
  // Step 1 with g = 2 from θ = 0.5: m = 0.2, v = 0.004, θ = 0.5 − 0.1·2/(2 + 1e-8).
  // Step 2 with g = −1: m = 0.9·0.2 − 0.1 = 0.08, v = 0.999·0.004 + 0.001 = 0.004996,
  // m̂ = 0.08/(1 − 0.81), v̂ = 0.004996/(1 − 0.998001).
  const AdamHyper h{.lr = 0.1};
  const double theta1 = 0.5 - 0.1 * 2.0 / (2.0 + 1e-8);
  const AdamState s1{vec({theta1}), vec({0.2}), vec({0.004})};
  const AdamState got = adam_step(s1, vec({-1.0}), 2, h);
  const double m_hat = 0.08 / 0.19, v_hat = 0.004996 / (1.0 - 0.999 * 0.999);
  const double want = theta1 - 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8);
  const double same_t = theta1 - 0.1 * (0.08 / 0.1) / (std::sqrt(0.004996 / 0.001) + 1e-8);
  check_value("adam_step(θ=0.4, m=0.2, v=0.004, g=-1, t=2, lr=0.1).theta", want, got.theta(0),
              "both moments from the state, then corrected with t = 2: 1 − β1² and 1 − β2²",
              {{same_t, "corrected with t = 1: the corrections depend on the step number t, 2 here"},
               {theta1 - 0.1 * 0.08 / (std::sqrt(0.004996) + 1e-8), "no bias correction"}});
  check_value("adam_step(...).m", 0.08, got.m(0), "0.9·0.2 + 0.1·(−1)", {{-0.1, "the old m was dropped"}});
}

TEST_CASE("10.4 adam_step: t counts from 1", "[ch10][ex10.4][points:1]") {
  const AdamState got = adam_step({vec({0.0}), vec({0.0}), vec({0.0})}, vec({4.0}), 1, AdamHyper{.lr = 0.5});
  check_value("adam_step(θ=0, g=4, t=1, lr=0.5).theta", -0.5 * 4.0 / (4.0 + 1e-8), got.theta(0),
              "on step 1 the step is lr·sign(g); t = 1 is the first step (with t = 0, 1 − β^t = 0 divides by zero)");
  INFO("adam_step(..., t=0, ...) must throw sg::ValueError: steps count from 1, and 1 − β1^0 = 0 would divide by zero");
  CHECK_THROWS_AS(adam_step({vec({0.0}), vec({0.0}), vec({0.0})}, vec({4.0}), 0, AdamHyper{}), ValueError);
}
