// The parts of chapter 14's lesson, called in order by main().
#pragma once

#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch14 {

// "0.123456": how the lesson prints a number in its tables.
std::string num(double v);

struct Settings {
  int epochs = 300;          // full-batch Adam steps of each fitting run
  double lr = 0.02;          // Adam's learning rate in the fitting runs
  int width = 32;            // hidden units per layer of the big network
  double l2 = 0.01;          // λ of the L2 cure
  double dropout = 0.3;      // p of the dropout cure
  int patience = 30;         // early stopping
  double jitter = 0.15;      // σ of the noise augmentation
  double shift = 0.3;        // largest offset of the shift augmentation
  double lambda = 0.02;      // λ of the L1 vs L2 comparison
};

// What the fitting runs measured, for the bias–variance table at the end.
struct Fit {
  std::string name;
  double train_loss = 0.0, val_loss = 0.0, val_accuracy = 0.0;
  double best_val_loss = 0.0;
  int best_epoch = 0;        // 1-based
  std::vector<double> val_curve;   // the validation loss after each measured epoch
  std::vector<double> val_epochs;  // which epochs (1-based)
};

// Under- and overfitting: a linear model, a small and a big network on a
// small noisy training set; learning curves and decision boundaries.
// The linear model trains in `traced` (--trace, --step: its first steps).
std::vector<Fit> under_and_overfitting(book::Chapter& ch, Context& traced, const Settings& s);
// L1 against L2 on a network with eight useless inputs: the student's penalty
// (14.1) against the engine's ops, subgradient steps against the
// soft-threshold step (14.2), exact zeros, a histogram.
void l1_vs_l2(book::Chapter& ch, const Settings& s);
// Inverted dropout: the student's inverted_dropout (14.3) against the layer,
// the scaling, train against eval; the graph of a regularised loss (main).
void dropout_mechanics(book::Chapter& ch, Context& ctx);
// The cures on the big network: L2, dropout, early stopping (the engine's
// callback, the student's rule 14.4) and data augmentation (noise, shifts).
// `none` is the big network's run without a cure (under_and_overfitting's).
std::vector<Fit> cures(book::Chapter& ch, const Settings& s, const Fit& none);
// The lecture's advice as a table of symptoms and cures, with this chapter's numbers.
void bias_variance(book::Chapter& ch, const std::vector<Fit>& fits);

}  // namespace sg::ch14
