// Chapter 13's exercises: batch normalisation by hand, on matrices. Read
// docs/book/13-batch-norm.md first; the chapter (build/bin/ch13_batch_norm)
// prints every number you return next to the engine's and, for the backward
// pass, next to central differences.
//
// Shapes, in every exercise here: a batch X is (B, n), one example per row
// and one feature (one unit of the layer) per column. Batch norm works on each
// COLUMN over the batch: a statistic such as μ_B is a row (1, n), one number
// per feature. γ and β are rows (1, n) too.
#include "chapters/13_batch_norm/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch13 {

// ---- Exercise 13.1 (bn_forward) ------------------------------------------------
// The lecture's Algorithm 1 ("Batch Normalizing Transform") on a batch X
// (B, n): for each feature, the mini-batch mean μ_B, the mini-batch variance
// σ²_B, every x̂ and every y, with the learnt scale γ and shift β and the small
// constant eps. Fill every field of BnForward.
// Derivation: the lesson's section "Forward, by hand"; the chapter prints its
// tiny batch number by number, so you can check yours against the screen.
// Check: build/bin/grade --exercise 13.1
// The classic mistakes: the variance of the TRAINING normalisation is the
// batch's own, as the lecture writes it (count what it divides by); eps goes
// where it keeps the square root away from 0; and the statistics are per
// column (per feature), not per row (that would be layer normalisation).
BnForward bn_forward(const Mat& X, const Mat& gamma, const Mat& beta, double eps) {
  // BEGIN SOLUTION 13.1 bn_forward: one mean and one variance per column, then normalise, scale and shift every element of that column
  const double B = static_cast<double>(X.rows());
  BnForward f;
  f.mu = X.colwise().mean();
  const Mat centred = X.rowwise() - f.mu.row(0);
  f.var = centred.array().square().colwise().sum() / B;
  const Mat inv_std = (f.var.array() + eps).rsqrt().matrix();
  f.Xhat = centred.array().rowwise() * inv_std.row(0).array();
  f.Y = (f.Xhat.array().rowwise() * gamma.row(0).array()).rowwise() + beta.row(0).array();
  return f;
  // END SOLUTION
}

// ---- Exercise 13.2 (bn_backward) -----------------------------------------------
// The backward pass of bn_forward: dY (B, n) = dL/dY arrives from the layer
// above; return dL/d· of every quantity of the forward pass, in the order the
// chain rule reaches them: x̂, σ²_B, μ_B, then x, and the parameters γ and β.
// Derivation: the lesson's section "Backward, by hand", which draws the graph
// of one column (x → μ_B → σ²_B → x̂ → y) and follows each path.
// You may call your bn_forward (13.1) for μ_B, σ²_B and x̂.
// Check: build/bin/grade --exercise 13.2 (its tests compare dX, dγ and dβ with
// central differences of L = Σ dY ⊙ BN(X)).
// The classic mistake: treating μ_B and σ²_B as constants. They are computed
// from the same x, so every x_i reaches the loss along three paths (directly
// through its own x̂_i, through μ_B and through σ²_B), and dL/dx_i is the sum of
// all three. A check that helps: each column of dX sums to 0.
BnGrads bn_backward(const Mat& dY, const Mat& X, const Mat& gamma, double eps) {
  // BEGIN SOLUTION 13.2 bn_backward: walk the graph backwards from y to x̂, σ², μ and x; x reaches σ² and μ as well as its own x̂, so dL/dx has three terms
  const BnForward f = bn_forward(X, gamma, Mat::Zero(1, X.cols()), eps);
  const double m = static_cast<double>(X.rows());
  const Mat centred = X.rowwise() - f.mu.row(0);                        // x − μ      (B,n)
  const Mat inv_std = (f.var.array() + eps).rsqrt().matrix();           // 1/σ        (1,n)
  BnGrads g;
  g.dbeta = dY.colwise().sum();
  g.dgamma = dY.cwiseProduct(f.Xhat).colwise().sum();
  g.dXhat = dY.array().rowwise() * gamma.row(0).array();
  // dσ² = Σ_i dx̂_i (x_i − μ) · (−½)(σ² + ε)^(−3/2)
  g.dvar = (g.dXhat.cwiseProduct(centred).colwise().sum().array() * -0.5 * inv_std.array().cube()).matrix();
  // dμ = Σ_i dx̂_i · (−1/σ) + dσ² · (−2/m) Σ_i (x_i − μ)
  g.dmu = (-(g.dXhat.colwise().sum().array() * inv_std.array()) +
           g.dvar.array() * (-2.0 / m) * centred.colwise().sum().array()).matrix();
  // dx_i = dx̂_i/σ + dσ² · 2(x_i − μ)/m + dμ/m
  g.dX = (g.dXhat.array().rowwise() * inv_std.row(0).array()) +
         (centred.array().rowwise() * (g.dvar.row(0).array() * 2.0 / m)) +
         (Mat::Ones(X.rows(), 1) * (g.dmu / m)).array();
  return g;
  // END SOLUTION
}

