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
// children, each once, in the same order as the engine's topological_order.
// docs/book/06-computational-graph.md, section "Topological order", says how
// the engine walks the graph: where it starts, in which order it visits a
// node's parents, and when it writes a node down; it prints the order for
// the chapter's expression. Nodes root does not depend on do not appear.
// A helper function outside the body is not allowed here: a lambda that
// calls itself (it must be given itself, or be a std::function) or an
// explicit stack will do.
// Example: L = (a·b + c)·(a·b), built as a, b, c, d = a·b, e = d + c,
// L = e·d (ids 0..5), gives {0, 1, 3, 2, 4, 5}; z = x·x + x gives {0, 1, 2}.
// Classic mistakes: a node written down before its parents (pre-order,
// {5, 4, 3, 0, 1, 2}), a node reached twice listed twice (d is reached from
// e and from L), and parents visited by id instead of in operand order.
// Check: build/bin/grade --exercise 6.1
std::vector<int> topological_sort(const SmallGraph& g, int root) {
  // Exercise 6.1 (topological_sort): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 6.1 (topological_sort) is not implemented yet: open exercises/06_computational_graph/exercises.cpp. Hint: every node root depends on, once, parents first, in the engine's order (lesson \"Topological order\"); L = (a·b + c)·(a·b) gives {0, 1, 3, 2, 4, 5}, and {5, 4, 3, 0, 1, 2} is pre-order");
}

// ---- Exercise 6.2 (backpropagate) -------------------------------------------------
// d root / d node for every node of g (grad has one entry per node, by id;
// nodes root does not depend on keep 0), by the backward pass: start at the
// root, whose gradient with respect to itself is known, walk the nodes in
// reverse topological order (your topological_sort, exercise 6.1) and send
// each node's gradient on to its parents by the chain rule.
// docs/book/06-computational-graph.md, section "The fork: gradients add up",
// does this by hand for the chapter's expression and gives the local
// derivative of an Add and of a Mul with any number of operands.
// Record every chain-rule term you send: for each node n in reverse
// topological order, for each parent p of n in operand order, append
// Contribution{n, p, local, upstream, amount} (exercises.hpp) to
// contributions, in that order. The chapter prints d's contributions.
// Example: L = (a·b + c)·(a·b) at a = 2, b = −3, c = 10 gives grad
// (a b c d e L) = (6, −4, −6, −2, −6, 1); y = x·x at x = 3 gives grad[x] = 6.
// Classic mistakes: at a fork the second contribution replacing the first
// (d must end at 4 + (−6) = −2, not at 4 or −6), and the product itself
// where the local derivative of a Mul is needed.
// Check: build/bin/grade --exercise 6.2
Gradients backpropagate(const SmallGraph& g, int root) {
  // Exercise 6.2 (backpropagate): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 6.2 (backpropagate) is not implemented yet: open exercises/06_computational_graph/exercises.cpp. Hint: walk your topological order backwards, sending each node's gradient to its parents by the chain rule (lesson \"The fork: gradients add up\"); L = (a·b + c)·(a·b) at a=2, b=−3, c=10 gives dL/dd = −2, and 4 or −6 means a path was lost");
}

// ---- Exercise 6.3 (central_difference) --------------------------------------------
// The numeric gradient of f at x: grad[i] is the central difference of
// exercise 1.2 taken along coordinate i alone, every other coordinate held
// where it is. docs/book/06-computational-graph.md, section "Checking every
// gradient", explains it and uses it on a, b, c (why the difference is
// centred: docs/book/01-gradient-descent.md, "2. The derivative three
// ways"). x is a copy you may change: move x[i], call f, and put x[i] back
// before the next coordinate.
// A step h that is not positive (0, negative, NaN) is an error: throw
//   sg::ValueError("central_difference: the step h must be positive (try 1e-6)")
// before calling f. Every comparison with NaN is false: write the test so
// that NaN fails it.
// Example: f(x) = x0² + 3·x0·x1 at (1, 2) with h = 1e-3 gives (8, 3);
// x0·x1·x2 at (1, 2, 3) gives (6, 3, 2).
// Classic mistakes: x[i] left moved, so every later coordinate is measured
// at the wrong point, dividing by h, and a test `h <= 0` that lets NaN
// through.
// Check: build/bin/grade --exercise 6.3
std::vector<double> central_difference(const std::function<double(const std::vector<double>&)>& f,
                                       std::vector<double> x, double h) {
  // Exercise 6.3 (central_difference): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 6.3 (central_difference) is not implemented yet: open exercises/06_computational_graph/exercises.cpp. Hint: exercise 1.2's difference along each coordinate in turn, x[i] put back each time (lesson \"Checking every gradient\"); h ≤ 0 or NaN throws first; x0² + 3·x0·x1 at (1, 2) gives (8, 3)");
}

}  // namespace sg::ch06
