// Chapter 8's exercises: a gradient checker of your own, and a layer to check
// with it. Read docs/book/08-gradient-checking.md first; the chapter
// (build/bin/ch08_gradient_checking) runs your functions next to the
// engine's sg::gradcheck on the same network and prints both.
#include "chapters/08_gradient_checking/exercises.hpp"

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace sg::ch08 {

// ---- Exercise 8.1 (rel_error, band_name) ---------------------------------------------
// rel_error: the relative error of an analytic derivative a against a
// numeric one n, exactly as sg::gradcheck computes it (the lesson's section
// "The relative error and its bands" gives the definition, with the guard
// 1e-12 in the denominator so that a = n = 0 is an error of 0, not 0/0).
// Why relative: an absolute difference of 1e-6 is excellent for a gradient
// of 100 and useless for one of 1e-6. A NaN or infinite input is +inf.
// band_name: "good", "ok", "suspicious" or "wrong", the CS231n bands as the
// same section's table draws them; mind which side each edge belongs to
// (the tests try 1e-7, 1e-4 and 1e-2 themselves).
// Example: rel_error(1.5, 3) = 0.3333 (a factor 2 missing), rel_error(0, 0)
// = 0; band_name(2e-11) = "good", band_name(0.3333) = "wrong".
// Classic mistakes: dividing by |n| alone (what if the numeric value is 0?),
// and a NaN that slips through every comparison into "good".
// Check: build/bin/grade --exercise 8.1
double rel_error(double analytic, double numeric) {
  // BEGIN SOLUTION 8.1 rel_error: the engine's definition, guarded so that a = n = 0 gives 0, not 0/0; a NaN or inf in gives inf out (lesson "The relative error and its bands"); rel_error(1.5, 3) = 0.3333
  if (!std::isfinite(analytic) || !std::isfinite(numeric)) return std::numeric_limits<double>::infinity();
  return std::abs(analytic - numeric) / std::max(std::abs(analytic) + std::abs(numeric), 1e-12);
  // END SOLUTION
}

std::string band_name(double rel) {
  // BEGIN SOLUTION 8.1 band_name: compare with the three edges in order, minding which band each edge belongs to; decide where NaN goes before any comparison (lesson "The relative error and its bands")
  if (!(rel <= 1e-2)) return "wrong";   // NaN lands here too: every comparison with NaN is false
  if (rel >= 1e-4) return "suspicious";
  if (rel >= 1e-7) return "ok";
  return "good";
  // END SOLUTION
}

// ---- Exercise 8.2 (sampled_check) ---------------------------------------------------
// For each index i in `indices` (in that order), the central difference of
// f at x along element i with step h, next to the analytic grad(i), and
// their rel_error (your 8.1). Leave x as you found it between elements: each
// element is checked at the same point. The lesson's section "Your own
// checker" derives why the central difference beats the one-sided one
// (its error is O(h²), not O(h)).
// Example: f(x) = x0³ at x0 = 2 with h = 1e-3 gives numeric = 12.000001
// (the central difference of a cubic is off by exactly h²), analytic 12.
// Classic mistakes: the one-sided difference; the wrong divisor (the two
// points are how far apart?); an x that drifts from one element to the next.
// Check: build/bin/grade --exercise 8.2
std::vector<NumericCheck> sampled_check(const Objective& f, Eigen::VectorXd x, const Eigen::VectorXd& grad,
                                        const std::vector<Eigen::Index>& indices, double h) {
  // BEGIN SOLUTION 8.2 sampled_check: one element at a time: move it both ways by h, evaluate, put it back (lesson "Your own checker"); x0³ at 2 with h = 1e-3 gives 12.000001
  std::vector<NumericCheck> out;
  for (const Eigen::Index i : indices) {
    const double keep = x(i);
    x(i) = keep + h;
    const double up = f(x);
    x(i) = keep - h;
    const double down = f(x);
    x(i) = keep;
    const double numeric = (up - down) / (2.0 * h);
    out.push_back({i, grad(i), numeric, rel_error(grad(i), numeric)});
  }
  return out;
  // END SOLUTION
}

// ---- Exercise 8.3 (directional_check) ------------------------------------------------
// One number checks every element of the gradient at once: the derivative of
// f along a random direction. Make d a UNIT vector first (the same direction,
// length 1); then compare the central difference of f along it, at step h,
// with what grad says that derivative is. The lesson's section "Checking a
// whole network" explains why a wrong element almost never hides from a
// random direction.
// Example: f(x) = x0² + x1² at x = (1, 1) along d = (3, 4) gives analytic
// and numeric 2.8 (not 14: d has length 5).
// Classic mistake: forgetting that d is not of length 1 (the tests give
// d of length 2 and check both numbers, not only their ratio).
// Check: build/bin/grade --exercise 8.3
DirectionalCheck directional_check(const Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& grad,
                                   const Eigen::VectorXd& d, double h) {
  // BEGIN SOLUTION 8.3 directional_check: normalise d first; the numeric side moves all of x along it, the analytic side asks grad about that same direction (lesson "Your own checker"); x0² + x1² at (1, 1) along (3, 4) gives 2.8
  const Eigen::VectorXd u = d / d.norm();
  DirectionalCheck c;
  c.numeric = (f(x + h * u) - f(x - h * u)) / (2.0 * h);
  c.analytic = grad.dot(u);
  c.rel = rel_error(c.analytic, c.numeric);
  return c;
  // END SOLUTION
}

// ---- Exercise 8.4 (softplus_dense_backward) -----------------------------------------
// Your own layer, Y = softplus(X·W + b) (lesson_math.hpp has its forward
// pass). Given dY = dL/dY (B,out), return dL/dX (B,in), dL/dW (in,out) and
// dL/db (1,out), each the shape of what it is the gradient of. Derive
// softplus'(a) yourself (it is a function you have met before). The lesson's
// section "Your layer, checked" wraps your function into an engine op and
// runs sg::gradcheck on it: a wrong line shows up there with its likely
// cause (sign, factor, transpose, broadcast), exactly as for the planted bugs.
// Example: X = [[1, 2]], W = [[0.5], [−0.25]], b = [[0]], dY = [[1]]: the
// pre-activation is 0, and dX = [[0.25, −0.125]], dW = [[0.5], [1]],
// db = [[0.5]].
// Classic mistakes: softplus itself where its derivative belongs; a bias
// gradient with one row per example.
// Check: build/bin/grade --exercise 8.4
DenseGradients softplus_dense_backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W, const Eigen::MatrixXd& b,
                                       const Eigen::MatrixXd& dY) {
  // BEGIN SOLUTION 8.4 softplus_dense_backward: recompute the pre-activation, multiply dY by the local derivative elementwise, then the usual dense-layer backward (lesson "Your layer, checked"); X=[[1, 2]], W=[[0.5], [−0.25]], b=0, dY=1 give db = 0.5
  Eigen::MatrixXd A = X * W;
  A.rowwise() += b.row(0);
  const Eigen::MatrixXd dA = dY.cwiseProduct(A.unaryExpr([](double a) { return 1.0 / (1.0 + std::exp(-a)); }));
  DenseGradients g;
  g.dX = dA * W.transpose();
  g.dW = X.transpose() * dA;
  g.db = dA.colwise().sum();
  return g;
  // END SOLUTION
}

}  // namespace sg::ch08
