// Loss functions for fit(): a model's output and the batch it came from in,
// a 1x1 loss tensor out.
#pragma once

#include <functional>

#include "engine/autograd/tensor.hpp"
#include "engine/data/loader.hpp"

namespace sg {

template <typename T>
using LossFn = std::function<TensorT<T>(const TensorT<T>& output, const Batch<T>& batch)>;

namespace losses {

// Softmax cross-entropy of logits Z (B,C) against batch.labels (mean over rows).
template <typename T = double> LossFn<T> cross_entropy();
// Mean squared error against batch.targets (B,k).
template <typename T = double> LossFn<T> mse();
// Binary cross-entropy of logits Z (B,1) against batch.targets, or, when the
// batch has no targets, against its 0/1 labels as a column.
template <typename T = double> LossFn<T> bce_with_logits();

}  // namespace losses
}  // namespace sg
