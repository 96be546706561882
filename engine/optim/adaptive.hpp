// Optimisers with a per-coordinate learning rate: Adagrad, Adadelta, RMSProp.
// Every equation and eps placement as PyTorch 1.13 (docs/engine/optim.md).
#pragma once

#include <vector>

#include "engine/optim/optimizer.hpp"

namespace sg {

// Adagrad: s ← s + g²;  θ ← θ − lr_t · g / (√s + eps),  lr_t = lr / (1 + (t−1)·lr_decay).
// eps OUTSIDE the sqrt. State: "sum_sq" = s.
struct AdagradOptions {
  double lr = 0.01;
  double lr_decay = 0.0;
  double initial_accumulator_value = 0.0;
  double eps = 1e-10;
  double weight_decay = 0.0;
  bool decoupled = false;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class Adagrad : public Optimizer<T> {
 public:
  Adagrad(std::vector<TensorT<T>> params, AdagradOptions o);
  const AdagradOptions& options() const { return o_; }

 protected:
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;

 private:
  AdagradOptions o_;
};

// Adadelta (Zeiler): v ← ρv + (1−ρ)g²;  Δ ← √(u + eps)/√(v + eps) · g;
// u ← ρu + (1−ρ)Δ²;  θ ← θ − lr·Δ.  eps INSIDE both roots; lr = 1 is Zeiler's
// method. State: "square_avg" = v, "acc_delta" = u.
struct AdadeltaOptions {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0.0;
  bool decoupled = false;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class Adadelta : public Optimizer<T> {
 public:
  Adadelta(std::vector<TensorT<T>> params, AdadeltaOptions o);
  const AdadeltaOptions& options() const { return o_; }

 protected:
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;

 private:
  AdadeltaOptions o_;
};

// RMSProp (not centred): v ← αv + (1−α)g²;  a = √v + eps (eps OUTSIDE);
//   μ = 0: θ ← θ − lr·g/a;   μ > 0: b ← μb + g/a, θ ← θ − lr·b (b starts at 0).
// State: "square_avg" = v, and "velocity" = b when μ > 0.
struct RMSPropOptions {
  double lr = 0.01;
  double alpha = 0.99;
  double eps = 1e-8;
  double momentum = 0.0;
  double weight_decay = 0.0;
  bool decoupled = false;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class RMSProp : public Optimizer<T> {
 public:
  RMSProp(std::vector<TensorT<T>> params, RMSPropOptions o);
  const RMSPropOptions& options() const { return o_; }

 protected:
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;

 private:
  RMSPropOptions o_;
};

}  // namespace sg
