// Adam, AdamW and Nadam: momentum and a per-coordinate step size together.
// Equations and eps placement as PyTorch (docs/engine/optim.md).
#pragma once

#include <vector>

#include "engine/optim/optimizer.hpp"

namespace sg {

// Adam: m ← β1m + (1−β1)g;  v ← β2v + (1−β2)g²;  bc1 = 1 − β1^t, bc2 = 1 − β2^t;
//   θ ← θ − (lr/bc1)·m / (√v/√bc2 + eps)      (eps added to the corrected root √v̂)
// State: "m", "v"; the trace also shows "m_hat" = m/bc1 and "v_hat" = v/bc2.
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool decoupled = false;     // true: AdamW
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class Adam : public Optimizer<T> {
 public:
  Adam(std::vector<TensorT<T>> params, AdamOptions o);
  const AdamOptions& options() const { return o_; }

 protected:
  Adam(std::string name, std::vector<TensorT<T>> params, AdamOptions o);
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;
  void trace_state(std::int64_t t, const std::vector<MatT<T>>& s, const TraceOptions& o,
                   std::vector<std::pair<std::string, TensorRecord>>& out) const override;

 private:
  AdamOptions o_;
};

// AdamW: Adam with decoupled decay, θ ← θ(1 − lr·λ) before Adam's step (torch's
// default λ = 0.01). The moments see the raw gradient.
struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.01;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class AdamW : public Adam<T> {
 public:
  AdamW(std::vector<TensorT<T>> params, AdamWOptions o);
};

// Nadam (Dozat), the corrected form of torch ≥ 2.0 (torch 1.13's foreach path):
//   μ_t = β1(1 − ½·0.96^(tψ)),  μ_{t+1} = β1(1 − ½·0.96^((t+1)ψ)),  P_t = P_{t−1}·μ_t
//   m, v as Adam;  d = √v/√bc2 + eps
//   θ ← θ − lr(1 − μ_t)/(1 − P_t)·g/d − lr·μ_{t+1}/(1 − P_t·μ_{t+1})·m/d
// State: "m", "v", "mu_product" = P_t (1x1 per parameter, as torch).
struct NadamOptions {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double momentum_decay = 4e-3;   // ψ
  double weight_decay = 0.0;
  bool decoupled = false;
  double clip_norm = 0.0;
  double clip_value = 0.0;
};

template <typename T>
class Nadam : public Optimizer<T> {
 public:
  Nadam(std::vector<TensorT<T>> params, NadamOptions o);
  const NadamOptions& options() const { return o_; }

 protected:
  void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t, const std::vector<MatT<T>>& s,
              std::vector<MatT<T>>& next, MatT<T>& after) const override;

 private:
  NadamOptions o_;
};

}  // namespace sg
