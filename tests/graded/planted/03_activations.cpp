// Planted bugs: chapter 3's exercises as a student might get them wrong,
// linked in place of solutions/03_activations/exercises.cpp to make
// graded_tests_planted (tests/grading/grading_tests.cmake). `grade` must give
// partial credit, the right hints, "timed out" for the loop and "crashed"
// for the crash, and finish the run. Half of the functions are right, so
// that one exercise can be partly right.
//
//   3.1 sigmoid: forward right; backward forgets the factor (1 − σ): returns σ(x)·dY
//   3.2 tanh:    forward right; backward flips the sign: −(1 − tanh²)·dY
//   3.3 relu:    forward never ends (a loop whose condition never changes)
//   3.4 leaky:   forward writes through an empty pointer (a crash)
//
// Not in the student version (cmake/StudentTarball.cmake leaves it out).
#include <cmath>

#include "chapters/03_activations/exercises.hpp"

namespace sg::ch03 {

Mat sigmoid_forward(const Mat& X) {
  return X.unaryExpr([](double x) { return 1.0 / (1.0 + std::exp(-x)); });
}

Mat sigmoid_backward(const Mat& X, const Mat& dY) {
  return (sigmoid_forward(X).array() * dY.array()).matrix();   // missing factor: (1 − σ)
}

Mat tanh_forward(const Mat& X) { return X.array().tanh().matrix(); }

Mat tanh_backward(const Mat& X, const Mat& dY) {
  const Mat Y = tanh_forward(X);
  return (-(1.0 - Y.array().square()) * dY.array()).matrix();   // sign flipped
}

Mat relu_forward(const Mat& X) {
  Mat Y = X;
  for (Index i = 0; i < Y.size(); /* i never moves on */) {
    if (Y(i) < 0.0) Y(i) = 0.0;
  }
  return Y;
}

Mat relu_backward(const Mat& X, const Mat& dY) {
  return (X.array() > 0.0).select(dY.array(), 0.0).matrix();
}

Mat leaky_relu_forward(const Mat& X, double alpha) {
  volatile double* nowhere = nullptr;   // volatile: the compiler must really write
  *nowhere = alpha;
  return X;
}

Mat leaky_relu_backward(const Mat& X, const Mat& dY, double alpha) {
  return (X.array() > 0.0).select(dY.array(), alpha * dY.array()).matrix();
}

}  // namespace sg::ch03
