// Chapter 14's exercises: the pieces of regularisation. Read
// docs/book/14-regularization.md first; the chapter
// (build/bin/ch14_regularization) compares each function with the engine and
// uses your soft_threshold for its L1 runs.
#include "chapters/14_regularization/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch14 {

// ---- Exercise 14.1 (penalty) -----------------------------------------------------
// The penalty term a regularised loss adds, L(w) + λ·R(w), and its gradient
// with respect to every weight (the matrix grad, W's shape):
//   Norm::L1  the lasso:  R is the sum of the weights' absolute values;
//   Norm::L2  ridge, weight decay: R is HALF the sum of their squares (the
//             lecture's (λ/2)·Σ‖θ‖², and the engine's l2_penalty).
// At w = 0 take the derivative of |w| to be 0 (the engine's convention: any
// value in [−1, 1] is a subgradient there).
// Derivation: the lesson's section "L1 and L2".
// Check: build/bin/grade --exercise 14.1 (the chapter also compares your
// numbers with the engine's l1_penalty and l2_penalty ops).
// The classic mistakes: the lecture (002) writes L1 with λ/2 as well, but
// the ½ belongs to L2 only, where it cancels a 2; dropping the ½ from L2
// doubles its gradient; and the derivative of |w| is not w.
Penalty penalty(const Mat& W, double lambda, Norm norm) {
  // BEGIN SOLUTION 14.1 penalty: differentiate one term of the sum; every weight has its own, and the gradient has W's shape
  Penalty p;
  if (norm == Norm::L1) {
    p.value = lambda * W.cwiseAbs().sum();
    p.grad = lambda * W.array().sign().matrix();
  } else {
    p.value = 0.5 * lambda * W.squaredNorm();
    p.grad = lambda * W;
  }
  return p;
  // END SOLUTION
}

// ---- Exercise 14.2 (soft_threshold) -----------------------------------------------
// The proximal step of the L1 penalty with threshold t = lr·λ >= 0: for
// each element u of W (a weight just after the gradient step on the data
// loss alone), the w that minimises ½(w − u)² + t·|w|: stay close to u, but
// pay t for every unit of distance from 0. This step is how L1 produces
// weights that are exactly zero, where a plain gradient step with λ·sign(w)
// jumps over 0 and back forever.
// Derivation: the lesson's section "How exact zeros arise".
// Check: build/bin/grade --exercise 14.2
// Work the minimisation out by hand for u = 2t, u = t/2 and u = −2t before
// writing code. The classic mistakes: a small weight that ends on the other
// side of 0 (a plain gradient step on t|w| does that); and a rule that only
// zeroes the small weights, leaving the large ones where they were.
Mat soft_threshold(const Mat& W, double t) {
  // BEGIN SOLUTION 14.2 soft_threshold: minimise ½(w − u)² + t|w| on w > 0 and on w < 0 separately (|w| is smooth there), then see when neither minimum exists and w = 0 wins
  return W.unaryExpr([t](double u) {
    if (u > t) return u - t;
    if (u < -t) return u + t;
    return 0.0;
  });
  // END SOLUTION
}

// ---- Exercise 14.3 (inverted_dropout) ----------------------------------------------
// Dropout in training mode with drop probability p in [0, 1) (PyTorch's p and
// Keras's rate: the probability of DROPPING a unit), given U, one uniform
// number in [0, 1) per unit (X's shape). A unit is dropped when its u < p and
// kept otherwise (the engine's Dropout layer draws its u the same way, so the
// chapter can compare masks exactly). Return the mask (1 kept, 0 dropped) and
// the output Y, scaled so that the expected value of each unit is what it was
// without dropout: then evaluation needs no change at all (inverted dropout).
// Derivation: the lesson's section "Dropout".
// Check: build/bin/grade --exercise 14.3
// The classic mistakes: the mask the wrong way round (which comparison keeps
// a unit with probability 1 − p?); and a scale that leaves the mean output a
// fraction of X's, or more than X's: work out the expected value of one
// output unit before you choose it.
DropoutPass inverted_dropout(const Mat& X, const Mat& U, double p) {
  // BEGIN SOLUTION 14.3 inverted_dropout: keep where u ≥ p, then scale the kept units so that the expected output equals X
  DropoutPass d;
  d.mask = (U.array() >= p).cast<double>().matrix();
  d.Y = X.cwiseProduct(d.mask) / (1.0 - p);
  return d;
  // END SOLUTION
}

// ---- Exercise 14.4 (early_stopping) -------------------------------------------------
// Keras's (and the engine's EarlyStopping) rule on the validation losses of a
// run, epoch by epoch (0-based): an epoch improves when its loss is below the
// best so far by MORE than min_delta (the first epoch always improves; a NaN
// never does). After `patience` epochs in a row without improvement training
// stops: stop_epoch is the epoch at whose end that happens, or −1 when the
// run reaches its last epoch first. best_epoch is the epoch whose weights
// restore_best puts back.
// Derivation: the lesson's section "Early stopping".
// Check: build/bin/grade --exercise 14.4 (the chapter replays your rule on
// its own run and compares with the engine's callback).
// The classic mistakes: an off-by-one in the patience count; counting a tie
// (or an improvement smaller than min_delta) as an improvement; returning the
// last epoch as the best.
EarlyStop early_stopping(const std::vector<double>& val_loss, int patience, double min_delta) {
  // BEGIN SOLUTION 14.4 early_stopping: walk the epochs keeping the best loss, its epoch and a count of epochs since it
  EarlyStop e;
  double best = 0.0;
  int wait = 0;
  for (int epoch = 0; epoch < static_cast<int>(val_loss.size()); ++epoch) {
    const double v = val_loss[static_cast<std::size_t>(epoch)];
    if (std::isfinite(v) && (e.best_epoch < 0 || v < best - min_delta)) {
      best = v;
      e.best_epoch = epoch;
      wait = 0;
      continue;
    }
    if (++wait >= patience) {
      e.stop_epoch = epoch;
      return e;
    }
  }
  return e;
  // END SOLUTION
}

}  // namespace sg::ch14
