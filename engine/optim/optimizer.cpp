#include "engine/optim/optimizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/trace/trace.hpp"

namespace sg {

template <typename T>
void require_finite(const MatT<T>& m, const std::string& what) {
  if (all_finite(m)) return;   // the common case: one vectorised pass
  for (Index c = 0; c < m.cols(); ++c) {   // storage order (column-major): the first bad element
    for (Index r = 0; r < m.rows(); ++r) {
      if (!std::isfinite(m(r, c))) {
        throw ValueError(fmt::format(
            "{} has {} at ({},{}): training diverged; try a smaller learning rate", what,
            m(r, c), r, c));
      }
    }
  }
}

namespace detail {
void require_positive(const std::string& who, const char* option, double x) {
  if (!(x > 0) || !std::isfinite(x))
    throw ValueError(fmt::format("{}: {} must be a finite number > 0, got {}", who, option, x));
}
void require_nonnegative(const std::string& who, const char* option, double x) {
  if (!(x >= 0) || !std::isfinite(x))
    throw ValueError(fmt::format("{}: {} must be a finite number ≥ 0, got {}", who, option, x));
}
void require_unit(const std::string& who, const char* option, double x) {
  if (!(x >= 0 && x < 1))
    throw ValueError(fmt::format("{}: {} must be in [0, 1), got {}", who, option, x));
}
void check_regularization(const std::string& who, const Regularization& r) {
  require_nonnegative(who, "weight_decay", r.weight_decay);
  require_nonnegative(who, "clip_norm", r.clip_norm);
  require_nonnegative(who, "clip_value", r.clip_value);
}
}  // namespace detail

template <typename T>
Optimizer<T>::Optimizer(std::string name, std::vector<TensorT<T>> params, double lr,
                        Regularization reg)
    : name_(std::move(name)), params_(std::move(params)), lr_(lr), reg_(reg) {
  detail::require_positive(name_, "lr", lr);
  detail::check_regularization(name_, reg);
}

template <typename T>
void Optimizer<T>::set_lr(double lr) {
  detail::require_positive(name_, "lr", lr);
  lr_ = lr;
}

template <typename T>
void Optimizer<T>::init_state(std::vector<StateSpec> specs) {
  specs_ = std::move(specs);
  slots_.assign(params_.size(), Slot{});
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Index R = params_[i].rows(), C = params_[i].cols();
    Slot& s = slots_[i];
    for (const StateSpec& spec : specs_) {
      const Index r = spec.scalar ? 1 : R, c = spec.scalar ? 1 : C;
      s.state.push_back(MatT<T>::Constant(r, c, static_cast<T>(spec.init)));
      s.next.push_back(MatT<T>::Zero(r, c));
    }
    const bool modifies = reg_.clip_norm > 0 || reg_.clip_value > 0 || (reg_.weight_decay > 0 && !reg_.decoupled);
    if (modifies) s.g = MatT<T>::Zero(R, C);   // otherwise the update reads the gradient in place
    s.after = MatT<T>::Zero(R, C);
  }
}

template <typename T>
const MatT<T>& Optimizer<T>::state_of(std::size_t i, const std::string& name) const {
  if (i >= slots_.size())
    throw ValueError(fmt::format("{}: no parameter {} (there are {})", name_, i, slots_.size()));
  for (std::size_t k = 0; k < specs_.size(); ++k)
    if (specs_[k].name == name) return slots_[i].state[k];
  throw ValueError(fmt::format("{}: no state buffer '{}'", name_, name));
}

