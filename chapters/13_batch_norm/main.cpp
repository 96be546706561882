// Chapter 13: batch normalisation. Forward and backward by hand on a batch of
// four (every number on screen, checked against the engine and central
// differences), the running statistics and the two modes, and a deep sigmoid
// network that only learns with batch norm, at a learning rate both can use
// and at a larger one only the normalised network survives.
//
// The lesson text is docs/book/13-batch-norm.md.
#include <CLI/CLI.hpp>

#include <algorithm>

#include "chapters/13_batch_norm/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch13_batch_norm", "Batch normalisation",
                   "The lecture's Algorithm 1 forward and backward by hand on a batch of four, every number "
                   "on screen, against the engine's op and central differences; the running statistics, "
                   "train mode and eval mode; a deep sigmoid network without and with batch norm (loss "
                   "curves), and a larger learning rate that only the normalised network survives.");
  ch13::ModeSettings ms;
  ch13::DeepSettings ds;
  ch.cli().add_option("--momentum", ms.momentum, "BatchNorm1d's momentum for the running statistics (0 < m <= 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--depth", ds.depth, "Hidden layers of the deep sigmoid networks (1 to 20)")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  ch.cli().add_option("--lr", ds.lr, "Learning rate both deep networks train with (0 < lr <= 100)")
      ->check(CLI::Range(0.0, 100.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--large-lr", ds.large_lr, "The larger learning rate (0 < lr <= 100)")
      ->check(CLI::Range(0.0, 100.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--epochs", ds.epochs, "Epochs of each deep run (1 to 1000; --quick: at most 12)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    if (ch.quick()) {
      ds.epochs = std::min(ds.epochs, 12);
      ms.batches = 30;
    }
    Context ctx(&ch.trace());   // --trace/--step: the tiny batch's ops, then the first steps of one deep run
    ch13::forward_by_hand(ch, ctx);
    ch13::backward_by_hand(ch, ctx);
    ch13::train_and_eval(ch, ms);
    ch13::deep_networks(ch, ctx, ds);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch13_batch_norm --depth 2          # shallow: the plain network learns too\n"
           "  ./build/bin/ch13_batch_norm --large-lr 20      # how far does batch norm stretch?\n"
           "  ./build/bin/ch13_batch_norm --momentum 0.5     # running statistics that forget faster\n"
           "  ./build/bin/ch13_batch_norm --step             # the tiny batch's forward and backward, op by op\n"
           "Next chapter: ch14_regularization, when the network learns the training set too well.");
  });
}
