// The ready-made callbacks (callbacks.hpp).
#include "engine/train/callbacks.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/core/error.hpp"
#include "engine/train/state.hpp"

namespace sg {

namespace {

std::optional<double> metric(const Metrics& metrics, const std::string& name) {
  for (const auto& [n, v] : metrics) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string names_of(const Metrics& metrics) {
  std::string out;
  for (const auto& [n, v] : metrics) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

// ---- EarlyStopping ------------------------------------------------------------

template <typename T>
EarlyStopping<T>::EarlyStopping(EarlyStoppingOptions options) : options_(std::move(options)) {
  if (options_.patience < 0 || !(options_.min_delta >= 0)) {
    throw ValueError(fmt::format("EarlyStopping: patience must be ≥ 0 and min_delta ≥ 0, got {} and {}",
                                 options_.patience, options_.min_delta));
  }
}

template <typename T>
void EarlyStopping<T>::on_train_begin(TrainState<T>&) {
  best_epoch_ = -1;
  stopped_epoch_ = -1;
  wait_ = 0;
}

template <typename T>
void EarlyStopping<T>::on_epoch_end(TrainState<T>& s) {
  const std::optional<double> value = metric(s.metrics, options_.monitor);
  if (!value) {
    throw ValueError(fmt::format("EarlyStopping: no metric '{}' at the end of epoch {}; there are: {} (for "
                                 "val_* metrics, pass fit() a validation set)",
                                 options_.monitor, s.epoch + 1, names_of(s.metrics)));
  }
  const bool higher = higher_is_better(options_.monitor);
  const bool improved = best_epoch_ < 0 || (higher ? *value > best_ + options_.min_delta
                                                   : *value < best_ - options_.min_delta);
  if (improved && std::isfinite(*value)) {
    best_ = *value;
    best_epoch_ = s.epoch;
    wait_ = 0;
    if (options_.restore_best) {
      best_params_.clear();
      best_buffers_.clear();
      for (const NamedParam<T>& p : s.model.named_params()) best_params_.push_back(p.tensor.value());
      for (const NamedBuffer<T>& b : s.model.named_buffers()) best_buffers_.push_back(*b.value);
    }
    return;
  }
  if (++wait_ >= options_.patience) {   // as Keras: patience epochs without improvement
    stopped_epoch_ = s.epoch;
    s.stop = true;
    s.stop_reason = fmt::format("early stopping: {} has not improved on {:.6g} (epoch {}) for {} epochs",
                                options_.monitor, best_, best_epoch_ + 1, wait_);
  }
}

template <typename T>
void EarlyStopping<T>::on_train_end(TrainState<T>& s) {
  if (!options_.restore_best || best_params_.empty()) return;
  std::size_t k = 0;
  for (NamedParam<T>& p : s.model.named_params()) p.tensor.value_mut() = best_params_[k++];
  k = 0;
  for (NamedBuffer<T>& b : s.model.named_buffers()) *b.value = best_buffers_[k++];
}

// ---- LrScheduler ----------------------------------------------------------------

template <typename T>
void LrScheduler<T>::on_epoch_begin(TrainState<T>& s) {
  s.optimizer.set_lr(schedule_.lr_at(s.epoch));
}

template <typename T>
void LrScheduler<T>::on_epoch_end(TrainState<T>& s) {
  s.metrics.emplace_back("lr", s.optimizer.lr());
}

// ---- Checkpointer ----------------------------------------------------------------

template <typename T>
Checkpointer<T>::Checkpointer(std::filesystem::path path, std::int64_t every)
    : path_(std::move(path)), every_(every) {
  if (every_ < 1) throw ValueError(fmt::format("Checkpointer: every must be ≥ 1 epoch, got {}", every_));
}

template <typename T>
void Checkpointer<T>::on_epoch_end(TrainState<T>& s) {
  const std::int64_t done = s.epoch + 1;
  if (done % every_ != 0 && done != s.epochs && !s.stop) return;
  save_training(path_, s.model, s.optimizer, s.gen, RunPosition{done, s.step});
  ++saves_;
}

// ---- HealthMonitor ----------------------------------------------------------------

template <typename T>
void HealthMonitor<T>::on_batch_begin(TrainState<T>& s) {
  if (!due(s)) return;
  before_.clear();
  for (const NamedParam<T>& p : s.model.named_params()) before_.push_back(p.tensor.value());
}

template <typename T>
void HealthMonitor<T>::on_batch_end(TrainState<T>& s) {
  if (!due(s) || before_.empty()) return;
  rows_.clear();
  std::size_t k = 0;
  const MatT<T> none;
  for (const NamedParam<T>& p : s.model.named_params()) {
    const MatT<T>& before = before_[k++];
    if (!p.tensor.requires_grad() || !p.tensor.has_grad()) continue;
    rows_.push_back(layer_health(p.name, none, Activation::None, before, p.tensor.value(), p.tensor.grad()));
  }
  if (add_to_metrics_) {
    for (auto& m : health_metrics(rows_)) s.step_metrics.push_back(std::move(m));
  }
}

template <typename T>
void HealthMonitor<T>::on_epoch_end(TrainState<T>& s) {
  if (!add_to_metrics_) return;
  for (const LayerHealth& h : rows_) {
    s.metrics.emplace_back(h.name + ".grad_norm", h.grad_norm);
    s.metrics.emplace_back(h.name + ".update_ratio", h.update_ratio);
  }
}

template class EarlyStopping<double>;
template class EarlyStopping<float>;
template class LrScheduler<double>;
template class LrScheduler<float>;
template class Checkpointer<double>;
template class Checkpointer<float>;
template class HealthMonitor<double>;
template class HealthMonitor<float>;

}  // namespace sg
