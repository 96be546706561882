// Chapter 10's exercises: one step of four optimisers, with their state.
// Read docs/book/10-optimizers.md first (and docs/engine/optim.md for the
// equations as the engine implements them); the chapter
// (build/bin/ch10_optimizers) runs your steps next to the engine's
// optimisers, step by step, and prints where they part. Everything is
// elementwise on Eigen vectors: θ, g, and every state vector have the same
// length.
#include "chapters/10_optimizers/exercises.hpp"

#include <cmath>
#include <string>

#include "engine/core/error.hpp"

namespace sg::ch10 {

// ---- Exercise 10.1 (momentum_step) ---------------------------------------------
// Classical momentum as the lecture writes it (lecture 000, "Momentum
// (further reading)"): the velocity carries the learning rate ("scaling")
// and the minus sign, and the parameters move by the NEW velocity. `grad` is
// ∇F(W) at the current W. Return the new W and v.
// Lesson: "Momentum and Nesterov, the lecture's way". The chapter checks
// your W against the engine's SGD with momentum (torch's form, a buffer
// without lr) at every step of its trace. The classic mistakes: moving W by
// the old velocity, and mixing the lecture's signs with torch's buffer.
// Check: build/bin/grade --exercise 10.1
Velocity momentum_step(const Velocity& s, const Eigen::VectorXd& grad, double lr, double mu) {
  // BEGIN SOLUTION 10.1 momentum_step: first the new velocity from the old one and the gradient, then W moves by it
  Velocity next;
  next.v = mu * s.v - lr * grad;
  next.W = s.W + next.v;
  return next;
  // END SOLUTION
}

// ---- Exercise 10.2 (nesterov_step) -----------------------------------------------
// Nesterov momentum as the lecture writes it: the same two lines as 10.1,
// except that the gradient is taken where the velocity is about to carry W,
// not at W. `grad(p)` returns ∇F(p) for any point p; call it once.
// Return the new W and v.
// Lesson: "Momentum and Nesterov, the lecture's way", and the look-ahead
// point that the engine (torch) stores instead of W. The classic mistake:
// the gradient at W, which is classical momentum again.
// Check: build/bin/grade --exercise 10.2
Velocity nesterov_step(const Velocity& s, const GradientFn& grad, double lr, double mu) {
  // BEGIN SOLUTION 10.2 nesterov_step: look ahead along the velocity first; the gradient there corrects it
  Velocity next;
  next.v = mu * s.v - lr * grad(s.W + mu * s.v);
  next.W = s.W + next.v;
  return next;
  // END SOLUTION
}

// ---- Exercise 10.3 (rmsprop_step) -------------------------------------------------
// RMSProp (not centred, no momentum) as the engine and torch run it: keep a
// running mean of the squared gradient with decay h.alpha, and divide the
// step lr·g coordinate by coordinate by its root, with h.eps where the
// engine puts it (docs/engine/optim.md). Return the new θ and square_avg.
// Lesson: "RMSProp and Adam, one step at a time". The classic mistakes:
// dividing by the old running mean (the first step divides by eps alone),
// weighting the new g² by 1 instead of its share, eps inside the root.
// Check: build/bin/grade --exercise 10.3
RMSPropState rmsprop_step(const RMSPropState& s, const Eigen::VectorXd& g, const RMSPropHyper& h) {
  // BEGIN SOLUTION 10.3 rmsprop_step: update the running mean of g² first, then scale each coordinate's step by it
  RMSPropState next;
  next.square_avg = h.alpha * s.square_avg + (1.0 - h.alpha) * g.cwiseProduct(g);
  next.theta = s.theta - h.lr * g.cwiseQuotient((next.square_avg.cwiseSqrt().array() + h.eps).matrix());
  return next;
  // END SOLUTION
}

// ---- Exercise 10.4 (adam_step) ------------------------------------------------------
// Adam's step number t (t = 1 on the first step): update both moments of
// the gradient, correct each for having started at zero, then step by the
// corrected first moment over the root of the corrected second, plus eps
// (the paper's and the engine's placement). Return the new θ, m and v (the
// uncorrected moments: they are the state the next step reads).
// Lesson: "Adam's bias correction": on the first step, with any gradient,
// θ moves by lr against the gradient's sign (up to eps) - check that first.
// t < 1 is a ValueError. The classic mistakes: no correction (the first
// step is about 3.2·lr), counting t from 0, storing the corrected moments.
// Check: build/bin/grade --exercise 10.4
AdamState adam_step(const AdamState& s, const Eigen::VectorXd& g, int t, const AdamHyper& h) {
  // BEGIN SOLUTION 10.4 adam_step: two running means, two bias corrections that depend on t, then one step
  if (t < 1) throw ValueError("adam_step: t counts steps from 1 (the first step is t = 1), got " + std::to_string(t));
  AdamState next;
  next.m = h.beta1 * s.m + (1.0 - h.beta1) * g;
  next.v = h.beta2 * s.v + (1.0 - h.beta2) * g.cwiseProduct(g);
  const Eigen::ArrayXd m_hat = next.m.array() / (1.0 - std::pow(h.beta1, t));
  const Eigen::ArrayXd v_hat = next.v.array() / (1.0 - std::pow(h.beta2, t));
  next.theta = s.theta - (h.lr * m_hat / (v_hat.sqrt() + h.eps)).matrix();
  return next;
  // END SOLUTION
}

}  // namespace sg::ch10
