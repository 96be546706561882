// What a computation graph tells whoever watches it. The engine ships one
// observer, the trace (engine/trace/trace.hpp); autograd talks to it only
// through this interface, so autograd/ does not depend on trace/ (each engine
// folder depends only on the folders before it).
//
// An observer is attached to a Context (`Context ctx(&trace)`). With none
// attached, or with one at level off, an op pays one branch.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/core/shape.hpp"

namespace sg {

template <typename T>
struct Node;

// How much the trace records:
//   off    nothing
//   steps  step/epoch markers and optimiser updates
//   ops    + one forward event per node created and one backward event per
//          node visited by a backward pass (large tensors summarised)
//   full   as ops, but every tensor is written whole
enum class TraceLevel { Off = 0, Steps = 1, Ops = 2, Full = 3 };

class GraphObserver {
 public:
  virtual ~GraphObserver() = default;

  TraceLevel level() const { return level_; }
  // True when events of this level are recorded. Not virtual: it is the one
  // branch every op pays.
  bool wants(TraceLevel level) const { return level_ != TraceLevel::Off && level_ >= level; }

  // A node was created: a leaf, or an op's result (its value is computed).
  virtual void forward(const Node<double>& node) = 0;
  virtual void forward(const Node<float>& node) = 0;
  // The backward function of `node` is about to run (node.grad is its
  // upstream gradient); it then sends zero or more contributions, one per
  // parent it adds into, and end_backward() closes the event.
  virtual void begin_backward(const Node<double>& node) = 0;
  virtual void begin_backward(const Node<float>& node) = 0;
  virtual void contribution(std::int64_t parent, std::string_view formula, const MatT<double>& d) = 0;
  virtual void contribution(std::int64_t parent, std::string_view formula, const MatT<float>& d) = 0;
  virtual void end_backward() = 0;

  // An observer that watches on behalf of another one (it passes every event
  // on: the backward-frame recorder, anomaly mode) names it here, so that
  // whoever looks for the trace behind it (sg::trace_of) finds it.
  virtual GraphObserver* passes_to() const { return nullptr; }

 protected:
  void set_observed_level(TraceLevel level) { level_ = level; }

 private:
  TraceLevel level_ = TraceLevel::Off;
};

// GraphObserver's two precisions in one: Derived writes each callback once,
// as a template (on_forward, on_begin_backward, on_contribution, taking a
// Node<T> or a MatT<T>), and this routes the double and the float calls to it.
template <typename Derived>
class ObserverOf : public GraphObserver {
 public:
  void forward(const Node<double>& node) final { self().on_forward(node); }
  void forward(const Node<float>& node) final { self().on_forward(node); }
  void begin_backward(const Node<double>& node) final { self().on_begin_backward(node); }
  void begin_backward(const Node<float>& node) final { self().on_begin_backward(node); }
  void contribution(std::int64_t parent, std::string_view formula, const MatT<double>& d) final {
    self().on_contribution(parent, formula, d);
  }
  void contribution(std::int64_t parent, std::string_view formula, const MatT<float>& d) final {
    self().on_contribution(parent, formula, d);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

}  // namespace sg
