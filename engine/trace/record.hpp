// What the trace records of a graph, and what the diagrams draw: a plain,
// precision-free copy of nodes and tensors, taken once, when the event
// happens. A large tensor is kept as its summary from the start (the trace
// never copies a (784,256) matrix only to throw most of it away); a small one,
// or any one at level full, is kept whole, converted to double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/autograd/tensor.hpp"
#include "engine/trace/summary.hpp"

namespace sg {

// How tensors are kept (every sink writes what was kept).
struct TraceOptions {
  // Tensors with more elements than this are kept as a summary (shape,
  // min, max, mean, norm, first values); at level full, never.
  Index summary_threshold = 16;
  Index summary_first = 4;         // how many first values a summary keeps
  // False at level full: every tensor is kept whole. The Trace sets it
  // whenever its level is set.
  bool summarise = true;
  // Also keep summarised tensors whole: set by the Trace when one of its
  // sinks asks for it (the stepper, whose `p` command prints a node whole).
  bool keep_whole = false;
};

// One tensor as recorded: whole, or its summary.
struct TensorRecord {
  Mat whole;                              // every element (empty when summarised, unless kept)
  std::optional<TensorSummary> summary;   // for large tensors: what the sinks write
  Shape shape() const { return summary ? summary->shape : shape_of(whole); }
  bool empty() const { return shape().size() == 0; }
};

// m as the options keep it.
template <typename T>
TensorRecord record_tensor(const MatT<T>& m, const TraceOptions& options);
// m kept whole, whatever its size (snapshots for diagrams, the frames).
template <typename T>
TensorRecord whole_tensor(const MatT<T>& m);

struct NodeInfo {
  std::int64_t id = 0;
  std::string op;                      // "matmul", or "input"/"param" for leaves
  std::string attr;                    // op parameter, e.g. "α=0.01"
  std::string label;
  std::string scope;
  Role role = Role::Intermediate;
  bool requires_grad = false;
  Shape shape;
  std::vector<std::int64_t> parents;   // ids, in operand order
  std::vector<std::string> formulas;   // one per parent
  bool kink_at_zero = false;
  TensorRecord value;
  TensorRecord grad;                   // empty when no gradient reached it
};

// The node as the options keep its tensors: its value (with_value) and its
// gradient (with_grad).
template <typename T>
NodeInfo node_info(const Node<T>& n, const TraceOptions& options, bool with_grad = true, bool with_value = true);

// Every node reachable from root, in topological order (parents first),
// every tensor whole.
struct GraphSnapshot {
  std::vector<NodeInfo> nodes;
  std::int64_t root = -1;
  const NodeInfo* find(std::int64_t id) const;
};

template <typename T>
GraphSnapshot snapshot(const TensorT<T>& root);

}  // namespace sg
