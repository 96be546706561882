// Chapter 2's exercises (declared in chapters/02_perceptron/exercises.hpp).
// Read the block above each function, write its body, then check it:
//   build/bin/grade --chapter 2        all three
//   build/bin/grade --exercise 2.1     one
// The chapter (build/bin/ch02_perceptron) trains with the engine, compares
// your functions with it, and skips what is not written yet.
#include "chapters/02_perceptron/exercises.hpp"

#include "engine/core/error.hpp"

namespace sg::ch02 {

// ---- Exercise 2.1 (predict) ----------------------------------------------------
// The threshold unit: y = step(z) with z = w·x + b, where step(z) = 1 for
// z >= 0 and 0 for z < 0. The edge case is z = 0 exactly: it counts as 1
// (step(0) = 1, as the engine's step op has it), which is why a point lying
// on the line w·x + b = 0 is classed 1. Return 1.0 or 0.0.
// Example: w = (1, 1), b = −1.5 is AND: x = (1, 1) gives 1, x = (1, 0) gives 0.
// Check: build/bin/grade --exercise 2.1
double predict(const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x) {
  // Exercise 2.1 (predict): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 2.1 (predict) is not implemented yet: open exercises/02_perceptron/exercises.cpp. Hint: z = w·x + b (w.dot(x)), then 1 when z >= 0, else 0");
}

// ---- Exercise 2.2 (rosenblatt_update) ------------------------------------------
// Rosenblatt's rule for one example x with target t and the unit's
// prediction y (both 0 or 1), learning rate lr = η:
//   w ← w + η (t − y) x,   b ← b + η (t − y).
// Update w and b in place (they are references). When the unit was right
// (t = y) nothing changes; a missed 1 (t − y = +1) moves w towards x, a
// false 1 (t − y = −1) moves it away. The bias moves too: it is the weight
// of an input that is always 1.
// Check: build/bin/grade --exercise 2.2
void rosenblatt_update(Eigen::Vector2d& w, double& b, const Eigen::Vector2d& x, double t, double y, double lr) {
  // Exercise 2.2 (rosenblatt_update): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 2.2 (rosenblatt_update) is not implemented yet: open exercises/02_perceptron/exercises.cpp. Hint: the error t − y scales both moves, and x scales the weights' move");
}

// ---- Exercise 2.3 (count_errors) -----------------------------------------------
// How many of the four cases the unit (w, b) gets wrong: row i of X (an
// input, X.row(i)) has target t[i]. Count the rows whose prediction is not
// the target. A case exactly on the line (z = 0) is predicted 1, as in 2.1:
// use your predict. X.row(i) is a row; predict takes a column vector
// (X.row(i).transpose()).
// Example: AND's targets (0, 0, 0, 1) with w = (0, 0), b = 0 give 3: every
// z is 0, so every case is predicted 1.
// Check: build/bin/grade --exercise 2.3
int count_errors(const Eigen::Vector2d& w, double b, const Eigen::Matrix<double, 4, 2>& X,
                 const std::array<double, 4>& t) {
  // Exercise 2.3 (count_errors): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 2.3 (count_errors) is not implemented yet: open exercises/02_perceptron/exercises.cpp. Hint: for each row i, compare predict(w, b, row i) with t[i]");
}

}  // namespace sg::ch02
