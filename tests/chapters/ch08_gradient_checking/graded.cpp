// Graded tests of chapter 8's exercises (exercises/08_gradient_checking/exercises.cpp):
// rel_error and band_name, sampled_check, directional_check,
// softplus_dense_backward. Expected values are written out here (the
// definitions, central differences of functions written out here); never
// the solution. A stub throws sg::NotImplemented, which fails the case.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chapters/08_gradient_checking/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch08;
using sg::graded::check_equal;
using sg::graded::check_value;

namespace {

// Where the lesson derives what each test checks (the hints name the section, never the answer).
const std::string kBands = "docs/book/08-gradient-checking.md, section \"The relative error and its bands\"";
const std::string kOwn = "docs/book/08-gradient-checking.md, section \"Your own checker\"";
const std::string kLayer = "docs/book/08-gradient-checking.md, section \"Your layer, checked\"";

// f(x) = Σ_i x_i³ + x0·x1: its gradient is known in closed form.
double cubic(const Eigen::VectorXd& x) {
  double f = x(0) * x(1);
  for (Index i = 0; i < x.size(); ++i) f += x(i) * x(i) * x(i);
  return f;
}
Eigen::VectorXd cubic_grad(const Eigen::VectorXd& x) {
  Eigen::VectorXd g = 3.0 * x.array().square().matrix();
  g(0) += x(1);
  g(1) += x(0);
  return g;
}

void check_band(double rel, const std::string& want, const std::string& hint) {
  const std::string got = band_name(rel);
  if (got != want) {
    FAIL_CHECK("band_name(" + sg::graded::show(rel, 6) + "): expected \"" + want + "\", got \"" + got +
               "\". Hint: " + hint);
  } else {
    SUCCEED();
  }
}

Mat layer_X() { return Mat{{0.5, -1.0, 2.0}, {1.5, 0.25, -0.5}}; }             // (B,in) = (2,3)
Mat layer_W() { return Mat{{0.2, -0.4}, {0.7, 0.1}, {-0.3, 0.5}}; }             // (in,out) = (3,2)
Mat layer_b() { return Mat{{0.1, -0.2}}; }                                      // (1,out)
Mat layer_dY() { return Mat{{1.0, -2.0}, {0.5, 3.0}}; }                         // (B,out)

double sig(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// The pre-activation a = x·W + b, element by element, and dA = dY ⊙ σ(A) (softplus' = σ).
Mat layer_dA() {
  const Mat X = layer_X(), W = layer_W(), b = layer_b(), dY = layer_dY();
  Mat dA(2, 2);
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 2; ++j) {
      double a = b(0, j);
      for (Index k = 0; k < 3; ++k) a += X(i, k) * W(k, j);
      dA(i, j) = dY(i, j) * sig(a);
    }
  }
  return dA;
}

// L = Σ dY ⊙ softplus(X·W + b): its gradients are what backward must return for this dY.
double layer_L(const Mat& X, const Mat& W, const Mat& b) {
  return layer_dY().cwiseProduct(softplus_dense(X, W, b)).sum();
}

Mat numeric(int which) {   // 0: X, 1: W, 2: b
  Mat in[3] = {layer_X(), layer_W(), layer_b()};
  Mat g(in[which].rows(), in[which].cols());
  constexpr double h = 1e-6;
  for (Index r = 0; r < g.rows(); ++r) {
    for (Index c = 0; c < g.cols(); ++c) {
      Mat up[3] = {in[0], in[1], in[2]}, down[3] = {in[0], in[1], in[2]};
      up[which](r, c) += h;
      down[which](r, c) -= h;
      g(r, c) = (layer_L(up[0], up[1], up[2]) - layer_L(down[0], down[1], down[2])) / (2 * h);
    }
  }
  return g;
}

}  // namespace

// ---- Exercise 8.1: rel_error, band_name ---------------------------------------------------

