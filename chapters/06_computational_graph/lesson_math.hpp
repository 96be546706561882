// What the engine does, written small enough to read in one go: a graph of
// scalars as adjacency lists, its topological order, the backward pass that
// adds each path's contribution into a node used twice, and a central
// difference to check it. Plain double, no engine: a student should be able
// to write these (a later issue turns them into graded exercises). The
// chapter runs them on the same expression as the engine and compares.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/error.hpp"

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

// Every node root depends on, parents before children: a depth-first walk
// that visits the parents in operand order and writes a node down once all
// its parents are written (post-order). The engine's topological_order is
// the same walk with an explicit stack.
inline void visit(const SmallGraph& g, int id, std::vector<bool>& seen, std::vector<int>& order) {
  seen[id] = true;
  for (int p : g.nodes[id].parents) {
    if (!seen[p]) visit(g, p, seen, order);
  }
  order.push_back(id);
}

inline std::vector<int> topological_sort(const SmallGraph& g, int root) {
  std::vector<bool> seen(g.nodes.size(), false);
  std::vector<int> order;
  visit(g, root, seen, order);
  return order;
}

// One term of the chain rule: node `to` receives local · upstream from `from`.
struct Contribution {
  int from = 0, to = 0;
  double local = 0.0;     // d from / d to
  double upstream = 0.0;  // d root / d from
  double amount = 0.0;    // local · upstream
};

struct Gradients {
  std::vector<double> grad;                 // d root / d node, by id
  std::vector<Contribution> contributions;  // in the order backward sent them
};

// Reverse topological order: each node sends local · upstream to every
// parent, and a parent used twice ADDS both (+=, never =).
inline Gradients backpropagate(const SmallGraph& g, int root) {
  Gradients r;
  r.grad.assign(g.nodes.size(), 0.0);
  r.grad[root] = 1.0;
  const std::vector<int> order = topological_sort(g, root);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const SmallGraph::Node& n = g.nodes[*it];
    for (std::size_t i = 0; i < n.parents.size(); ++i) {
      double local = 1.0;   // d(a + b)/da = 1
      if (n.op == SmallGraph::Op::Mul) {   // d(a·b)/da = b: the product of the other operands
        for (std::size_t k = 0; k < n.parents.size(); ++k) {
          if (k != i) local *= g.nodes[n.parents[k]].value;
        }
      }
      const Contribution c{*it, n.parents[i], local, r.grad[*it], local * r.grad[*it]};
      r.grad[c.to] += c.amount;
      r.contributions.push_back(c);
    }
  }
  return r;
}

// (f(x + h·e_i) − f(x − h·e_i)) / 2h for every i: the numeric gradient.
inline std::vector<double> central_difference(const std::function<double(const std::vector<double>&)>& f,
                                              std::vector<double> x, double h) {
  if (!(h > 0.0)) throw ValueError("central_difference: the step h must be positive (try 1e-6)");
  std::vector<double> grad(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double saved = x[i];
    x[i] = saved + h;
    const double up = f(x);
    x[i] = saved - h;
    const double down = f(x);
    x[i] = saved;
    grad[i] = (up - down) / (2.0 * h);
  }
  return grad;
}

}  // namespace sg::ch06
