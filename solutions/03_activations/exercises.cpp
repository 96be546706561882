// Chapter 3's exercises (declared in chapters/03_activations/exercises.hpp).
// Read the block above each function, write its body, then check it:
//   build/bin/grade --chapter 3        all four
//   build/bin/grade --exercise 3.1     one
// The chapter (build/bin/ch03_activations) draws everything with the engine's
// ops, compares your functions with them, and skips what is not written yet.
//
// Every function works elementwise on a matrix X of any shape (B, n) and
// returns a matrix of the same shape. A backward takes X and the gradient dY
// arriving from above and returns dX = f'(X) ⊙ dY, an elementwise product,
// as the engine's ops do. The derivations are in docs/book/03-activations.md,
// section "The five functions". Eigen: X.array() views a matrix as an array,
// on which * is elementwise and the usual math functions apply per element;
// .matrix() turns an array expression back into a matrix. The Eigen tutorial
// page "The Array class and coefficient-wise operations" has the rest.
#include "chapters/03_activations/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch03 {

// ---- Exercise 3.1 (sigmoid) ----------------------------------------------------
// Forward: σ(x) = 1 / (1 + e^-x) per element, in (0, 1), σ(0) = 0.5.
// Backward: dX = σ'(X) ⊙ dY. Derive σ' and write it with σ itself, so that
// backward can reuse your forward: docs/book/03-activations.md, section
// "The five functions", does it.
// Edge case, large |x|: the formula above, taken literally, computes
// e^1000 = inf at x = −1000. The same section shows an equal form for
// negative x in which exp never sees a positive number: use the form that is
// safe on each side of 0, so that σ(±1000) is exactly 1 and 0, never NaN,
// and σ' there is 0, not NaN.
// Example: σ(0) = 0.5 and σ'(0) = 0.25 (the largest σ' gets);
// sigmoid_backward(x = 0.5, dY = 1) = 0.2350037.
// Classic mistakes: returning σ(x) or σ² as the derivative, forgetting to
// multiply by dY, and a matrix product where dY multiplies elementwise.
// Check: build/bin/grade --exercise 3.1
Mat sigmoid_forward(const Mat& X) {
  // BEGIN SOLUTION 3.1 sigmoid_forward: σ per element, in a form whose exp never sees a positive number on either side of 0 (lesson "The five functions"); σ(0) = 0.5, σ(±1000) = 1 and 0, never NaN
  return X.unaryExpr([](double x) {
    return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
  });
  // END SOLUTION
}

Mat sigmoid_backward(const Mat& X, const Mat& dY) {
  // BEGIN SOLUTION 3.1 sigmoid_backward: derive σ' in terms of σ (lesson "The five functions"), reuse your forward, times dY elementwise; x=0.5, dY=1 gives 0.2350037, and 0.6225 is σ itself
  const Mat Y = sigmoid_forward(X);
  return (Y.array() * (1.0 - Y.array()) * dY.array()).matrix();
  // END SOLUTION
}

// ---- Exercise 3.2 (tanh) -------------------------------------------------------
// Forward: tanh(x) per element, in (−1, 1), odd: tanh(−x) = −tanh(x).
// Backward: dX = tanh'(X) ⊙ dY. Derive tanh' and write it with tanh itself:
// docs/book/03-activations.md, section "The five functions".
// Large |x|: the standard library's and Eigen's tanh are exact there,
// tanh(±1000) = ±1, so tanh' is 0. Writing tanh as the ratio of
// exponentials of its definition is not: at x = 1000 it is inf/inf = NaN.
// Example: tanh'(0) = 1; tanh_backward(x = 0.5, dY = 1) = 0.7864477
// (tanh(0.5) = 0.4621172).
// Classic mistakes: a derivative that is not even (tanh is odd, so tanh' is
// even: tanh'(−0.5) = tanh'(0.5)), the sign flipped (tanh rises everywhere,
// so tanh' > 0), and dY left out.
// Check: build/bin/grade --exercise 3.2
Mat tanh_forward(const Mat& X) {
  // BEGIN SOLUTION 3.2 tanh_forward: tanh per element, with a library tanh that stays finite at ±1000 (the ratio of exponentials gives NaN there); tanh(0.5) = 0.4621172
  return X.array().tanh().matrix();
  // END SOLUTION
}

