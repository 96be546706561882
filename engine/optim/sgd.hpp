// Optimisers update parameters from their gradients and tell the trace:
// every update event carries the parameter before and after, its gradient,
// the learning rate and the optimiser's state.
#pragma once

#include <string>
#include <vector>

#include "engine/autograd/tensor.hpp"

namespace sg {

// Plain SGD, with optional momentum (heavy ball):
//   v ← μ·v + g;  θ ← θ − lr·v        (μ = 0: θ ← θ − lr·g)
template <typename T>
class SGD {
 public:
  SGD(std::vector<TensorT<T>> params, double lr, double momentum = 0.0);

  // One update of every parameter that has a gradient. Throws ValueError,
  // naming the parameter, when a gradient or a new value is NaN or infinite,
  // and then leaves every parameter as it was.
  void step();
  void zero_grad();

  double lr() const { return lr_; }
  void set_lr(double lr) { lr_ = lr; }
  const std::vector<TensorT<T>>& params() const { return params_; }

 private:
  std::vector<TensorT<T>> params_;
  std::vector<MatT<T>> velocity_;
  double lr_;
  double momentum_;
};

// Throws ValueError naming `what` and the first non-finite element of m.
template <typename T>
void require_finite(const MatT<T>& m, const std::string& what);

}  // namespace sg
