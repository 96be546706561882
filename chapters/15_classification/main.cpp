// Chapter 15: classification on real data. Lecture 001's Keras workflow on
// Fashion-MNIST, step by step: load the files, scale, one-hot; the lecture's
// model with its sigmoid output, shown and corrected; a first MLP with its
// summary, fit with a validation split and a progress bar, learning curves,
// the test accuracy, the mistakes, the confusion matrix; then the lecture's
// improvements one at a time, each measured, and the best recipe, timed.
//
//   ./build/bin/ch15_classification              the lesson on all 70 000 images (minutes)
//   ./build/bin/ch15_classification --quick      a slice, in seconds
//   ./build/bin/ch15_classification --data-dir DIR   MNIST-format files from another folder
//
// The lesson text is docs/book/15-classification.md.
#include <CLI/CLI.hpp>

#include "chapters/15_classification/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch15_classification", "Classification on real data: Fashion-MNIST",
                   "Lecture 001's Keras workflow on Fashion-MNIST: load the IDX files, class counts, one image "
                   "per class; scaling fitted on the training split only; one-hot targets; the lecture's model "
                   "(a sigmoid output with categorical cross-entropy) shown and corrected; a first MLP with its "
                   "summary, fit with a validation split and a progress bar, learning curves, test accuracy, "
                   "the mistakes and the confusion matrix; then dropout, batch norm, early stopping, Adam, a "
                   "bigger batch, more epochs and a bigger model, one at a time, each measured, and the best "
                   "recipe's test accuracy and time.");
  ch15::Settings s;
  ch.cli().add_option("--data-dir", s.data_dir,
                      "Folder with the four Fashion-MNIST (or MNIST) IDX files, gzip'd or not")
      ->capture_default_str();
  ch.cli().add_option("--train", s.train,
                      "Training images to read, the validation split included (100 to 60000; default 60000, "
                      "1000 with --quick)")
      ->check(CLI::Range(100, 60000));
  ch.cli().add_option("--test", s.test, "Test images to read (100 to 10000; default 10000, 500 with --quick)")
      ->check(CLI::Range(100, 10000));
  ch.cli().add_option("--pool", s.pool,
                      "Average k×k pixel blocks: 1 (28×28, none), 2 (14×14) or 4 (7×7); default 1, 4 with --quick")
      ->check(CLI::IsMember({1, 2, 4}));
  ch.cli().add_option("--epochs", s.epochs,
                      "Epochs of the first MLP and of each improvement (4× for 'more epochs'; 1 to 200; default "
                      "10, 2 with --quick)")
      ->check(CLI::Range(1, 200));
  ch.cli().add_option("--batch", s.batch,
                      "Batch of the first MLP; the 'bigger batch' step takes 4× (1 to 1024; default 32, 16 with "
                      "--quick)")
      ->check(CLI::Range(1, 1024));
  ch.cli().add_option("--lecture-epochs", s.lecture_epochs,
                      "Epochs of the lecture's model on its 100 images (1 to 5000; default 500, 20 with --quick)")
      ->check(CLI::Range(1, 5000));

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const ch15::Settings set = ch15::resolved(s, ch.quick());
    const ch15::Data d = ch15::load(ch, set);
    ch15::scaling(ch, d);
    ch15::one_hot_targets(ch, d);
    ch15::lecture_model(ch, d, set);
    const ch15::Run first = ch15::first_mlp(ch, d, set);
    ch15::improvements(ch, d, set, first);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch15_classification --quick --pool 2     the slice at 14×14 instead of 7×7\n"
           "  ./build/bin/ch15_classification --epochs 20          twice the epochs for every step\n"
           "  ./build/bin/ch15_classification --data-dir DIR       MNIST's digits (the lecture's data) from DIR\n"
           "                                                       (the pictures keep Fashion-MNIST's class names)\n"
           "  open out/ch15_classification/mistakes.svg and confusion.svg: which mistakes would you make too?\n"
           "Next chapter: ch16_sanity_checks, the checks to run before trusting a network like this one.");
  });
}
