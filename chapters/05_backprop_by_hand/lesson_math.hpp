// Chapter 5's lesson math that is not an exercise: the sigmoid and the
// lecture's log-likelihood J, in plain double. The partial derivatives a
// student writes by hand are the exercises (exercises.hpp).
//
// Sign: the lecture's J = y* log y + (1 - y*) log(1 - y) is a log-likelihood,
// which learning maximises. The engine minimises L = -J (its bce).
#pragma once

#include <cmath>

namespace sg::ch05 {

inline double sigmoid(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// J = y* log y + (1 - y*) log(1 - y): the lecture's log-likelihood of one example.
inline double log_likelihood(double y, double y_star) {
  return y_star * std::log(y) + (1.0 - y_star) * std::log(1.0 - y);
}

}  // namespace sg::ch05
