// Anomaly mode: stop at the first NaN or Inf and say where it came from.
//
//   AnomalyDetector anomaly(ctx);    // attaches to ctx, chains its observer
//   anomaly.set_step(7);             // the training step, for the message
//   Tensor L = ...; L.backward();    // throws ValueError at the first non-finite value
//
// While alive it is the Context's observer and passes every event on to the
// observer it replaced (a trace sees the run as usual, the bad value
// included); the destructor puts that one back. It checks every value made in
// forward (leaves too: a parameter an update made NaN) and every gradient a
// backward step sends. The error names the op, the node (id, label, scope),
// the element, the training step and the min/max/mean of each input, which
// is what one needs to see log(0), 0/0, exp overflow or a learning rate that
// blew the weights up. PyTorch's detect_anomaly prints a traceback only.
//
// Cost: one pass over every value and gradient, so keep it for debugging.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "engine/autograd/tensor.hpp"

namespace sg {

class AnomalyDetector final : public Interposer<AnomalyDetector> {
 public:
  explicit AnomalyDetector(Context& ctx);

  // The training step the message names; -1 (the default): not training.
  void set_step(std::int64_t step) { step_ = step; }
  std::int64_t step() const { return step_; }

  template <typename T> void on_forward(const Node<T>& node);
  template <typename T> void on_begin_backward(const Node<T>& node);
  template <typename T> void on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d);
  void end_backward() override;

 private:
  std::string at_step() const;

  std::int64_t step_ = -1;
  // The node whose backward is running (alive for as long as it runs).
  std::variant<std::monostate, const Node<double>*, const Node<float>*> running_;
};

// "#4 'y' in scope 'layer1'" (no label: "#4", top level: no scope part).
template <typename T>
std::string describe_node(const Node<T>& node);

}  // namespace sg
