// Chapter 17: hyperparameter search. Lecture 002's "setting hyperparameters"
// (train / validation / test, cross-validation) and lecture 003's recipe
// (random search, not grid search; log scale; careful with best values on
// the border; coarse to fine) on Fashion-MNIST, each step measured.
//
//   ./build/bin/ch17_hyperparameter_search            the lesson on 10 000 images at 14×14 (a minute or two)
//   ./build/bin/ch17_hyperparameter_search --quick    400 images at 7×7, in seconds
//
// The lesson text is docs/book/17-hyperparameter-search.md.
#include <CLI/CLI.hpp>

#include "chapters/17_hyperparameter_search/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch17_hyperparameter_search", "Hyperparameter search",
                   "Lectures 002 and 003 on setting hyperparameters, on Fashion-MNIST: train / validation / test "
                   "discipline; k-fold cross-validation with a table of folds; sampling on a log scale; grid "
                   "against random search on the same budget (Bergstra and Bengio's argument: random search "
                   "tries more values of the parameter that matters), with a scatter of the trials coloured by "
                   "validation accuracy; the warning when the best value lies on the border of the range; "
                   "coarse to fine; and the test set, once, at the end.");
  ch17::Settings s;
  ch.cli().add_option("--data-dir", s.data_dir,
                      "Folder with the four Fashion-MNIST (or MNIST) IDX files, gzip'd or not")
      ->capture_default_str();
  ch.cli().add_option("--train", s.train,
                      "Training images to read, the validation split included (100 to 60000; default 10000, "
                      "400 with --quick)")
      ->check(CLI::Range(100, 60000));
  ch.cli().add_option("--test", s.test, "Test images to read (100 to 10000; default 10000, 300 with --quick)")
      ->check(CLI::Range(100, 10000));
  ch.cli().add_option("--pool", s.pool,
                      "Average k×k pixel blocks: 1 (28×28), 2 (14×14) or 4 (7×7); default 2, 4 with --quick")
      ->check(CLI::IsMember({1, 2, 4}));
  ch.cli().add_option("--epochs", s.epochs,
                      "Epochs of every trial; the fine search runs twice as many (1 to 100; default 5, 2 with "
                      "--quick)")
      ->check(CLI::Range(1, 100));
  ch.cli().add_option("--grid", s.grid,
                      "Values per hyperparameter on the grid; grid and random search both get grid² trials "
                      "(2 to 10; default 4, 3 with --quick)")
      ->check(CLI::Range(2, 10));
  ch.cli().add_option("--folds", s.folds, "k of the k-fold cross-validation (2 to 10)")
      ->capture_default_str()
      ->check(CLI::Range(2, 10));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const ch17::Settings set = ch17::resolved(s, ch.quick());
    const ch17::Data d = ch17::load(ch, set);
    ch17::cross_validation(ch, set, d);
    ch17::log_scale(ch);
    const std::vector<ch17::Trial> wide = ch17::grid_vs_random(ch, set, d);
    ch17::border_warning(ch, set, d, wide);
    ch17::coarse_to_fine(ch, set, d, wide);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch17_hyperparameter_search --quick --seed 2   another seed: does random search still win?\n"
           "  ./build/bin/ch17_hyperparameter_search --quick --grid 5   25 trials each: the grid tries 5 learning rates\n"
           "  ./build/bin/ch17_hyperparameter_search --quick --folds 10 ten folds: a smaller spread of the mean?\n"
           "  open out/ch17_hyperparameter_search/search_scatter.svg: which axis decides the colour?\n"
           "Next chapter: ch18_transfer_and_ensembles, reusing a trained body and averaging models.");
  });
}
