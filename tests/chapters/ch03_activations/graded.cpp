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

// The lesson section that derives every exercise here. A hint says what was
// checked and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kFive = "docs/book/03-activations.md, section \"The five functions\"";

}  // namespace

// ---- Exercise 3.1 ---------------------------------------------------------------

TEST_CASE("3.1 sigmoid_forward: values at 0 and ±2", "[ch03][ex3.1][points:1]") {
  const Mat X = row({0.0, 2.0, -2.0});
  check_value("sigmoid_forward([0, 2, -2])", each(X, sig), sigmoid_forward(X),
              "checked: σ(x) = 1 / (1 + e^-x) per element at 0 and ±2; " + kFive,
              {{each(X, [](double x) { return sig(-x); }), "this is σ(−x): the exponent is e^-x, not e^x"},
               {each(X, [](double x) { return sig(x) * (1 - sig(x)); }), "this is σ'(x), the derivative"}});
}

TEST_CASE("3.1 sigmoid_forward: exact and finite at ±1000", "[ch03][ex3.1][points:1]") {
  // σ(1000) = 1 and σ(−1000) = 0 to every digit a double has.
  check_value("sigmoid_forward([1000, -1000])", row({1.0, 0.0}), sigmoid_forward(row({1000.0, -1000.0})),
              "checked: σ(1000) = 1 and σ(−1000) = 0 exactly. nan or inf means an exp overflowed (e^1000 is "
              "inf): " + kFive + " shows, for each side of 0, a form of σ, equal to it, in which exp never "
              "sees a large positive number");
}

TEST_CASE("3.1 sigmoid_backward: at 0.5, on a (2,2) batch, and against a central difference",
          "[ch03][ex3.1][points:2]") {
  check_value("sigmoid_backward(x=0.5, dY=1)", row({sig(0.5) * (1 - sig(0.5))}),
              sigmoid_backward(row({0.5}), row({1.0})),
              "checked: the derivative of σ at x = 0.5 (dY = 1); derive σ', written with σ itself, as " + kFive +
                  " does",
              {{row({sig(0.5)}), "this is σ(x), not its derivative (" + kFive + " derives σ')"},
               {row({1 - sig(0.5)}), "this is 1 − σ(x), not σ'(x): a factor is missing"},
               {row({sig(0.5) * sig(0.5)}), "this is σ(x)², not σ'(x): redo the derivation in " + kFive}});
  Mat X(2, 2), dY(2, 2);
  X << 0.0, 1.0, -1.0, 2.0;
  dY << 4.0, -2.0, 3.0, 0.5;
  const Mat local = each(X, [](double x) { return sig(x) * (1 - sig(x)); });
  check_value("sigmoid_backward(X=[[0, 1], [-1, 2]], dY=[[4, -2], [3, 0.5]])", local.cwiseProduct(dY),
              sigmoid_backward(X, dY),
              "checked: σ'(X) ⊙ dY on a (2,2) batch: each element's derivative times its own dY; " + kFive,
              {{local, "dY is missing: backward multiplies the local derivative by the upstream gradient"},
               {Mat(local * dY), "a matrix product: dY multiplies element by element (⊙, .array())"}});
  // A central difference of σ, written out here.
  const Mat Z = row({-3.0, -0.4, 1.7});
  const Mat numeric = each(Z, [](double x) { return (sig(x + kH) - sig(x - kH)) / (2 * kH); });
  check_value("sigmoid_backward(x=[-3, -0.4, 1.7], dY=1) against a central difference", numeric,
              sigmoid_backward(Z, Mat::Ones(1, 3)),
              "checked: against a central difference of σ at −3, −0.4 and 1.7; σ' is derived in " + kFive, {},
              1e-8);
}

TEST_CASE("3.1 sigmoid_backward: 0, not nan, at ±1000", "[ch03][ex3.1][points:1]") {
  check_value("sigmoid_backward([1000, -1000], dY=1)", row({0.0, 0.0}),
              sigmoid_backward(row({1000.0, -1000.0}), row({1.0, 1.0})),
              "checked: σ'(±1000) = 0 exactly. nan means an overflow: compute σ the safe way (your "
              "sigmoid_forward) and write σ' with σ, as " + kFive + " does",
              {{row({1.0, 0.0}), "this is σ(x), not its derivative"}});
}

