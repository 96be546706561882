// The parts of chapter 8's lesson, called in order by main().
#pragma once

#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch08 {

// The network every section checks: a 2-8-8-3 tanh MLP with a softmax
// cross-entropy on 12 points of three spirals. inputs[0] is X (data); then
// W1 (2,8), b1 (1,8), W2 (8,8), b2 (1,8), W3 (8,3), b3 (1,3): 123 numbers.
struct Net {
  std::vector<GradcheckInput> inputs;
  std::vector<int> labels;
  Index parameter_count() const;
};
Net make_net(Generator& gen);

// Layer 2's product: the right one, or one with a planted bug in its backward
// (dW2 transposed), to show a bug inside a whole network.
enum class Layer2 { Right, TransposedBug };
Tensor net_loss(const std::vector<Tensor>& in, const std::vector<int>& labels, Layer2 layer2 = Layer2::Right);

// checks.cpp
// The network's graph, traced, drawn (the main graph).
void draw_network(book::Chapter& ch, const Net& net);
// What a relative error is, its bands, and the student's rel_error/band_name.
void relative_error_and_bands(book::Chapter& ch);
// Full, sampled and directional checks of the whole network; the student's
// sampled_check and directional_check on it, with and without a bug.
void whole_network(book::Chapter& ch, const Net& net);
// The error against the step h in double and in float: the V curve.
void step_size(book::Chapter& ch, const Net& net, bool quick);
// ReLU at and near its kink: what a central difference sees, what gradcheck accepts.
void kinks(book::Chapter& ch);

// bugs.cpp
// Six planted backward bugs, each checked alone, with gradcheck's diagnosis;
// then one inside the network: directional finds it, full names it.
void bug_gallery(book::Chapter& ch, const Net& net);
// The student's softplus layer (exercise 8.4) as an engine op, checked.
void your_layer(book::Chapter& ch);

}  // namespace sg::ch08
