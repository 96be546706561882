// Chapter 9: batch, stochastic and mini-batch gradient descent on one
// problem, a line fitted to N points: iterations per epoch (⌈N/B⌉), updates
// per run, the loss against updates, epochs and wall time, the noise of small
// batches against its formula, and the lecture's batch-size advice measured.
//
//   ./build/bin/ch09_minibatch                  the lesson
//   ./build/bin/ch09_minibatch --batch 100      another mini-batch size
//   ./build/bin/ch09_minibatch --step           step through the first updates
//
// The lesson text is docs/book/09-minibatch.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "chapters/09_minibatch/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch09_minibatch", "Mini-batch gradient descent",
                   "Batch, stochastic and mini-batch gradient descent on the same problem (a line fitted to "
                   "N points): iterations per epoch ⌈N/B⌉ and updates per run, counted by the DataLoader; "
                   "the loss against updates, epochs and wall time; the noise of a batch gradient against "
                   "(σ²/B)(N−B)/(N−1); a larger and a decaying learning rate; the lectures' batch-size "
                   "advice as a table of measurements.");
  ch09::Settings s;
  ch.cli().add_option("--lr", s.lr, "Learning rate of the race (0 < lr <= 1)")
      ->check(CLI::PositiveNumber)
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  CLI::Option* batch = ch.cli().add_option("--batch", s.batch, "B of the mini-batch run (1 to --examples)")
                           ->check(CLI::Range(1, 100000))
                           ->capture_default_str();
  CLI::Option* epochs = ch.cli().add_option("--epochs", s.epochs, "Epochs of each run (1 to 1000; --quick: 2)")
                            ->check(CLI::Range(1, 1000))
                            ->capture_default_str();
  ch.cli().add_option("--examples", s.examples, "N, the training points (16 to 100000)")
      ->check(CLI::Range(16, 100000))
      ->capture_default_str();
  ch.cli().parse_complete_callback([&] {
    if (batch->count() == 0) s.batch = std::min(s.batch, s.examples);   // the default 32 on fewer examples
    if (s.batch > s.examples) {
      throw CLI::ValidationError("--batch", fmt::format("B = {} is more than the N = {} examples (--examples): "
                                                        "a batch cannot hold more examples than there are",
                                                        s.batch, s.examples));
    }
  });

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    if (ch.quick() && epochs->count() == 0) s.epochs = 2;
    Generator gen = ch.generator();
    const ch09::Problem p = ch09::make_problem(s.examples, gen);

    ch09::show_problem(ch, p);
    ch09::iterations_per_epoch_table(ch, s);
    ch09::slicing_an_epoch(ch);
    ch09::one_batch_one_gradient(ch, p, s);
    const ch09::RaceResult race = ch09::run_race(ch, p, s);   // shown from the next section on
    ch09::the_epoch_loop(ch, p, s, race);
    ch09::three_modes(ch, p, s, race);
    const ch09::NoiseResult noise = ch09::gradient_noise(ch, p, s);
    const ch09::LargeLrResult large = ch09::larger_learning_rate(ch, p, s, race);
    const ch09::DecayResult decay = ch09::decaying_learning_rate(ch, p, s, race);
    ch09::batch_size_advice(ch, p, s, race, noise, large, decay);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch09_minibatch --batch 100        B divides N: no short last batch\n"
           "  ./build/bin/ch09_minibatch --lr 0.3           what survives near the batch limit\n"
           "  ./build/bin/ch09_minibatch --examples 100     the lecture's Keras example: 4 iterations per epoch\n"
           "  ./build/bin/ch09_minibatch --step             walk through the first updates of each run, op by op\n"
           "Next chapter: ch10_optimizers, momentum, Nesterov, Adagrad, RMSProp, Adam and the rest.");
  });
}
