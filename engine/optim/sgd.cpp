#include "engine/optim/sgd.hpp"

namespace sg {

template <typename T>
SGD<T>::SGD(std::vector<TensorT<T>> params, SGDOptions o)
    : Optimizer<T>(o.nesterov ? "nesterov" : "sgd", std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  const std::string& who = this->name();
  detail::require_unit(who, "momentum", o.momentum);
  detail::require_unit(who, "dampening", o.dampening);
  if (o.nesterov && (!(o.momentum > 0) || o.dampening != 0))
    throw ValueError(who + ": nesterov needs momentum > 0 and dampening = 0 (as torch), got momentum " +
                     std::to_string(o.momentum) + " and dampening " + std::to_string(o.dampening));
  if (o.momentum > 0) this->init_state({{"velocity"}});
  else this->init_state({});
}

template <typename T>
void SGD<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                    const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const T lr = static_cast<T>(this->lr());
  if (!(o_.momentum > 0)) {   // θ ← θ − lr·g
    after = theta - lr * g;
    return;
  }
  const T mu = static_cast<T>(o_.momentum);
  MatT<T>& b = next[0];
  if (t == 1) b = g;                                                  // the first buffer is g itself
  else b = mu * s[0] + static_cast<T>(1.0 - o_.dampening) * g;
  if (o_.nesterov) after = theta - lr * (g + mu * b);                 // d = g + μ·b
  else after = theta - lr * b;                                        // d = b
}

template class SGD<double>;
template class SGD<float>;

}  // namespace sg
