// Chapter 3's exercises (declared in chapters/03_activations/exercises.hpp).
// Read the block above each function, write its body, then check it:
//   build/bin/grade --chapter 3        all four
//   build/bin/grade --exercise 3.1     one
// The chapter (build/bin/ch03_activations) draws everything with the engine's
// ops, compares your functions with them, and skips what is not written yet.
//
// Every function works elementwise on a matrix X of any shape (B, n) and
// returns a matrix of the same shape. Eigen helps: X.array() makes products
// elementwise, .exp(), .tanh(), .square() work on arrays, X.unaryExpr(f)
// applies a lambda to every element, and (cond).select(a, b) picks per
// element. Return .matrix() of an array expression (or assign it to a Mat).
#include "chapters/03_activations/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch03 {

// ---- Exercise 3.1 (sigmoid) ----------------------------------------------------
// Forward: σ(x) = 1 / (1 + e^-x), in (0, 1), σ(0) = 0.5.
// Backward: dX = σ'(X) ⊙ dY with σ'(x) = σ(x)(1 − σ(x)) (at most 0.25, at 0).
// Edge case, large |x|: for x = −1000, e^-x = e^1000 overflows to inf, and
// the naive formula gives 1/inf = 0 only by luck; e^x / (1 + e^x) is the same
// number for x < 0 and never overflows. Use the form that is safe on each
// side of 0, so that σ(±1000) is exactly 1 and 0 and never NaN, and σ' there
// is 0, not NaN.
// Check: build/bin/grade --exercise 3.1
Mat sigmoid_forward(const Mat& X) {
  // Exercise 3.1 (sigmoid_forward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.1 (sigmoid_forward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: per element, 1/(1 + e^-x) for x >= 0 and e^x/(1 + e^x) for x < 0 (unaryExpr)");
}

Mat sigmoid_backward(const Mat& X, const Mat& dY) {
  // Exercise 3.1 (sigmoid_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.1 (sigmoid_backward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: σ'(x) = σ(x)(1 − σ(x)) from your sigmoid_forward, times dY elementwise");
}

// ---- Exercise 3.2 (tanh) -------------------------------------------------------
// Forward: tanh(x), in (−1, 1), odd: tanh(−x) = −tanh(x).
// Backward: dX = tanh'(X) ⊙ dY with tanh'(x) = 1 − tanh²(x) (1 at 0).
// Large |x| is safe with std::tanh (or Eigen's .tanh()): tanh(±1000) = ±1,
// so tanh' there is 0. Writing tanh as (e^x − e^-x)/(e^x + e^-x) is not:
// at x = 1000 it is inf/inf = NaN.
// Check: build/bin/grade --exercise 3.2
Mat tanh_forward(const Mat& X) {
  // Exercise 3.2 (tanh_forward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.2 (tanh_forward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: elementwise tanh (X.array().tanh())");
}

Mat tanh_backward(const Mat& X, const Mat& dY) {
  // Exercise 3.2 (tanh_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.2 (tanh_backward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: tanh'(x) = 1 − tanh²(x), times dY elementwise");
}

// ---- Exercise 3.3 (relu) -------------------------------------------------------
// Forward: relu(x) = max(0, x).
// Backward: dX = relu'(X) ⊙ dY with relu'(x) = 1 for x > 0 and 0 for x < 0.
// At the kink x = 0 the derivative does not exist; the engine (and so
// this book) takes relu'(0) = 0: the gradient passes only where x > 0
// strictly. dX is dY where x > 0 and 0 elsewhere.
// Check: build/bin/grade --exercise 3.3
Mat relu_forward(const Mat& X) {
  // Exercise 3.3 (relu_forward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.3 (relu_forward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: max(0, x) per element (X.cwiseMax)");
}

Mat relu_backward(const Mat& X, const Mat& dY) {
  // Exercise 3.3 (relu_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.3 (relu_backward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: dY where x > 0 (strictly), 0 elsewhere ((X.array() > 0).select)");
}

// ---- Exercise 3.4 (leaky_relu) -------------------------------------------------
// Forward: x for x > 0, alpha·x otherwise (alpha is small, 0.01 by default).
// Backward: dX = f'(X) ⊙ dY with f'(x) = 1 for x > 0 and alpha for x < 0.
// At the kink x = 0 the engine takes the slope alpha (the same test x > 0
// as ReLU decides both sides). Unlike ReLU, no input gets gradient 0, so a
// unit that went negative can come back.
// Check: build/bin/grade --exercise 3.4
Mat leaky_relu_forward(const Mat& X, double alpha) {
  // Exercise 3.4 (leaky_relu_forward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.4 (leaky_relu_forward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: x where x > 0, alpha·x elsewhere ((X.array() > 0).select)");
}

Mat leaky_relu_backward(const Mat& X, const Mat& dY, double alpha) {
  // Exercise 3.4 (leaky_relu_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 3.4 (leaky_relu_backward) is not implemented yet: open exercises/03_activations/exercises.cpp. Hint: dY where x > 0, alpha·dY elsewhere (x = 0 included)");
}

}  // namespace sg::ch03
