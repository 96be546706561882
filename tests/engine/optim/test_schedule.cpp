// Schedules' closed forms, their validation, and the LR range test on a quadratic.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/optim/schedule.hpp"
#include "engine/optim/sgd.hpp"

using namespace sg;

TEST_CASE("cosine decay is periodic beyond T, as torch's CosineAnnealingLR", "[optim][schedule]") {
  const CosineDecay cosine(0.1, 8, 0.001);
  CHECK(cosine.lr_at(8) == Approx(0.001).epsilon(1e-14));    // the minimum at t = T
  CHECK(cosine.lr_at(9) == Approx(cosine.lr_at(7)).epsilon(1e-14));
  CHECK(cosine.lr_at(16) == Approx(0.1).epsilon(1e-14));     // back at α0 after 2T
}

TEST_CASE("the lr range test schedule rises exponentially from lo to hi", "[optim][schedule]") {
  const LrRangeTest range(1e-4, 1.0, 5);
  CHECK(range.lr_at(0) == Approx(1e-4).epsilon(1e-14));
  CHECK(range.lr_at(1) == Approx(1e-3).epsilon(1e-12));      // ×10 per step: (hi/lo)^(1/4)
  CHECK(range.lr_at(2) == Approx(1e-2).epsilon(1e-12));
  CHECK(range.lr_at(4) == 1.0);
}

TEST_CASE("schedules refuse bad arguments, naming them", "[optim][schedule]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(StepDecay(0.1, 0.5, 0), Catch::Contains("every must be ≥ 1"));
  CHECK_THROWS_WITH(StepDecay(nan, 0.5, 3), Catch::Contains("lr0 must be"));
  CHECK_THROWS_WITH(ExponentialDecay(0.1, -1), Catch::Contains("k must be"));
  CHECK_THROWS_WITH(InverseTimeDecay(0.1, nan), Catch::Contains("k must be"));
  CHECK_THROWS_WITH(CosineDecay(0.1, 0), Catch::Contains("T must be ≥ 1"));
  CHECK_THROWS_WITH(CosineDecay(0.1, 8, 0.2), Catch::Contains("lr_min must be in [0, lr0"));
  CHECK_THROWS_WITH(LrRangeTest(1.0, 0.1, 10), Catch::Contains("hi must be > lo"));
  CHECK_THROWS_WITH(LrRangeTest(1e-4, 1.0, 1), Catch::Contains("steps must be ≥ 2"));
  CHECK_THROWS_WITH(ExponentialDecay(0.1, 0.2).lr_at(-1), Catch::Contains("epoch must be ≥ 0"));
}

TEST_CASE("the lr range test on a quadratic stops once the loss passes 4x its best, past lr = 1",
          "[optim][schedule]") {
  // L(w) = w², one SGD step: w ← (1 − 2·lr)·w. The loss falls while lr < 1 and
  // grows by (1 − 2·lr)² > 1 per step once lr > 1, so the test must stop
  // soon after the lr passes 1, with its best lr below 1.
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(1, 1, 1.0), "w");
  SGD<double> opt({w}, 1e-3);
  const LrRangeTest range(1e-3, 100.0, 60);
  const LrRangeResult r = lr_range_test(
      range, [&](double lr) { opt.set_lr(lr); },
      [&] {
        w.grad_mut() = 2.0 * w.value();
        opt.step();
        return w.value().squaredNorm();
      });
  CHECK(r.diverged);
  REQUIRE(r.points.size() >= 2);
  CHECK(r.points.size() < 60);                      // stopped early
  CHECK(r.best_lr < 1.0);
  CHECK(r.best_lr > 0.1);                           // the loss falls fastest near lr = 0.5
  CHECK(r.points.back().first > 1.0);               // the step that diverged
  CHECK(r.points.back().second > 4.0 * r.best_loss);
  for (std::size_t k = 1; k < r.points.size(); ++k) CHECK(r.points[k].first > r.points[k - 1].first);
}
