// Chapter 9's exercises: the mini-batch loop by hand, in plain C++ and Eigen,
// on the chapter's problem, a line ŷ = w·x + b fitted to N points by the mean
// squared error. θ = (w, b). The chapter runs them next to the engine's
// DataLoader and SGD and compares every number; tests/chapters/ch09_minibatch/graded.cpp
// grades them.
#pragma once

#include <Eigen/Core>

#include <vector>

#include "engine/core/shape.hpp"

namespace sg::ch09 {

// Exercise 9.1: how many iterations (updates) one epoch of N examples takes in batches of B (exercises/09_minibatch/exercises.cpp).
Index iterations_per_epoch(Index N, Index B);

// Exercise 9.2: the rows of batch i of an epoch whose shuffled row order is `order` (exercises/09_minibatch/exercises.cpp).
std::vector<Index> batch_rows(const std::vector<Index>& order, Index B, Index i);

// Exercise 9.3: the gradient (dL/dw, dL/db) of the batch's mean squared error at θ (exercises/09_minibatch/exercises.cpp).
Eigen::Vector2d line_gradient(const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                              const std::vector<Index>& rows);

// What one epoch did, update by update.
struct Epoch {
  std::vector<double> losses;            // the batch's mean squared error before each update
  std::vector<Eigen::Vector2d> thetas;   // θ after each update
};
// Exercise 9.4: one epoch of mini-batch gradient descent from theta (exercises/09_minibatch/exercises.cpp).
Epoch run_epoch(const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                const std::vector<Index>& order, Index B, double lr);

}  // namespace sg::ch09
