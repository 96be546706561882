// Layers and initialisers: the small set the engine's demo and tests need.
// Layers create their parameters from an explicit Generator and build their
// forward pass inside a Scope named after the layer, so diagrams can cluster
// and collapse them.
#pragma once

#include <string>
#include <vector>

#include "engine/ops/ops.hpp"
#include "engine/core/random.hpp"

namespace sg {

enum class Init { Zeros, Xavier, He };

// A (rows, cols) matrix: zeros, Xavier/Glorot uniform (±sqrt(6/(fan_in+fan_out)))
// or He normal (stddev sqrt(2/fan_in)), with fan_in = rows, fan_out = cols.
template <typename T = double>
MatT<T> init_matrix(Init init, Index rows, Index cols, Generator& gen);

// Y = X·W + b.  X (B,in), W (in,out), b (1,out) broadcast over the batch.
template <typename T = double>
class Linear {
 public:
  Linear(Context& ctx, std::string name, Index in, Index out, Generator& gen,
         Init init = Init::Xavier);
  TensorT<T> operator()(const TensorT<T>& X) const;
  std::vector<TensorT<T>> params() const { return {W, b}; }
  const std::string& name() const { return name_; }

  TensorT<T> W;
  TensorT<T> b;

 private:
  std::string name_;
};

}  // namespace sg
