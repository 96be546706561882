#include "engine/optim/adaptive.hpp"

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
  next[0] = s[0] + g.cwiseAbs2();                                          // s ← s + g²
  after = theta.array() - clr * g.array() / (next[0].array().sqrt() + eps);
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
  MatT<T>& v = next[0];
  MatT<T>& u = next[1];
  v = rho * s[0] + (T(1) - rho) * g.cwiseAbs2();
  // Δ = √(u + eps)/√(v + eps)·g, written into `after` first (its buffer is free).
  after = (s[1].array() + eps).sqrt() / (v.array() + eps).sqrt() * g.array();
  u = rho * s[1] + (T(1) - rho) * after.cwiseAbs2();
  after = theta - lr * after;
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
  MatT<T>& v = next[0];
  v = alpha * s[0] + (T(1) - alpha) * g.cwiseAbs2();
  if (o_.momentum > 0) {
    MatT<T>& b = next[1];
    b = static_cast<T>(o_.momentum) * s[1].array() + g.array() / (v.array().sqrt() + eps);
    after = theta - lr * b;
  } else {
    after = theta.array() - lr * g.array() / (v.array().sqrt() + eps);
  }
}

template class Adagrad<double>;
template class Adagrad<float>;
template class Adadelta<double>;
template class Adadelta<float>;
template class RMSProp<double>;
template class RMSProp<float>;

}  // namespace sg
