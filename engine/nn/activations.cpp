#include "engine/nn/activations.hpp"

#include <fmt/format.h>

#include "engine/ops/ops.hpp"

namespace sg {

template <typename T>
TensorT<T> Sigmoid<T>::forward(const TensorT<T>& X) {
  ModuleScope scope(X.ctx(), this->name());
  return sigmoid(X);
}

template <typename T>
TensorT<T> Tanh<T>::forward(const TensorT<T>& X) {
  ModuleScope scope(X.ctx(), this->name());
  return tanh(X);
}

template <typename T>
TensorT<T> ReLU<T>::forward(const TensorT<T>& X) {
  ModuleScope scope(X.ctx(), this->name());
  return relu(X);
}

template <typename T>
LeakyReLU<T>::LeakyReLU(double alpha, std::string name) : Module<T>(std::move(name)), alpha_(alpha) {
  if (!(alpha >= 0.0 && alpha < 1.0)) {
    throw ValueError(fmt::format("LeakyReLU: α is {} but must be in [0, 1) (the slope for x < 0)", alpha));
  }
}

template <typename T>
TensorT<T> LeakyReLU<T>::forward(const TensorT<T>& X) {
  ModuleScope scope(X.ctx(), this->name());
  return leaky_relu(X, static_cast<T>(alpha_));
}

template <typename T>
std::string LeakyReLU<T>::describe() const {
  return fmt::format("LeakyReLU α={:g}", alpha_);
}

template <typename T>
TensorT<T> Softmax<T>::forward(const TensorT<T>& X) {
  ModuleScope scope(X.ctx(), this->name());
  return softmax(X);
}

template class Sigmoid<double>;
template class Sigmoid<float>;
template class Tanh<double>;
template class Tanh<float>;
template class ReLU<double>;
template class ReLU<float>;
template class LeakyReLU<double>;
template class LeakyReLU<float>;
template class Softmax<double>;
template class Softmax<float>;

}  // namespace sg
