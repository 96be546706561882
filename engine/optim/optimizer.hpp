// The base every optimiser shares: what step() checks, how it commits, what it
// tells the trace, and how its state is saved and restored.
//
// step() in five stages, so that a failed step changes nothing:
//   1. every gradient is checked finite (vectorised; the message names the
//      parameter, the element and its value only when one is not);
//   2. clipping, if configured: by the global L2 norm over all parameters
//      (as torch's clip_grad_norm_, including its +1e-6) and/or by value;
//   3. each optimiser writes the new state and the new value of each parameter
//      into buffers this object owns (allocated once, reused every step) in one
//      pass over the elements, and each new value and state is checked finite;
//   4. only then every parameter and state buffer is committed by swapping
//      buffers (O(1) per matrix);
//   5. one update event per parameter when the trace wants TraceLevel::Steps.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/autograd/tensor.hpp"
#include "engine/core/finite.hpp"
#include "engine/trace/record.hpp"

// Marks a loop whose iterations are independent: each writes only its own
// element of buffers that no iteration reads (the optimisers' updates).
// GCC cannot prove that the buffers behind Eigen's data() pointers do not
// overlap, and without this it keeps such a loop scalar: Adam's step was
// 0.72 s of a 1.3 s epoch (docs/performance.md).
#if defined(__GNUC__) && !defined(__clang__)
#define SG_INDEPENDENT_ITERATIONS _Pragma("GCC ivdep")
#else
#define SG_INDEPENDENT_ITERATIONS
#endif

namespace sg {

// Options every optimiser takes (each options struct repeats these fields so
// that `Adam<double> opt(params, {.lr = 1e-3, .weight_decay = 1e-4})` reads flat).
struct Regularization {
  double weight_decay = 0.0;   // λ ≥ 0
  bool decoupled = false;      // false: g ← g + λθ (L2, torch's weight_decay); true: θ ← θ − lr·λ·θ (AdamW)
  double clip_norm = 0.0;      // > 0: g ← g·min(1, c/(‖g‖ + 1e-6)), ‖g‖ over all parameters
  double clip_value = 0.0;     // > 0: g ← clamp(g, −c, c)
};

// The Regularization part of any optimiser's options struct.
template <typename Options>
Regularization regularization_of(const Options& o) {
  return {o.weight_decay, o.decoupled, o.clip_norm, o.clip_value};
}

// One state buffer of an optimiser, per parameter.
struct StateSpec {
  std::string name;      // "velocity", "m", ...
  bool scalar = false;   // 1x1 (nadam's mu_product) instead of the parameter's shape
  double init = 0.0;     // its value before the first step
};

// Everything a checkpoint needs to continue bit for bit.
struct OptimizerState {
  std::string optimizer;                            // "adam", ...
  std::int64_t steps = 0;                           // committed step() calls
  double lr = 0.0;
  std::vector<std::int64_t> param_steps;            // t of each parameter (skipped ones lag)
  std::vector<std::pair<std::string, Mat>> buffers; // "0/m", "0/v", "1/m", ... (in double)
};

template <typename T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) noexcept = default;   // movable: a model's owner may hold it by value
  Optimizer& operator=(Optimizer&&) noexcept = default;

  // One update of every parameter that has a gradient and requires one.
  // Throws ValueError naming the parameter when a gradient, a new value or a
  // new state buffer is NaN or infinite; then every parameter and every state
  // buffer is as it was.
  void step();
  void zero_grad();

  double lr() const { return lr_; }
  void set_lr(double lr);
  std::int64_t steps() const { return steps_; }
  const std::string& name() const { return name_; }
  const std::vector<TensorT<T>>& params() const { return params_; }
  const Regularization& regularization() const { return reg_; }

  // The state buffer `name` of parameter `i` (after the last committed step).
  const MatT<T>& state_of(std::size_t i, const std::string& name) const;

  OptimizerState state() const;
  // Throws ValueError naming the buffer when `s` does not fit these
  // parameters (another optimiser, a missing buffer, a wrong shape).
  void load_state(const OptimizerState& s);

 protected:
  Optimizer(std::string name, std::vector<TensorT<T>> params, double lr, Regularization reg);
  // Called once by each optimiser's constructor: its state buffers.
  void init_state(std::vector<StateSpec> specs);

  // The optimiser itself: from θ, the gradient g (already clipped and, for
  // coupled decay, with λθ added), the step number t (1 on the first step)
  // and the state s, write the new state into next (same order as the
  // specs) and the new value into after. Must write every element of each.
  // next and after are the slot's own buffers, never θ, g, s or each other,
  // so the loops over their elements are marked SG_INDEPENDENT_ITERATIONS.
  virtual void update(const MatT<T>& theta, const MatT<T>& g, std::int64_t t,
                      const std::vector<MatT<T>>& s, std::vector<MatT<T>>& next,
                      MatT<T>& after) const = 0;
  // The state an update event shows; by default every buffer by name.
  virtual void trace_state(std::int64_t t, const std::vector<MatT<T>>& s, const TraceOptions& o,
                           std::vector<std::pair<std::string, TensorRecord>>& out) const;

  const std::vector<StateSpec>& specs() const { return specs_; }

 private:
  struct Slot {
    std::vector<MatT<T>> state, next;   // committed state, and the buffers the next step writes
    MatT<T> g, after;                   // effective gradient (when clipped or decayed), new value
    const MatT<T>* grad = nullptr;      // what the update reads: &g, or the parameter's own gradient
    std::int64_t t = 0;                 // steps this parameter has taken
    bool active = false;                // moves in the step under way
  };
  void check_and_clip();
  void trace_updates();

  std::string name_;
  std::vector<TensorT<T>> params_;
  double lr_;
  Regularization reg_;
  std::vector<StateSpec> specs_;
  std::vector<Slot> slots_;
  std::int64_t steps_ = 0;
};

// Throws ValueError naming `what` and the first non-finite element of m,
// with the hint "training diverged; try a smaller learning rate".
template <typename T>
void require_finite(const MatT<T>& m, const std::string& what);
// The same, with `what` a function that returns the name: it runs only when
// the check fails (the optimiser checks every matrix at every step, and
// formatting a name each time cost more than the check).
template <typename T, typename WhatFn>
  requires std::invocable<WhatFn>
void require_finite(const MatT<T>& m, WhatFn&& what) {
  if (!all_finite(m)) require_finite(m, std::string(what()));
}

// Option checks shared by the optimisers and schedules. Each throws
// ValueError "<who>: <option> must be <rule>, got <x>"; NaN always fails.
namespace detail {
void require_positive(const std::string& who, const char* option, double x);      // finite, > 0
void require_nonnegative(const std::string& who, const char* option, double x);   // finite, ≥ 0
void require_unit(const std::string& who, const char* option, double x);          // in [0, 1)
void check_regularization(const std::string& who, const Regularization& r);
}  // namespace detail

}  // namespace sg
