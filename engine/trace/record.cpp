#include "engine/trace/record.hpp"

namespace sg {

template <typename T>
TensorRecord record_tensor(const MatT<T>& m, const TraceOptions& options) {
  TensorRecord r;
  if (options.summarise && m.size() > options.summary_threshold) {
    r.summary = summarise(m, options.summary_first);
    if (options.keep_whole) r.whole = m.template cast<double>();
  } else {
    r.whole = m.template cast<double>();
  }
  return r;
}

template <typename T>
TensorRecord whole_tensor(const MatT<T>& m) {
  TensorRecord r;
  r.whole = m.template cast<double>();
  return r;
}

template <typename T>
NodeInfo node_info(const Node<T>& n, const TraceOptions& options, bool with_grad, bool with_value) {
  NodeInfo info;
  info.id = n.id;
  info.op = std::string(n.op_name());
  info.attr = n.attr;
  info.label = n.label;
  info.scope = n.scope;
  info.role = n.role;
  info.requires_grad = n.requires_grad;
  info.shape = shape_of(n.value);
  info.parents.reserve(n.parents.size());
  for (const auto& p : n.parents) info.parents.push_back(p->id);
  if (n.op) {
    info.formulas.assign(n.op->formulas.begin(), n.op->formulas.end());
    info.kink_at_zero = n.op->kink_at_zero;
  }
  if (with_value) info.value = record_tensor(n.value, options);
  if (with_grad && n.grad.size() != 0) info.grad = record_tensor(n.grad, options);
  return info;
}

const NodeInfo* GraphSnapshot::find(std::int64_t id) const {
  for (const auto& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

template <typename T>
GraphSnapshot snapshot(const TensorT<T>& root) {
  TraceOptions whole;
  whole.summarise = false;
  GraphSnapshot g;
  for (Node<T>* n : topological_order(root.node())) g.nodes.push_back(node_info(*n, whole));
  g.root = root.id();
  return g;
}

template TensorRecord record_tensor(const Mat&, const TraceOptions&);
template TensorRecord record_tensor(const MatF&, const TraceOptions&);
template TensorRecord whole_tensor(const Mat&);
template TensorRecord whole_tensor(const MatF&);
template NodeInfo node_info(const Node<double>&, const TraceOptions&, bool, bool);
template NodeInfo node_info(const Node<float>&, const TraceOptions&, bool, bool);
template GraphSnapshot snapshot(const Tensor&);
template GraphSnapshot snapshot(const TensorF&);

}  // namespace sg
