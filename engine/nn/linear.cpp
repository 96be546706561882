#include "engine/nn/linear.hpp"

#include <fmt/format.h>

namespace sg {

template <typename T>
Linear<T>::Linear(Context& ctx, std::string name, Index in, Index out, Generator& gen, Init init)
    : Module<T>(std::move(name)) {
  if (in < 1 || out < 1) {
    throw ValueError(fmt::format("Linear {}: in = {} and out = {} must both be >= 1", this->name(), in, out));
  }
  Scope scope(ctx, this->name());
  W = ctx.param<T>(init_matrix<T>(init, in, out, gen), "W_" + this->name());
  b = ctx.param<T>(MatT<T>::Zero(1, out), "b_" + this->name());
}

template <typename T>
std::string Linear<T>::describe() const {
  return fmt::format("Linear {}→{}", in_features(), out_features());
}

template <typename T>
Shape Linear<T>::output_shape(Shape in) const {
  if (in.cols != in_features()) {
    throw ShapeError(fmt::format("{} ({}): input is {} but the layer expects {} columns", this->name(),
                                 describe(), to_string(in), in_features()));
  }
  return {in.rows, out_features()};
}

template <typename T>
TensorT<T> Linear<T>::apply(const TensorT<T>& X) const {
  output_shape(X.shape());
  ModuleScope scope(W.ctx(), this->name());
  return matmul(X, W) + b;
}

template <typename T>
std::vector<NamedParam<T>> Linear<T>::named_params() const {
  return {{this->qualified("W"), W}, {this->qualified("b"), b}};
}

template class Linear<double>;
template class Linear<float>;

}  // namespace sg
