// Chapter 16's exercises (declared in chapters/16_sanity_checks/exercises.hpp).
// Read docs/book/16-sanity-checks.md first: each block below names the
// section it belongs to. Write the body, then check it:
//   build/bin/grade --chapter 16        all three
//   build/bin/grade --exercise 16.1     one
// The chapter (build/bin/ch16_sanity_checks) puts your results next to its
// own numbers and skips what is not written yet.
#include "chapters/16_sanity_checks/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch16 {

// ---- Exercise 16.1 (expected_initial_loss) -------------------------------------
// An untrained classifier with small weights gives every class (nearly) the
// same probability. What is its cross-entropy loss, the negative logarithm of
// the probability of the correct class, averaged over the examples? Throw
// sg::ValueError for fewer than 2 classes.
// Lesson: "Check 1: the initial loss is ln 10".
// Check: 10 classes give the lecture's 2.302 (to three decimals); 2 classes
// give the loss of a fair coin, about 0.693.
// The classic mistake: the wrong logarithm (the cross-entropy is in nats).
// Check: build/bin/grade --exercise 16.1
double expected_initial_loss(int classes) {
  // Exercise 16.1 (expected_initial_loss): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 16.1 (expected_initial_loss) is not implemented yet: open exercises/16_sanity_checks/exercises.cpp. Hint: which probability does the correct class get, and what is the loss of that probability? In nats (lesson \"Check 1\")");
}

// ---- Exercise 16.2 (update_to_param_ratio) -------------------------------------
// One optimiser step took a weight matrix from `before` to `after`. Return the
// size of the update relative to the size of the weights, both measured with
// the Frobenius norm (the square root of the sum of squared entries), the
// number whose rule of thumb is 1e-3. Return 0 when nothing changed and the
// weights are 0, and +inf when the weights were 0 but the update is not.
// Throw sg::ShapeError when the two shapes differ.
// Lesson: "Check 5: the update/parameter ratio is about 1e-3".
// Check: before [[3, 4]], after [[3.003, 4.004]] is a step of a thousandth.
// The classic mistakes: the ratio of the two norms (about 1 for any step), the
// change of the norm (0 for a step that turns the weights without growing
// them), or the lecture's way round (weights over update, about 1000).
// Check: build/bin/grade --exercise 16.2
double update_to_param_ratio(const Eigen::MatrixXd& before, const Eigen::MatrixXd& after) {
  // Exercise 16.2 (update_to_param_ratio): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 16.2 (update_to_param_ratio) is not implemented yet: open exercises/16_sanity_checks/exercises.cpp. Hint: how big is the step next to the weights it started from? Sizes of matrices are norms (lesson \"Check 5\"); [[3,4]] → [[3.003,4.004]] gives 1e-3");
}

// ---- Exercise 16.3 (ratio_is_healthy) ------------------------------------------
// The pass/fail rule of check 5: true when the ratio lies within a factor of
// 10 of 1e-3 on either side (the two ends included), false otherwise, and
// false for a NaN or an infinite ratio.
// Lesson: "Check 5: the update/parameter ratio is about 1e-3".
// Check: 1e-3, 5e-4 and 8e-3 pass; 0.05 (a rate far too big) and 1e-6 (a
// layer that does not learn) fail.
// The classic mistake: measuring "close to 1e-3" as a difference, which lets
// a ratio of 0, a layer that never moves, pass.
// Check: build/bin/grade --exercise 16.3
bool ratio_is_healthy(double ratio) {
  // Exercise 16.3 (ratio_is_healthy): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 16.3 (ratio_is_healthy) is not implemented yet: open exercises/16_sanity_checks/exercises.cpp. Hint: \"a factor of 10\" is a ratio, not a difference: compare on a multiplicative (log) scale (lesson \"Check 5\"); 1e-6 must fail");
}

}  // namespace sg::ch16
