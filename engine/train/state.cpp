// A training run as a checkpoint (state.hpp).
#include "engine/train/state.hpp"

#include <fmt/format.h>

#include "engine/core/error.hpp"

namespace sg {

template <typename T>
Checkpoint training_checkpoint(Module<T>& model, const Optimizer<T>& optimizer, const Generator& gen,
                               RunPosition position) {
  Checkpoint ck;
  for (const NamedParam<T>& p : model.named_params()) ck.put_matrix("model/" + p.name, p.tensor.value());
  for (const NamedBuffer<T>& b : model.named_buffers()) ck.put_matrix("model/" + b.name, *b.value);
  const OptimizerState s = optimizer.state();
  for (const auto& [name, value] : s.buffers) ck.put_matrix("optim/" + name, value);
  Mat param_steps(1, static_cast<Index>(s.param_steps.size()));
  for (std::size_t i = 0; i < s.param_steps.size(); ++i) param_steps(0, static_cast<Index>(i)) = static_cast<double>(s.param_steps[i]);
  ck.put_matrix("optim/param_steps", param_steps);
  ck.put_scalar("optim." + s.optimizer, 1.0);
  ck.put_scalar("optim.steps", static_cast<double>(s.steps));
  ck.put_scalar("lr", s.lr);
  ck.put_scalar("epoch", static_cast<double>(position.epoch));
  ck.put_scalar("step", static_cast<double>(position.step));
  ck.put_generator(gen.state());
  return ck;
}

template <typename T>
RunPosition restore_training(const Checkpoint& ck, Module<T>& model, Optimizer<T>& optimizer, Generator& gen) {
  const std::string file = ck.source().empty() ? "checkpoint" : ck.source();
  OptimizerState s = optimizer.state();
  if (!ck.has_scalar("optim." + s.optimizer)) {
    std::string saved = "none";
    for (const Checkpoint::ScalarEntry& e : ck.scalars()) {
      if (e.name.starts_with("optim.") && e.name != "optim.steps") saved = e.name.substr(6);
    }
    throw ValueError(fmt::format("{}: it holds the state of optimiser '{}' but this run uses '{}': "
                                 "resume with the optimiser it was saved with", file, saved, s.optimizer));
  }
  // Check every shape first (restore_matrix into a scratch copy), so that a
  // mismatch leaves the model as it was.
  std::vector<NamedParam<T>> params = model.named_params();
  std::vector<NamedBuffer<T>> buffers = model.named_buffers();
  std::vector<MatT<T>> values;
  for (const NamedParam<T>& p : params) {
    values.push_back(p.tensor.value());
    ck.restore_matrix("model/" + p.name, values.back());
  }
  for (const NamedBuffer<T>& b : buffers) {
    values.push_back(*b.value);
    ck.restore_matrix("model/" + b.name, values.back());
  }
  const std::size_t model_entries = params.size() + buffers.size();
  std::size_t saved_model_entries = 0;
  for (const Checkpoint::MatrixEntry& e : ck.matrices()) saved_model_entries += e.name.starts_with("model/") ? 1 : 0;
  if (saved_model_entries != model_entries) {
    throw ValueError(fmt::format("{}: {} model entries but the model has {} parameters and buffers: the "
                                 "checkpoint is from a different architecture", file, saved_model_entries,
                                 model_entries));
  }
  for (auto& [name, value] : s.buffers) value = ck.matrix("optim/" + name);
  const Mat& steps = ck.matrix("optim/param_steps");
  if (steps.size() != static_cast<Index>(s.param_steps.size())) {
    throw ValueError(fmt::format("{}: the optimiser state covers {} parameters but this one has {}", file,
                                 steps.size(), s.param_steps.size()));
  }
  for (std::size_t i = 0; i < s.param_steps.size(); ++i) s.param_steps[i] = static_cast<std::int64_t>(steps(0, static_cast<Index>(i)));
  s.steps = static_cast<std::int64_t>(ck.scalar("optim.steps"));
  s.lr = ck.scalar("lr");
  const GeneratorState g = ck.generator();
  const RunPosition position{static_cast<std::int64_t>(ck.scalar("epoch")), static_cast<std::int64_t>(ck.scalar("step"))};
  optimizer.load_state(s);   // validates its own buffers' shapes; throws before anything below
  std::size_t k = 0;
  for (NamedParam<T>& p : params) p.tensor.value_mut() = std::move(values[k++]);
  for (NamedBuffer<T>& b : buffers) *b.value = std::move(values[k++]);
  gen.set_state(g);
  return position;
}

template <typename T>
void save_training(const std::filesystem::path& path, Module<T>& model, const Optimizer<T>& optimizer,
                   const Generator& gen, RunPosition position) {
  save_checkpoint(training_checkpoint(model, optimizer, gen, position), path);
}

template <typename T>
RunPosition load_training(const std::filesystem::path& path, Module<T>& model, Optimizer<T>& optimizer,
                          Generator& gen) {
  return restore_training(load_checkpoint(path), model, optimizer, gen);
}

template Checkpoint training_checkpoint(Module<double>&, const Optimizer<double>&, const Generator&, RunPosition);
template Checkpoint training_checkpoint(Module<float>&, const Optimizer<float>&, const Generator&, RunPosition);
template RunPosition restore_training(const Checkpoint&, Module<double>&, Optimizer<double>&, Generator&);
template RunPosition restore_training(const Checkpoint&, Module<float>&, Optimizer<float>&, Generator&);
template void save_training(const std::filesystem::path&, Module<double>&, const Optimizer<double>&, const Generator&, RunPosition);
template void save_training(const std::filesystem::path&, Module<float>&, const Optimizer<float>&, const Generator&, RunPosition);
template RunPosition load_training(const std::filesystem::path&, Module<double>&, Optimizer<double>&, Generator&);
template RunPosition load_training(const std::filesystem::path&, Module<float>&, Optimizer<float>&, Generator&);

}  // namespace sg
