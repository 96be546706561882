// A small moons classifier that the fit tests share.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/synthetic.hpp"
#include "engine/nn/nn.hpp"
#include "engine/train/fit.hpp"

namespace sg::test {

// Two moons, noise 0.1: 400 rows to train on, 200 to validate, from seed 7.
struct Moons {
  Dataset train, val;
};
inline Moons moons() {
  Generator gen(7);
  return {two_moons(400, 0.1, gen), two_moons(200, 0.1, gen)};
}

// 2 → 16 → tanh → 16 → tanh → 2 logits.
inline std::unique_ptr<Sequential<>> moons_net(Context& ctx, Generator& gen) {
  auto model = std::make_unique<Sequential<>>();
  model->emplace<Linear<>>(ctx, "fc1", 2, 16, gen);
  model->emplace<Tanh<>>();
  model->emplace<Linear<>>(ctx, "fc2", 16, 16, gen);
  model->emplace<Tanh<>>();
  model->emplace<Linear<>>(ctx, "fc3", 16, 2, gen);
  return model;
}

// A file in this test process's own scratch directory.
inline std::filesystem::path scratch_path(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sg_train_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

inline FitOptions quiet_options(std::int64_t epochs, Index batch_size = 32) {
  FitOptions o;
  o.epochs = epochs;
  o.batch_size = batch_size;
  o.quiet = true;
  return o;
}

// A model's parameter values and buffers, to compare runs bit for bit.
struct Snapshot {
  std::vector<Mat> params, buffers;
  bool operator==(const Snapshot&) const = default;
};
inline Snapshot snapshot_of(Module<double>& model) {
  Snapshot s;
  for (const auto& p : model.named_params()) s.params.push_back(p.tensor.value());
  for (const auto& b : model.named_buffers()) s.buffers.push_back(*b.value);
  return s;
}

}  // namespace sg::test
