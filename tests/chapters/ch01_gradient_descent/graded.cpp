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

// ---- Exercise 1.1 ---------------------------------------------------------------

TEST_CASE("1.1 gd_step: one step from x = 5 with dx = 10 and lr = 0.1", "[ch01][ex1.1][points:1]") {
  // 5 − 0.1·10 = 4
  check_value("gd_step(x=5, dx=10, lr=0.1)", 4.0, gd_step(5.0, 10.0, 0.1),
              "the new x is x minus lr times dx",
              {{6.0, "this is x + lr·dx: the step went uphill; move against the slope"},
               {-5.0, "this is x − dx: the step forgot to multiply dx by the learning rate"},
               {1.0, "this is lr·dx, the size of the step; return the new x, x − lr·dx"},
               {4.9, "this is x − lr: multiply the learning rate by dx"},
               {-95.0, "this is x − dx/lr: multiply by the learning rate, do not divide"}});
}

TEST_CASE("1.1 gd_step: a negative slope moves x to the right", "[ch01][ex1.1][points:1]") {
  // −2 − 0.25·(−4) = −1
  check_value("gd_step(x=-2, dx=-4, lr=0.25)", -1.0, gd_step(-2.0, -4.0, 0.25),
              "x − lr·dx: with dx < 0 the step adds to x",
              {{-3.0, "this is x + lr·dx: the sign of the step is flipped"},
               {2.0, "this is x − dx: the learning rate is missing"}});
}

TEST_CASE("1.1 gd_step: the vector step moves each parameter by lr times its own gradient",
          "[ch01][ex1.1][points:2]") {
  // (1, 2) − 0.1·(10, −2) = (0, 2.2)
  const Eigen::Vector2d got = gd_step(Eigen::Vector2d(1.0, 2.0), Eigen::Vector2d(10.0, -2.0), 0.1);
  check_value("gd_step(theta=(1, 2), grad=(10, -2), lr=0.1)", column({0.0, 2.2}), Mat(got),
              "θ − lr·∇, component by component",
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
              "(f(x + h) − f(x − h)) / (2h)",
              {{6.001, "this is the forward difference (f(x + h) − f(x)) / h; its error is h, not h²"},
               {5.999, "this is the backward difference (f(x) − f(x − h)) / h"},
               {12.0, "divided by h: the two points x − h and x + h are 2h apart"},
               {3.0, "divided by 4h: the two points are 2h apart"},
               {-6.0, "the sign is flipped: f(x + h) comes first"}},
              1e-8);
}

TEST_CASE("1.2 central_difference: its error on a cubic is h squared", "[ch01][ex1.2][points:2]") {
  // f = x³, f'(1) = 3: ((1 + h)³ − (1 − h)³) / 2h = (6h + 2h³) / 2h = 3 + h² exactly.
  const auto cube = [](double x) { return x * x * x; };
  const double got_2 = central_difference(cube, 1.0, 1e-2);
  check_value("central_difference(x³, x=1, h=1e-2)", 3.0 + 1e-4, got_2,
              "(f(x + h) − f(x − h)) / (2h); its error is h² = 1e-4 here",
              {{3.0301, "this is the forward difference (f(x + h) − f(x)) / h: error 3h, not h²"},
               {2.9701, "this is the backward difference (f(x) − f(x − h)) / h: error 3h, not h²"},
               {6.0002, "divided by h: the two points are 2h apart"}},
              1e-10);
  // h ten times smaller: the error h² a hundred times smaller.
  check_value("central_difference(x³, x=1, h=1e-3)", 3.0 + 1e-6, central_difference(cube, 1.0, 1e-3),
              "(f(x + h) − f(x − h)) / (2h); its error is h² = 1e-6 here",
              {{3.003001, "this is the forward difference: its error shrinks only like h"}}, 1e-10);
}

TEST_CASE("1.2 central_difference: sin at 0.5 to eight digits", "[ch01][ex1.2][points:1]") {
  // sin' = cos; the error is h²·cos(x)/6 ≈ 1.5e-9 with h = 1e-4.
  const auto sine = [](double x) { return std::sin(x); };
  check_value("central_difference(sin, x=0.5, h=1e-4)", std::cos(0.5), central_difference(sine, 0.5, 1e-4),
              "(f(x + h) − f(x − h)) / (2h), with the fn you are given (not x²)",
              {{std::cos(0.5) - 0.5e-4 * std::sin(0.5), "this is the forward difference: error h, not h²"}}, 1e-8);
}

// ---- Exercise 1.3 ---------------------------------------------------------------

TEST_CASE("1.3 bowl_grad: at (1.5, 8) with a = 10, b = 1", "[ch01][ex1.3][points:1]") {
  // (a x, b y) = (10·1.5, 1·8)
  check_value("bowl_grad(p=(1.5, 8), a=10, b=1)", column({15.0, 8.0}), Mat(bowl_grad({1.5, 8.0}, 10.0, 1.0)),
              "∂f/∂x of ½ a x² and ∂f/∂y of ½ b y²",
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
              "a times x, b times y",
              {{column({-1.0, 12.0}), "a and b are swapped: a goes with x"},
               {column({-4.0, 0.75}), "half the gradient: the ½ cancels against the 2 of x²"}},
              1e-12);
}

TEST_CASE("1.3 bowl_grad: agrees with a central difference of the bowl", "[ch01][ex1.3][points:1]") {
  constexpr double a = 3.0, b = 7.0, x = 0.7, y = -1.3, h = 1e-5;
  const auto f = [&](double u, double v) { return 0.5 * (a * u * u + b * v * v); };
  const Mat numeric = column({(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)});
  check_value("bowl_grad(p=(0.7, -1.3), a=3, b=7)", numeric, Mat(bowl_grad({x, y}, a, b)),
              "the partial derivatives of ½(a x² + b y²), each by its own variable", {}, 1e-6);
}
