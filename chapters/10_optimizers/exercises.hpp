// Chapter 10's exercises: one step of four optimisers, with their state, in
// plain Eigen. Momentum and Nesterov in the lecture's form (velocity v with
// the learning rate and the minus sign inside it), RMSProp and Adam as the
// engine runs them (docs/engine/optim.md). The chapter runs them next to the
// engine's optimisers and compares every number;
// tests/chapters/ch10_optimizers/graded.cpp grades them.
#pragma once

#include <Eigen/Core>

#include <functional>

namespace sg::ch10 {

// The lecture's parameters W and their velocity v.
struct Velocity {
  Eigen::VectorXd W, v;
};
// A gradient: ∇F at a point.
using GradientFn = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

// Exercise 10.1: one step of classical momentum, the lecture's form, given ∇F(W) (exercises/10_optimizers/exercises.cpp).
Velocity momentum_step(const Velocity& s, const Eigen::VectorXd& grad, double lr, double mu);

// Exercise 10.2: one step of Nesterov momentum, the lecture's form; grad gives ∇F anywhere (exercises/10_optimizers/exercises.cpp).
Velocity nesterov_step(const Velocity& s, const GradientFn& grad, double lr, double mu);

struct RMSPropState {
  Eigen::VectorXd theta, square_avg;   // θ and the running mean of g², v
};
struct RMSPropHyper {
  double lr = 0.01, alpha = 0.99, eps = 1e-8;   // torch's defaults
};
// Exercise 10.3: one RMSProp step from state s with gradient g (exercises/10_optimizers/exercises.cpp).
RMSPropState rmsprop_step(const RMSPropState& s, const Eigen::VectorXd& g, const RMSPropHyper& h);

struct AdamState {
  Eigen::VectorXd theta, m, v;   // θ, the first and the second moment
};
struct AdamHyper {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;   // torch's defaults
};
// Exercise 10.4: Adam's step number t (1 on the first step) from state s with gradient g (exercises/10_optimizers/exercises.cpp).
AdamState adam_step(const AdamState& s, const Eigen::VectorXd& g, int t, const AdamHyper& h);

}  // namespace sg::ch10
