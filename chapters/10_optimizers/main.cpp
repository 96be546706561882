// Chapter 10: the optimisers. All eight of engine/optim (SGD, momentum,
// Nesterov, Adagrad, Adadelta, RMSProp, Adam, Nadam) race from one start on
// an ill-conditioned quadratic, Rosenbrock's valley, a saddle and a plateau,
// then train one small network; momentum against Nesterov in the lecture's
// form and the engine's, step by step; Adam's bias correction.
//
//   ./build/bin/ch10_optimizers                  the lesson
//   ./build/bin/ch10_optimizers --steps 1000     a longer race
//   ./build/bin/ch10_optimizers --step           step through the first updates
//
// The lesson text is docs/book/10-optimizers.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <string>

#include "chapters/10_optimizers/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch10_optimizers", "Optimisers",
                   "The eight optimisers of engine/optim (SGD, momentum, Nesterov, Adagrad, Adadelta, RMSProp, "
                   "Adam, Nadam) race from one start on an ill-conditioned quadratic, Rosenbrock's valley, a "
                   "saddle and a plateau (one picture per surface), then train a small network; momentum and "
                   "Nesterov in the lecture's form and PyTorch's, with the velocity step by step; RMSProp and "
                   "Adam one step at a time; Adam's bias correction with and without.");
  ch10::Settings s;
  CLI::Option* steps = ch.cli().add_option("--steps", s.steps, "Steps on each surface (10 to 100000; --quick: 50)")
                           ->check(CLI::Range(10, 100000))
                           ->capture_default_str();
  CLI::Option* epochs = ch.cli().add_option("--epochs", s.epochs, "Epochs of the network race (1 to 1000; --quick: 1)")
                            ->check(CLI::Range(1, 1000))
                            ->capture_default_str();
  ch.cli().add_option("--momentum", s.momentum, "μ of momentum and Nesterov (0 < μ < 1)")
      ->check(CLI::Range(0.01, 0.999))
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    if (ch.quick() && steps->count() == 0) s.steps = 50;
    if (ch.quick() && epochs->count() == 0) s.epochs = 1;
    ch10::race_on_surfaces(ch, s);
    ch10::momentum_and_nesterov(ch, s);
    ch10::rmsprop_and_adam_steps(ch);
    ch10::adam_bias_correction(ch);
    ch10::race_on_a_network(ch, s);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch10_optimizers --steps 2000        who reaches Rosenbrock's minimum at all\n"
           "  ./build/bin/ch10_optimizers --momentum 0.99     more momentum: longer swings\n"
           "  ./build/bin/ch10_optimizers --step              walk through the first updates, velocity included\n"
           "  ./build/bin/ch10_optimizers --trace steps       each optimiser's first updates, with its state\n"
           "Next chapter: ch11_learning_rate, too small, too large, decay schedules and the LR range test.");
  });
}
