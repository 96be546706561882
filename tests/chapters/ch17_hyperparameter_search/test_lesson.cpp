// Chapter 17's search arithmetic that is not an exercise
// (chapters/17_hyperparameter_search/lesson_math.hpp): the log grid, the
// log-uniform sample and the border rule the chapter's warning comes from.
// The chapter's numbers are checked in checks.cmake; the exercises in graded.cpp.
#include <catch2/catch.hpp>

#include "chapters/17_hyperparameter_search/lesson_math.hpp"

using namespace sg;
using namespace sg::ch17;

TEST_CASE("ch17: the log grid and the log sample are evenly spaced in log", "[ch17]") {
  const std::vector<double> g = log_grid(1e-4, 1.0, 5);
  REQUIRE(g.size() == 5);
  // pow and exp round: 1e-12 relative is a few ulps of headroom.
  CHECK(g[0] == Approx(1e-4).epsilon(1e-12));
  CHECK(g[1] == Approx(1e-3).epsilon(1e-12));
  CHECK(g[2] == Approx(1e-2).epsilon(1e-12));
  CHECK(g[4] == Approx(1.0).epsilon(1e-12));
  CHECK_THROWS_AS(log_grid(0.0, 1.0, 3), ValueError);
  // u = 0, 1/4, 1/2, 1 over [1e-4, 1]: the ends and the decade boundaries.
  CHECK(log_sample(1e-4, 1.0, 0.0) == Approx(1e-4).epsilon(1e-12));
  CHECK(log_sample(1e-4, 1.0, 0.25) == Approx(1e-3).epsilon(1e-12));
  CHECK(log_sample(1e-4, 1.0, 0.5) == Approx(1e-2).epsilon(1e-12));
  CHECK(log_sample(1e-4, 1.0, 1.0) == Approx(1.0).epsilon(1e-12));
  CHECK_THROWS_AS(log_sample(-1.0, 1.0, 0.5), ValueError);
}

TEST_CASE("ch17: the border warning fires when the best value is at either end", "[ch17]") {
  // The lecture's range [1e-5, 1e-3] swept in 5 values; the score rising with η
  // (as the validation loss falls in the chapter): the best is the top value.
  const std::vector<double> v = log_grid(1e-5, 1e-3, 5);
  const Border high = border(v, {0.1, 0.2, 0.3, 0.4, 0.5}, 1e-5, 1e-3, 0.1);
  CHECK(high.side == 1);
  CHECK(high.best == 4);
  CHECK(high.position == Approx(1.0).epsilon(1e-12));
  CHECK(border(v, {0.5, 0.4, 0.3, 0.2, 0.1}, 1e-5, 1e-3, 0.1).side == -1);
  // Random trials: 0.9 in [1e-4, 1] is at log position 0.989, within the top tenth.
  CHECK(border({0.9, 0.01, 0.001}, {0.8, 0.7, 0.6}, 1e-4, 1.0, 0.1).side == 1);
}

TEST_CASE("ch17: the border warning does not fire when the best value is inside", "[ch17]") {
  const std::vector<double> v = log_grid(1e-5, 1e-3, 5);
  const Border mid = border(v, {0.1, 0.3, 0.5, 0.3, 0.1}, 1e-5, 1e-3, 0.1);
  CHECK(mid.side == 0);
  CHECK(mid.best == 2);
  CHECK(mid.position == Approx(0.5).epsilon(1e-12));
  // 1e-2 in [1e-4, 1] is in the middle on a log scale (linearly it would sit at 0.0099, the low border).
  CHECK(border({1e-2, 0.9, 2e-4}, {0.8, 0.7, 0.6}, 1e-4, 1.0, 0.1).side == 0);
  // Equal best scores: the first counts.
  CHECK(border({1e-2, 0.9}, {0.8, 0.8}, 1e-4, 1.0, 0.1).best == 0);
  CHECK_THROWS_AS(border({1e-2}, {0.8, 0.7}, 1e-4, 1.0, 0.1), ValueError);
}
