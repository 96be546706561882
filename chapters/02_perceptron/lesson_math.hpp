// Chapter 2's math in plain double and Eigen: what a student should be able
// to write by hand. The chapter calls these functions and checks each
// prediction against the engine's traced forward pass of the same unit.
#pragma once

#include <Eigen/Core>

namespace sg::ch02 {

// The Heaviside step, with step(0) = 1 as the engine's step op has it.
inline double heaviside(double z) { return z >= 0.0 ? 1.0 : 0.0; }

// The threshold unit: y = step(w·x + b). With the bias as a negative
// threshold, b = −θ, it fires exactly when w·x >= θ.
inline double predict(const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x) {
  return heaviside(w.dot(x) + b);
}

// Rosenblatt's rule for one example x with target t and prediction y:
//   w ← w + η (t − y) x,   b ← b + η (t − y).
// Nothing changes when the unit was right (t = y).
inline void rosenblatt_update(Eigen::Vector2d& w, double& b, const Eigen::Vector2d& x, double t, double y,
                              double lr) {
  w += lr * (t - y) * x;
  b += lr * (t - y);
}

}  // namespace sg::ch02