// ---- Exercise 3.2 ---------------------------------------------------------------

TEST_CASE("3.2 tanh_forward: values, odd around 0", "[ch03][ex3.2][points:1]") {
  const Mat X = row({0.0, 0.5, -0.5, 3.0});
  const Mat expected = each(X, [](double x) { return (std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x)); });
  check_value("tanh_forward([0, 0.5, -0.5, 3])", expected, tanh_forward(X),
              "checked: tanh per element at 0, ±0.5 and 3 (tanh is odd); " + kFive,
              {{each(X, [](double x) { return sig(x); }), "this is σ(x), not tanh(x): tanh goes from −1 to 1"},
               {each(X, [](double x) { return 1 - std::tanh(x) * std::tanh(x); }),
                "this is tanh'(x), the derivative"}});
}

TEST_CASE("3.2 tanh_forward: exact and finite at ±1000", "[ch03][ex3.2][points:1]") {
  check_value("tanh_forward([1000, -1000])", row({1.0, -1.0}), tanh_forward(row({1000.0, -1000.0})),
              "checked: tanh(±1000) = ±1 exactly. nan means the ratio of exponentials overflowed to inf/inf; "
              + kFive + " says which tanh stays finite");
}

TEST_CASE("3.2 tanh_backward: on a (2,3) batch and against a central difference", "[ch03][ex3.2][points:1]") {
  Mat X(2, 3), dY(2, 3);
  X << -2.0, -0.7, 0.0, 0.3, 1.1, 2.5;
  dY << 1.0, -2.0, 3.0, 0.5, 1.0, -1.5;
  const Mat local = each(X, [](double x) { return 1.0 / (std::cosh(x) * std::cosh(x)); });   // 1/cosh² = 1 − tanh²
  check_value("tanh_backward(X (2,3), dY (2,3))", local.cwiseProduct(dY), tanh_backward(X, dY),
              "checked: tanh'(X) ⊙ dY on a (2,3) batch; derive tanh', written with tanh itself, as " + kFive +
                  " does",
              {{local, "dY is missing: multiply the local derivative by the upstream gradient"},
               {Mat(each(X, [](double x) { return 1 - std::tanh(x); }).cwiseProduct(dY)),
                "this is 1 − tanh(x), not tanh'(x): it is not even, and tanh' must be (tanh is odd)"},
               {Mat(each(X, [](double x) { return std::tanh(x) * std::tanh(x); }).cwiseProduct(dY)),
                "this is tanh²(x), not tanh'(x): it is 0 at x = 0, where tanh rises fastest"},
               {Mat(-local.cwiseProduct(dY)), "the sign is flipped: tanh rises everywhere, so its derivative is "
                                              "positive"}},
              1e-12);
  const Mat Z = row({-1.3, 0.2, 0.9});
  const Mat numeric = each(Z, [](double x) { return (std::tanh(x + kH) - std::tanh(x - kH)) / (2 * kH); });
  check_value("tanh_backward(x=[-1.3, 0.2, 0.9], dY=1) against a central difference", numeric,
              tanh_backward(Z, Mat::Ones(1, 3)),
              "checked: against a central difference of tanh at −1.3, 0.2 and 0.9; tanh' is derived in " + kFive,
              {{Mat(-numeric), "the sign is flipped: tanh rises everywhere, so its derivative is positive"}}, 1e-8);
}

TEST_CASE("3.2 tanh_backward: 0, not nan, at ±1000", "[ch03][ex3.2][points:1]") {
  check_value("tanh_backward([1000, -1000], dY=1)", row({0.0, 0.0}),
              tanh_backward(row({1000.0, -1000.0}), row({1.0, 1.0})),
              "checked: tanh'(±1000) = 0 exactly. nan means an overflow: use a tanh that is finite at ±1000 "
              "(your tanh_forward) and write tanh' with it, as " + kFive + " does");
}

// ---- Exercise 3.3 ---------------------------------------------------------------

