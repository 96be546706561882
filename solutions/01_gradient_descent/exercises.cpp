// Chapter 1's exercises (declared in chapters/01_gradient_descent/exercises.hpp).
// Read the block above each function, write its body, then check it:
//   build/bin/grade --chapter 1        all three
//   build/bin/grade --exercise 1.1     one
// The chapter (build/bin/ch01_gradient_descent) compares your functions with
// the engine and skips what is not written yet.
#include "chapters/01_gradient_descent/exercises.hpp"

#include "engine/core/error.hpp"

namespace sg::ch01 {

// ---- Exercise 1.1 (gd_step) --------------------------------------------------
// One step of gradient descent: move x against its derivative dx, by the
// learning rate lr times dx. The new x is returned; x itself is not changed.
// Downhill means against the slope: where dx > 0 the function rises to the
// right, so x must move left. The vector form does the same to every
// parameter of θ at once, with the gradient ∇ (the vector of partial
// derivatives) in place of dx. Shapes: θ and ∇ are 2-vectors.
// Example: x = 5, dx = 10, lr = 0.1 gives 4.
// Check: build/bin/grade --exercise 1.1
double gd_step(double x, double dx, double lr) {
  // BEGIN SOLUTION 1.1 gd_step: step against the slope, by lr times dx
  return x - lr * dx;
  // END SOLUTION
}

Eigen::Vector2d gd_step(const Eigen::Vector2d& theta, const Eigen::Vector2d& grad, double lr) {
  // BEGIN SOLUTION 1.1 gd_step: the scalar step, on both components at once (Eigen adds and scales vectors)
  return theta - lr * grad;
  // END SOLUTION
}

// ---- Exercise 1.2 (central_difference) ----------------------------------------
// The derivative of fn at x, numerically: the slope of the chord from
// x − h to x + h. Its error is O(h²), against O(h) for the one-sided
// (f(x + h) − f(x)) / h; for a parabola it is exact up to rounding. Call fn
// twice; do not divide by h alone: the two points are 2h apart.
// Example: fn(x) = x³ at x = 1 with h = 0.01 gives 3.0001 (the true 3, plus h²).
// Check: build/bin/grade --exercise 1.2
double central_difference(const std::function<double(double)>& fn, double x, double h) {
  // BEGIN SOLUTION 1.2 central_difference: evaluate fn on both sides of x, and divide by the distance between them
  return (fn(x + h) - fn(x - h)) / (2.0 * h);
  // END SOLUTION
}

// ---- Exercise 1.3 (bowl_grad) ---------------------------------------------------
// The gradient of the bowl f(x, y) = ½(a x² + b y²) at p = (x, y): the
// vector of its two partial derivatives, ∂f/∂x and ∂f/∂y. Differentiate
// each term by its own variable, treating the other as a constant; the ½
// and the square's 2 meet. Shapes: p and the result are 2-vectors
// (p.x(), p.y()).
// Example: at (1.5, 8) with a = 10, b = 1 the gradient is (15, 8).
// Check: build/bin/grade --exercise 1.3
Eigen::Vector2d bowl_grad(const Eigen::Vector2d& p, double a, double b) {
  // BEGIN SOLUTION 1.3 bowl_grad: differentiate ½ a x² by x and ½ b y² by y; the ½ and the square's 2 cancel
  return {a * p.x(), b * p.y()};
  // END SOLUTION
}

}  // namespace sg::ch01
