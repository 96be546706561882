// Chapter 4's lesson, one function per part; main.cpp calls them in order.
#pragma once

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch04 {

// checks.cpp: the main graph, every loss on a small fixed example checked
// three ways, and the engine's gradient check of each.
void draw_main_graph(book::Chapter& ch, Context& ctx);
void check_losses(book::Chapter& ch, Context& ctx);
void gradcheck_losses(book::Chapter& ch);

// classification.cpp: accuracy against cross-entropy, the loss of a uniform
// guess over C classes, and log-sum-exp.
void accuracy_vs_cross_entropy(book::Chapter& ch, Context& ctx, double t);
void uniform_guess(book::Chapter& ch, Context& ctx, int classes);
void log_sum_exp(book::Chapter& ch, Context& ctx);

}  // namespace sg::ch04