TEST_CASE("8.1 rel_error: a factor 2 and a flipped sign", "[ch08][ex8.1][points:1]") {
  check_value("rel_error(a = 1.5, n = 3)", 1.5 / 4.5, rel_error(1.5, 3.0),
              "checked: the relative error as sg::gradcheck defines it, a = 1.5 against n = 3; " + kBands,
              {{0.5, "this divides by |n| alone (or by max(|a|, |n|), the notes' variant, not the engine's)"},
               {1.5, "this is the absolute difference |a − n|, not a relative one"},
               {1.0, "this divides by |a| alone"}});
  check_value("rel_error(a = −2, n = 2)", 1.0, rel_error(-2.0, 2.0),
              "checked: a and n of opposite signs, a wrong sign's error; " + kBands,
              {{0.0, "this compares the sizes |a| and |n| and loses the signs"}});
}

TEST_CASE("8.1 rel_error: zero and nearly zero", "[ch08][ex8.1][points:1]") {
  const double both_zero = rel_error(0.0, 0.0);
  check_value("rel_error(a = 0, n = 0)", 0.0, both_zero,
              "checked: a = n = 0, where the definition's guard decides (0/0 is not an answer); " + kBands);
  check_value("rel_error(a = 0, n = 5e-13)", 5e-13 / 1e-12, rel_error(0.0, 5e-13),
              "checked: |a| + |n| below the guard 1e-12; " + kBands,
              {{1.0, "the guard in the denominator is missing"}});
  const double nan_in = rel_error(std::numeric_limits<double>::quiet_NaN(), 1.0);
  if (!(std::isinf(nan_in) && nan_in > 0)) {
    FAIL_CHECK("rel_error(a = NaN, n = 1): expected +inf, got " + sg::graded::show(nan_in) +
               ". Hint: checked: a NaN analytic gradient, which must never look small; " + kBands);
  } else {
    SUCCEED();
  }
}

TEST_CASE("8.1 band_name: the four bands and their edges", "[ch08][ex8.1][points:2]") {
  const std::string edges = "the bands' table (which side of each edge a value at the edge lies on) in " + kBands;
  check_band(0.0, "good", "checked: an error of 0; " + edges);
  check_band(9.9e-8, "good", "checked: just below 1e-7; " + edges);
  check_band(1e-7, "ok", "checked: the edge 1e-7 itself; " + edges);
  check_band(5e-5, "ok", "checked: between 1e-7 and 1e-4; " + edges);
  check_band(1e-4, "suspicious", "checked: the edge 1e-4 itself; " + edges);
  check_band(1e-2, "suspicious", "checked: the edge 1e-2 itself; " + edges);
  check_band(0.0101, "wrong", "checked: just above 1e-2; " + edges);
  check_band(std::numeric_limits<double>::infinity(), "wrong", "checked: an infinite error; " + edges);
  check_band(std::numeric_limits<double>::quiet_NaN(), "wrong",
             "checked: NaN. Every comparison with NaN is false, so a NaN falls through to whichever band "
             "your code tests last");
}

// ---- Exercise 8.2: sampled_check ------------------------------------------------------------

