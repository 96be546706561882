// The parts of chapter 6's lesson, called in order by main().
#pragma once

#include "chapters/06_computational_graph/exercises.hpp"
#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch06 {

// L = (a·b + c)·(a·b), with d = a·b used twice (the fork) and e = d + c.
constexpr double kA = 2.0, kB = -3.0, kC = 10.0;

struct Expression {
  Tensor a, b, c, d, e, L;
};
// The expression in the engine (ctx) ...
Expression build_expression(Context& ctx, double a, double b, double c);
// ... and the same expression as a SmallGraph, node for node in the same order.
SmallGraph build_small_graph(double a, double b, double c);

// The engine's topological order next to the student's topological_sort; throws if they differ.
void show_topological_order(book::Chapter& ch, Expression& x, const SmallGraph& g);
// Runs backward and shows that d's gradient is the sum of its two paths
// (the contributions from the student's backpropagate).
void show_fork(book::Chapter& ch, Expression& x, const SmallGraph& g);
// The student's backpropagate() and central_difference() against the engine, and the engine's gradcheck.
void check_gradients(book::Chapter& ch, Expression& x, const SmallGraph& g);
// The expression's graph (main) and its backward pass, frame by frame.
void draw_expression(book::Chapter& ch, Expression& x);
// Two backward passes without zero_grad: leaf gradients add up.
void backward_twice(book::Chapter& ch, Expression& x);
// A 2-4-4-1 MLP drawn op by op and collapsed layer by layer.
void mlp_two_views(book::Chapter& ch, Context& ctx);

}  // namespace sg::ch06
