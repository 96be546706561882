// The parts of chapter 13's lesson, called in order by main().
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch13 {

// ---- the tiny batch of "Forward, by hand" -------------------------------------
// Four examples (rows) of two features (columns): the pre-activations of two
// units of a hidden layer over a mini-batch of m = 4. Column 1 is 1, 3, 5, 7
// (μ = 4, σ² = 5), column 2 is −2, 0, 1, 5 (μ = 1, σ² = 6.5).
Mat tiny_X();
Mat tiny_gamma();   // (2, 0.5): as if after some training
Mat tiny_beta();    // (1, −1)
Mat tiny_dY();      // dL/dY as it arrives from the layer above
constexpr double kEps = 1e-5;   // the engine's default (PyTorch's)

// "1.234568": how the lesson prints a number in its tables.
std::string num(double v);
// A batch as a table: a column "i" (1-based), then for each named matrix one
// column per feature ("x̂ i1", "x̂ i2", ...).
book::Table batch_table(const std::vector<std::pair<std::string, Mat>>& batches);
// Per-feature rows (j = 1..n) of named (1,n) statistics.
book::Table feature_table(const std::vector<std::pair<std::string, Mat>>& stats);

// ---- the parts ------------------------------------------------------------------
// Algorithm 1 on the tiny batch: the student's bn_forward (13.1) next to the
// engine's op; draws the graph (the chapter's main graph).
void forward_by_hand(book::Chapter& ch, Context& ctx);
// The backward pass through the same batch: the student's bn_backward (13.2)
// against the engine and central differences; the gradient check; what
// scaling the input by 10 does to the output and to the gradient.
void backward_by_hand(book::Chapter& ch, Context& ctx);

// Running statistics and the two modes (BatchNorm1d): the student's
// running_update (13.3) and bn_eval (13.4) against the layer.
struct ModeSettings {
  double momentum = 0.1;   // BatchNorm1d's (PyTorch's) default
  int batches = 50;        // training batches fed to the layer
};
void train_and_eval(book::Chapter& ch, const ModeSettings& s);

// A deep sigmoid network with and without batch norm, at two learning rates.
struct DeepSettings {
  int depth = 4;           // hidden layers
  double lr = 0.5;         // SGD's learning rate, both networks
  double large_lr = 10.0;  // the one only the normalised network survives
  int epochs = 60;
};
void deep_networks(book::Chapter& ch, Context& ctx, const DeepSettings& s);

}  // namespace sg::ch13
