#include "engine/optim/adam.hpp"

#include <cmath>

namespace sg {

namespace {
void check_betas(const std::string& who, double beta1, double beta2, double eps) {
  detail::require_unit(who, "beta1", beta1);
  detail::require_unit(who, "beta2", beta2);
  detail::require_positive(who, "eps", eps);
}
}  // namespace

template <typename T>
Adam<T>::Adam(std::vector<TensorT<T>> params, AdamOptions o)
    : Adam(o.decoupled ? "adamw" : "adam", std::move(params), o) {}

template <typename T>
Adam<T>::Adam(std::string name, std::vector<TensorT<T>> params, AdamOptions o)
    : Optimizer<T>(std::move(name), std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  check_betas(this->name(), o.beta1, o.beta2, o.eps);
  this->init_state({{"m"}, {"v"}});
}

template <typename T>
void Adam<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                     const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const double td = static_cast<double>(t);
  const double bc1 = 1.0 - std::pow(o_.beta1, td), bc2 = 1.0 - std::pow(o_.beta2, td);
  const T b1 = static_cast<T>(o_.beta1), b2 = static_cast<T>(o_.beta2), eps = static_cast<T>(o_.eps);
  const T step_size = static_cast<T>(this->lr() / bc1), root_bc2 = static_cast<T>(std::sqrt(bc2));
  const Index n = theta.size();
  const T *th = theta.data(), *dth = g.data(), *m_old = s[0].data(), *v_old = s[1].data();
  T *m = next[0].data(), *v = next[1].data(), *out = after.data();
  SG_INDEPENDENT_ITERATIONS
  for (Index i = 0; i < n; ++i) {   // one pass over memory (see SGD::update)
    m[i] = b1 * m_old[i] + (T(1) - b1) * dth[i];
    v[i] = b2 * v_old[i] + (T(1) - b2) * (dth[i] * dth[i]);
    out[i] = th[i] - step_size * m[i] / (std::sqrt(v[i]) / root_bc2 + eps);
  }
}

template <typename T>
void Adam<T>::trace_state(std::int64_t t, const std::vector<MatT<T>>& s, const TraceOptions& o,
                          std::vector<std::pair<std::string, TensorRecord>>& out) const {
  const double td = static_cast<double>(t);
  const T bc1 = static_cast<T>(1.0 - std::pow(o_.beta1, td));
  const T bc2 = static_cast<T>(1.0 - std::pow(o_.beta2, td));
  out.emplace_back("m", record_tensor(s[0], o));
  out.emplace_back("v", record_tensor(s[1], o));
  // Only when tracing: the bias-corrected moments, what the step divides.
  out.emplace_back("m_hat", record_tensor(MatT<T>(s[0] / bc1), o));
  out.emplace_back("v_hat", record_tensor(MatT<T>(s[1] / bc2), o));
}

template <typename T>
AdamW<T>::AdamW(std::vector<TensorT<T>> params, AdamWOptions o)
    : Adam<T>("adamw", std::move(params),
              AdamOptions{o.lr, o.beta1, o.beta2, o.eps, o.weight_decay, true, o.clip_norm, o.clip_value}) {}

template <typename T>
Nadam<T>::Nadam(std::vector<TensorT<T>> params, NadamOptions o)
    : Optimizer<T>("nadam", std::move(params), o.lr,
                   regularization_of(o)),
      o_(o) {
  check_betas("nadam", o.beta1, o.beta2, o.eps);
  detail::require_nonnegative("nadam", "momentum_decay", o.momentum_decay);
  this->init_state({{"m"}, {"v"}, {"mu_product", true, 1.0}});
}

template <typename T>
void Nadam<T>::update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                      const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next, MatT<T>& after) const {
  const double td = static_cast<double>(t), b1d = o_.beta1, psi = o_.momentum_decay, lr = this->lr();
  const double bc2 = 1.0 - std::pow(o_.beta2, td);
  const double mu = b1d * (1.0 - 0.5 * std::pow(0.96, td * psi));
  const double mu_next = b1d * (1.0 - 0.5 * std::pow(0.96, (td + 1.0) * psi));
  const double P = static_cast<double>(s[2](0, 0)) * mu;   // P_t = P_{t−1}·μ_t
  const double P_next = P * mu_next;                       // torch ≥ 2.0 (1.13's single-tensor path: P·μ_t·μ_{t+1})
  const T b1 = static_cast<T>(b1d), b2 = static_cast<T>(o_.beta2), eps = static_cast<T>(o_.eps);
  const T root_bc2 = static_cast<T>(std::sqrt(bc2));
  const T cg = static_cast<T>(lr * (1.0 - mu) / (1.0 - P));
  const T cm = static_cast<T>(lr * mu_next / (1.0 - P_next));
  next[2](0, 0) = static_cast<T>(P);
  const Index n = theta.size();
  const T *th = theta.data(), *dth = g.data(), *m_old = s[0].data(), *v_old = s[1].data();
  T *m = next[0].data(), *v = next[1].data(), *out = after.data();
  SG_INDEPENDENT_ITERATIONS
  for (Index i = 0; i < n; ++i) {   // one pass over memory (see SGD::update)
    m[i] = b1 * m_old[i] + (T(1) - b1) * dth[i];
    v[i] = b2 * v_old[i] + (T(1) - b2) * (dth[i] * dth[i]);
    out[i] = th[i] - (cg * dth[i] + cm * m[i]) / (std::sqrt(v[i]) / root_bc2 + eps);
  }
}

template class Adam<double>;
template class Adam<float>;
template class AdamW<double>;
template class AdamW<float>;
template class Nadam<double>;
template class Nadam<float>;

}  // namespace sg
