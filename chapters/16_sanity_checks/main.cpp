// Chapter 16: sanity checks. Lecture 003's checks to run before trusting a
// network, as one command, each a pass/fail line with its number: the
// initial loss is ln 10; raising the regularisation raises it; the network
// overfits 20 images; the gradient check passes after a few steps, not only
// at initialisation; the update/parameter ratio is about 1e-3. Then each
// check failing on a set-up broken on purpose (weights too big, the penalty
// subtracted, labels shuffled apart from their images, a learning rate 100×
// too large, a bug planted in a layer).
//
//   ./build/bin/ch16_sanity_checks              10 000 Fashion-MNIST images at 28×28 (seconds)
//   ./build/bin/ch16_sanity_checks --quick      1000 images at 7×7, in seconds
//   ./build/bin/ch16_sanity_checks --data-dir DIR   MNIST-format files from another folder
//
// The lesson text is docs/book/16-sanity-checks.md.
#include <CLI/CLI.hpp>

#include "chapters/16_sanity_checks/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch16_sanity_checks", "Sanity checks",
                   "Lecture 003's sanity checks on a Fashion-MNIST classifier, each a pass/fail line with its "
                   "number: the initial loss is ln 10 with small weights; raising the regularisation raises "
                   "it; the network overfits 20 images; the gradient check passes after a few training steps, "
                   "not only at initialisation; the update/parameter ratio is about 1e-3. Then every check on "
                   "five broken set-ups (weights too big, the penalty subtracted, labels shuffled apart, a "
                   "learning rate 100x too large, a bug planted in a layer), to see what a failure looks like.");
  ch16::Settings s;
  ch.cli().add_option("--data-dir", s.data_dir,
                      "Folder with the Fashion-MNIST (or MNIST) training files, gzip'd or not")
      ->capture_default_str();
  ch.cli().add_option("--train", s.train,
                      "Training images to read (100 to 60000; default 10000, 1000 with --quick)")
      ->check(CLI::Range(100, 60000));
  ch.cli().add_option("--pool", s.pool,
                      "Average k×k pixel blocks: 1 (28×28, none), 2 (14×14) or 4 (7×7); default 1, 4 with --quick")
      ->check(CLI::IsMember({1, 2, 4}));
  ch.cli().add_option("--hidden", s.hidden, "Units of the hidden layer (4 to 1024; default 100, 32 with --quick)")
      ->check(CLI::Range(4, 1024));
  ch.cli().add_option("--lr", s.lr, "SGD's learning rate, momentum 0.9 (0 < lr <= 1; default 0.05)")
      ->check(CLI::Range(1e-9, 1.0));
  ch.cli().add_option("--steps", s.steps,
                      "Training steps before checks 4 and 5 (1 to 10000; default 100, 30 with --quick)")
      ->check(CLI::Range(1, 10000));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const ch16::Settings set = ch16::resolved(s, ch.quick());
    const DatasetT<double> data = ch16::load(ch, set);
    const ch16::Outcome ok = ch16::healthy(ch, data, set);
    ch16::breakages(ch, data, set, ok);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch16_sanity_checks --quick --lr 0.5      which checks does a 10× larger rate fail?\n"
           "  ./build/bin/ch16_sanity_checks --quick --steps 1     the gradient check after one step: is the bug seen?\n"
           "  ./build/bin/ch16_sanity_checks --quick --hidden 4    can 4 hidden units still memorise 20 images?\n"
           "  open out/ch16_sanity_checks/overfit.svg: what does each broken curve do?\n"
           "Next chapter: ch17_hyperparameter_search, choosing the learning rate and λ these checks assumed.");
  });
}
