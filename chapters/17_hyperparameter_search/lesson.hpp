// Chapter 17's parts, in the order main() runs them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/lesson_math.hpp"
#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch17 {

using MatF = MatT<float>;

// The command line's settings; 0 means "the default of this mode" (full or --quick).
struct Settings {
  std::string data_dir{kFashionMnistDir};
  Index train = 0;   // training images read, the validation split included: 10000, 400 quick
  Index test = 0;    // test images read: 10000, 300 quick
  int pool = 0;      // k: average k×k pixel blocks: 2, 4 quick
  int epochs = 0;    // epochs of every trial (the fine search runs twice as long): 5, 2 quick
  int grid = 0;      // values per hyperparameter on the grid; both searches get grid² trials: 4, 3 quick
  int folds = 5;     // k of the cross-validation
  Index hidden = 0;  // units of the hidden layer: 64, 32 quick
  Index batch = 0;   // the batch of every trial: 32
};

// The data every part uses, pooled: train and val split the training images
// read (stratified), dev is the two together (for k-fold), test is untouched
// until the end.
struct Data {
  DatasetF train, val, dev, test;
  Index side = 28;
};

// One setting of the two hyperparameters and what it scored.
struct Trial {
  double lr = 0.0;            // SGD's learning rate (momentum 0.9)
  double wd = 0.0;            // L2 strength: SGD's weight decay, the gradient gets wd·W added
  double val_accuracy = 0.0;  // 0 for a run whose loss blew up
  double val_loss = 0.0;      // mean cross-entropy on the validation split; inf for a run that blew up
  bool diverged = false;
};

// A model and what it needs to live: its Context and the generator of its batches.
struct Net {
  std::unique_ptr<Context> ctx;
  std::unique_ptr<Generator> gen;
  Sequential<float> model{"mlp"};
};

// The lesson's network (inputs → hidden ReLU → 10 logits), its weights from `seed`.
std::unique_ptr<Net> build_net(Index inputs, Index hidden, std::uint64_t seed, GraphObserver* trace);
// Trains a network with (lr, wd) on `train` for `epochs` and scores it on
// `val`. With `trace`, the first --trace-steps batches go to the trace.
// `net`, when given, receives the trained network.
Trial run_trial(book::Chapter& ch, const Settings& s, const DatasetF& train, const DatasetF& val, double lr,
                double wd, int epochs, bool trace = false, std::unique_ptr<Net>* net = nullptr);

// The defaults of this run (full or --quick) for the settings left at 0.
Settings resolved(const Settings& s, bool quick);

// Part 1: train / validation / test, and the data.
Data load(book::Chapter& ch, const Settings& s);
// Part 2: k-fold cross-validation (exercise 17.1) with one setting.
void cross_validation(book::Chapter& ch, const Settings& s, const Data& d);
// Part 3: sampling on a log scale (exercise 17.2).
void log_scale(book::Chapter& ch);
// Part 4: grid and random search on the same budget; returns every trial of both.
std::vector<Trial> grid_vs_random(book::Chapter& ch, const Settings& s, const Data& d);
// Part 5: the best value on the border of the range (exercise 17.3).
void border_warning(book::Chapter& ch, const Settings& s, const Data& d, const std::vector<Trial>& wide);
// Part 6: coarse to fine, and the test set, once.
void coarse_to_fine(book::Chapter& ch, const Settings& s, const Data& d, const std::vector<Trial>& coarse);

}  // namespace sg::ch17