// ---- Exercise 13.3 (running_update) --------------------------------------------
// A BatchNorm1d layer in training mode also keeps running statistics, which
// evaluation uses instead of a batch's own. After the training batch X
// (B >= 2 rows), return the new running mean and running variance, updated
// the way the engine's BatchNorm1d (and PyTorch's) updates them with this
// `momentum` (0.1 by default): an exponential moving average.
// Derivation: the lesson's section "Train mode and eval mode" says which
// convention and which variance, and why; the chapter replays your function
// over 50 batches and compares it with the layer, batch by batch.
// Check: build/bin/grade --exercise 13.3
// The classic mistakes: the momentum read the Keras way round (Keras's 0.99
// and PyTorch's 0.1 describe the same average); and averaging the variance
// the training normalisation uses (13.1), when the running value estimates
// the variance of the whole population.
RunningStats running_update(const RunningStats& running, const Mat& X, double momentum) {
  // BEGIN SOLUTION 13.3 running_update: a moving average of each batch statistic; which way round does momentum go, and which variance estimates the population's?
  const double B = static_cast<double>(X.rows());
  const Mat mean = X.colwise().mean();
  const Mat centred = X.rowwise() - mean.row(0);
  const Mat var_unbiased = centred.array().square().colwise().sum() / (B - 1.0);
  RunningStats next;
  next.mean = (1.0 - momentum) * running.mean + momentum * mean;
  next.var = (1.0 - momentum) * running.var + momentum * var_unbiased;
  return next;
  // END SOLUTION
}

// ---- Exercise 13.4 (bn_eval) ----------------------------------------------------
// Batch norm in evaluation mode: the same scale and shift as in training,
// but each feature is normalised with the running statistics (running.mean,
// running.var, both (1, n)) instead of the batch's own, so an example's
// output no longer depends on which other examples share its batch, and a
// batch of one row works. X (B, n) -> Y (B, n).
// Derivation: the lesson's section "Train mode and eval mode".
// Check: build/bin/grade --exercise 13.4
// The classic mistakes: normalising with the batch's mean and variance
// (that is training mode); dividing by the variance instead of by the
// standard deviation; leaving eps out.
Mat bn_eval(const Mat& X, const Mat& gamma, const Mat& beta, const RunningStats& running, double eps) {
  // BEGIN SOLUTION 13.4 bn_eval: Algorithm 1 with the running statistics in place of the batch's
  const Mat inv_std = (running.var.array() + eps).rsqrt().matrix();
  const Mat Xhat = (X.rowwise() - running.mean.row(0)).array().rowwise() * inv_std.row(0).array();
  return (Xhat.array().rowwise() * gamma.row(0).array()).rowwise() + beta.row(0).array();
  // END SOLUTION
}

}  // namespace sg::ch13
