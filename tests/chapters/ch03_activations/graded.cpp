// Graded tests of chapter 3's exercises (solutions/03_activations/exercises.cpp;
// the student's copy is exercises/03_activations/exercises.cpp). Expected
// values come from the formulas written out here with <cmath>, never from
// the solutions.
#include <cmath>
#include <initializer_list>
#include <string>

#include "chapters/03_activations/exercises.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch03;
using sg::graded::check_value;
using sg::test::row;

namespace {

// f applied to every element, with the formula written out here.
template <class F>
Mat each(const Mat& X, F f) {
  return X.unaryExpr(f);
}

double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }   // fine for |x| < 700

constexpr double kH = 1e-6;   // central differences below: error ~h² plus rounding ~1e-16/h

}  // namespace

// ---- Exercise 3.1 ---------------------------------------------------------------

TEST_CASE("3.1 sigmoid_forward: values at 0 and ±2", "[ch03][ex3.1][points:1]") {
  const Mat X = row({0.0, 2.0, -2.0});
  check_value("sigmoid_forward([0, 2, -2])", each(X, sig), sigmoid_forward(X), "σ(x) = 1 / (1 + e^-x), per element",
              {{each(X, [](double x) { return sig(-x); }), "this is σ(−x): the exponent is e^-x, not e^x"},
               {each(X, [](double x) { return sig(x) * (1 - sig(x)); }), "this is σ'(x), the derivative"}});
}

TEST_CASE("3.1 sigmoid_forward: exact and finite at ±1000", "[ch03][ex3.1][points:1]") {
  // σ(1000) = 1 and σ(−1000) = 0 to every digit a double has.
  check_value("sigmoid_forward([1000, -1000])", row({1.0, 0.0}), sigmoid_forward(row({1000.0, -1000.0})),
              "nan or inf means an exp overflowed (e^1000 is inf): use 1 / (1 + e^-x) for x >= 0 and "
              "e^x / (1 + e^x), the same number, for x < 0; neither overflows on its side");
}

TEST_CASE("3.1 sigmoid_backward: σ(1 − σ) times dY, elementwise", "[ch03][ex3.1][points:2]") {
  check_value("sigmoid_backward(x=0.5, dY=1)", row({sig(0.5) * (1 - sig(0.5))}),
              sigmoid_backward(row({0.5}), row({1.0})), "σ'(x) = σ(x)(1 − σ(x))",
              {{row({sig(0.5)}), "this is σ(x); the derivative is σ(x)(1 − σ(x))"},
               {row({1 - sig(0.5)}), "this is 1 − σ(x); multiply it by σ(x)"},
               {row({sig(0.5) * sig(0.5)}), "this is σ²; the derivative is σ(1 − σ)"}});
  Mat X(2, 2), dY(2, 2);
  X << 0.0, 1.0, -1.0, 2.0;
  dY << 4.0, -2.0, 3.0, 0.5;
  const Mat local = each(X, [](double x) { return sig(x) * (1 - sig(x)); });
  check_value("sigmoid_backward(X=[[0, 1], [-1, 2]], dY=[[4, -2], [3, 0.5]])", local.cwiseProduct(dY),
              sigmoid_backward(X, dY), "dX = σ'(X) ⊙ dY: each element times its own dY",
              {{local, "dY is missing: backward multiplies the local derivative by the upstream gradient"},
               {Mat(local * dY), "a matrix product: dY multiplies element by element (⊙, .array())"}});
  // A central difference of σ, written out here.
  const Mat Z = row({-3.0, -0.4, 1.7});
  const Mat numeric = each(Z, [](double x) { return (sig(x + kH) - sig(x - kH)) / (2 * kH); });
  check_value("sigmoid_backward(x=[-3, -0.4, 1.7], dY=1) against a central difference", numeric,
              sigmoid_backward(Z, Mat::Ones(1, 3)), "σ'(x) = σ(x)(1 − σ(x))", {}, 1e-8);
}

TEST_CASE("3.1 sigmoid_backward: 0, not nan, at ±1000", "[ch03][ex3.1][points:1]") {
  check_value("sigmoid_backward([1000, -1000], dY=1)", row({0.0, 0.0}),
              sigmoid_backward(row({1000.0, -1000.0}), row({1.0, 1.0})),
              "nan means an overflow: compute σ the safe way (as in sigmoid_forward), then σ(1 − σ)",
              {{row({1.0, 0.0}), "this is σ(x); the derivative is σ(x)(1 − σ(x))"}});
}

