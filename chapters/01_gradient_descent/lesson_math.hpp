// Chapter 1's helpers in plain double and Eigen: the function, its rate of
// convergence and the bowl. What a student writes by hand (the step, the
// central difference, the bowl's gradient) is in exercises.hpp.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace sg::ch01 {

// f(x) = x² and its derivative, by hand.
inline double f(double x) { return x * x; }
inline double df(double x) { return 2.0 * x; }

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

// The bowl f(x, y) = ½(a x² + b y²). Its gradient is exercise 1.3 (exercises.hpp).
inline double bowl(const Eigen::Vector2d& p, double a, double b) {
  return 0.5 * (a * p.x() * p.x() + b * p.y() * p.y());
}

}  // namespace sg::ch01
