// Activation layers: the activation ops of engine/ops as modules, so that a
// Sequential can hold them. No parameters; the shape is unchanged; the same
// in train and eval mode. An unnamed layer gets a name when added to a
// Sequential ("relu_1": its kind in lower case and its position).
#pragma once

#include <string>

#include "engine/nn/module.hpp"

namespace sg {

template <typename T = double>
class Sigmoid : public Module<T> {
 public:
  explicit Sigmoid(std::string name = "") : Module<T>(std::move(name)) {}
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "Sigmoid"; }
};

template <typename T = double>
class Tanh : public Module<T> {
 public:
  explicit Tanh(std::string name = "") : Module<T>(std::move(name)) {}
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "Tanh"; }
};

template <typename T = double>
class ReLU : public Module<T> {
 public:
  explicit ReLU(std::string name = "") : Module<T>(std::move(name)) {}
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "ReLU"; }
};

// max(x, α·x); ValueError unless 0 <= α < 1.
template <typename T = double>
class LeakyReLU : public Module<T> {
 public:
  explicit LeakyReLU(double alpha = 0.01, std::string name = "");
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "LeakyReLU"; }
  std::string describe() const override;
  double alpha() const { return alpha_; }

 private:
  double alpha_;
};

// Softmax over each row: (B,C) logits to (B,C) probabilities.
template <typename T = double>
class Softmax : public Module<T> {
 public:
  explicit Softmax(std::string name = "") : Module<T>(std::move(name)) {}
  TensorT<T> forward(const TensorT<T>& X) override;
  std::string kind() const override { return "Softmax"; }
};

}  // namespace sg