// ---- Exercise 3.2 ---------------------------------------------------------------

TEST_CASE("3.2 tanh_forward: values, odd around 0", "[ch03][ex3.2][points:1]") {
  const Mat X = row({0.0, 0.5, -0.5, 3.0});
  const Mat expected = each(X, [](double x) { return (std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x)); });
  check_value("tanh_forward([0, 0.5, -0.5, 3])", expected, tanh_forward(X), "tanh, per element",
              {{each(X, [](double x) { return sig(x); }), "this is σ(x); tanh(x) = 2σ(2x) − 1"},
               {each(X, [](double x) { return 1 - std::tanh(x) * std::tanh(x); }), "this is tanh'(x)"}});
}

TEST_CASE("3.2 tanh_forward: exact and finite at ±1000", "[ch03][ex3.2][points:1]") {
  check_value("tanh_forward([1000, -1000])", row({1.0, -1.0}), tanh_forward(row({1000.0, -1000.0})),
              "nan means (e^x − e^-x)/(e^x + e^-x) overflowed to inf/inf: use std::tanh or Eigen's .tanh()");
}

TEST_CASE("3.2 tanh_backward: 1 − tanh² times dY, elementwise", "[ch03][ex3.2][points:1]") {
  Mat X(2, 3), dY(2, 3);
  X << -2.0, -0.7, 0.0, 0.3, 1.1, 2.5;
  dY << 1.0, -2.0, 3.0, 0.5, 1.0, -1.5;
  const Mat local = each(X, [](double x) { return 1.0 / (std::cosh(x) * std::cosh(x)); });   // 1/cosh² = 1 − tanh²
  check_value("tanh_backward(X (2,3), dY (2,3))", local.cwiseProduct(dY), tanh_backward(X, dY),
              "tanh'(x) = 1 − tanh²(x), times dY element by element",
              {{local, "dY is missing: multiply the local derivative by the upstream gradient"},
               {Mat(each(X, [](double x) { return 1 - std::tanh(x); }).cwiseProduct(dY)),
                "this is 1 − tanh(x); the derivative is 1 − tanh²(x)"},
               {Mat(each(X, [](double x) { return std::tanh(x) * std::tanh(x); }).cwiseProduct(dY)),
                "this is tanh²(x); the derivative is 1 − tanh²(x)"},
               {Mat(-local.cwiseProduct(dY)), "the sign is flipped: tanh'(x) = 1 − tanh²(x) is positive"}},
              1e-12);
  const Mat Z = row({-1.3, 0.2, 0.9});
  const Mat numeric = each(Z, [](double x) { return (std::tanh(x + kH) - std::tanh(x - kH)) / (2 * kH); });
  check_value("tanh_backward(x=[-1.3, 0.2, 0.9], dY=1) against a central difference", numeric,
              tanh_backward(Z, Mat::Ones(1, 3)), "tanh'(x) = 1 − tanh²(x)",
              {{Mat(-numeric), "the sign is flipped: tanh'(x) = 1 − tanh²(x) is positive"}}, 1e-8);
}

TEST_CASE("3.2 tanh_backward: 0, not nan, at ±1000", "[ch03][ex3.2][points:1]") {
  check_value("tanh_backward([1000, -1000], dY=1)", row({0.0, 0.0}),
              tanh_backward(row({1000.0, -1000.0}), row({1.0, 1.0})),
              "nan means an overflow: tanh(±1000) = ±1, so 1 − tanh² = 0");
}

// ---- Exercise 3.3 ---------------------------------------------------------------

TEST_CASE("3.3 relu_forward: max(0, x)", "[ch03][ex3.3][points:1]") {
  check_value("relu_forward([-1, 0, 2.5])", row({0.0, 0.0, 2.5}), relu_forward(row({-1.0, 0.0, 2.5})),
              "max(0, x) per element",
              {{row({1.0, 0.0, 2.5}), "this is |x|: negative inputs give 0"},
               {row({-1.0, 0.0, 0.0}), "this is min(0, x); relu is max(0, x)"},
               {row({0.0, 0.0, 1.0}), "this is the derivative [x > 0]; forward returns x itself where x > 0"}});
}

