// Chapter 9's exercises: the mini-batch loop by hand. Read
// docs/book/09-minibatch.md first; the chapter (build/bin/ch09_minibatch)
// runs your functions next to the engine's DataLoader and SGD and prints
// where they differ. The problem: a line ŷ = w·x + b, θ = (w, b), fitted to
// N points (x_i, y_i) by the mean squared error of a batch,
//   L_batch(θ) = (1/|batch|) Σ_{i in batch} (w·x_i + b − y_i)².
#include "chapters/09_minibatch/exercises.hpp"

#include <algorithm>
#include <string>

#include "engine/core/error.hpp"

namespace sg::ch09 {

// ---- Exercise 9.1 (iterations_per_epoch) -------------------------------------
// An epoch shows the model every one of the N examples once, B at a time;
// each batch is one iteration, i.e. one update. Return how many iterations
// that takes, for N >= 1 and B >= 1 (B may exceed N). The engine's
// DataLoader keeps the last, smaller batch when B does not divide N; count
// it as it does. B < 1 or N < 1: throw sg::ValueError naming the argument.
// Lesson: "Iterations per epoch". The classic mistake: the lecture's N/B in
// integer arithmetic, which loses the last batch (N = 100, B = 32).
// Check: build/bin/grade --exercise 9.1
Index iterations_per_epoch(Index N, Index B) {
  // BEGIN SOLUTION 9.1 iterations_per_epoch: every example once per epoch, so a last batch smaller than B still counts
  if (N < 1) throw ValueError("iterations_per_epoch: N must be at least 1 (an epoch of no examples is no epoch)");
  if (B < 1) throw ValueError("iterations_per_epoch: B must be at least 1 (a batch holds at least one example)");
  return (N + B - 1) / B;
  // END SOLUTION
}

// ---- Exercise 9.2 (batch_rows) -------------------------------------------------
// `order` is the epoch's shuffled order of the rows 0..N−1 (N = order.size()).
// Batch 0 is its first B entries, batch 1 the next B, and so on; the last
// batch holds what is left. Return the rows of batch i, in the order they
// appear in `order`. i outside [0, iterations_per_epoch(N, B)) or B < 1:
// throw sg::ValueError naming i (or B) and the valid range.
// Lesson: "Slicing an epoch into batches"; it is the lecture's x^(i:i+n),
// with the batch number turned into a position. The classic mistakes: a
// start that forgets to scale i by B, and a last batch that reads past the
// end of `order` (or is cut to nothing).
// Check: build/bin/grade --exercise 9.2
std::vector<Index> batch_rows(const std::vector<Index>& order, Index B, Index i) {
  // BEGIN SOLUTION 9.2 batch_rows: work out where batch i starts and where it must stop, then copy that stretch of order
  const Index N = static_cast<Index>(order.size());
  if (B < 1) throw ValueError("batch_rows: B must be at least 1");
  const Index batches = N == 0 ? 0 : iterations_per_epoch(N, B);
  if (i < 0 || i >= batches) {
    throw ValueError("batch_rows: batch " + std::to_string(i) + " is outside [0, " + std::to_string(batches) +
                     ") for N = " + std::to_string(N) + " and B = " + std::to_string(B));
  }
  const Index start = i * B;
  const Index stop = std::min(start + B, N);
  return std::vector<Index>(order.begin() + start, order.begin() + stop);
  // END SOLUTION
}

// ---- Exercise 9.3 (line_gradient) ------------------------------------------------
// The gradient of L_batch (above) with respect to θ = (w, b) at theta, over
// the examples `rows` (indices into x and y; a row may repeat). Return
// (dL/dw, dL/db). rows empty: throw sg::ValueError (the mean of nothing).
// Differentiate one example's squared error first (the chain rule, ch05),
// then take the batch's mean of those: lesson, "One batch, one gradient".
// Check it against a central difference of L_batch, or against the engine:
// the chapter prints both. The classic mistakes: the sum instead of the mean
// (B times too large, so the learning rate silently depends on B), a lost
// factor from the square, and the residual's sign.
// Check: build/bin/grade --exercise 9.3
Eigen::Vector2d line_gradient(const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                              const std::vector<Index>& rows) {
  // BEGIN SOLUTION 9.3 line_gradient: one example's squared error first, by the chain rule; the batch's loss is the mean of those
  if (rows.empty()) throw ValueError("line_gradient: the batch has no rows (the mean of nothing is undefined)");
  Eigen::Vector2d g = Eigen::Vector2d::Zero();
  for (Index r : rows) {
    const double residual = theta(0) * x(r) + theta(1) - y(r);
    g(0) += 2.0 * residual * x(r);
    g(1) += 2.0 * residual;
  }
  return g / static_cast<double>(rows.size());
  // END SOLUTION
}

// ---- Exercise 9.4 (run_epoch) ------------------------------------------------------
// One epoch of mini-batch gradient descent with learning rate lr, from theta,
// over the batches of `order` in B's: for each batch in turn, its loss
// L_batch at the current θ, then one update of θ against that batch's
// gradient. Record the loss (before the update) and θ (after it) of every
// update in an Epoch (exercises.hpp). B = 1 is stochastic gradient descent,
// B = N batch gradient descent: the same loop. Use your 9.1, 9.2 and 9.3.
// Lesson: "The epoch loop". The chapter compares every θ with the engine's
// DataLoader + SGD on the same order. The classic mistake: computing every
// batch's gradient at the θ the epoch started from (that is one big step,
// batch gradient descent in disguise), and skipping the last, smaller batch.
// Check: build/bin/grade --exercise 9.4
Epoch run_epoch(const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                const std::vector<Index>& order, Index B, double lr) {
  // BEGIN SOLUTION 9.4 run_epoch: one update per batch, each batch's gradient taken where the previous update left θ
  Epoch epoch;
  Eigen::Vector2d t = theta;
  const Index batches = iterations_per_epoch(static_cast<Index>(order.size()), B);
  for (Index i = 0; i < batches; ++i) {
    const std::vector<Index> rows = batch_rows(order, B, i);
    double loss = 0.0;
    for (Index r : rows) {
      const double residual = t(0) * x(r) + t(1) - y(r);
      loss += residual * residual;
    }
    epoch.losses.push_back(loss / static_cast<double>(rows.size()));
    t -= lr * line_gradient(t, x, y, rows);
    epoch.thetas.push_back(t);
  }
  return epoch;
  // END SOLUTION
}

}  // namespace sg::ch09
