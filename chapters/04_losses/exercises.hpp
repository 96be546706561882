// Chapter 4's exercises: the losses a student writes, in plain Eigen and
// double. Each is checked by the chapter against the engine's op and by
// central differences, and graded by tests/chapters/ch04_losses/graded.cpp.
//
// Conventions, the same as the engine's: mse and bce average over all
// N = B·n elements; cross_entropy averages over the B rows (samples) and sums
// over the C classes. The lesson's other losses, softmax, one_hot and
// accuracy are in losses.hpp.
#pragma once

#include <vector>

#include "engine/core/shape.hpp"

namespace sg::ch04 {

// ---- regression: Ŷ, Y (B,n) ------------------------------------------------------
// Exercise 4.1: mean squared error, L = mean((Ŷ − Y)²) (exercises/04_losses/exercises.cpp).
double mse(const Mat& Yhat, const Mat& Y);
// Exercise 4.1: dL/dŶ of mse, (B,n) (exercises/04_losses/exercises.cpp).
Mat mse_backward(const Mat& Yhat, const Mat& Y);

// ---- binary: probabilities P in (0,1), targets Y in {0,1}, (B,n) -----------------
// Exercise 4.2: binary cross-entropy of probabilities (exercises/04_losses/exercises.cpp).
double bce(const Mat& P, const Mat& Y);
// Exercise 4.2: dL/dP of bce, (B,n) (exercises/04_losses/exercises.cpp).
Mat bce_backward(const Mat& P, const Mat& Y);

// ---- categorical: logits Z (B,C), one label in [0, C) per row -----------------------
// Exercise 4.3: log Σ_j exp(z_j) of each row without overflow, Z (B,C) -> (B,1) (exercises/04_losses/exercises.cpp).
Mat logsumexp(const Mat& Z);
// Exercise 4.4: softmax cross-entropy, mean over the rows (exercises/04_losses/exercises.cpp).
double cross_entropy(const Mat& Z, const std::vector<int>& labels);
// Exercise 4.4: dL/dZ of cross_entropy, (B,C) (exercises/04_losses/exercises.cpp).
Mat cross_entropy_backward(const Mat& Z, const std::vector<int>& labels);

}  // namespace sg::ch04
