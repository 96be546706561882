#include "engine/optim/adaptive.hpp"

#include <cmath>

namespace sg {

template <typename T>
Adagrad<T>::Adagrad(std::vector<TensorT<T>> params, AdagradOptions o)
    : Optimizer<T>("adagrad", std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  detail::require_nonnegative("adagrad", "lr_decay", o.lr_decay);
  detail::require_nonnegative("adagrad", "initial_accumulator_value", o.initial_accumulator_value);
  detail::require_positive("adagrad", "eps", o.eps);
  this->init_state({{"sum_sq", false, o.initial_accumulator_value}});
}

template <typename T>
void Adagrad<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                        const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const T clr = static_cast<T>(this->lr() / (1.0 + static_cast<double>(t - 1) * o_.lr_decay));
  const T eps = static_cast<T>(o_.eps);
  const Index n = theta.size();
  const T *th = theta.data(), *dth = g.data(), *sum_old = s[0].data();
  T *sum = next[0].data(), *out = after.data();
  SG_INDEPENDENT_ITERATIONS
  for (Index i = 0; i < n; ++i) {   // one pass over memory (see SGD::update)
    sum[i] = sum_old[i] + dth[i] * dth[i];                                   // s ← s + g²
    out[i] = th[i] - clr * dth[i] / (std::sqrt(sum[i]) + eps);
  }
}

template <typename T>
Adadelta<T>::Adadelta(std::vector<TensorT<T>> params, AdadeltaOptions o)
    : Optimizer<T>("adadelta", std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  detail::require_unit("adadelta", "rho", o.rho);
  detail::require_positive("adadelta", "eps", o.eps);
  this->init_state({{"square_avg"}, {"acc_delta"}});
}

template <typename T>
void Adadelta<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t,
                         const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const T rho = static_cast<T>(o_.rho), eps = static_cast<T>(o_.eps), lr = static_cast<T>(this->lr());
  const Index n = theta.size();
  const T *th = theta.data(), *dth = g.data(), *v_old = s[0].data(), *u_old = s[1].data();
  T *v = next[0].data(), *u = next[1].data(), *out = after.data();
  SG_INDEPENDENT_ITERATIONS
  for (Index i = 0; i < n; ++i) {   // one pass over memory (see SGD::update)
    v[i] = rho * v_old[i] + (T(1) - rho) * (dth[i] * dth[i]);
    const T delta = std::sqrt(u_old[i] + eps) / std::sqrt(v[i] + eps) * dth[i];   // Δ = √(u + eps)/√(v + eps)·g
    u[i] = rho * u_old[i] + (T(1) - rho) * (delta * delta);
    out[i] = th[i] - lr * delta;
  }
}

template <typename T>
RMSProp<T>::RMSProp(std::vector<TensorT<T>> params, RMSPropOptions o)
    : Optimizer<T>("rmsprop", std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  detail::require_unit("rmsprop", "alpha", o.alpha);
  detail::require_positive("rmsprop", "eps", o.eps);
  detail::require_unit("rmsprop", "momentum", o.momentum);
  if (o.momentum > 0) this->init_state({{"square_avg"}, {"velocity"}});
  else this->init_state({{"square_avg"}});
}

template <typename T>
void RMSProp<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t,
                        const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const T alpha = static_cast<T>(o_.alpha), eps = static_cast<T>(o_.eps), lr = static_cast<T>(this->lr());
  const Index n = theta.size();
  const T *th = theta.data(), *dth = g.data(), *v_old = s[0].data();
  T *v = next[0].data(), *out = after.data();
  if (o_.momentum > 0) {
    const T mu = static_cast<T>(o_.momentum);
    const T* b_old = s[1].data();
    T* b = next[1].data();
    SG_INDEPENDENT_ITERATIONS
    for (Index i = 0; i < n; ++i) {   // one pass over memory (see SGD::update)
      v[i] = alpha * v_old[i] + (T(1) - alpha) * (dth[i] * dth[i]);
      b[i] = mu * b_old[i] + dth[i] / (std::sqrt(v[i]) + eps);
      out[i] = th[i] - lr * b[i];
    }
  } else {
    SG_INDEPENDENT_ITERATIONS
    for (Index i = 0; i < n; ++i) {
      v[i] = alpha * v_old[i] + (T(1) - alpha) * (dth[i] * dth[i]);
      out[i] = th[i] - lr * dth[i] / (std::sqrt(v[i]) + eps);
    }
  }
}

template class Adagrad<double>;
template class Adagrad<float>;
template class Adadelta<double>;
template class Adadelta<float>;
template class RMSProp<double>;
template class RMSProp<float>;

}  // namespace sg