TEST_CASE("3.3 relu_backward: dY where x > 0, 0 elsewhere", "[ch03][ex3.3][points:1]") {
  Mat X(2, 2), dY(2, 2);
  X << -1.0, 2.0, 0.5, -3.0;
  dY << 5.0, 5.0, -2.0, 7.0;
  Mat expected(2, 2);
  expected << 0.0, 5.0, -2.0, 0.0;
  Mat local(2, 2);
  local << 0.0, 1.0, 1.0, 0.0;
  check_value("relu_backward(X=[[-1, 2], [0.5, -3]], dY=[[5, 5], [-2, 7]])", expected, relu_backward(X, dY),
              "[x > 0] ⊙ dY",
              {{local, "dY is missing: pass dY through where x > 0"},
               {Mat(X.cwiseMax(0.0).cwiseProduct(dY)), "this is relu(x)·dY; the derivative is 1 where x > 0"}});
}

TEST_CASE("3.3 relu_backward: relu'(0) = 0, as the engine", "[ch03][ex3.3][points:1]") {
  check_value("relu_backward(x=0, dY=1)", row({0.0}), relu_backward(row({0.0}), row({1.0})),
              "at the kink the engine takes relu'(0) = 0: pass dY only where x > 0 strictly",
              {{row({1.0}), "you used x >= 0; the engine's convention is relu'(0) = 0: use x > 0"},
               {row({0.5}), "0.5 is what a central difference gives at the kink; the engine takes 0"}});
}

TEST_CASE("3.3 relu_backward: dX has the shape of X", "[ch03][ex3.3][points:1]") {
  Mat X(3, 2);
  X << 1.0, -1.0, 2.0, -2.0, 3.0, -3.0;
  Mat expected(3, 2);
  expected << 1.0, 0.0, 1.0, 0.0, 1.0, 0.0;
  check_value("relu_backward(X (3,2), dY = ones (3,2))", expected, relu_backward(X, Mat::Ones(3, 2)),
              "elementwise: dX is (3,2) like X and dY");
}

// ---- Exercise 3.4 ---------------------------------------------------------------

TEST_CASE("3.4 leaky_relu_forward: x above 0, alpha·x below", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_forward([-2, 0, 3], alpha=0.1)", row({-0.2, 0.0, 3.0}),
              leaky_relu_forward(row({-2.0, 0.0, 3.0}), 0.1), "x for x > 0, alpha·x otherwise",
              {{row({0.0, 0.0, 3.0}), "this is relu: below 0 the output is alpha·x, not 0"},
               {row({-2.0, 0.0, 0.3}), "alpha is on the wrong side: it scales the negative inputs"}});
}

TEST_CASE("3.4 leaky_relu_forward: uses the alpha it is given", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_forward([-1, 1], alpha=0.3)", row({-0.3, 1.0}), leaky_relu_forward(row({-1.0, 1.0}), 0.3),
              "alpha·x below 0, with the alpha passed in",
              {{row({-0.01, 1.0}), "alpha is fixed at 0.01: use the alpha parameter"}});
}

TEST_CASE("3.4 leaky_relu_backward: dY above 0, alpha·dY below", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_backward([-2, 3], dY=[2, 2], alpha=0.1)", row({0.2, 2.0}),
              leaky_relu_backward(row({-2.0, 3.0}), row({2.0, 2.0}), 0.1), "(x > 0 ? 1 : alpha) ⊙ dY",
              {{row({0.1, 1.0}), "dY is missing: multiply the slope by the upstream gradient"},
               {row({0.0, 2.0}), "this is relu's backward: below 0 the slope is alpha, not 0"},
               {row({-0.4, 6.0}), "this is the forward value times dY; the slope is 1 or alpha"}});
}

TEST_CASE("3.4 leaky_relu_backward: slope alpha at 0, as the engine", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_backward(x=0, dY=1, alpha=0.1)", row({0.1}),
              leaky_relu_backward(row({0.0}), row({1.0}), 0.1),
              "at the kink the engine takes the slope alpha: 1 only where x > 0 strictly",
              {{row({1.0}), "you used x >= 0; the engine's convention at 0 is alpha: use x > 0"},
               {row({0.0}), "0 is relu's slope; leaky relu's below and at 0 is alpha"},
               {row({0.55}), "0.55 is the mean of both slopes (a central difference); the engine takes alpha"}});
}
