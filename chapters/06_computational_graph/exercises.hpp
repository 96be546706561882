// Chapter 6's exercises: what the engine does, on the small graph of
// lesson_math.hpp. Plain double, no engine. The chapter runs them on the
// same expression as the engine and compares; tests/chapters/ch06_computational_graph/graded.cpp
// grades them.
#pragma once

#include <functional>
#include <vector>

#include "chapters/06_computational_graph/lesson_math.hpp"

namespace sg::ch06 {

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

// Exercise 6.1: every node root depends on, parents before children (exercises/06_computational_graph/exercises.cpp).
std::vector<int> topological_sort(const SmallGraph& g, int root);
// Exercise 6.2: d root / d node for every node, and each contribution sent (exercises/06_computational_graph/exercises.cpp).
Gradients backpropagate(const SmallGraph& g, int root);
// Exercise 6.3: the numeric gradient of f at x by central differences; h > 0 (exercises/06_computational_graph/exercises.cpp).
std::vector<double> central_difference(const std::function<double(const std::vector<double>&)>& f,
                                       std::vector<double> x, double h);

}  // namespace sg::ch06