// Stages 1 and 2: which parameters move, are their gradients numbers, and
// the effective gradient of each (clipped, then coupled weight decay added).
template <typename T>
void Optimizer<T>::check_and_clip() {
  double total_sq = 0.0;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const TensorT<T>& p = params_[i];
    Slot& s = slots_[i];
    s.active = p.requires_grad() && p.has_grad();   // no gradient: not reached by the last backward
    if (!s.active) continue;
    if (p.grad().rows() != p.rows() || p.grad().cols() != p.cols())
      throw ShapeError(fmt::format("{}: the gradient of '{}' is {} but the parameter is {}", name_,
                                   describe(p), to_string(shape_of(p.grad())), to_string(shape_of(p.value()))));
    // The updates write element by element into buffers sized when the
    // optimiser was made: a parameter resized since then must not reach them.
    if (s.after.rows() != p.rows() || s.after.cols() != p.cols())
      throw ShapeError(fmt::format("{}: parameter '{}' is {} but was {} when the optimiser was made: make a new "
                                   "optimiser after changing a parameter's shape", name_, describe(p),
                                   to_string(shape_of(p.value())), to_string(shape_of(s.after))));
    require_finite(p.grad(), [&] { return fmt::format("{}: the gradient of '{}'", name_, describe(p)); });
    if (reg_.clip_norm > 0) total_sq += static_cast<double>(p.grad().squaredNorm());
  }
  // torch: c = min(1, max_norm / (total + 1e-6)), and g ← c·g even when c = 1.
  const T c = reg_.clip_norm > 0
                  ? static_cast<T>(std::min(1.0, reg_.clip_norm / (std::sqrt(total_sq) + 1e-6)))
                  : T(1);
  const T cv = static_cast<T>(reg_.clip_value);
  const T wd = static_cast<T>(reg_.weight_decay);
  const bool modifies = reg_.clip_norm > 0 || reg_.clip_value > 0 || (reg_.weight_decay > 0 && !reg_.decoupled);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.active) continue;
    const TensorT<T>& p = params_[i];
    s.grad = &p.grad();
    if (!modifies) continue;   // the common case: the update reads p.grad() itself, no copy
    if (reg_.clip_norm > 0) s.g = c * p.grad();
    else s.g = p.grad();   // same size: Eigen copies into the buffer, no allocation
    if (reg_.clip_value > 0) s.g = s.g.cwiseMax(-cv).cwiseMin(cv);
    if (reg_.weight_decay > 0 && !reg_.decoupled) s.g += wd * p.value();
    s.grad = &s.g;
  }
}

template <typename T>
void Optimizer<T>::step() {
  check_and_clip();
  const T decay = static_cast<T>(lr_ * reg_.weight_decay);
  for (std::size_t i = 0; i < params_.size(); ++i) {   // stage 3: into our own buffers
    Slot& s = slots_[i];
    if (!s.active) continue;
    const TensorT<T>& p = params_[i];
    update(p.value(), *s.grad, s.t + 1, s.state, s.next, s.after);
    // AdamW: θ ← θ(1 − lr·λ) − update; the update does not read θ, so subtracting
    // lr·λ·θ afterwards is the same up to rounding.
    if (reg_.weight_decay > 0 && reg_.decoupled) s.after -= decay * p.value();
    require_finite(s.after, [&] { return fmt::format("{}: the new value of '{}'", name_, describe(p)); });
    // A state that overflowed can leave the value finite (Adam's v = inf makes
    // the step 0) and stall training silently: it is refused too.
    for (std::size_t k = 0; k < s.next.size(); ++k)
      require_finite(s.next[k], [&] { return fmt::format("{}: the new {} of '{}'", name_, specs_[k].name, describe(p)); });
  }
  trace_updates();   // before the commit: the events read the old values
  for (std::size_t i = 0; i < params_.size(); ++i) {   // stage 4: commit, O(1) per matrix
    Slot& s = slots_[i];
    if (!s.active) continue;
    params_[i].value_mut().swap(s.after);
    for (std::size_t k = 0; k < s.state.size(); ++k) s.state[k].swap(s.next[k]);
    ++s.t;
  }
  ++steps_;
}

