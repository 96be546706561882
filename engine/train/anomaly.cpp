// Anomaly mode (anomaly.hpp).
#include "engine/train/anomaly.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/core/finite.hpp"
#include "engine/trace/summary.hpp"

namespace sg {

namespace {

// The first non-finite element of m in reading order, as "nan at (r,c)".
template <typename T>
std::optional<std::string> first_non_finite(const MatT<T>& m) {
  if (all_finite(m)) return std::nullopt;   // the fast path: one vectorised pass
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c)
      if (!std::isfinite(m(r, c))) return fmt::format("{} at ({},{})", static_cast<double>(m(r, c)), r, c);
  return std::nullopt;
}

template <typename T>
std::string stats(const MatT<T>& m) {
  const TensorSummary s = summarise(m, 0);
  return fmt::format("{} min {:.6g} max {:.6g} mean {:.6g}", to_string(s.shape), s.min, s.max, s.mean);
}

template <typename T>
std::string inputs_of(const Node<T>& node) {
  if (node.parents.empty()) return "its inputs were not recorded (made under NoGrad)";
  std::string out = "its inputs:";
  for (std::size_t i = 0; i < node.parents.size(); ++i) {
    const Node<T>& p = *node.parents[i];
    out += fmt::format(" [{}] {} {};", i, describe_node(p), stats(p.value));
  }
  out.pop_back();
  return out;
}

}  // namespace

template <typename T>
std::string describe_node(const Node<T>& node) {
  std::string out = fmt::format("#{}", node.id);
  if (!node.label.empty()) out += fmt::format(" '{}'", node.label);
  if (!node.scope.empty()) out += fmt::format(" in scope '{}'", node.scope);
  return out;
}

AnomalyDetector::AnomalyDetector(Context& ctx) : Interposer(ctx) {
  set_observed_level(TraceLevel::Ops);   // autograd sends every node and every contribution
}

std::string AnomalyDetector::at_step() const {
  return step_ < 0 ? std::string() : fmt::format(" at training step {}", step_);
}

template <typename T>
void AnomalyDetector::on_forward(const Node<T>& node) {
  if (GraphObserver* next = pass_on()) next->forward(node);
  const std::optional<std::string> bad = first_non_finite(node.value);
  if (!bad) return;
  if (node.is_leaf() && !node.op) {
    throw ValueError(fmt::format(
        "anomaly: leaf {} ({}) holds {}{}: a parameter went non-finite in an update (is the "
        "learning rate too large?) or the data has NaN/Inf in it", describe_node(node),
        to_string(node.role), *bad, at_step()));
  }
  throw ValueError(fmt::format(
      "anomaly: forward of op '{}' made {} in node {}{}; {}. This is the first non-finite value: "
      "look for log of 0, division by 0, exp of a large number, or weights a large learning rate "
      "blew up", node.op_name(), *bad, describe_node(node), at_step(), inputs_of(node)));
}

template <typename T>
void AnomalyDetector::on_begin_backward(const Node<T>& node) {
  running_ = &node;
  if (GraphObserver* next = pass_on()) next->begin_backward(node);
}

template <typename T>
void AnomalyDetector::on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d) {
  if (GraphObserver* next = pass_on()) next->contribution(parent, formula, d);
  const std::optional<std::string> bad = first_non_finite(d);
  if (!bad) return;
  const auto* node = std::get_if<const Node<T>*>(&running_);
  running_ = std::monostate{};
  if (!node) {
    throw ValueError(fmt::format("anomaly: a backward step sent {} to node #{}{}", *bad, parent, at_step()));
  }
  const Node<T>& n = **node;
  throw ValueError(fmt::format(
      "anomaly: backward of op '{}' at node {} sent {} to its input #{} (by {}){}; the node's value "
      "{}, its upstream gradient {}; {}. The forward values were finite, so the derivative blew "
      "up: log or sqrt near 0, division by a small number, or a huge upstream gradient",
      n.op_name(), describe_node(n), *bad, parent, formula.empty() ? std::string_view("?") : formula,
      at_step(), stats(n.value), stats(n.grad), inputs_of(n)));
}

void AnomalyDetector::end_backward() {
  running_ = std::monostate{};
  if (GraphObserver* next = pass_on()) next->end_backward();
}

template void AnomalyDetector::on_forward(const Node<double>&);
template void AnomalyDetector::on_forward(const Node<float>&);
template void AnomalyDetector::on_begin_backward(const Node<double>&);
template void AnomalyDetector::on_begin_backward(const Node<float>&);
template void AnomalyDetector::on_contribution(std::int64_t, std::string_view, const Mat&);
template void AnomalyDetector::on_contribution(std::int64_t, std::string_view, const MatF&);

template std::string describe_node(const Node<double>&);
template std::string describe_node(const Node<float>&);

}  // namespace sg
