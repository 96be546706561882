// Chapter 14's exercises: the pieces of regularisation, on matrices and
// numbers (no graph). The chapter compares each with the engine (the
// l1_penalty and l2_penalty ops, the Dropout layer, the EarlyStopping
// callback) and uses your soft_threshold for its L1 runs;
// tests/chapters/ch14_regularization/graded.cpp grades them.
#pragma once

#include <vector>

#include "engine/core/shape.hpp"

namespace sg::ch14 {

// ---- penalties ----------------------------------------------------------------
enum class Norm { L1, L2 };

// A penalty term λ·R(W) of the loss and its gradient with respect to W.
struct Penalty {
  double value = 0.0;   // λ·R(W)
  Mat grad;             // d(λ·R)/dW, W's shape
};

// Exercise 14.1: the L1 or L2 penalty of W and its gradient (exercises/14_regularization/exercises.cpp).
Penalty penalty(const Mat& W, double lambda, Norm norm);

// Exercise 14.2: the soft-threshold (proximal) step of L1, elementwise (exercises/14_regularization/exercises.cpp).
Mat soft_threshold(const Mat& W, double t);

// ---- dropout --------------------------------------------------------------------
struct DropoutPass {
  Mat mask;   // 1 where the unit is kept, 0 where it is dropped (X's shape)
  Mat Y;      // the layer's output in training mode (X's shape)
};

// Exercise 14.3: inverted dropout in training mode, given one uniform number per unit (exercises/14_regularization/exercises.cpp).
DropoutPass inverted_dropout(const Mat& X, const Mat& U, double p);

// ---- early stopping --------------------------------------------------------------
struct EarlyStop {
  int best_epoch = -1;   // 0-based epoch of the best validation loss
  int stop_epoch = -1;   // 0-based epoch after which training stops; -1: it never stops
};

// Exercise 14.4: the early-stopping rule on a run's validation losses (exercises/14_regularization/exercises.cpp).
EarlyStop early_stopping(const std::vector<double>& val_loss, int patience, double min_delta);

}  // namespace sg::ch14