template <typename T>
void Optimizer<T>::trace_updates() {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const TensorT<T>& p = params_[i];
    const Slot& s = slots_[i];
    const bool frozen = !p.requires_grad();
    if (!s.active && !frozen) continue;
    Trace* trace = trace_of(p.ctx());
    if (!trace || !trace->wants(TraceLevel::Steps)) continue;
    const TraceOptions& o = trace->options();
    UpdateInfo u{p.id(), p.label(), name_, lr_, record_tensor(p.value(), o), {}, {}, {}, {}};
    if (frozen) {
      if (p.has_grad()) u.grad = record_tensor(p.grad(), o);
      u.after = u.before;
      u.note = "frozen: not updated";
    } else {
      u.grad = record_tensor(*s.grad, o);   // the gradient the update used (clipped, with L2)
      u.after = record_tensor(s.after, o);
      trace_state(s.t + 1, s.next, o, u.state);
    }
    trace->update(std::move(u));
  }
}

template <typename T>
void Optimizer<T>::trace_state(std::int64_t, const std::vector<MatT<T>>& s, const TraceOptions& o,
                               std::vector<std::pair<std::string, TensorRecord>>& out) const {
  for (std::size_t k = 0; k < specs_.size(); ++k) out.emplace_back(specs_[k].name, record_tensor(s[k], o));
}

template <typename T>
void Optimizer<T>::zero_grad() {
  for (auto& p : params_) p.zero_grad();
}

template <typename T>
OptimizerState Optimizer<T>::state() const {
  OptimizerState out{name_, steps_, lr_, {}, {}};
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    out.param_steps.push_back(slots_[i].t);
    for (std::size_t k = 0; k < specs_.size(); ++k)
      out.buffers.emplace_back(fmt::format("{}/{}", i, specs_[k].name),
                               slots_[i].state[k].template cast<double>());
  }
  return out;
}

template <typename T>
void Optimizer<T>::load_state(const OptimizerState& st) {
  // Validate everything first: a state that does not fit changes nothing.
  if (st.optimizer != name_)
    throw ValueError(fmt::format("{}: cannot load the state of a '{}' optimiser", name_, st.optimizer));
  detail::require_positive(name_, "lr (in the loaded state)", st.lr);
  if (st.steps < 0) throw ValueError(fmt::format("{}: the loaded step count is {} < 0", name_, st.steps));
  if (st.param_steps.size() != slots_.size())
    throw ValueError(fmt::format("{}: the state is for {} parameters but this optimiser has {}",
                                 name_, st.param_steps.size(), slots_.size()));
  const std::size_t want = slots_.size() * specs_.size();
  if (st.buffers.size() != want)
    throw ValueError(fmt::format("{}: the state has {} buffers but {} parameters × {} buffers = {} are needed",
                                 name_, st.buffers.size(), slots_.size(), specs_.size(), want));
  for (std::size_t i = 0, j = 0; i < slots_.size(); ++i) {
    for (std::size_t k = 0; k < specs_.size(); ++k, ++j) {
      const std::string expect = fmt::format("{}/{}", i, specs_[k].name);
      const auto& [name, m] = st.buffers[j];
      if (name != expect)
        throw ValueError(fmt::format("{}: state buffer {} is '{}', expected '{}'", name_, j, name, expect));
      const MatT<T>& own = slots_[i].state[k];
      if (m.rows() != own.rows() || m.cols() != own.cols())
        throw ValueError(fmt::format("{}: state buffer '{}' is {} but parameter '{}' needs {}", name_,
                                     name, to_string(shape_of(m)), describe(params_[i]), to_string(shape_of(own))));
    }
  }
  for (std::size_t i = 0, j = 0; i < slots_.size(); ++i) {
    slots_[i].t = st.param_steps[i];
    for (std::size_t k = 0; k < specs_.size(); ++k, ++j)
      slots_[i].state[k] = st.buffers[j].second.template cast<T>();
  }
  steps_ = st.steps;
  lr_ = st.lr;
}

template class Optimizer<double>;
template class Optimizer<float>;
template void require_finite(const Mat&, const std::string&);
template void require_finite(const MatF&, const std::string&);

}  // namespace sg