Mat tanh_backward(const Mat& X, const Mat& dY) {
  // BEGIN SOLUTION 3.2 tanh_backward: derive tanh' in terms of tanh (lesson "The five functions"), times dY elementwise; x=0.5, dY=1 gives 0.7864477, and x=±1000 gives 0
  const Mat Y = tanh_forward(X);
  return ((1.0 - Y.array().square()) * dY.array()).matrix();
  // END SOLUTION
}

// ---- Exercise 3.3 (relu) -------------------------------------------------------
// Forward: relu(x) = max(0, x), per element.
// Backward: dX = relu'(X) ⊙ dY. ReLU is a straight line on each side of 0;
// its slope there is relu'. At the kink x = 0 the derivative does not exist,
// and every library picks a value: docs/book/03-activations.md, section
// "The five functions", gives the engine's choice, which the tests expect.
// Example: relu_forward([−1, 0, 2.5]) = [0, 0, 2.5];
// relu_backward(X = [−1, 0, 2], dY = [5, 5, 5]) = [0, 0, 5].
// Classic mistakes: the wrong side of the kink convention (dY at x = 0),
// multiplying dY by relu(x) instead of by the slope, and forgetting dY.
// Check: build/bin/grade --exercise 3.3
Mat relu_forward(const Mat& X) {
  // BEGIN SOLUTION 3.3 relu_forward: max(0, x) per element; [−1, 0, 2.5] gives [0, 0, 2.5]
  return X.cwiseMax(0.0);
  // END SOLUTION
}

Mat relu_backward(const Mat& X, const Mat& dY) {
  // BEGIN SOLUTION 3.3 relu_backward: relu's slope on each side of 0, times dY, with the engine's value at the kink (lesson "The five functions"); X=[−1, 0, 2], dY=[5, 5, 5] gives [0, 0, 5]
  return (X.array() > 0.0).select(dY.array(), 0.0).matrix();
  // END SOLUTION
}

// ---- Exercise 3.4 (leaky_relu) -------------------------------------------------
// Forward: x for x > 0, alpha·x otherwise (alpha is small, 0.01 by default;
// use the alpha you are given).
// Backward: dX = f'(X) ⊙ dY, with f' the slope of the line on each side of
// 0. At the kink x = 0 the engine picks one of the two slopes:
// docs/book/03-activations.md, section "The five functions", says which.
// Unlike ReLU, no input gets gradient 0, so a unit that went negative can
// come back ("A dead ReLU").
// Example: leaky_relu_forward([−2, 0, 3], alpha = 0.1) = [−0.2, 0, 3];
// leaky_relu_backward(X = [−2, 0, 3], dY = [2, 2, 2], alpha = 0.1)
// = [0.2, 0.2, 2].
// Classic mistakes: ReLU's 0 below the kink, the wrong slope at x = 0, and
// the forward value times dY where backward needs the slope.
// Check: build/bin/grade --exercise 3.4
Mat leaky_relu_forward(const Mat& X, double alpha) {
  // BEGIN SOLUTION 3.4 leaky_relu_forward: x above 0, alpha·x elsewhere, with the alpha passed in; [−2, 0, 3] with alpha=0.1 gives [−0.2, 0, 3]
  return (X.array() > 0.0).select(X.array(), alpha * X.array()).matrix();
  // END SOLUTION
}

Mat leaky_relu_backward(const Mat& X, const Mat& dY, double alpha) {
  // BEGIN SOLUTION 3.4 leaky_relu_backward: the slope on each side of 0, times dY, with the engine's slope at the kink (lesson "The five functions"); X=[−2, 0, 3], dY=[2, 2, 2], alpha=0.1 gives [0.2, 0.2, 2]
  return (X.array() > 0.0).select(dY.array(), alpha * dY.array()).matrix();
  // END SOLUTION
}

}  // namespace sg::ch03
