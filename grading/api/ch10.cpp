// Chapter 10's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/10_optimizers/exercises.hpp"

SG_FIELDS(sg::ch10::Velocity, v.W, v.v)
SG_FIELDS(sg::ch10::RMSPropState, v.theta, v.square_avg)
SG_FIELDS(sg::ch10::RMSPropHyper, v.lr, v.alpha, v.eps)
SG_FIELDS(sg::ch10::AdamState, v.theta, v.m, v.v)
SG_FIELDS(sg::ch10::AdamHyper, v.lr, v.beta1, v.beta2, v.eps)

SG_EXERCISE(sg::ch10, sg::ch10::Velocity, momentum_step,
            (const sg::ch10::Velocity& s, const Eigen::VectorXd& grad, double lr, double mu), (s, grad, lr, mu))
SG_EXERCISE(sg::ch10, sg::ch10::Velocity, nesterov_step,
            (const sg::ch10::Velocity& s, const sg::ch10::GradientFn& grad, double lr, double mu), (s, grad, lr, mu))
SG_EXERCISE(sg::ch10, sg::ch10::RMSPropState, rmsprop_step,
            (const sg::ch10::RMSPropState& s, const Eigen::VectorXd& g, const sg::ch10::RMSPropHyper& h), (s, g, h))
SG_EXERCISE(sg::ch10, sg::ch10::AdamState, adam_step,
            (const sg::ch10::AdamState& s, const Eigen::VectorXd& g, int t, const sg::ch10::AdamHyper& h),
            (s, g, t, h))
