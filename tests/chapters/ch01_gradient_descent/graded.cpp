// Graded tests of chapter 1's exercises (solutions/01_gradient_descent/exercises.cpp;
// the student's copy is exercises/01_gradient_descent/exercises.cpp). Expected
// values are worked out here, by hand or with the formula written out.
#include <cmath>
#include <string>

#include "chapters/01_gradient_descent/exercises.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch01;
using sg::graded::check_value;
using sg::test::column;

namespace {

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kUpdate = "docs/book/01-gradient-descent.md, section \"3. Gradient descent, one update at a time\"";
const std::string kThreeWays = "docs/book/01-gradient-descent.md, section \"2. The derivative three ways\"";
const std::string kValley = "docs/book/01-gradient-descent.md, section \"5. Two dimensions: the narrow valley\"";

}  // namespace

// ---- Exercise 1.1 ---------------------------------------------------------------

TEST_CASE("1.1 gd_step: one step from x = 5 with dx = 10 and lr = 0.1", "[ch01][ex1.1][points:1]") {
  // 5 − 0.1·10 = 4
  check_value("gd_step(x=5, dx=10, lr=0.1)", 4.0, gd_step(5.0, 10.0, 0.1),
              "checked: the new x after one step downhill from x = 5, a step whose size grows with the slope "
              "dx and the learning rate lr; the step is worked out in " + kUpdate,
              {{6.0, "this is x + lr·dx: the step went uphill; move against the slope"},
               {-5.0, "this is x − dx: the learning rate is missing from the step"},
               {1.0, "this is lr·dx, the size of the step, not the new x"},
               {4.9, "this is x − lr: the slope dx is missing from the step"},
               {-95.0, "this is x − dx/lr: the learning rate divides the step; a larger lr must give a larger step"}});
}

TEST_CASE("1.1 gd_step: a negative slope moves x to the right", "[ch01][ex1.1][points:1]") {
  // −2 − 0.25·(−4) = −1
  check_value("gd_step(x=-2, dx=-4, lr=0.25)", -1.0, gd_step(-2.0, -4.0, 0.25),
              "checked: one step from x = −2, where the slope is negative: downhill is to the right, so x "
              "must grow; " + kUpdate,
              {{-3.0, "this is x + lr·dx: the sign of the step is flipped"},
               {2.0, "this is x − dx: the learning rate is missing"}});
}

TEST_CASE("1.1 gd_step: on a vector, each parameter steps along its own partial derivative",
          "[ch01][ex1.1][points:2]") {
  // (1, 2) − 0.1·(10, −2) = (0, 2.2)
  const Eigen::Vector2d got = gd_step(Eigen::Vector2d(1.0, 2.0), Eigen::Vector2d(10.0, -2.0), 0.1);
  check_value("gd_step(theta=(1, 2), grad=(10, -2), lr=0.1)", column({0.0, 2.2}), Mat(got),
              "checked: your scalar step on each component of θ, with that component's own partial derivative; "
              + kUpdate,
              {{column({2.0, 1.8}), "this is θ + lr·∇: the step went uphill"},
               {column({-9.0, 4.0}), "this is θ − ∇: the learning rate is missing"},
               {column({1.2, 1.0}), "the gradient's components are swapped: x moves by its own ∂f/∂x"}},
              1e-12);
}

// ---- Exercise 1.2 ---------------------------------------------------------------

TEST_CASE("1.2 central_difference: a parabola's slope, exact up to rounding", "[ch01][ex1.2][points:1]") {
  // ((3 + h)² − (3 − h)²) / 2h = 12h / 2h = 6 for every h.
  const auto square = [](double x) { return x * x; };
  check_value("central_difference(x², x=3, h=1e-3)", 6.0, central_difference(square, 3.0, 1e-3),
              "checked: the slope of the chord through the points h left and h right of x = 3, on a parabola, "
              "where it is exact up to rounding; why those two points: " + kThreeWays,
              {{6.001, "this is the forward difference (f(x + h) − f(x)) / h; its error is h, not h²"},
               {5.999, "this is the backward difference (f(x) − f(x − h)) / h"},
               {12.0, "twice the slope: the rise was divided by too short a run; measure how far apart the two "
                      "points are"},
               {3.0, "half the slope: the rise was divided by too long a run; measure how far apart the two "
                     "points are"},
               {-6.0, "the sign is flipped: a slope is the rise from the left point to the right one"}},
              1e-8);
}

