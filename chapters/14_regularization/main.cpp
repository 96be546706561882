// Chapter 14: regularisation. Under- and overfitting with learning curves;
// L1 against L2 (how exact zeros arise); inverted dropout; the cures on an
// overfitting network (L2, dropout, early stopping, data augmentation); the
// lecture's bias-variance advice as a table with this chapter's numbers.
//
// The lesson text is docs/book/14-regularization.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <vector>

#include "chapters/14_regularization/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch14_regularization", "Regularisation",
                   "Under- and overfitting with learning curves; L1 against L2 and how exact zeros arise (a "
                   "histogram); inverted dropout, train against eval; early stopping with patience and the "
                   "best weights restored; data augmentation on 2-D data (noise, shifts); the lecture's "
                   "bias-variance advice as a table of symptoms and cures.");
  ch14::Settings s;
  ch.cli().add_option("--epochs", s.epochs, "Epochs of each fitting run (10 to 5000; --quick: at most 90)")
      ->check(CLI::Range(10, 5000))
      ->capture_default_str();
  ch.cli().add_option("--lr", s.lr, "Adam's learning rate in the fitting runs (0 < lr <= 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--width", s.width, "Hidden units per layer of the big network (4 to 256; --quick: at most 16)")
      ->check(CLI::Range(4, 256))
      ->capture_default_str();
  ch.cli().add_option("--l2", s.l2, "λ of the L2 cure (0 < λ <= 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--dropout", s.dropout, "Drop probability p of the dropout cure (0 < p < 0.95)")
      ->check(CLI::Range(0.0, 0.95))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ch.cli().add_option("--patience", s.patience, "Early stopping's patience in epochs (1 to 1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  ch.cli().add_option("--lambda", s.lambda, "λ of the L1 against L2 comparison (0 < λ <= 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    if (ch.quick()) {
      s.epochs = std::min(s.epochs, 90);
      s.width = std::min(s.width, 16);
    }
    Context ctx(&ch.trace());   // --trace/--step: the linear model's first steps, then the dropout graph's ops
    std::vector<ch14::Fit> fits = ch14::under_and_overfitting(ch, ctx, s);
    ch14::l1_vs_l2(ch, s);
    ch14::dropout_mechanics(ch, ctx);
    const std::vector<ch14::Fit> cured = ch14::cures(ch, s, fits.back());   // fits.back(): the big network
    fits.insert(fits.end(), cured.begin(), cured.end());
    ch14::bias_variance(ch, fits);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch14_regularization --width 8           # a smaller big network: it still overfits\n"
           "  ./build/bin/ch14_regularization --lambda 0.1        # L1 so strong that every weight goes to 0\n"
           "  ./build/bin/ch14_regularization --dropout 0.6       # more dropout: towards underfitting\n"
           "  ./build/bin/ch14_regularization --patience 5        # impatient early stopping: it stops at a wobble\n"
           "Next chapter: ch15_classification, all of this on real data (Fashion-MNIST).");
  });
}
