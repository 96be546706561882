// Chapter 1's math in plain double and Eigen: what a student should be able
// to write by hand. The chapter calls these functions and checks them
// against the engine (its backward pass and its SGD optimiser).
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <functional>

namespace sg::ch01 {

// f(x) = x² and its derivative, by hand.
inline double f(double x) { return x * x; }
inline double df(double x) { return 2.0 * x; }

// One gradient-descent step: x ← x − η·f'(x).
inline double gd_step(double x, double dx, double lr) { return x - lr * dx; }

// The same step on a vector of parameters: θ ← θ − η·∇f(θ).
inline Eigen::Vector2d gd_step(const Eigen::Vector2d& theta, const Eigen::Vector2d& grad, double lr) {
  return theta - lr * grad;
}

// The central-difference derivative (f(x + h) − f(x − h)) / 2h. Its error is
// O(h²) (for a parabola it is exact up to rounding); the forward difference
// (f(x + h) − f(x)) / h has error O(h).
inline double central_difference(const std::function<double(double)>& fn, double x, double h) {
  return (fn(x + h) - fn(x - h)) / (2.0 * h);
}

// On f(x) = x² one step multiplies x by r = 1 − 2η:
//   x_{k+1} = x_k − η·2x_k = (1 − 2η)·x_k,   so   x_k = x0·(1 − 2η)^k.
inline double rate(double lr) { return 1.0 - 2.0 * lr; }
inline double iterate(double x0, double lr, int k) { return x0 * std::pow(rate(lr), k); }

// The smallest k with |x0|·|r|^k < tol: k = floor(ln(tol/|x0|) / ln|r|) + 1
// (0 when |x0| < tol already, 1 when r = 0, -1 when |r| >= 1: never).
inline int steps_to_reach(double x0, double lr, double tol) {
  const double r = std::abs(rate(lr));
  if (std::abs(x0) < tol) return 0;
  if (r == 0.0) return 1;
  if (r >= 1.0) return -1;
  return static_cast<int>(std::floor(std::log(tol / std::abs(x0)) / std::log(r))) + 1;
}

// The bowl f(x, y) = ½(a x² + b y²): its value and its gradient (a x, b y).
inline double bowl(const Eigen::Vector2d& p, double a, double b) {
  return 0.5 * (a * p.x() * p.x() + b * p.y() * p.y());
}
inline Eigen::Vector2d bowl_grad(const Eigen::Vector2d& p, double a, double b) {
  return {a * p.x(), b * p.y()};
}

}  // namespace sg::ch01
