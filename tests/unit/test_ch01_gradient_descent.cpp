// Chapter 1's lesson math (chapters/01_gradient_descent/lesson_math.hpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/01_gradient_descent/lesson_math.hpp"

using namespace sg::ch01;

TEST_CASE("ch01: a gradient-descent step moves against the gradient by lr times it", "[ch01]") {
  CHECK(gd_step(5.0, 10.0, 0.1) == Approx(4.0));
  CHECK(gd_step(-2.0, -4.0, 0.5) == Approx(0.0));
  const Eigen::Vector2d theta = gd_step(Eigen::Vector2d(1.0, 2.0), Eigen::Vector2d(10.0, -2.0), 0.1);
  CHECK(theta.x() == Approx(0.0).margin(1e-15));
  CHECK(theta.y() == Approx(2.2));
}

TEST_CASE("ch01: the central difference has error O(h squared) on a cubic", "[ch01]") {
  // f = x³, f'(1) = 3; the central difference gives 3 + h² exactly.
  const auto cube = [](double x) { return x * x * x; };
  CHECK(central_difference(cube, 1.0, 1e-2) == Approx(3.0 + 1e-4).epsilon(1e-10));
  CHECK(central_difference(cube, 1.0, 1e-3) == Approx(3.0 + 1e-6).epsilon(1e-10));
}

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

TEST_CASE("ch01: the bowl's gradient is (a x, b y)", "[ch01]") {
  const Eigen::Vector2d g = bowl_grad(Eigen::Vector2d(1.5, 8.0), 10.0, 1.0);
  CHECK(g.x() == Approx(15.0));
  CHECK(g.y() == Approx(8.0));
  CHECK(bowl(Eigen::Vector2d(1.5, 8.0), 10.0, 1.0) == Approx(0.5 * (22.5 + 64.0)));
}
