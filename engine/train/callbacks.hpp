// Callbacks: code fit() runs at the start and end of every epoch and after
// every batch. Each sees the run's TrainState and may stop it
// (state.stop = true; fit then finishes the epoch's bookkeeping and returns).
//
//   EarlyStopping  stop when `monitor` has not improved for `patience` epochs
//                  (and put back the best weights)
//   LrScheduler    optimizer.set_lr(schedule.lr_at(epoch)) before each epoch
//   Checkpointer   save_training(path, ...) every `every` epochs
//   HealthMonitor  per-parameter gradient norm and update ratio (health.hpp)
//   LambdaCallback any of the hooks as a lambda
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/nn/module.hpp"
#include "engine/optim/optimizer.hpp"
#include "engine/optim/schedule.hpp"
#include "engine/train/health.hpp"
#include "engine/train/metrics.hpp"

namespace sg {

template <typename T>
struct TrainState {
  Module<T>& model;
  Optimizer<T>& optimizer;
  Generator& gen;
  History& history;
  std::int64_t epoch = 0;        // 0-based, the epoch under way
  std::int64_t epochs = 0;       // the last epoch is epochs − 1
  std::int64_t batch = 0;        // 0-based, within the epoch
  std::int64_t step = 0;         // batches done before this one in the whole run (resumes count on)
  double loss = 0.0;             // the last batch's loss
  Metrics metrics;               // on_epoch_end: this epoch's loss, val_loss, ...
  Metrics step_metrics;          // on_batch_end may add to the batch's trace step event
  bool stop = false;             // set by a callback to end the run
  std::string stop_reason;
};

template <typename T>
class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(TrainState<T>&) {}
  virtual void on_epoch_begin(TrainState<T>&) {}
  virtual void on_batch_begin(TrainState<T>&) {}
  virtual void on_batch_end(TrainState<T>&) {}   // after the optimiser step
  virtual void on_epoch_end(TrainState<T>&) {}
  virtual void on_train_end(TrainState<T>&) {}
};

template <typename T>
using Callbacks = std::vector<std::shared_ptr<Callback<T>>>;

template <typename T>
class LambdaCallback final : public Callback<T> {
 public:
  using Hook = std::function<void(TrainState<T>&)>;
  Hook train_begin, epoch_begin, batch_end, epoch_end, train_end;
  void on_train_begin(TrainState<T>& s) override { if (train_begin) train_begin(s); }
  void on_epoch_begin(TrainState<T>& s) override { if (epoch_begin) epoch_begin(s); }
  void on_batch_end(TrainState<T>& s) override { if (batch_end) batch_end(s); }
  void on_epoch_end(TrainState<T>& s) override { if (epoch_end) epoch_end(s); }
  void on_train_end(TrainState<T>& s) override { if (train_end) train_end(s); }
};

struct EarlyStoppingOptions {
  std::string monitor = "val_loss";   // higher is better when the name has "acc"
  std::int64_t patience = 3;          // epochs without improvement before stopping
  double min_delta = 0.0;             // an improvement must beat the best by more
  bool restore_best = true;           // put the best epoch's weights back at the end
};

template <typename T>
class EarlyStopping final : public Callback<T> {
 public:
  explicit EarlyStopping(EarlyStoppingOptions options = {});
  void on_train_begin(TrainState<T>& s) override;
  void on_epoch_end(TrainState<T>& s) override;
  void on_train_end(TrainState<T>& s) override;

  std::int64_t best_epoch() const { return best_epoch_; }        // -1: none yet
  double best() const { return best_; }
  std::int64_t stopped_epoch() const { return stopped_epoch_; }  // -1: ran to the end

 private:
  EarlyStoppingOptions options_;
  double best_ = 0.0;
  std::int64_t best_epoch_ = -1, stopped_epoch_ = -1, wait_ = 0;
  std::vector<MatT<T>> best_params_, best_buffers_;
};

template <typename T>
class LrScheduler final : public Callback<T> {
 public:
  // Keeps a reference: the schedule must outlive the run.
  explicit LrScheduler(const Schedule& schedule) : schedule_(schedule) {}
  void on_epoch_begin(TrainState<T>& s) override;
  void on_epoch_end(TrainState<T>& s) override;   // adds "lr" to the epoch's metrics

 private:
  const Schedule& schedule_;
};

template <typename T>
class Checkpointer final : public Callback<T> {
 public:
  // Saves after every `every` epochs (and after the last), atomically.
  Checkpointer(std::filesystem::path path, std::int64_t every = 1);
  void on_epoch_end(TrainState<T>& s) override;
  std::int64_t saves() const { return saves_; }

 private:
  std::filesystem::path path_;
  std::int64_t every_;
  std::int64_t saves_ = 0;
};

// Every `every` batches: one LayerHealth row per trainable parameter (its
// gradient norm, its update ratio over the step; no activations, which the
// model does not expose). rows() is the latest. With add_to_metrics, the
// rows go into that batch's trace step event (health_metrics) and the latest
// "<param>.grad_norm" / ".update_ratio" into the epoch's metrics.
template <typename T>
class HealthMonitor final : public Callback<T> {
 public:
  explicit HealthMonitor(std::int64_t every = 1, bool add_to_metrics = false)
      : every_(every), add_to_metrics_(add_to_metrics) {}
  void on_batch_begin(TrainState<T>& s) override;
  void on_batch_end(TrainState<T>& s) override;
  void on_epoch_end(TrainState<T>& s) override;
  const std::vector<LayerHealth>& rows() const { return rows_; }
  std::string table() const { return health_table(rows_); }

 private:
  bool due(const TrainState<T>& s) const { return every_ > 0 && s.step % every_ == 0; }
  std::int64_t every_;
  bool add_to_metrics_;
  std::vector<MatT<T>> before_;
  std::vector<LayerHealth> rows_;
};

}  // namespace sg
