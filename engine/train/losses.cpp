// Ready-made loss functions for fit() (losses.hpp).
#include "engine/train/losses.hpp"

#include <fmt/format.h>

#include "engine/ops/ops.hpp"

namespace sg::losses {

namespace {

template <typename T>
TensorT<T> targets_of(const TensorT<T>& output, const Batch<T>& batch, const char* who) {
  if (batch.targets.size() != 0) return output.ctx().template input<T>(batch.targets, "Y");
  if (batch.labels.empty()) {
    throw ValueError(fmt::format("{}: the batch has neither targets nor labels: the dataset needs one or the other",
                                 who));
  }
  MatT<T> Y(static_cast<Index>(batch.labels.size()), 1);
  for (std::size_t i = 0; i < batch.labels.size(); ++i) Y(static_cast<Index>(i), 0) = static_cast<T>(batch.labels[i]);
  return output.ctx().template input<T>(std::move(Y), "Y");
}

}  // namespace

template <typename T>
LossFn<T> cross_entropy() {
  return [](const TensorT<T>& Z, const Batch<T>& batch) {
    if (batch.labels.empty()) {
      throw ValueError("losses::cross_entropy: the batch has no labels: use mse() for a regression dataset");
    }
    return sg::cross_entropy(Z, batch.labels);
  };
}

template <typename T>
LossFn<T> mse() {
  return [](const TensorT<T>& Yhat, const Batch<T>& batch) {
    if (batch.targets.size() == 0) {
      throw ValueError("losses::mse: the batch has no targets: use cross_entropy() for labels");
    }
    return sg::mse(Yhat, targets_of(Yhat, batch, "losses::mse"));
  };
}

template <typename T>
LossFn<T> bce_with_logits() {
  return [](const TensorT<T>& Z, const Batch<T>& batch) {
    return sg::bce_with_logits(Z, targets_of(Z, batch, "losses::bce_with_logits"));
  };
}

template LossFn<double> cross_entropy();
template LossFn<float> cross_entropy();
template LossFn<double> mse();
template LossFn<float> mse();
template LossFn<double> bce_with_logits();
template LossFn<float> bce_with_logits();

}  // namespace sg::losses
