// fit, evaluate, predict: the training loop.
//
//   Sequential<> model; ...                      // engine/nn
//   Adam<double> opt(model.trainable_params(), {.lr = 0.01});
//   FitOptions options{.epochs = 20, .batch_size = 32};
//   History h = fit(model, losses::cross_entropy(), opt, train, &val, options, gen);
//
// Each epoch: on_epoch_begin; for every batch of a DataLoader(train,
// batch_size, gen, shuffle, mode): zero_grad, forward (model.train()), loss,
// backward, a finite-loss check, optimizer.step(), on_batch_end, a trace step
// event; then the validation pass (evaluate), the epoch's metrics (loss,
// accuracy for labelled data, val_loss, val_accuracy, ...), on_epoch_end, a
// trace epoch event, the progress line. The model's Context is that of its
// first parameter; its trace (trace_of) receives the step and epoch events.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <type_traits>

#include "engine/data/loader.hpp"
#include "engine/train/callbacks.hpp"
#include "engine/train/losses.hpp"
#include "engine/train/metrics.hpp"
#include "engine/train/progress.hpp"

namespace sg {

struct FitOptions {
  std::int64_t epochs = 10;            // the run ends after epoch `epochs` (counted from 1)
  Index batch_size = 32;
  bool shuffle = true;
  BatchMode mode = BatchMode::MiniBatch;
  std::int64_t start_epoch = 0;        // epochs already done (resuming from a checkpoint)
  std::int64_t start_step = 0;         // batches already done
  // Progress: nothing when quiet; else into `out` (std::cout when null),
  // redrawn with '\r' when `terminal` (default: isatty(stdout) for std::cout,
  // false otherwise), a plain line every `progress_every` batches if > 0.
  bool quiet = false;
  std::ostream* out = nullptr;
  std::optional<bool> terminal{};
  std::int64_t progress_every = 0;
  std::function<double()> clock = steady_seconds;
  // Trace: a step event per batch (loss, lr) and an epoch event per epoch
  // (the epoch's metrics) when the model's Context has a trace at steps or more.
  bool trace = true;
  // Anomaly mode (anomaly.hpp) for the whole run: stops at the first NaN/Inf
  // naming the op, node, inputs and step.
  bool anomaly = false;
};

// Trains `model` and returns one History row per epoch run. A callback may
// stop the run (the History then ends there). A non-finite loss throws
// ValueError naming the epoch and batch before the optimiser step, so the
// parameters are those after the last good step and any checkpoint already
// written stays as it was. `validation` may be null.
template <typename T>
History fit(Module<T>& model, const std::type_identity_t<LossFn<T>>& loss, Optimizer<T>& optimizer, const DatasetT<T>& train,
            const std::type_identity_t<DatasetT<T>>* validation, const FitOptions& options, Generator& gen,
            const std::type_identity_t<Callbacks<T>>& callbacks = {});

struct EvalOptions {
  Index batch_size = 256;
  std::string prefix;                  // "val_": names become val_loss, val_accuracy
};

// The mean loss over the dataset (each batch weighted by its rows) and, for
// labelled data, the accuracy; in eval mode, under NoGrad, in dataset order.
// The model's mode is restored afterwards.
template <typename T>
Metrics evaluate(Module<T>& model, const std::type_identity_t<LossFn<T>>& loss, const DatasetT<T>& data,
                 const EvalOptions& options = {});

// The model's output for every row of X, in eval mode under NoGrad (B rows at a time).
template <typename T>
MatT<T> predict(Module<T>& model, const MatT<T>& X, Index batch_size = 256);

}  // namespace sg
