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
// prediction y in (0, 1), for a target y* in [0, 1]:
//   dJ/dy = y*/y − (1 − y*)/(1 − y)
// (d log y/dy = 1/y; d log(1 − y)/dy = −1/(1 − y), the inner derivative of
// 1 − y is −1.) For y* = 1 it is 1/y > 0: raising y raises J.
// Check: build/bin/grade --exercise 5.1
double dJ_dy(double y, double y_star) {
  // BEGIN SOLUTION 5.1 dJ_dy: differentiate each log term; log(1 − y) brings a factor −1 from its inside
  return y_star / y - (1.0 - y_star) / (1.0 - y);
  // END SOLUTION
}

// ---- Exercise 5.2 (logreg_partials) --------------------------------------------
// Logistic regression on one example, x = (x0 = 1, x1, ..., x(D−1)):
//   forward:   a = Σj θj·xj,   y = σ(a),   J = log_likelihood(y, y*)
//   backward:  dJ/dy  = your dJ_dy (exercise 5.1)
//              dy/da  = σ'(a) = y(1 − y)
//              dJ/da  = dJ/dy · dy/da        (the chain rule; it simplifies to y* − y)
//              dJ/dθj = dJ/da · xj           (a vector, one entry per feature)
// Fill every field of LogRegPartials (exercises.hpp): a, y, J, dJ_dy, dy_da,
// dJ_da, dJ_dtheta. The chapter prints them as the lecture's chain-rule lines.
// Check: build/bin/grade --exercise 5.2
LogRegPartials logreg_partials(const Eigen::VectorXd& theta, const Eigen::VectorXd& x, double y_star) {
  // BEGIN SOLUTION 5.2 logreg_partials: the forward pass first, then the chain rule from dJ/dy down to dJ/dθ = dJ/da · x
  LogRegPartials p;
  p.a = theta.dot(x);
  p.y = sigmoid(p.a);
  p.J = log_likelihood(p.y, y_star);
  p.dJ_dy = dJ_dy(p.y, y_star);
  p.dy_da = p.y * (1.0 - p.y);
  p.dJ_da = p.dJ_dy * p.dy_da;
  p.dJ_dtheta = p.dJ_da * x;
  return p;
  // END SOLUTION
}

// ---- Exercise 5.3 (net_partials) -----------------------------------------------
// The lecture's network with one hidden layer of H sigmoid units on one
// example x (D), α (H, D) whose row j holds unit j's weights, β (H):
//   forward:   aj = Σi αji·xi,   zj = σ(aj),   b = Σj βj·zj,   y = σ(b),   J
//   backward:  dJ/dy           = your dJ_dy (exercise 5.1)
//              dJ/db           = dJ/dy · y(1 − y)
//              dJ/dβj          = dJ/db · zj
//              dJ/dzj          = dJ/db · βj
//              dJ/daj          = dJ/dzj · zj(1 − zj)        (σ' at aj, written with zj)
//              dJ/dαji         = dJ/daj · xi                (an H × D matrix, like α)
// Fill every field of NetPartials (exercises.hpp). Vectors have H entries;
// dJ_dalpha is (H, D): row j, column i is dJ/dαji. Eigen: alpha * x,
// unaryExpr for σ, cwiseProduct for elementwise, u * v.transpose() for an
// outer product.
// Check: build/bin/grade --exercise 5.3
NetPartials net_partials(const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta, const Eigen::VectorXd& x,
                         double y_star) {
  // BEGIN SOLUTION 5.3 net_partials: the forward pass layer by layer, then back from dJ/dy: each partial is the one above it times a local derivative
  NetPartials p;
  p.a = alpha * x;
  p.z = p.a.unaryExpr([](double v) { return sigmoid(v); });
  p.b = beta.dot(p.z);
  p.y = sigmoid(p.b);
  p.J = log_likelihood(p.y, y_star);
  p.dJ_dy = dJ_dy(p.y, y_star);
  p.dJ_db = p.dJ_dy * p.y * (1.0 - p.y);
  p.dJ_dbeta = p.dJ_db * p.z;
  p.dJ_dz = p.dJ_db * beta;
  p.dJ_da = p.dJ_dz.cwiseProduct(p.z.cwiseProduct((1.0 - p.z.array()).matrix()));
  p.dJ_dalpha = p.dJ_da * x.transpose();
  return p;
  // END SOLUTION
}

}  // namespace sg::ch05
