// Chapter 4's exercises: four losses and their gradients with respect to the
// prediction, in plain Eigen and double. Read docs/book/04-losses.md first;
// the chapter (build/bin/ch04_losses) checks each of your functions against
// the engine's op and by central differences, and says which ones are still
// stubs. The helpers you may use are in chapters/04_losses/losses.hpp
// (softmax, one_hot, the naive logsumexp_naive).
#include "chapters/04_losses/exercises.hpp"

#include <cmath>

#include "chapters/04_losses/losses.hpp"
#include "engine/core/error.hpp"

namespace sg::ch04 {

// ---- Exercise 4.1 (mse) ----------------------------------------------------------
// Mean squared error of predictions Ŷ against targets Y, both (B,n): the
// mean, over every one of the N = B·n elements (not just the B rows), of
// the squared difference between prediction and target. Backward: dL/dŶ,
// the same shape (B,n) as Ŷ; one element's derivative involves only its own
// term of the sum. docs/book/04-losses.md, section "The losses and their
// conventions", derives it; a factor from the square and one from the mean
// both survive.
// Example (the lesson's): Ŷ = [2.5, 0, 2, 8], Y = [3, −0.5, 2, 7] give
// L = 0.375 and dL/dŶ = [−0.25, 0.25, 0, 0.5].
// Classic mistakes: dividing by the B rows instead of all N elements, the
// sign flipped (the gradient must point towards larger loss), and a factor
// 2 lost or doubled.
// Check: build/bin/grade --exercise 4.1
double mse(const Mat& Yhat, const Mat& Y) {
  // Exercise 4.1 (mse): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.1 (mse) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the mean of the squared differences over all N = B·n elements, not over the B rows (lesson \"The losses and their conventions\"); Ŷ=[2.5, 0, 2, 8], Y=[3, −0.5, 2, 7] give 0.375");
}

Mat mse_backward(const Mat& Yhat, const Mat& Y) {
  // Exercise 4.1 (mse_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.1 (mse_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: differentiate your mean by each element (lesson \"The losses and their conventions\"); Ŷ=[2.5, 0, 2, 8], Y=[3, −0.5, 2, 7] give [−0.25, 0.25, 0, 0.5], and the opposite signs mean Y − Ŷ");
}

// ---- Exercise 4.2 (bce) ----------------------------------------------------------
// Binary cross-entropy of probabilities P in (0,1) against targets Y in
// {0,1}, both (B,n), averaged over all N = B·n elements: the table in
// docs/book/04-losses.md, section "The losses and their conventions",
// defines it (each element costs minus the log of the probability given to
// its target); the same section derives dL/dP, elementwise, shape (B,n).
// Write the derivative of each log term, then put the two over one
// denominator. P is never exactly 0 or 1 here (bce_with_logits in
// losses.hpp is the version that takes logits instead).
// Example (the lesson's): P = [0.9, 0.2, 0.6, 0.4], Y = [1, 0, 1, 0] give
// L = 0.3375388 and dL/dP = [−0.2778, 0.3125, −0.4167, 0.4167].
// Classic mistakes: the minus sign in front lost (each log is ≤ 0, the loss
// ≥ 0), the inner −1 of log(1 − p) lost, and (p − y)/N, which is the
// gradient with respect to the logit, not to p.
// Check: build/bin/grade --exercise 4.2
double bce(const Mat& P, const Mat& Y) {
  // Exercise 4.2 (bce): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.2 (bce) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the mean over all N elements of the table's binary cross-entropy (lesson \"The losses and their conventions\"); P=[0.9, 0.2, 0.6, 0.4], Y=[1, 0, 1, 0] give 0.3375388, never a negative loss");
}

Mat bce_backward(const Mat& P, const Mat& Y) {
  // Exercise 4.2 (bce_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.2 (bce_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: differentiate each log term by p, over one denominator (lesson \"The losses and their conventions\"); P=[0.9, 0.2, 0.6, 0.4], Y=[1, 0, 1, 0] give [−0.2778, 0.3125, −0.4167, 0.4167]");
}

// ---- Exercise 4.3 (logsumexp) ----------------------------------------------------
// log Σ_j exp(z_j) of each row of Z (B,C); the result is a column (B,1).
// Taken literally it overflows: e^1000 is inf, so [1000, 1001, 1002] gives
// inf, and e^−1000 underflows to 0, so [−1000, −1001, −1002] gives
// log 0 = −inf (logsumexp_naive in losses.hpp does exactly that).
// docs/book/04-losses.md, section "Log-sum-exp without overflow", derives
// an equal form that does neither: work out what to factor out of each
// row's sum and why the log then stays finite. Eigen reduces each row of a
// matrix in one call: see the tutorial page "Reductions, visitors and
// broadcasting".
// Example: [1000, 1001, 1002] gives 1002.4076060; [[0, 0, 0], [1, 2, 3]]
// gives the column [1.0986123, 3.4076060].
// Classic mistakes: one shift for the whole matrix instead of one per row
// (rows [1000, 1000] and [−1000, −1000] together must give
// [1000 + ln 2, −1000 + ln 2]), and the shift not added back at the end.
// Check: build/bin/grade --exercise 4.3
Mat logsumexp(const Mat& Z) {
  // Exercise 4.3 (logsumexp): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.3 (logsumexp) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the overflow-free form of lesson \"Log-sum-exp without overflow\", one shift per row, a (B,1) column; [1000, 1001, 1002] gives 1002.4076060, not inf");
}

// ---- Exercise 4.4 (cross_entropy) ------------------------------------------------
// Softmax cross-entropy of logits Z (B,C) with one label y_b in [0, C) per
// row: the mean over the B rows of −log softmax(Z_b)[y_b]. Backward: dL/dZ,
// shape (B,C). docs/book/04-losses.md, section "Log-sum-exp without
// overflow", rewrites −log softmax with your logsumexp of exercise 4.3 so
// that logits of 1000 give a finite loss, and section "The losses and their
// conventions" derives the gradient. softmax and one_hot are in losses.hpp;
// softmax is built on your logsumexp, so it is stable once 4.3 is.
// Example (the lesson's): Z = [[2, 1, 0.1], [0.5, 2.5, −1]], labels [0, 1]
// give L = 0.2851041; Z = [[2, 1, 0.1]], label 0 gives
// dL/dZ = [−0.3410, 0.2424, 0.0986]. Equal logits over C classes cost ln C,
// whatever the label, and every row of dL/dZ sums to 0.
// Classic mistakes: the mean over all B·C elements instead of the B rows,
// the log of a probability that rounded to 0 (inf or NaN at 1000), and a
// gradient that forgets the label's own term (its rows do not sum to 0).
// Check: build/bin/grade --exercise 4.4
double cross_entropy(const Mat& Z, const std::vector<int>& labels) {
  // Exercise 4.4 (cross_entropy): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.4 (cross_entropy) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: −log softmax of each row's label, written with your logsumexp (lesson \"Log-sum-exp without overflow\"), mean over the B rows; equal logits cost ln C, even at 1000");
}

Mat cross_entropy_backward(const Mat& Z, const std::vector<int>& labels) {
  // Exercise 4.4 (cross_entropy_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.4 (cross_entropy_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the gradient derived in lesson \"The losses and their conventions\", mean over the B rows; Z=[[2, 1, 0.1]], label 0 gives [−0.3410, 0.2424, 0.0986]");
}

}  // namespace sg::ch04
