// Dropout and BatchNorm1d: the layers whose forward pass depends on the mode.
#pragma once

#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/nn/module.hpp"

namespace sg {

// Inverted dropout. Train: each unit is kept with probability 1−p and kept
// units are scaled by 1/(1−p), so E[Y] = X; the mask is drawn from the
// Generator given here (it must outlive the layer), one uniform per unit in
// row-major order, so a seed gives the same masks. Eval, or p = 0: identity.
// ValueError unless 0 <= p < 1.
template <typename T = double>
class Dropout : public Module<T> {
 public:
  Dropout(double p, Generator& gen, std::string name = "");
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "Dropout"; }
  std::string describe() const override;
  double p() const { return p_; }
  // The mask of the last training forward pass (empty before the first).
  const MatT<T>& last_mask() const { return mask_; }

 private:
  double p_;
  Generator* gen_;
  MatT<T> mask_;
};

// Batch normalisation over the batch (the rows) of a (B, features) input.
// Train: Y = γ ⊙ (X − μ_B)/sqrt(var_B + eps) + β with the batch mean and
// biased variance (the op batch_norm), and then
//   running_mean = (1 − momentum)·running_mean + momentum·μ_B
//   running_var  = (1 − momentum)·running_var  + momentum·var_B·B/(B−1)
// (the unbiased variance, as PyTorch does). Eval: the running statistics
// instead of the batch's. γ starts at ones, β at zeros, running_mean at
// zeros and running_var at ones. A batch of one row in train mode is a
// ValueError (its variance is 0), as in PyTorch.
// Parameters "<name>.gamma", "<name>.beta"; buffers "<name>.running_mean",
// "<name>.running_var".
template <typename T = double>
class BatchNorm1d : public Module<T> {
 public:
  BatchNorm1d(Context& ctx, std::string name, Index features, double momentum = 0.1,
              double eps = 1e-5);
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "BatchNorm1d"; }
  std::string describe() const override;
  std::vector<NamedParam<T>> named_params() const override;
  std::vector<NamedBuffer<T>> named_buffers() override;
  Shape output_shape(Shape in) const override;
  Index features() const { return gamma.cols(); }

  TensorT<T> gamma;        // (1, features)
  TensorT<T> beta;         // (1, features)
  MatT<T> running_mean;    // (1, features)
  MatT<T> running_var;     // (1, features)
  double momentum;
  double eps;
};

}  // namespace sg
