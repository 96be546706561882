// Chapter 5's exercises: the lecture's partial derivatives by hand, in plain
// double and Eigen. Read docs/book/05-backprop-by-hand.md first; the chapter
// (build/bin/ch05_backprop_by_hand) prints every partial you return next to
// the engine's gradient and the numeric one. sigmoid and log_likelihood are
// in chapters/05_backprop_by_hand/lesson_math.hpp.
//
// The sign, in every exercise here: the lecture's
//   J = y* log y + (1 − y*) log(1 − y)
// is a log-likelihood, which learning makes LARGE. Every partial you write is
// of J, as in the lecture: dJ/dθ, not dL/dθ. The engine minimises L = −J (its
// bce), so the engine's gradients are dL/d· = −dJ/d·, and the chapter shows
// them negated to line up with yours. A result with every sign flipped means
// you differentiated L instead of J.
#include "chapters/05_backprop_by_hand/exercises.hpp"

#include "chapters/05_backprop_by_hand/lesson_math.hpp"
#include "engine/core/error.hpp"

namespace sg::ch05 {

// ---- Exercise 5.1 (dJ_dy) ----------------------------------------------------
// The derivative of J = y* log y + (1 − y*) log(1 − y) with respect to the
// prediction y in (0, 1), for a target y* in [0, 1] (a soft target such as
// 0.25 is allowed). Differentiate each log term on its own; one of them has
// an inside whose derivative is not 1. docs/book/05-backprop-by-hand.md,
// section "Logistic regression", derives it and evaluates it on the
// lecture's student.
// Example: dJ_dy(y = 0.6, y* = 1) = 1.6667 (> 0: raising y raises J);
// dJ_dy(y = 0.6, y* = 0) = −2.5.
// Classic mistakes: every sign flipped (that is dL/dy of L = −J), the −1
// from the inside of log(1 − y) lost, and y* − y, which is dJ/da, not dJ/dy.
// Check: build/bin/grade --exercise 5.1
double dJ_dy(double y, double y_star) {
  // Exercise 5.1 (dJ_dy): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 5.1 (dJ_dy) is not implemented yet: open exercises/05_backprop_by_hand/exercises.cpp. Hint: differentiate each log term of J by y, minding the inside of log(1 − y) (lesson \"Logistic regression\"); y=0.6, y*=1 gives 1.6667, and −1.6667 is dL/dy of L = −J");
}

// ---- Exercise 5.2 (logreg_partials) --------------------------------------------
// Logistic regression on one example, x = (x0 = 1, x1, ..., x(D−1)):
//   forward:   a = Σj θj·xj,   y = σ(a),   J = log_likelihood(y, y*)
// then the partials of J by the chain rule, one local derivative at a time,
// from dJ/dy (your dJ_dy, exercise 5.1) through dy/da and dJ/da down to
// dJ/dθ, a vector with one entry per feature. Fill every field of
// LogRegPartials (exercises.hpp): a, y, J, dJ_dy, dy_da, dJ_da, dJ_dtheta.
// docs/book/05-backprop-by-hand.md, section "Logistic regression", writes
// every line out with the lecture's numbers; the chapter prints yours as the
// lecture's chain-rule lines.
// Example: θ = (−2, 0.3, 0.2), x = (1, 4, 6), y* = 1 give a = 0.4,
// y = 0.5987, J = −0.5130, dJ/da = 0.4013 and dJ/dθ = (0.4013, 1.6052,
// 2.4079). dJ/da should come out as y* − y.
// Classic mistakes: dL instead of dJ (every sign flipped), θ where the
// derivative of a by θj leaves something else, and σ(a) itself as dy/da.
// Check: build/bin/grade --exercise 5.2
LogRegPartials logreg_partials(const Eigen::VectorXd& theta, const Eigen::VectorXd& x, double y_star) {
  // Exercise 5.2 (logreg_partials): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 5.2 (logreg_partials) is not implemented yet: open exercises/05_backprop_by_hand/exercises.cpp. Hint: the forward pass, then one local derivative at a time from dJ/dy down to dJ/dθ (lesson \"Logistic regression\"); θ=(−2, 0.3, 0.2), x=(1, 4, 6), y*=1 give dJ/dθ=(0.4013, 1.6052, 2.4079)");
}

// ---- Exercise 5.3 (net_partials) -----------------------------------------------
// The lecture's network with one hidden layer of H sigmoid units on one
// example x (D), α (H, D) whose row j holds unit j's weights, β (H):
//   forward:   aj = Σi αji·xi,   zj = σ(aj),   b = Σj βj·zj,   y = σ(b),
//              J = log_likelihood(y, y*)
// then every partial of J, back from dJ/dy (your dJ_dy, exercise 5.1):
// dJ/db, dJ/dβ, dJ/dz, dJ/da, dJ/dα. Each is the partial one step nearer
// to J times one local derivative. docs/book/05-backprop-by-hand.md,
// section "One hidden layer", writes the chain out with the lecture's
// numbers. Fill every field of NetPartials (exercises.hpp). Vectors have H
// entries; dJ_dalpha is (H, D) like α: row j, column i is dJ/dαji. Which
// product of two vectors has that shape?
// Example (the lesson's): α = [[−1, 0.5, −0.2], [0.5, −0.3, 0.4]],
// β = (1.5, −1), x = (1, 4, 6), y* = 1 give a = (−0.2, 1.7), y = 0.4575,
// dJ/db = 0.5425, dJ/dz = (0.8137, −0.5425), dJ/da = (0.2014, −0.0708),
// dJ_dalpha(0, 1) = 0.8056, dJ_dalpha(1, 2) = −0.4251.
// Classic mistakes: dJ/dβ and dJ/dz swapped (b = Σj βj·zj: which factor is
// left when you differentiate by βj, which by zj?), the sigmoid's
// derivative written with aj where it needs σ(aj), and dJ_dalpha transposed
// (D, H).
// Check: build/bin/grade --exercise 5.3
NetPartials net_partials(const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta, const Eigen::VectorXd& x,
                         double y_star) {
  // Exercise 5.3 (net_partials): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 5.3 (net_partials) is not implemented yet: open exercises/05_backprop_by_hand/exercises.cpp. Hint: the forward pass layer by layer, then back from dJ/dy, each partial the one above it times one local derivative (lesson \"One hidden layer\"); with the lesson's α, β and x=(1, 4, 6), y*=1: dJ/db=0.5425, dJ_dalpha(0, 1)=0.8056");
}

}  // namespace sg::ch05
