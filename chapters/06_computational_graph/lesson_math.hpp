// The engine in miniature, written small enough to read in one go: a graph of
// scalars as adjacency lists. Plain double, no engine. What runs on it, its
// topological order, the backward pass that adds each path's contribution
// into a node used twice, and a central difference to check it, are the
// student's exercises (exercises.hpp). The chapter runs them on the same
// expression as the engine and compares.
#pragma once

#include <string>
#include <vector>

namespace sg::ch06 {

// A node's id is its index: creation order, as in the engine, so parents
// always come before their children.
struct SmallGraph {
  enum class Op { Leaf, Add, Mul };
  struct Node {
    std::string label;
    Op op = Op::Leaf;
    std::vector<int> parents;   // in operand order
    double value = 0.0;
  };
  std::vector<Node> nodes;

  int leaf(std::string label, double value) {
    nodes.push_back({std::move(label), Op::Leaf, {}, value});
    return static_cast<int>(nodes.size()) - 1;
  }
  int op(std::string label, Op op, std::vector<int> parents) {
    nodes.push_back({std::move(label), op, std::move(parents), 0.0});
    nodes.back().value = compute(nodes.back());
    return static_cast<int>(nodes.size()) - 1;
  }
  double compute(const Node& n) const {
    double v = n.op == Op::Mul ? 1.0 : 0.0;
    for (int p : n.parents) v = n.op == Op::Mul ? v * nodes[p].value : v + nodes[p].value;
    return v;
  }
  // Recomputes every op's value from the leaves (after a leaf changed).
  void forward() {
    for (Node& n : nodes) {
      if (n.op != Op::Leaf) n.value = compute(n);
    }
  }
};

}  // namespace sg::ch06
