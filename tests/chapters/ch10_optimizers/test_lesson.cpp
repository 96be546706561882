// Chapter 10's acceptance and the claims its lesson makes about the engine's
// optimisers (docs/book/10-optimizers.md): Adam's first step is lr·sign(g) up
// to eps, whatever |g|; without the bias correction it would be
// (1 − β1)/√(1 − β2) = 3.16 times larger; the engine's momentum and Nesterov
// (PyTorch's form) follow the lecture's recurrences, Nesterov's θ being the
// lecture's look-ahead point W + μv. The exercises are graded in
// tests/chapters/ch10_optimizers/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/stepgrad.hpp"

using namespace sg;

TEST_CASE("ch10: Adam's first step is lr times the sign of the gradient, whatever its size", "[ch10]") {
  constexpr double lr = 0.1, eps = 1e-8;
  for (double g : {1e-3, 0.5, 1e3, -20.0, -1e-2, 7e5}) {
    CAPTURE(g);
    Context ctx;
    Tensor w = ctx.param(Mat::Constant(1, 1, 1.0), "w");
    Adam<double> opt({w}, AdamOptions{.lr = lr});
    mul_scalar(w, g).backward();   // the loss g·w: its gradient is g
    opt.step();
    const double step = w.item() - 1.0;
    const double sign = g > 0 ? 1.0 : -1.0;
    // m̂ = g and v̂ = g² exactly up to rounding, so Δw = −lr·g/(|g| + eps) ...
    CHECK(step == Approx(-lr * g / (std::abs(g) + eps)).epsilon(1e-12));   // rounding of m/bc1, √v/√bc2
    // ... which is −lr·sign(g) to within lr·eps/|g| (1e-6 of lr for |g| = 1e-2), plus the
    // rounding of w − 1 (w ≈ 0.9: its last bit is 1.1e-16).
    CHECK(std::abs(step + lr * sign) <= lr * eps / std::abs(g) + 1e-15);
  }
}

TEST_CASE("ch10: without bias correction Adam's first steps would be larger, by (1-beta1^t)/sqrt(1-beta2^t)", "[ch10]") {
  constexpr double lr = 0.1, b1 = 0.9, b2 = 0.999;
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(1, 1, 0.0), "w");
  Adam<double> opt({w}, AdamOptions{.lr = lr});
  for (int t = 1; t <= 20; ++t) {
    CAPTURE(t);
    opt.zero_grad();
    mul_scalar(w, 1.0).backward();   // constant gradient 1
    const double before = w.item();
    opt.step();
    const double m = opt.state_of(0, "m")(0, 0), v = opt.state_of(0, "v")(0, 0);
    CHECK(m == Approx(1.0 - std::pow(b1, t)).epsilon(1e-12));   // the moments of a constant g = 1
    CHECK(v == Approx(1.0 - std::pow(b2, t)).epsilon(1e-12));
    CHECK(w.item() - before == Approx(-lr).epsilon(1e-7));       // corrected: lr every step (eps/1 = 1e-8)
    const double uncorrected = lr * m / (std::sqrt(v) + 1e-8);
    CHECK(uncorrected / lr == Approx((1.0 - std::pow(b1, t)) / std::sqrt(1.0 - std::pow(b2, t))).epsilon(1e-6));
  }
  CHECK((1.0 - b1) / std::sqrt(1.0 - b2) == Approx(3.16227766016838).epsilon(1e-12));
}

TEST_CASE("ch10: the engine's momentum and Nesterov are the lecture's recurrences", "[ch10]") {
  // f(w) = w² from 5, lr = 0.01, μ = 0.9. The lecture: v ← μv − lr·∇F(·), W ← W + v, with
  // ∇F at W (classical) or at W + μv (Nesterov).
  constexpr double lr = 0.01, mu = 0.9;
  for (bool nesterov : {false, true}) {
    CAPTURE(nesterov);
    Context ctx;
    Tensor w = ctx.param(Mat::Constant(1, 1, 5.0), "w");
    SGD<double> opt({w}, SGDOptions{.lr = lr, .momentum = mu, .nesterov = nesterov});
    double W = 5.0, v = 0.0;
    for (int t = 1; t <= 200; ++t) {
      CAPTURE(t);
      opt.zero_grad();
      (w * w).backward();
      opt.step();
      v = mu * v - lr * 2.0 * (nesterov ? W + mu * v : W);
      W += v;
      // Nesterov: the engine's θ is the look-ahead point W + μv. Values shrink to ~1e-4 by
      // t = 200; the two recurrences round differently by ~1e-16 per step.
      CHECK(w.item() == Approx(nesterov ? W + mu * v : W).epsilon(0.0).margin(1e-12));
      CHECK(opt.state_of(0, "velocity")(0, 0) * -lr == Approx(v).epsilon(0.0).margin(1e-12));   // v = −lr·b
    }
  }
}
