// A plain, precision-free copy of (part of) a computation graph: what the
// trace records and what the diagrams draw. Values are converted to double.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tensor.hpp"

namespace sg {

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
  Mat value;
  Mat grad;                            // empty when no gradient reached it
};

template <typename T>
NodeInfo node_info(const Node<T>& n);

// Every node reachable from root, in topological order (parents first).
struct GraphSnapshot {
  std::vector<NodeInfo> nodes;
  std::int64_t root = -1;
  const NodeInfo* find(std::int64_t id) const;
};

template <typename T>
GraphSnapshot snapshot(const TensorT<T>& root);

}  // namespace sg
