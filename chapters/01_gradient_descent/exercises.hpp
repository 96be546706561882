// Chapter 1's exercises: the math a student writes by hand. The chapter
// compares each with the engine (its backward pass and its SGD optimiser);
// `build/bin/grade --chapter 1` grades them.
#pragma once

#include <Eigen/Core>

#include <functional>

namespace sg::ch01 {

// Exercise 1.1: one gradient-descent step on a number (exercises/01_gradient_descent/exercises.cpp).
double gd_step(double x, double dx, double lr);
// Exercise 1.1: the same step on a vector of parameters (exercises/01_gradient_descent/exercises.cpp).
Eigen::Vector2d gd_step(const Eigen::Vector2d& theta, const Eigen::Vector2d& grad, double lr);

// Exercise 1.2: the central-difference derivative of fn at x (exercises/01_gradient_descent/exercises.cpp).
double central_difference(const std::function<double(double)>& fn, double x, double h);

// Exercise 1.3: the gradient of the bowl ½(a x² + b y²) at p = (x, y) (exercises/01_gradient_descent/exercises.cpp).
Eigen::Vector2d bowl_grad(const Eigen::Vector2d& p, double a, double b);

}  // namespace sg::ch01
