// Chapter 13's exercises: batch normalisation by hand, on matrices (no
// graph). A batch is X (B, n): one example per row, one feature (one unit of
// the layer) per column; γ, β and every statistic are rows (1, n). The chapter
// compares each result with the engine (batch_norm_forward/backward in
// engine/ops/layers.hpp, the BatchNorm1d layer in engine/nn) and with central
// differences; tests/chapters/ch13_batch_norm/graded.cpp grades them.
#pragma once

#include "engine/core/shape.hpp"

namespace sg::ch13 {

// The forward pass of the lecture's Algorithm 1 (training mode).
struct BnForward {
  Mat mu;     // (1,n) μ_B, the mini-batch mean of each feature
  Mat var;    // (1,n) σ²_B, the mini-batch variance of each feature
  Mat Xhat;   // (B,n) x̂, the normalised batch
  Mat Y;      // (B,n) y = BN_γ,β(x)
};

// Every partial of the backward pass, from dY (B,n) = dL/dY back to dL/dX.
struct BnGrads {
  Mat dXhat;    // (B,n) dL/dx̂
  Mat dvar;     // (1,n) dL/dσ²_B
  Mat dmu;      // (1,n) dL/dμ_B
  Mat dX;       // (B,n) dL/dx
  Mat dgamma;   // (1,n) dL/dγ
  Mat dbeta;    // (1,n) dL/dβ
};

// Exercise 13.1: batch norm's forward pass in training mode (exercises/13_batch_norm/exercises.cpp).
BnForward bn_forward(const Mat& X, const Mat& gamma, const Mat& beta, double eps);

// Exercise 13.2: batch norm's backward pass, every partial (exercises/13_batch_norm/exercises.cpp).
BnGrads bn_backward(const Mat& dY, const Mat& X, const Mat& gamma, double eps);

// The running statistics a BatchNorm1d layer keeps for evaluation (PyTorch's convention).
struct RunningStats {
  Mat mean;   // (1,n)
  Mat var;    // (1,n)
};

// Exercise 13.3: the running statistics after one more training batch X (exercises/13_batch_norm/exercises.cpp).
RunningStats running_update(const RunningStats& running, const Mat& X, double momentum);

// Exercise 13.4: batch norm in evaluation mode (exercises/13_batch_norm/exercises.cpp).
Mat bn_eval(const Mat& X, const Mat& gamma, const Mat& beta, const RunningStats& running, double eps);

}  // namespace sg::ch13
