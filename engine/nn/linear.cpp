#include "engine/nn/linear.hpp"

#include <cmath>

namespace sg {

template <typename T>
MatT<T> init_matrix(Init init, Index rows, Index cols, Generator& gen) {
  switch (init) {
    case Init::Zeros: return MatT<T>::Zero(rows, cols);
    case Init::Xavier: {
      const double limit = std::sqrt(6.0 / static_cast<double>(rows + cols));
      return gen.uniform_matrix<T>(rows, cols, -limit, limit);
    }
    case Init::He: return gen.normal_matrix<T>(rows, cols, 0.0, std::sqrt(2.0 / static_cast<double>(rows)));
  }
  throw ValueError("init_matrix: unknown initialiser");
}

template <typename T>
Linear<T>::Linear(Context& ctx, std::string name, Index in, Index out, Generator& gen, Init init)
    : name_(std::move(name)) {
  Scope scope(ctx, name_);
  W = ctx.param<T>(init_matrix<T>(init, in, out, gen), "W_" + name_);
  b = ctx.param<T>(MatT<T>::Zero(1, out), "b_" + name_);
}

template <typename T>
TensorT<T> Linear<T>::operator()(const TensorT<T>& X) const {
  Scope scope(W.ctx(), name_);
  return matmul(X, W) + b;
}

template Mat init_matrix(Init, Index, Index, Generator&);
template MatF init_matrix(Init, Index, Index, Generator&);
template class Linear<double>;
template class Linear<float>;

}  // namespace sg
