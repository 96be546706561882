// Chapter 1's helpers (chapters/01_gradient_descent/lesson_math.hpp). The
// exercises (gd_step, central_difference, bowl_grad) are graded in
// tests/chapters/ch01_gradient_descent/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/01_gradient_descent/lesson_math.hpp"

using namespace sg::ch01;

TEST_CASE("ch01: steps_to_reach matches the iterate x0 times r to the k", "[ch01]") {
  for (double lr : {0.01, 0.1, 0.3, 0.7, 0.9}) {
    const int k = steps_to_reach(5.0, lr, 1e-3);
    REQUIRE(k > 0);
    CHECK(std::abs(iterate(5.0, lr, k)) < 1e-3);
    CHECK(std::abs(iterate(5.0, lr, k - 1)) >= 1e-3);
  }
  CHECK(steps_to_reach(5.0, 0.1, 1e-3) == 39);
  CHECK(steps_to_reach(5.0, 0.5, 1e-3) == 1);
  CHECK(steps_to_reach(5.0, 1.0, 1e-3) == -1);
  CHECK(steps_to_reach(5.0, 1.1, 1e-3) == -1);
  CHECK(steps_to_reach(1e-4, 0.1, 1e-3) == 0);
}

TEST_CASE("ch01: the bowl's value is half of a x squared plus b y squared", "[ch01]") {
  CHECK(bowl(Eigen::Vector2d(1.5, 8.0), 10.0, 1.0) == Approx(0.5 * (22.5 + 64.0)));
}
