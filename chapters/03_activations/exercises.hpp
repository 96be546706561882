// Chapter 3's exercises: each activation's forward and backward, elementwise
// on a matrix. The chapter compares them with the engine's ops
// (engine/ops_activation.cpp); `build/bin/grade --chapter 3` grades them.
//
// Backward follows the engine: given X and the gradient dY arriving from
// above, return dX = f'(X) ⊙ dY. With dY = 1 it is the derivative itself.
#pragma once

#include "engine/core/shape.hpp"

namespace sg::ch03 {

// Exercise 3.1: σ(x) = 1 / (1 + e^-x) forward (exercises/03_activations/exercises.cpp).
Mat sigmoid_forward(const Mat& X);
// Exercise 3.1: σ backward, dX = σ'(X) ⊙ dY (exercises/03_activations/exercises.cpp).
Mat sigmoid_backward(const Mat& X, const Mat& dY);

// Exercise 3.2: tanh forward (exercises/03_activations/exercises.cpp).
Mat tanh_forward(const Mat& X);
// Exercise 3.2: tanh backward, dX = tanh'(X) ⊙ dY (exercises/03_activations/exercises.cpp).
Mat tanh_backward(const Mat& X, const Mat& dY);

// Exercise 3.3: ReLU forward, max(0, x) (exercises/03_activations/exercises.cpp).
Mat relu_forward(const Mat& X);
// Exercise 3.3: ReLU backward, with relu'(0) = 0 as in the engine (exercises/03_activations/exercises.cpp).
Mat relu_backward(const Mat& X, const Mat& dY);

// Exercise 3.4: leaky ReLU forward, slope alpha below 0 (exercises/03_activations/exercises.cpp).
Mat leaky_relu_forward(const Mat& X, double alpha);
// Exercise 3.4: leaky ReLU backward, with slope alpha at 0 as in the engine (exercises/03_activations/exercises.cpp).
Mat leaky_relu_backward(const Mat& X, const Mat& dY, double alpha);

}  // namespace sg::ch03