TEST_CASE("1.2 central_difference: its error on a cubic is h squared", "[ch01][ex1.2][points:2]") {
  // f = x³, f'(1) = 3: ((1 + h)³ − (1 − h)³) / 2h = (6h + 2h³) / 2h = 3 + h² exactly.
  const auto cube = [](double x) { return x * x * x; };
  const double got_2 = central_difference(cube, 1.0, 1e-2);
  check_value("central_difference(x³, x=1, h=1e-2)", 3.0 + 1e-4, got_2,
              "checked: the centred slope of x³ at 1, whose error must be h² = 1e-4 here (" + kThreeWays +
                  " works it out)",
              {{3.0301, "this is the forward difference (f(x + h) − f(x)) / h: error 3h, not h²"},
               {2.9701, "this is the backward difference (f(x) − f(x − h)) / h: error 3h, not h²"},
               {6.0002, "twice the slope: measure how far apart the two points are"}},
              1e-10);
  // h ten times smaller: the error h² a hundred times smaller.
  check_value("central_difference(x³, x=1, h=1e-3)", 3.0 + 1e-6, central_difference(cube, 1.0, 1e-3),
              "checked: h ten times smaller, so the error h² must be a hundred times smaller, 1e-6 here; "
              + kThreeWays,
              {{3.003001, "this is the forward difference: its error shrinks only like h"}}, 1e-10);
}

TEST_CASE("1.2 central_difference: sin at 0.5 to eight digits", "[ch01][ex1.2][points:1]") {
  // sin' = cos; the error is h²·cos(x)/6 ≈ 1.5e-9 with h = 1e-4.
  const auto sine = [](double x) { return std::sin(x); };
  check_value("central_difference(sin, x=0.5, h=1e-4)", std::cos(0.5), central_difference(sine, 0.5, 1e-4),
              "checked: the centred slope of sin at 0.5 against cos(0.5); call the fn you are given (not x²); "
              + kThreeWays,
              {{std::cos(0.5) - 0.5e-4 * std::sin(0.5), "this is the forward difference: error h, not h²"}}, 1e-8);
}

// ---- Exercise 1.3 ---------------------------------------------------------------

TEST_CASE("1.3 bowl_grad: at (1.5, 8) with a = 10, b = 1", "[ch01][ex1.3][points:1]") {
  // (a x, b y) = (10·1.5, 1·8)
  check_value("bowl_grad(p=(1.5, 8), a=10, b=1)", column({15.0, 8.0}), Mat(bowl_grad({1.5, 8.0}, 10.0, 1.0)),
              "checked: the two partial derivatives of f = ½(a x² + b y²) at (1.5, 8), each by its own variable "
              "with the other held fixed; " + kValley,
              {{column({7.5, 4.0}), "half the gradient: the ½ cancels against the 2 of x²"},
               {column({30.0, 16.0}), "twice the gradient: the ½ of f is missing"},
               {column({11.25, 32.0}), "these are the terms ½ a x² and ½ b y² of f, not their derivatives"},
               {column({1.5, 80.0}), "a and b are swapped: a goes with x"},
               {column({-15.0, -8.0}), "the sign is flipped: the gradient points uphill"}},
              1e-12);
}

TEST_CASE("1.3 bowl_grad: a and b scale their own coordinate", "[ch01][ex1.3][points:1]") {
  // (4·(−2), 0.5·3) = (−8, 1.5)
  check_value("bowl_grad(p=(-2, 3), a=4, b=0.5)", column({-8.0, 1.5}), Mat(bowl_grad({-2.0, 3.0}, 4.0, 0.5)),
              "checked: the gradient at (−2, 3) with a = 4, b = 0.5: each coefficient goes with its own "
              "coordinate; " + kValley,
              {{column({-1.0, 12.0}), "a and b are swapped: a goes with x"},
               {column({-4.0, 0.75}), "half the gradient: the ½ cancels against the 2 of x²"}},
              1e-12);
}

TEST_CASE("1.3 bowl_grad: agrees with a central difference of the bowl", "[ch01][ex1.3][points:1]") {
  constexpr double a = 3.0, b = 7.0, x = 0.7, y = -1.3, h = 1e-5;
  const auto f = [&](double u, double v) { return 0.5 * (a * u * u + b * v * v); };
  const Mat numeric = column({(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)});
  check_value("bowl_grad(p=(0.7, -1.3), a=3, b=7)", numeric, Mat(bowl_grad({x, y}, a, b)),
              "checked: against a central difference of f in each variable; the partials are worked out in "
              + kValley,
              {}, 1e-6);
}
