// A training run as a checkpoint: the model's parameters and buffers, the
// optimiser's state, the generator and the epoch, and back, bit for bit.
//
// Entry names: "model/<param>" ("model/fc1.W"), "model/<buffer>"
// ("model/bn1.running_mean"), "optim/<buffer>" ("optim/0/m") and the matrix
// "optim/param_steps"; scalars "epoch", "step", "lr", "optim.steps" and
// "optim.<name>" (1.0: which optimiser wrote it); and the generator.
#pragma once

#include <cstdint>
#include <filesystem>

#include "engine/core/random.hpp"
#include "engine/nn/module.hpp"
#include "engine/optim/optimizer.hpp"
#include "engine/train/checkpoint.hpp"

namespace sg {

// What a run is at the end of an epoch: `epoch` epochs done, `step` batches.
struct RunPosition {
  std::int64_t epoch = 0;
  std::int64_t step = 0;
};

template <typename T>
Checkpoint training_checkpoint(Module<T>& model, const Optimizer<T>& optimizer, const Generator& gen,
                               RunPosition position);

// Restores everything or nothing: every name and shape is checked before the
// first value is written. Throws ValueError/ShapeError naming the file, the
// entry and both shapes ("run.sgck: byte 40: entry 'model/fc1.W' is (3,2) but
// the model's is (2,3)"), or the optimiser it was saved with.
template <typename T>
RunPosition restore_training(const Checkpoint& checkpoint, Module<T>& model, Optimizer<T>& optimizer,
                             Generator& gen);

// The same through a file (save_checkpoint's atomic write, load_checkpoint).
template <typename T>
void save_training(const std::filesystem::path& path, Module<T>& model, const Optimizer<T>& optimizer,
                   const Generator& gen, RunPosition position);
template <typename T>
RunPosition load_training(const std::filesystem::path& path, Module<T>& model, Optimizer<T>& optimizer,
                          Generator& gen);

}  // namespace sg
