// Chapter 16's exercises: the numbers behind three of the sanity checks. The
// loss an untrained classifier should start at, the update/parameter ratio of
// one step, and the pass/fail rule for that ratio. Plain C++ and Eigen, no
// engine. The chapter compares each with its own numbers (the measured
// initial loss, engine/train/health.hpp's update_ratio, its own rule);
// `build/bin/grade --chapter 16` grades them.
#pragma once

#include <Eigen/Core>

namespace sg::ch16 {

// Exercise 16.1: the cross-entropy loss of a network that gives every one of
// `classes` classes the same probability (exercises/16_sanity_checks/exercises.cpp).
double expected_initial_loss(int classes);

// Exercise 16.2: the update/parameter ratio of one step that took a weight
// matrix from `before` to `after` (exercises/16_sanity_checks/exercises.cpp).
double update_to_param_ratio(const Eigen::MatrixXd& before, const Eigen::MatrixXd& after);

// Exercise 16.3: the rule of thumb as a pass/fail verdict: is `ratio` within
// a factor of 10 of 1e-3 on either side? (exercises/16_sanity_checks/exercises.cpp)
bool ratio_is_healthy(double ratio);

}  // namespace sg::ch16
