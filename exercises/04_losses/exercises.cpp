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
// Mean squared error of predictions Ŷ against targets Y, both (B,n):
//   L = (1/N) Σ (Ŷ − Y)²,   N = B·n, every element (not just the B rows)
//   dL/dŶ = 2(Ŷ − Y)/N,     the same shape (B,n) as Ŷ
// The 2 comes from the square; the 1/N from the mean. Ŷ − Y, not Y − Ŷ: the
// gradient must point towards larger loss. Eigen: (A − B).squaredNorm() is
// Σ (a − b)², M.size() is N.
// Check: build/bin/grade --exercise 4.1
double mse(const Mat& Yhat, const Mat& Y) {
  // Exercise 4.1 (mse): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.1 (mse) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the sum of the squared differences, divided by N = B·n (Y.size())");
}

Mat mse_backward(const Mat& Yhat, const Mat& Y) {
  // Exercise 4.1 (mse_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.1 (mse_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: dL/dŶ = 2(Ŷ − Y)/N, elementwise, shape (B,n)");
}

// ---- Exercise 4.2 (bce) ----------------------------------------------------------
// Binary cross-entropy of probabilities P in (0,1) against targets Y in {0,1},
// both (B,n), averaged over all N = B·n elements:
//   L = −(1/N) Σ [ y log p + (1 − y) log(1 − p) ]
//   dL/dP = (1/N) · (p − y) / (p(1 − p))     elementwise, shape (B,n)
// Mind the minus sign in front: each log is ≤ 0 and the loss is ≥ 0. The
// gradient is −(y/p − (1 − y)/(1 − p))/N written over one denominator; it is
// large where a confident p is wrong. P is never exactly 0 or 1 here
// (bce_with_logits in losses.hpp is the version that takes logits instead).
// Eigen: .array() for elementwise products, log and division; .mean().
// Check: build/bin/grade --exercise 4.2
double bce(const Mat& P, const Mat& Y) {
  // Exercise 4.2 (bce): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.2 (bce) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: −mean of y·log p + (1 − y)·log(1 − p), elementwise with .array()");
}

Mat bce_backward(const Mat& P, const Mat& Y) {
  // Exercise 4.2 (bce_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.2 (bce_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: (p − y)/(p(1 − p)), elementwise, then divided by N = Y.size()");
}

// ---- Exercise 4.3 (logsumexp) ----------------------------------------------------
// log Σ_j exp(z_j) of each row of Z (B,C); the result is a column (B,1).
// The naive formula (logsumexp_naive in losses.hpp) overflows: e^1000 is
// inf, so [1000, 1001, 1002] gives inf; and e^−1000 underflows to 0, so
// [−1000, −1001, −1002] gives log 0 = −inf. Shift each row by its own
// maximum m = max_j z_j first:
//   log Σ_j exp(z_j) = m + log Σ_j exp(z_j − m)
// (the largest term is then e^0 = 1, so the sum lies in [1, C]). One m per
// row, not one for the whole matrix: rows [1000, 1000] and [−1000, −1000]
// together must give [1000 + ln 2, −1000 + ln 2].
// Eigen: Z.rowwise().maxCoeff() is the (B) column of row maxima,
// Z.colwise() − m subtracts it from every column, .rowwise().sum() sums rows.
// Check: build/bin/grade --exercise 4.3
Mat logsumexp(const Mat& Z) {
  // Exercise 4.3 (logsumexp): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.3 (logsumexp) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: m + log Σ exp(z − m) with m the maximum of each row; return (B,1)");
}

// ---- Exercise 4.4 (cross_entropy) ------------------------------------------------
// Softmax cross-entropy of logits Z (B,C) with one label y_b in [0, C) per row:
//   L = (1/B) Σ_b −log softmax(Z_b)[y_b] = (1/B) Σ_b ( lse(Z_b) − Z[b, y_b] )
//   dL/dZ = (softmax(Z) − onehot(y)) / B      shape (B,C)
// with lse your logsumexp of exercise 4.3: that form never takes the log of a
// probability that rounded to 0, so logits of 1000 give a finite loss. The
// mean is over the B rows (samples), not over all B·C elements. Equal logits
// over C classes cost ln C, whatever the label. softmax and one_hot are in
// losses.hpp; softmax is exp(z − lse) with your logsumexp, so it is stable
// once exercise 4.3 is.
// Check: build/bin/grade --exercise 4.4
double cross_entropy(const Mat& Z, const std::vector<int>& labels) {
  // Exercise 4.4 (cross_entropy): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.4 (cross_entropy) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: the mean over rows b of lse(Z_b) − Z(b, labels[b]), lse from your logsumexp");
}

Mat cross_entropy_backward(const Mat& Z, const std::vector<int>& labels) {
  // Exercise 4.4 (cross_entropy_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 4.4 (cross_entropy_backward) is not implemented yet: open exercises/04_losses/exercises.cpp. Hint: softmax(Z) − one_hot(labels, C), divided by the B rows");
}

}  // namespace sg::ch04
