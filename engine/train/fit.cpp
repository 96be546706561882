// The training loop (fit.hpp).
#include "engine/train/fit.hpp"

#include <cmath>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "engine/core/error.hpp"
#include "engine/trace/trace.hpp"
#include "engine/train/anomaly.hpp"

namespace sg {

namespace {

template <typename T>
Context& context_of(const Module<T>& model, const char* who) {
  const std::vector<TensorT<T>> params = model.params();
  if (params.empty()) {
    throw ValueError(fmt::format("{}: the model '{}' has no parameters, so there is no Context to build the "
                                 "batches in and nothing to train", who, model.name()));
  }
  return params.front().ctx();
}

bool labelled(const Batch<double>& b) { return !b.labels.empty() && b.targets.size() == 0; }
bool labelled(const Batch<float>& b) { return !b.labels.empty() && b.targets.size() == 0; }

// Puts a module's mode back when the scope ends (evaluate, predict).
template <typename T>
class KeepMode {
 public:
  explicit KeepMode(Module<T>& m) : m_(m), saved_(m.mode()) {}
  ~KeepMode() { m_.set_mode(saved_); }
  KeepMode(const KeepMode&) = delete;
  KeepMode& operator=(const KeepMode&) = delete;

 private:
  Module<T>& m_;
  Mode saved_;
};

void check_options(const FitOptions& o) {
  if (o.epochs < 0 || o.start_epoch < 0 || o.start_epoch > o.epochs) {
    throw ValueError(fmt::format("fit: epochs = {} and start_epoch = {}: need 0 ≤ start_epoch ≤ epochs "
                                 "(start_epoch counts the epochs a checkpoint already did)",
                                 o.epochs, o.start_epoch));
  }
}

}  // namespace

template <typename T>
Metrics evaluate(Module<T>& model, const std::type_identity_t<LossFn<T>>& loss, const DatasetT<T>& data, const EvalOptions& options) {
  Context& ctx = context_of(model, "evaluate");
  KeepMode<T> keep(model);
  model.eval();
  NoGrad no_grad(ctx);
  Generator unused(0);   // the loader draws nothing when it does not shuffle
  DataLoader<T> loader(data, options.batch_size, unused, false);
  double loss_sum = 0.0, right = 0.0;
  bool with_accuracy = true;
  for (const Batch<T>& b : loader) {
    const TensorT<T> out = model(ctx.template input<T>(b.X, "X"));
    const double rows = static_cast<double>(b.X.rows());
    loss_sum += static_cast<double>(loss(out, b).item()) * rows;
    with_accuracy = with_accuracy && labelled(b);
    if (with_accuracy) right += accuracy(out.value(), b.labels) * rows;
  }
  const double n = static_cast<double>(data.size());
  Metrics m{{options.prefix + "loss", loss_sum / n}};
  if (with_accuracy) m.emplace_back(options.prefix + "accuracy", right / n);
  return m;
}

template <typename T>
MatT<T> predict(Module<T>& model, const MatT<T>& X, Index batch_size) {
  Context& ctx = context_of(model, "predict");
  if (batch_size < 1) throw ValueError(fmt::format("predict: batch_size must be ≥ 1, got {}", batch_size));
  KeepMode<T> keep(model);
  model.eval();
  NoGrad no_grad(ctx);
  MatT<T> out;
  for (Index r = 0; r < X.rows(); r += batch_size) {
    const Index n = std::min(batch_size, X.rows() - r);
    const TensorT<T> Y = model(ctx.template input<T>(MatT<T>(X.middleRows(r, n)), "X"));
    if (out.size() == 0) out.resize(X.rows(), Y.cols());
    out.middleRows(r, n) = Y.value();
  }
  return out;
}

template <typename T>
History fit(Module<T>& model, const std::type_identity_t<LossFn<T>>& loss, Optimizer<T>& optimizer, const DatasetT<T>& train,
            const std::type_identity_t<DatasetT<T>>* validation, const FitOptions& options, Generator& gen,
            const std::type_identity_t<Callbacks<T>>& callbacks) {
  check_options(options);
  Context& ctx = context_of(model, "fit");
  Trace* trace = options.trace ? trace_of(ctx) : nullptr;   // before anomaly mode wraps it
  std::optional<AnomalyDetector> anomaly;
  if (options.anomaly) anomaly.emplace(ctx);

  std::ostream& out = options.out ? *options.out : std::cout;
  ProgressOptions po;
  po.quiet = options.quiet;
  po.every = options.progress_every;
  po.terminal = options.terminal.value_or(options.out == nullptr && stdout_is_terminal());
  ProgressBar bar(out, po, options.clock);

  History history;
  TrainState<T> s{model, optimizer, gen, history, 0, 0, 0, 0, 0.0, {}, {}, false, {}};
  s.epochs = options.epochs;
  s.step = options.start_step;
  DataLoader<T> loader(train, options.batch_size, gen, options.shuffle, options.mode);
  for (const auto& cb : callbacks) cb->on_train_begin(s);

  for (std::int64_t epoch = options.start_epoch; epoch < options.epochs && !s.stop; ++epoch) {
    s.epoch = epoch;
    s.metrics.clear();
    model.train();
    for (const auto& cb : callbacks) cb->on_epoch_begin(s);
    const Index batches = loader.batches_per_epoch();
    bar.begin_epoch(epoch + 1, options.epochs, batches);
    double loss_sum = 0.0, right = 0.0, rows_seen = 0.0;
    bool with_accuracy = true;
    loader.new_epoch();
    for (Index i = 0; i < batches && !s.stop; ++i) {
      const Batch<T> b = loader.batch(i);
      s.batch = i;
      if (anomaly) anomaly->set_step(s.step);
      for (const auto& cb : callbacks) cb->on_batch_begin(s);
      optimizer.zero_grad();
      const TensorT<T> output = model(ctx.template input<T>(b.X, "X"));
      TensorT<T> L = loss(output, b);
      const double l = static_cast<double>(L.item());
      if (!std::isfinite(l)) {
        throw ValueError(fmt::format(
            "fit: the loss is {} at epoch {}, batch {} of {} (step {}): training diverged. The parameters "
            "are those after the last good step and no checkpoint was written for this epoch; try a "
            "smaller learning rate, or FitOptions::anomaly to find the op that made the first NaN",
            l, epoch + 1, i + 1, batches, s.step));
      }
      L.backward();
      try {
        optimizer.step();
      } catch (const ValueError& e) {
        throw ValueError(fmt::format("fit: epoch {}, batch {} (step {}): {}", epoch + 1, i + 1, s.step, e.what()));
      }
      const double rows = static_cast<double>(b.X.rows());
      loss_sum += l * rows;
      rows_seen += rows;
      with_accuracy = with_accuracy && labelled(b);
      if (with_accuracy) right += accuracy(output.value(), b.labels) * rows;
      s.loss = l;
      s.step_metrics = {{"loss", l}, {"lr", optimizer.lr()}};
      for (const auto& cb : callbacks) cb->on_batch_end(s);
      ++s.step;
      if (trace && trace->wants(TraceLevel::Steps)) trace->step(s.step, std::move(s.step_metrics));
      bar.batch(i + 1, l, b.X.rows());
    }
    s.metrics.emplace_back("loss", loss_sum / rows_seen);
    if (with_accuracy) s.metrics.emplace_back("accuracy", right / rows_seen);
    if (validation) {
      for (auto& m : evaluate(model, loss, *validation, {options.batch_size, "val_"})) s.metrics.push_back(m);
    }
    for (const auto& cb : callbacks) cb->on_epoch_end(s);
    history.add_epoch(s.metrics);
    if (trace && trace->wants(TraceLevel::Steps)) trace->epoch(epoch + 1, s.metrics);
    Metrics shown;
    for (const auto& m : s.metrics) {
      if (m.first != "loss") shown.push_back(m);
    }
    bar.end_epoch(shown);
  }
  for (const auto& cb : callbacks) cb->on_train_end(s);
  if (s.stop && !options.quiet && !s.stop_reason.empty()) out << s.stop_reason << '\n';
  return history;
}

template Metrics evaluate(Module<double>&, const LossFn<double>&, const Dataset&, const EvalOptions&);
template Metrics evaluate(Module<float>&, const LossFn<float>&, const DatasetF&, const EvalOptions&);
template Mat predict(Module<double>&, const Mat&, Index);
template MatF predict(Module<float>&, const MatF&, Index);
template History fit(Module<double>&, const LossFn<double>&, Optimizer<double>&, const Dataset&, const Dataset*,
                     const FitOptions&, Generator&, const Callbacks<double>&);
template History fit(Module<float>&, const LossFn<float>&, Optimizer<float>&, const DatasetF&, const DatasetF*,
                     const FitOptions&, Generator&, const Callbacks<float>&);

}  // namespace sg
