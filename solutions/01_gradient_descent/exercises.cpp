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
// One step of gradient descent: from x, where the function's derivative is
// dx, return the new x after one step downhill whose size grows with the
// slope, scaled by the learning rate lr. x itself is not changed. The step
// is the one the lesson writes down and runs on x² in
// docs/book/01-gradient-descent.md, section "3. Gradient descent, one update
// at a time". The vector form does the same to every parameter of θ at
// once, with the gradient ∇ (the vector of partial derivatives) in place of
// dx. Shapes: θ and ∇ are 2-vectors.
// Example: x = 5, dx = 10, lr = 0.1 gives 4; x = −2, dx = −4, lr = 0.25
// gives −1 (a negative slope moves x to the right).
// Classic mistake: stepping WITH the slope. Where dx > 0 the function rises
// to the right, so downhill is to the left; 6 instead of 4 above is uphill.
// Check: build/bin/grade --exercise 1.1
double gd_step(double x, double dx, double lr) {
  // BEGIN SOLUTION 1.1 gd_step: one step downhill, its size set by the slope and lr (lesson "3. Gradient descent, one update at a time"); x=5, dx=10, lr=0.1 gives 4, and 6 means uphill
  return x - lr * dx;
  // END SOLUTION
}

Eigen::Vector2d gd_step(const Eigen::Vector2d& theta, const Eigen::Vector2d& grad, double lr) {
  // BEGIN SOLUTION 1.1 gd_step: your scalar step, on every component at once (Eigen vectors add and scale like numbers); θ=(1, 2), ∇=(10, −2), lr=0.1 gives (0, 2.2)
  return theta - lr * grad;
  // END SOLUTION
}

// ---- Exercise 1.2 (central_difference) ----------------------------------------
// The derivative of fn at x, numerically: the slope of the straight line
// (the chord) through two points of fn's graph, one a distance h to the left
// of x and one a distance h to the right. Call fn twice. Why the two sides,
// and not x and x + h: docs/book/01-gradient-descent.md, section "2. The
// derivative three ways" (the one-sided slope is off by about h, the
// centred one by about h²).
// Example: fn(x) = x³ at x = 1 with h = 0.01 gives 3.0001 (the true 3, plus
// h²); for fn(x) = x² it is exact up to rounding: 6 at x = 3, for any h.
// Classic mistake: dividing by h. Measure how far apart the two points are
// (12 instead of 6 for x² at 3 is that mistake).
// Check: build/bin/grade --exercise 1.2
double central_difference(const std::function<double(double)>& fn, double x, double h) {
  // BEGIN SOLUTION 1.2 central_difference: the slope of the chord between the points h left and h right of x (lesson "2. The derivative three ways"); x² at 3 gives 6 for any h, and 12 means the wrong distance
  return (fn(x + h) - fn(x - h)) / (2.0 * h);
  // END SOLUTION
}

// ---- Exercise 1.3 (bowl_grad) ---------------------------------------------------
// The gradient of the bowl f(x, y) = ½(a x² + b y²) at p = (x, y): the
// vector of its two partial derivatives, ∂f/∂x and ∂f/∂y. A partial
// derivative differentiates by one variable while the other is held
// constant; docs/book/01-gradient-descent.md, section "5. Two dimensions:
// the narrow valley", works it out. Shapes: p and the result are 2-vectors
// (p.x(), p.y()).
// Example: at (1.5, 8) with a = 10, b = 1 the gradient is (15, 8); at
// (−2, 3) with a = 4, b = 0.5 it is (−8, 1.5).
// Classic mistakes: losing track of the ½ (a result twice or half too big),
// and returning the terms of f instead of their derivatives.
// Check: build/bin/grade --exercise 1.3
Eigen::Vector2d bowl_grad(const Eigen::Vector2d& p, double a, double b) {
  // BEGIN SOLUTION 1.3 bowl_grad: differentiate f by x with y held fixed, then by y (lesson "5. Two dimensions: the narrow valley"); at (1.5, 8) with a=10, b=1 it is (15, 8)
  return {a * p.x(), b * p.y()};
  // END SOLUTION
}

}  // namespace sg::ch01