TEST_CASE("8.2 sampled_check: central differences of a cubic", "[ch08][ex8.2][points:2]") {
  const Eigen::VectorXd x = Eigen::Vector4d(0.5, -1.0, 2.0, 1.5);
  const Eigen::VectorXd g = cubic_grad(x);
  constexpr double h = 1e-3;
  const std::vector<NumericCheck> cs = sampled_check(cubic, x, g, {2, 0}, h);
  check_equal("sampled_check(..., indices = {2, 0}).size()", 2, static_cast<long long>(cs.size()),
              "checked: one NumericCheck per index given; " + kOwn);
  if (cs.size() != 2) return;
  check_equal("sampled_check(...)[0].index", 2, cs[0].index, "checked: the checks come in the order of the indices given");
  // (f(x + h e2) − f(x − h e2))/2h for f = x2³ + ...: 3·x2² + h² exactly.
  const double want2 = 3 * 2.0 * 2.0 + h * h;
  const double forward2 = 3 * 4.0 + 3 * 2.0 * h + h * h;   // (f(x + h) − f(x))/h
  check_value("sampled_check(cubic, x = (0.5, −1, 2, 1.5), h = 1e-3)[0].numeric, element 2", want2, cs[0].numeric,
              "checked: the central difference at h = 1e-3 of a cubic, whose error is exactly h² here; " + kOwn,
              {{forward2, "this is the one-sided difference (f(x + h) − f(x))/h, whose error is O(h)"},
               {2 * want2, "this is twice the central difference: the divisor is half the distance between the two "
                           "points"}},
              1e-7);   // the difference's own rounding at h = 1e-3 is ~1e-13
  check_value("sampled_check(...)[0].analytic", g(2), cs[0].analytic, "checked: the analytic value, grad at the index");
  check_value("sampled_check(...)[0].rel", std::abs(g(2) - want2) / (std::abs(g(2)) + std::abs(want2)), cs[0].rel,
              "checked: your rel_error (8.1) of the two; " + kBands, {}, 1e-6);
  // Element 0 after element 2: x must be back where it was.
  const double want0 = 3 * 0.25 + h * h + (-1.0);
  check_value("sampled_check(...)[1].numeric, element 0, checked after element 2", want0, cs[1].numeric,
              "checked: the second element, at the same x as the first; " + kOwn, {}, 1e-7);
}

TEST_CASE("8.2 sampled_check: x is left as it was", "[ch08][ex8.2][points:1]") {
  // f = g·v + 1000·(Σ(v − x0))²: at x0 the second term has gradient 0, but an element left
  // moved by h tilts the gradient of every later element by 2000·h.
  const Eigen::VectorXd x0 = Eigen::Vector3d(1.0, 2.0, 3.0);
  const Objective f = [&](const Eigen::VectorXd& v) {
    const double drift = (v - x0).sum();
    return 10.0 * v(0) + 20.0 * v(1) + 30.0 * v(2) + 1e3 * drift * drift;
  };
  const Eigen::VectorXd g = Eigen::Vector3d(10.0, 20.0, 30.0);
  const std::vector<NumericCheck> cs = sampled_check(f, x0, g, {0, 1, 2}, 1e-4);
  if (cs.size() != 3) {
    FAIL_CHECK("sampled_check(..., indices = {0, 1, 2}): expected 3 checks, got " + std::to_string(cs.size()));
    return;
  }
  for (std::size_t k = 0; k < 3; ++k) {
    check_value("sampled_check(f = g·x + 1000·(Σ(x − x0))², x0, indices {0, 1, 2})[" + std::to_string(k) +
                    "].numeric",
                g(static_cast<Index>(k)), cs[k].numeric,
                "checked: every element at x0 itself; an element left at x + h or x − h moves every later check "
                "off x0; " + kOwn,
                {}, 1e-6);
  }
}

// ---- Exercise 8.3: directional_check -----------------------------------------------------------

TEST_CASE("8.3 directional_check: along a unit direction", "[ch08][ex8.3][points:1]") {
  const Eigen::VectorXd x = Eigen::Vector3d(0.5, -1.0, 2.0);
  const Eigen::VectorXd g = cubic_grad(x);
  const Eigen::VectorXd d = Eigen::Vector3d(0.0, 0.6, 0.8);   // already of length 1
  const DirectionalCheck c = directional_check(cubic, x, g, d, 1e-5);
  check_value("directional_check(cubic, x = (0.5, −1, 2), d = (0, 0.6, 0.8)).analytic", g.dot(d), c.analytic,
              "checked: the analytic derivative along a direction of length 1; " + kOwn);
  check_value("directional_check(...).numeric", g.dot(d), c.numeric,
              "checked: the central difference along that direction, all of x moving at once; " + kOwn, {}, 1e-8);
  check_value("directional_check(...).rel", 0.0, c.rel, "checked: your rel_error of the two, about 1e-11 here", {},
              1e-8);
}

