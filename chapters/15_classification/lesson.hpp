// Chapter 15's parts, in the order main() runs them.
#pragma once

#include <memory>
#include <string>

#include "chapters/15_classification/lesson_math.hpp"
#include "chapters/common/chapter.hpp"

namespace sg::ch15 {

// The command line's settings; 0 means "the default of this mode" (full or --quick).
struct Settings {
  std::string data_dir{kFashionMnistDir};
  Index train = 0;        // training images read (the validation split comes out of them): 60000, 1000 quick
  Index test = 0;         // test images read: 10000, 500 quick
  int pool = 0;           // k: average k×k pixel blocks (1: none): 1, 4 quick
  int epochs = 0;         // epochs of the first MLP and each improvement: 10, 2 quick
  int batch = 0;          // batch of the first MLP (the bigger batch is 4×): 32, 16 quick
  int lecture_epochs = 0; // epochs of the lecture's 100-sample run: 500, 20 quick
  bool quick = false;     // set by resolved(): the bigger model's size follows it
};

// The data every part uses, after the validation split and pooling.
struct Data {
  DatasetF train, val, test;
  Index side = 28;        // images are side × side
  std::string folder;     // where the files came from
  std::string images_file;   // the training images' file (exercise 15.1 reads its header)
};

// One recipe trained and tested.
struct Run {
  std::unique_ptr<Net> net;
  History history;
  double seconds = 0.0;          // wall clock of fit() (printed, never written but to timing_* files)
  int epochs_run = 0;
  int best_epoch = 0;            // 1-based; the epochs run when there was no early stopping
  double val_accuracy = 0.0;     // of the final (restored) weights
  double test_accuracy = 0.0;
  double test_loss = 0.0;
};
// Trains recipe r on d.train, watching d.val, then tests on d.test. With
// `trace`, the first --trace-steps batches are traced; with `progress`, the
// progress bar is drawn (unless --quiet).
Run train_recipe(book::Chapter& ch, const Recipe& r, const Data& d, GraphObserver* trace, bool progress);

// Part 1: loading, the IDX header (exercise 15.1), class counts, one image per class.
Data load(book::Chapter& ch, const Settings& s);
// Part 2: scaling (exercise 15.2) and the leakage mistake; part 3: one-hot targets.
void scaling(book::Chapter& ch, const Data& d);
void one_hot_targets(book::Chapter& ch, const Data& d);
// Part 4: the lecture's Keras model, sigmoid output with categorical
// cross-entropy, against the corrected softmax output, on 100 samples.
void lecture_model(book::Chapter& ch, const Data& d, const Settings& s);
// Part 5: the first MLP on all the data: summary, fit, curves, test accuracy
// (exercise 15.3), mistakes, confusion matrix (exercise 15.4).
Run first_mlp(book::Chapter& ch, const Data& d, const Settings& s);
// Part 6: the improvements, one at a time, and the best recipe.
void improvements(book::Chapter& ch, const Data& d, const Settings& s, const Run& first);

// The defaults of this run (full or --quick) for the settings left at 0.
Settings resolved(const Settings& s, bool quick);
// The first MLP's recipe and the improvements' recipes, in order.
Recipe first_recipe(const Settings& s);
std::vector<Recipe> ladder(const Settings& s);

}  // namespace sg::ch15
