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

// One pass over the elements, reading θ, g and b and writing the new b and θ
// (as llm.c writes its optimiser: one Eigen statement per line would be one
// pass over memory per line).
template <typename T>
void SGD<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                    const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const T lr = static_cast<T>(this->lr());
  const Index n = theta.size();
  const T* th = theta.data();
  const T* dth = g.data();
  T* out = after.data();
  if (!(o_.momentum > 0)) {   // θ ← θ − lr·g
    SG_INDEPENDENT_ITERATIONS
    for (Index i = 0; i < n; ++i) out[i] = th[i] - lr * dth[i];
    return;
  }
  const T mu = static_cast<T>(o_.momentum), keep = static_cast<T>(1.0 - o_.dampening);
  const T* b_old = s[0].data();
  T* b = next[0].data();
  SG_INDEPENDENT_ITERATIONS
  for (Index i = 0; i < n; ++i) {
    b[i] = t == 1 ? dth[i] : mu * b_old[i] + keep * dth[i];             // the first buffer is g itself
    out[i] = th[i] - lr * (o_.nesterov ? dth[i] + mu * b[i] : b[i]);   // d = g + μ·b, or b
  }
}

template class SGD<double>;
template class SGD<float>;

}  // namespace sg
