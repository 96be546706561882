// Chapter 2's exercises: the perceptron by hand, in plain double and Eigen.
// The chapter trains with the engine and compares each of these with it;
// `build/bin/grade --chapter 2` grades them.
#pragma once

#include <Eigen/Core>

#include <array>

namespace sg::ch02 {

// Exercise 2.1: the threshold unit's output for input x, 0 or 1 (exercises/02_perceptron/exercises.cpp).
double predict(const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x);

// Exercise 2.2: Rosenblatt's rule for one example, x with target t and prediction y (exercises/02_perceptron/exercises.cpp).
void rosenblatt_update(Eigen::Vector2d& w, double& b, const Eigen::Vector2d& x, double t, double y, double lr);

// Exercise 2.3: how many of the four rows of X the unit (w, b) gets wrong, against the targets t (exercises/02_perceptron/exercises.cpp).
int count_errors(const Eigen::Vector2d& w, double b, const Eigen::Matrix<double, 4, 2>& X,
                 const std::array<double, 4>& t);

}  // namespace sg::ch02
