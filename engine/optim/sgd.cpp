#include "engine/optim/sgd.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/trace/trace.hpp"

namespace sg {

template <typename T>
void require_finite(const MatT<T>& m, const std::string& what) {
  for (Index r = 0; r < m.rows(); ++r) {
    for (Index c = 0; c < m.cols(); ++c) {
      if (!std::isfinite(m(r, c))) {
        throw ValueError(fmt::format(
            "{} has {} at ({},{}): training diverged; try a smaller learning rate", what,
            m(r, c), r, c));
      }
    }
  }
}

template <typename T>
SGD<T>::SGD(std::vector<TensorT<T>> params, double lr, double momentum)
    : params_(std::move(params)), lr_(lr), momentum_(momentum) {
  if (!(lr > 0)) throw ValueError(fmt::format("sgd: learning rate must be > 0, got {}", lr));
  if (momentum < 0 || momentum >= 1) {
    throw ValueError(fmt::format("sgd: momentum must be in [0, 1), got {}", momentum));
  }
  for (const auto& p : params_) velocity_.push_back(MatT<T>::Zero(p.rows(), p.cols()));
}

template <typename T>
void SGD<T>::step() {
  // Compute and check every new value first, then write them all: a step that
  // fails on one parameter leaves every parameter as it was.
  std::vector<MatT<T>> v(params_.size()), after(params_.size());
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const TensorT<T>& p = params_[i];
    if (!p.has_grad()) continue;   // not reached by the last backward pass
    require_finite(p.grad(), fmt::format("sgd: the gradient of '{}'", describe(p)));
    v[i] = momentum_ > 0 ? MatT<T>(static_cast<T>(momentum_) * velocity_[i] + p.grad()) : p.grad();
    after[i] = p.value() - static_cast<T>(lr_) * v[i];
    require_finite(after[i], fmt::format("sgd: the new value of '{}'", describe(p)));
  }
  for (std::size_t i = 0; i < params_.size(); ++i) {
    TensorT<T>& p = params_[i];
    if (!p.has_grad()) continue;
    Trace* trace = trace_of(p.ctx());
    if (trace && trace->wants(TraceLevel::Steps)) {
      const TraceOptions& o = trace->options();
      UpdateInfo u{p.id(), p.label(), "sgd", lr_, record_tensor(p.value(), o),
                   record_tensor(p.grad(), o), record_tensor(after[i], o), {}, {}};
      if (momentum_ > 0) u.state.emplace_back("velocity", record_tensor(v[i], o));
      trace->update(std::move(u));
    }
    p.value_mut() = std::move(after[i]);
    if (momentum_ > 0) velocity_[i] = std::move(v[i]);
  }
}

template <typename T>
void SGD<T>::zero_grad() {
  for (auto& p : params_) p.zero_grad();
}

template class SGD<double>;
template class SGD<float>;
template void require_finite(const Mat&, const std::string&);
template void require_finite(const MatF&, const std::string&);

}  // namespace sg
