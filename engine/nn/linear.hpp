// The Linear layer, Y = X·W + b. Its parameters come from an explicit
// Generator through an initialiser (engine/nn/init.hpp); its forward pass is
// built inside a Scope named after the layer, so diagrams can cluster and
// collapse it.
#pragma once

#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/module.hpp"
#include "engine/ops/ops.hpp"

namespace sg {

// Y = X·W + b.  X (B,in), W (in,out), b (1,out) broadcast over the batch.
// Parameters: "<name>.W" (label W_<name>) and "<name>.b" (label b_<name>).
// An input with other than `in` columns is a ShapeError:
//   fc2 (Linear 128→10): input is (64,100) but the layer expects 128 columns
template <typename T = double>
class Linear : public Module<T> {
 public:
  Linear(Context& ctx, std::string name, Index in, Index out, Generator& gen,
         Init init = Init::Xavier);

  TensorT<T> forward(const TensorT<T>& X) override { return apply(X); }
  // Const, so that a const layer (the chapters keep them const) can run.
  TensorT<T> operator()(const TensorT<T>& X) const { return apply(X); }
  TensorT<T> apply(const TensorT<T>& X) const;

  std::string kind() const override { return "Linear"; }
  std::string describe() const override;
  std::vector<NamedParam<T>> named_params() const override;
  Shape output_shape(Shape in) const override;
  Index in_features() const { return W.rows(); }
  Index out_features() const { return W.cols(); }

  TensorT<T> W;
  TensorT<T> b;
};

}  // namespace sg
