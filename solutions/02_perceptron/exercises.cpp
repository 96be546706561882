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
// The threshold unit's output for the input x: 1 when the unit fires, 0 when
// it does not. It fires when its weighted input, with the bias b taken into
// account, reaches the threshold; docs/book/02-perceptron.md, section
// "1. A threshold unit", shows how the threshold becomes the bias and what
// the unit computes. Return 1.0 or 0.0, never the weighted sum itself.
// The edge case is a point exactly on the decision line, where the weighted
// sum is exactly 0: it counts as 1 (step(0) = 1, as the engine's step op
// has it).
// Example: w = (1, 1), b = −1.5 is AND: x = (1, 1) gives 1, x = (1, 0) gives
// 0; w = (1, 1), b = −1, x = (1, 0) lies on the line and gives 1.
// Classic mistakes: a strict comparison (0 on the line), and subtracting
// the bias where the lesson adds it.
// Check: build/bin/grade --exercise 2.1
double predict(const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x) {
  // BEGIN SOLUTION 2.1 predict: the threshold unit of lesson "1. A threshold unit", 1 or 0; w=(1, 1), b=−1.5 (AND) gives 1 at x=(1, 1), and a point exactly on the line gives 1, not 0
  const double z = w.dot(x) + b;
  return z >= 0.0 ? 1.0 : 0.0;
  // END SOLUTION
}

// ---- Exercise 2.2 (rosenblatt_update) ------------------------------------------
// Rosenblatt's rule for one example x with target t and the unit's
// prediction y (both 0 or 1), learning rate lr = η: update w and b in place
// (they are references). docs/book/02-perceptron.md states the rule in
// section "2. Rosenblatt's rule" and derives it as a gradient step in
// "1. A threshold unit" (the paragraph "In the engine the unit is three
// ops"). Work out from there which way w must move after a missed 1 and
// after a false 1, and by how much.
// Example: from w = (0, 0), b = 0, the missed 1 x = (1, 0), t = 1, y = 0
// with lr = 0.5 gives w = (0.5, 0), b = 0.5. When the unit was right
// (t = y) nothing changes.
// Classic mistakes: the error taken the wrong way round (w moves away from
// a missed x), the bias left where it was (it is the weight of an input that
// is always 1), and w replaced by the step instead of moved by it.
// Check: build/bin/grade --exercise 2.2
void rosenblatt_update(Eigen::Vector2d& w, double& b, const Eigen::Vector2d& x, double t, double y, double lr) {
  // BEGIN SOLUTION 2.2 rosenblatt_update: move w and b as lesson "2. Rosenblatt's rule" says; w=0, b=0, x=(1, 0), t=1, y=0, lr=0.5 gives w=(0.5, 0), b=0.5, and nothing moves when t = y
  w += lr * (t - y) * x;
  b += lr * (t - y);
  // END SOLUTION
}

// ---- Exercise 2.3 (count_errors) -----------------------------------------------
// How many of the four cases the unit (w, b) gets wrong: row i of X (an
// input) has target t[i]. Count the rows whose prediction is not the
// target, with your predict of exercise 2.1, so that a case exactly on the
// line is predicted 1 here too. A row of X is a row vector and predict takes
// a column vector: transpose it. docs/book/02-perceptron.md, section
// "3. XOR: no line will do", counts the mistakes of the best line for XOR.
// Example: AND's targets (0, 0, 0, 1) with w = (0, 0), b = 0 give 3: every
// weighted sum is 0, so every case is predicted 1. XOR's targets (0, 1, 1, 0)
// with w = (1, 1), b = −0.5 give 1.
// Classic mistake: counting the cases the unit gets right (1 instead of 3
// above).
// Check: build/bin/grade --exercise 2.3
int count_errors(const Eigen::Vector2d& w, double b, const Eigen::Matrix<double, 4, 2>& X,
                 const std::array<double, 4>& t) {
  // BEGIN SOLUTION 2.3 count_errors: count the rows your predict gets wrong; AND with w=(0, 0), b=0 gives 3 (every case is on the line, so predicted 1), and 1 means you counted the right ones
  int errors = 0;
  for (int i = 0; i < 4; ++i) errors += predict(w, b, X.row(i).transpose()) != t[static_cast<std::size_t>(i)];
  return errors;
  // END SOLUTION
}

}  // namespace sg::ch02