TEST_CASE("8.3 directional_check: a direction of length 2 is normalised first", "[ch08][ex8.3][points:2]") {
  const Eigen::VectorXd x = Eigen::Vector3d(0.5, -1.0, 2.0);
  const Eigen::VectorXd g = cubic_grad(x);
  const Eigen::VectorXd d = Eigen::Vector3d(1.2, 0.0, -1.6);   // length 2
  const Eigen::VectorXd u = d / 2.0;
  const DirectionalCheck c = directional_check(cubic, x, g, d, 1e-5);
  check_value("directional_check(cubic, x, d = (1.2, 0, −1.6) of length 2).analytic", g.dot(u), c.analytic,
              "checked: the analytic derivative along the direction of d = (1.2, 0, −1.6), which has length 2; " + kOwn,
              {{g.dot(d), "this is twice too large: it uses d of length 2 as it comes"}});
  check_value("directional_check(...).numeric", g.dot(u), c.numeric,
              "checked: the central difference along the direction of d; " + kOwn,
              {{g.dot(d), "this is twice too large: the steps moved x by h·d, with d of length 2"}}, 1e-8);
  // One element of the gradient wrong: the one number of the check must show it.
  Eigen::VectorXd wrong = g;
  wrong(2) *= -1.0;
  const DirectionalCheck bad = directional_check(cubic, x, wrong, d, 1e-5);
  const double want_rel = std::abs(wrong.dot(u) - g.dot(u)) / (std::abs(wrong.dot(u)) + std::abs(g.dot(u)));
  check_value("directional_check(..., a gradient with element 2's sign flipped).rel", want_rel, bad.rel,
              "checked: the relative error when one element of grad is wrong; " + kOwn, {}, 1e-6);
}

// ---- Exercise 8.4: softplus_dense_backward ----------------------------------------------------

TEST_CASE("8.4 softplus_dense_backward: dW and db", "[ch08][ex8.4][points:2]") {
  const DenseGradients g = softplus_dense_backward(layer_X(), layer_W(), layer_b(), layer_dY());
  const Mat dA = layer_dA();
  const Mat want_dW = layer_X().transpose() * dA;
  Mat with_softplus = layer_X() * layer_W();
  with_softplus.rowwise() += layer_b().row(0);
  const Mat dA_softplus = layer_dY().cwiseProduct(with_softplus.unaryExpr([](double a) { return softplus(a); }));
  check_value("softplus_dense_backward(X (2,3), W (3,2), b (1,2), dY (2,2)).dW", want_dW, g.dW,
              "checked: dW (3,2), shaped like W; " + kLayer,
              {{Mat(layer_X().transpose() * layer_dY()), "this is Xᵀ·dY: the local derivative of softplus is missing"},
               {Mat(layer_X().transpose() * dA_softplus), "this multiplies by softplus(A) itself, not by its "
                                                          "derivative (a function you have met before)"}});
  const Mat want_db = dA.colwise().sum();
  check_value("softplus_dense_backward(...).db", want_db, g.db,
              "checked: db (1,2); b was added to every row of the batch; " + kLayer,
              {{Mat(dA.topRows(1)), "this is the first example's gradient alone: b reached every row"}});
}

TEST_CASE("8.4 softplus_dense_backward: dX and every gradient against central differences",
          "[ch08][ex8.4][points:2]") {
  const DenseGradients g = softplus_dense_backward(layer_X(), layer_W(), layer_b(), layer_dY());
  const Mat dX = numeric(0), dW = numeric(1), db = numeric(2);
  check_value("softplus_dense_backward(...).dX against central differences", dX, g.dX,
              "checked: dX (2,3), shaped like X, against central differences; " + kLayer,
              {{Mat(-dX), "the sign is flipped"}}, 1e-7);   // the difference's error at h = 1e-6 is ~1e-10
  check_value("softplus_dense_backward(...).dW against central differences", dW, g.dW,
              "checked: dW (3,2) against central differences; " + kLayer,
              {{Mat(-dW), "the sign is flipped"}}, 1e-7);
  check_value("softplus_dense_backward(...).db against central differences", db, g.db,
              "checked: db (1,2) against central differences; " + kLayer, {},
              1e-7);
}
