// Chapter 12's parts, in the order main() runs them.
#pragma once

#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch12 {

// The command line's settings.
struct Settings {
  int width = 0;    // units per layer of the deep net; 0: 64 (32 with --quick)
  int layers = 10;  // hidden layers of the deep net
  int steps = 0;    // gradient-descent steps of the symmetry part; 0: 300 (100 with --quick)
};

// Part 1: zeros, a constant and random weights on a 2-4-2 tanh network.
void symmetry(book::Chapter& ch, const Settings& s);
// Part 2: the scales, from the lectures' formulas, against the engine's initialisers.
void scales(book::Chapter& ch);
// Part 3: a deep network's activations and gradients, layer by layer, for
// each initialisation: histograms, the health table.
void deep_statistics(book::Chapter& ch, const Settings& s);

}  // namespace sg::ch12
