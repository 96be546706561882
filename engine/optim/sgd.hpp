// SGD: plain, with momentum (and dampening), and Nesterov in PyTorch's form.
//   b ← g                     at t = 1 (dampening not applied, as torch)
//   b ← μ·b + (1 − τ)·g       at t > 1           (τ: dampening)
//   d ← g + μ·b (nesterov) | b (momentum) | g (μ = 0)
//   θ ← θ − lr·d
// State: "velocity" = b (only when μ > 0). docs/engine/optim.md shows why
// this is the lecture's v ← μv − lr·∇F(θ + μv), rewritten.
#pragma once

#include <vector>

#include "engine/optim/optimizer.hpp"

namespace sg {

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0.0;      // μ in [0, 1)
  double dampening = 0.0;     // τ in [0, 1)
  bool nesterov = false;      // needs μ > 0 and τ = 0 (as torch)
  double weight_decay = 0.0;
  bool decoupled = false;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class SGD : public Optimizer<T> {
 public:
  SGD(std::vector<TensorT<T>> params, SGDOptions o);
  // The short form the early chapters use.
  SGD(std::vector<TensorT<T>> params, double lr, double momentum = 0.0)
      : SGD(std::move(params), SGDOptions{.lr = lr, .momentum = momentum}) {}
  const SGDOptions& options() const { return o_; }

 protected:
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;

 private:
  SGDOptions o_;
};

}  // namespace sg
