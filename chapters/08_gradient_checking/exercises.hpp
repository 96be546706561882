// Chapter 8's exercises: a gradient checker of your own, in plain double and
// Eigen, and a layer whose backward you write and then check the way the
// chapter checks the engine. tests/chapters/ch08_gradient_checking/graded.cpp
// grades them; the chapter runs them next to sg::gradcheck.
#pragma once

#include <Eigen/Dense>

#include <functional>
#include <string>
#include <vector>

#include "chapters/08_gradient_checking/lesson_math.hpp"

namespace sg::ch08 {

// ---- your own checker -----------------------------------------------------------
// Exercise 8.1: the relative error of an analytic against a numeric derivative, as sg::gradcheck defines it (exercises/08_gradient_checking/exercises.cpp).
double rel_error(double analytic, double numeric);
// Exercise 8.1: the band of a relative error: "good", "ok", "suspicious" or "wrong" (exercises/08_gradient_checking/exercises.cpp).
std::string band_name(double rel);

// A function of a parameter vector: the loss of a network whose weights are x.
using Objective = std::function<double(const Eigen::VectorXd&)>;

struct NumericCheck {
  Eigen::Index index = 0;   // which element of x
  double analytic = 0.0;    // grad(index)
  double numeric = 0.0;     // the central difference at step h
  double rel = 0.0;         // rel_error(analytic, numeric)
};

// Exercise 8.2: central differences of f at x, element by element, for the given indices only (exercises/08_gradient_checking/exercises.cpp).
std::vector<NumericCheck> sampled_check(const Objective& f, Eigen::VectorXd x, const Eigen::VectorXd& grad,
                                        const std::vector<Eigen::Index>& indices, double h);

struct DirectionalCheck {
  double analytic = 0.0;   // the derivative along the unit direction, from grad
  double numeric = 0.0;    // the same by a central difference of f at step h
  double rel = 0.0;        // rel_error(analytic, numeric)
};

// Exercise 8.3: one check of the whole gradient along the direction d (any length, not 0) (exercises/08_gradient_checking/exercises.cpp).
DirectionalCheck directional_check(const Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& grad,
                                   const Eigen::VectorXd& d, double h);

// ---- your layer ---------------------------------------------------------------------
struct DenseGradients {
  Eigen::MatrixXd dX;   // (B,in), like X
  Eigen::MatrixXd dW;   // (in,out), like W
  Eigen::MatrixXd db;   // (1,out), like b
};

// The softplus dense layer Y = softplus(X·W + b) of lesson_math.hpp, given
// dY = dL/dY (B,out): dL/dX, dL/dW and dL/db.
// Exercise 8.4: the layer's backward pass (exercises/08_gradient_checking/exercises.cpp).
DenseGradients softplus_dense_backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W, const Eigen::MatrixXd& b,
                                       const Eigen::MatrixXd& dY);

}  // namespace sg::ch08
