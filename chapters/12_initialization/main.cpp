// Chapter 12: initialisation. Zeros and constants leave every hidden unit a
// copy of the others (shown: their weights are still equal after training);
// too small and too large normal weights; Xavier for tanh and He for ReLU,
// from the lectures' formulas; a deep network's activations and gradients,
// layer by layer, with the training library's health table.
//
//   ./build/bin/ch12_initialization                 the lesson
//   ./build/bin/ch12_initialization --layers 20     a deeper network
//   ./build/bin/ch12_initialization --step          step through the first updates
//
// The lesson text is docs/book/12-initialization.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chapters/12_initialization/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch12_initialization", "Initialisation",
                   "Zeros and constant weights leave every hidden unit identical, even after training; too "
                   "small and too large normal weights; Xavier for tanh and He for ReLU, from the lectures' "
                   "formulas; per-layer activation and gradient statistics through a 10-layer network "
                   "(histograms; vanishing with sigmoid, exploding with large weights, dead ReLUs) and the "
                   "training library's health table.");
  ch12::Settings s;
  ch.cli().add_option("--width", s.width, "Units per layer of the deep network (4 to 512; default 64, 32 with --quick)")
      ->check(CLI::Range(4, 512));
  ch.cli().add_option("--layers", s.layers, "Hidden layers of the deep network (2 to 50)")
      ->check(CLI::Range(2, 50))
      ->capture_default_str();
  ch.cli().add_option("--steps", s.steps, "Gradient-descent steps of the symmetry part (1 to 10000; default 300, 100 with --quick)")
      ->check(CLI::Range(1, 10000));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    ch12::symmetry(ch, s);
    ch12::scales(ch);
    ch12::deep_statistics(ch, s);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch12_initialization --layers 20     twice as deep: which initialisations survive?\n"
           "  ./build/bin/ch12_initialization --width 256     wider layers: the N(0, 1) rows get worse, Xavier and He do not\n"
           "  ./build/bin/ch12_initialization --step          press n to walk through the constant start's updates\n"
           "  open out/ch12_initialization/hist_tanh_small.svg, hist_tanh_large.svg, hist_tanh_xavier.svg side by side\n"
           "Next chapter: ch13_batch_norm, which normalises every layer's activations as it trains,\n"
           "so that the start matters much less.");
  });
}
