// Chapter 6's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/06_computational_graph/exercises.hpp"

// SmallGraph (chapters/06_computational_graph/lesson_math.hpp) has member
// functions, but its only data member is `nodes`.
SG_FIELDS(sg::ch06::SmallGraph::Node, v.label, v.op, v.parents, v.value)
SG_FIELDS(sg::ch06::SmallGraph, v.nodes)
SG_FIELDS(sg::ch06::Contribution, v.from, v.to, v.local, v.upstream, v.amount)
SG_FIELDS(sg::ch06::Gradients, v.grad, v.contributions)

SG_EXERCISE(sg::ch06, std::vector<int>, topological_sort, (const sg::ch06::SmallGraph& g, int root), (g, root))
SG_EXERCISE(sg::ch06, sg::ch06::Gradients, backpropagate, (const sg::ch06::SmallGraph& g, int root), (g, root))
SG_EXERCISE(sg::ch06, std::vector<double>, central_difference,
            (const std::function<double(const std::vector<double>&)>& f, std::vector<double> x, double h), (f, x, h))