TEST_CASE("3.3 relu_forward: max(0, x)", "[ch03][ex3.3][points:1]") {
  check_value("relu_forward([-1, 0, 2.5])", row({0.0, 0.0, 2.5}), relu_forward(row({-1.0, 0.0, 2.5})),
              "checked: relu(x) = max(0, x) per element at −1, 0 and 2.5; " + kFive,
              {{row({1.0, 0.0, 2.5}), "this is |x|: negative inputs give 0"},
               {row({-1.0, 0.0, 0.0}), "this is min(0, x); relu is max(0, x)"},
               {row({0.0, 0.0, 1.0}), "this is relu's slope, not relu(x)"}});
}

TEST_CASE("3.3 relu_backward: a (2,2) batch with inputs on both sides of 0", "[ch03][ex3.3][points:1]") {
  Mat X(2, 2), dY(2, 2);
  X << -1.0, 2.0, 0.5, -3.0;
  dY << 5.0, 5.0, -2.0, 7.0;
  Mat expected(2, 2);
  expected << 0.0, 5.0, -2.0, 0.0;
  Mat local(2, 2);
  local << 0.0, 1.0, 1.0, 0.0;
  check_value("relu_backward(X=[[-1, 2], [0.5, -3]], dY=[[5, 5], [-2, 7]])", expected, relu_backward(X, dY),
              "checked: relu'(X) ⊙ dY on a (2,2) batch; relu' is the slope of relu's line on each side of 0 (" +
                  kFive + ")",
              {{local, "dY is missing: backward multiplies the slope by the upstream gradient"},
               {Mat(X.cwiseMax(0.0).cwiseProduct(dY)), "this is relu(x)·dY: backward needs relu's slope, not its "
                                                       "value"}});
}

TEST_CASE("3.3 relu_backward: relu'(0) = 0, as the engine", "[ch03][ex3.3][points:1]") {
  check_value("relu_backward(x=0, dY=1)", row({0.0}), relu_backward(row({0.0}), row({1.0})),
              "checked: the slope at the kink x = 0, where relu' does not exist and the engine picks a value; "
              + kFive + " says which",
              {{row({1.0}), "this takes the slope at 0 from the right-hand line; the engine's convention is "
                            "relu'(0) = 0"},
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
              leaky_relu_forward(row({-2.0, 0.0, 3.0}), 0.1),
              "checked: x for x > 0, alpha·x otherwise, at −2, 0 and 3; " + kFive,
              {{row({0.0, 0.0, 3.0}), "this is relu: below 0 the output is alpha·x, not 0"},
               {row({-2.0, 0.0, 0.3}), "alpha is on the wrong side: it scales the negative inputs"}});
}

TEST_CASE("3.4 leaky_relu_forward: uses the alpha it is given", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_forward([-1, 1], alpha=0.3)", row({-0.3, 1.0}), leaky_relu_forward(row({-1.0, 1.0}), 0.3),
              "alpha·x below 0, with the alpha passed in",
              {{row({-0.01, 1.0}), "alpha is fixed at 0.01: use the alpha parameter"}});
}

TEST_CASE("3.4 leaky_relu_backward: inputs on both sides of 0", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_backward([-2, 3], dY=[2, 2], alpha=0.1)", row({0.2, 2.0}),
              leaky_relu_backward(row({-2.0, 3.0}), row({2.0, 2.0}), 0.1),
              "checked: the slope of leaky relu's line on each side of 0, times dY, at −2 and 3; " + kFive,
              {{row({0.1, 1.0}), "dY is missing: multiply the slope by the upstream gradient"},
               {row({0.0, 2.0}), "this is relu's backward: leaky relu's line below 0 is not flat"},
               {row({-0.4, 6.0}), "this is the forward value times dY: backward needs the slope, not the value"}});
}

TEST_CASE("3.4 leaky_relu_backward: slope alpha at 0, as the engine", "[ch03][ex3.4][points:1]") {
  check_value("leaky_relu_backward(x=0, dY=1, alpha=0.1)", row({0.1}),
              leaky_relu_backward(row({0.0}), row({1.0}), 0.1),
              "checked: the slope at the kink x = 0, where the engine picks one of the two lines' slopes; " +
                  kFive + " says which",
              {{row({1.0}), "this takes the slope at 0 from the right-hand line; the engine takes the other one"},
               {row({0.0}), "0 is relu's slope below 0; leaky relu's line is not flat there"},
               {row({0.55}), "0.55 is the mean of the two slopes, what a central difference gives at the kink; "
                             "the engine takes one of them"}});
}
