// Chapter 6's exercises: the engine's three algorithms, on a graph small
// enough to print. Read docs/book/06-computational-graph.md first. The graph
// is SmallGraph (chapters/06_computational_graph/lesson_math.hpp): node ids
// are indices in creation order, each node lists its parents in operand
// order, ops are Leaf, Add (a sum of its operands) and Mul (their product).
// The chapter (build/bin/ch06_computational_graph) runs your functions on
// L = (a·b + c)·(a·b) and compares them with the engine node by node.
#include "chapters/06_computational_graph/exercises.hpp"

#include <cstddef>

#include "engine/core/error.hpp"

namespace sg::ch06 {

// ---- Exercise 6.1 (topological_sort) ---------------------------------------------
// The ids of every node `root` depends on (root included), parents before
// children, each once: a depth-first walk from root that visits a node's
// parents IN OPERAND ORDER and writes the node down after all its parents
// (post-order). For L = (a·b + c)·(a·b), built as a, b, c, d = a·b,
// e = d + c, L = e·d (ids 0..5), the order is a b d c e L = {0, 1, 3, 2, 4, 5}:
// the same as the engine's topological_order. Remember which nodes you have
// seen: d is reached twice (from e and from L) and must appear once. Nodes
// root does not depend on do not appear. A recursive lambda needs to be
// given itself (or a std::function); a helper function outside the body is
// not allowed here.
// Check: build/bin/grade --exercise 6.1
std::vector<int> topological_sort(const SmallGraph& g, int root) {
  // BEGIN SOLUTION 6.1 topological_sort: depth-first from root; visit unseen parents in operand order, then push the node
  std::vector<bool> seen(g.nodes.size(), false);
  std::vector<int> order;
  const auto visit = [&g, &seen, &order](const auto& self, int id) -> void {
    seen[id] = true;
    for (int p : g.nodes[id].parents) {
      if (!seen[p]) self(self, p);
    }
    order.push_back(id);
  };
  visit(visit, root);
  return order;
  // END SOLUTION
}

// ---- Exercise 6.2 (backpropagate) -------------------------------------------------
// d root / d node for every node of g (grad has one entry per node, by id;
// nodes root does not depend on keep 0), by the backward pass:
//   grad[root] = 1; then for each node n in REVERSE topological order
//   (your topological_sort, exercise 6.1), for each parent p of n, in
//   operand order:
//       local    = d n / d p:  1 for Add; for Mul the product of the OTHER
//                  operands (d(a·b)/da = b; x·x has two operands, both x)
//       upstream = grad[n]
//       grad[p] += local · upstream          (+=, never =: a fork adds up)
//   and append Contribution{n, p, local, upstream, local · upstream} to
//   contributions, in that order. The chapter prints d's contributions.
// Check: build/bin/grade --exercise 6.2
Gradients backpropagate(const SmallGraph& g, int root) {
  // BEGIN SOLUTION 6.2 backpropagate: grad[root] = 1, walk your topological order backwards, and ADD local · upstream into each parent
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
  // END SOLUTION
}

// ---- Exercise 6.3 (central_difference) --------------------------------------------
// The numeric gradient of f at x, one coordinate at a time:
//   grad[i] = (f(x + h·e_i) − f(x − h·e_i)) / 2h
// where e_i is 1 at i and 0 elsewhere. x is a copy: change x[i], call f, and
// put x[i] back before the next coordinate, or every later coordinate is
// measured at the wrong point. The error of the central difference is
// O(h²), the one-sided (f(x + h) − f(x))/h only O(h). A step h that is not
// positive (0, negative, NaN) is an error: throw
//   sg::ValueError("central_difference: the step h must be positive (try 1e-6)")
// before calling f.
// Check: build/bin/grade --exercise 6.3
std::vector<double> central_difference(const std::function<double(const std::vector<double>&)>& f,
                                       std::vector<double> x, double h) {
  // BEGIN SOLUTION 6.3 central_difference: check h > 0 first; for each i, f at x[i] + h and at x[i] − h, over 2h, then restore x[i]
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
  // END SOLUTION
}

}  // namespace sg::ch06
