// summary(model, input_shape): the Keras model.summary() table as a string.
//
//   Model: "mlp"
//   _________________________________________________________________
//    Layer (type)                Output Shape              Param #
//   =================================================================
//    fc1 (Linear)                (None, 16)                48
//    tanh_1 (Tanh)               (None, 16)                0
//    fc2 (Linear)                (None, 1)                 17
//   =================================================================
//   Total params: 65
//   Trainable params: 65
//   Non-trainable params: 0
//   _________________________________________________________________
//
// One row per layer of a Sequential (a nested Sequential is one row), or one
// row for any other module. "None" is the batch dimension, as in Keras.
// Counting rule: params are the module's named_params(); frozen ones are
// non-trainable. Buffers (BatchNorm's running mean and variance) are NOT
// params, as in PyTorch; Keras counts them as non-trainable params (so its
// BatchNormalization(n) shows 4n params, 2n non-trainable, where ours shows
// 2n). When a model has buffers, one more line says how many numbers they
// hold: "Buffers (running statistics, not params): 32".
// A layer that rejects the input shape throws its ShapeError.
#pragma once

#include <string>

#include "engine/nn/module.hpp"

namespace sg {

template <typename T>
std::string summary(Module<T>& model, Shape input_shape);

// 101770 -> "101,770", as Keras prints counts.
std::string thousands(Index n);

}  // namespace sg
