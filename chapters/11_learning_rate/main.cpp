// Chapter 11: the learning rate. One network on two moons, trained with a rate
// too small, too large and right; the lecture's decay schedules (step,
// exponential, 1/t) side by side; the LR range test and how to read it.
//
//   ./build/bin/ch11_learning_rate                the lesson
//   ./build/bin/ch11_learning_rate --lr 2         another "right" rate (and α0 of the schedules)
//   ./build/bin/ch11_learning_rate --step         step through the first updates
//
// The lesson text is docs/book/11-learning-rate.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <string>

#include "chapters/11_learning_rate/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch11_learning_rate", "The learning rate",
                   "One network on two moons trained with a learning rate too small, too large and right "
                   "(loss curves); the lecture's decay schedules (step, exponential, 1/t) side by side, their "
                   "rates and the loss they give; the LR range test and how to read it.");
  ch11::Settings s;
  ch.cli().add_option("--lr", s.lr, "The right learning rate of part 1 (1e-6 to 10)")
      ->check(CLI::Range(1e-6, 10.0))
      ->capture_default_str();
  ch.cli().add_option("--lr0", s.lr0, "α0, the starting rate of every schedule in part 2 (1e-6 to 10)")
      ->check(CLI::Range(1e-6, 10.0))
      ->capture_default_str();
  ch.cli().add_option("--epochs", s.epochs, "Epochs of every run (1 to 5000; default 150, 30 with --quick)")
      ->check(CLI::Range(1, 5000));
  ch.cli().add_option("--batch", s.batch, "Mini-batch of the schedules' runs (1 to 200; default 20, 50 with --quick)")
      ->check(CLI::Range(1, 200));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const ch11::Problem p = ch11::make_problem(ch, s);
    ch11::describe_problem(ch, p);
    ch11::three_learning_rates(ch, p, s);
    ch11::decay_schedules(ch, p, s);
    ch11::range_test(ch, p, s);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch11_learning_rate --lr 2          is 2 still right with full batches? and 20 × 2 = 40?\n"
           "  ./build/bin/ch11_learning_rate --epochs 2000   the small rate, given time\n"
           "  ./build/bin/ch11_learning_rate --lr0 1         a start that a constant rate survives: what do decays gain?\n"
           "  ./build/bin/ch11_learning_rate --batch 200     part 2 without batch noise\n"
           "  ./build/bin/ch11_learning_rate --step          press n to walk through the first updates\n"
           "  open out/ch11_learning_rate/range_test.svg and find the steepest point by eye\n"
           "Next chapter: ch12_initialization, where the weights start (zeros, too small, too large,\n"
           "Xavier, He) and what that does to every layer's activations and gradients.");
  });
}
