// Chapter 14's fitting runs, shared by fitting.cpp (under- and overfitting)
// and cures.cpp (the cures): the small noisy data set, the three models,
// full-batch training with learning curves, and what a run measured.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chapters/14_regularization/lesson.hpp"

namespace sg::ch14 {

constexpr Index kTrain = 40;         // a small training set: easy to memorise
constexpr double kNoise = 0.3;       // two moons that overlap: no boundary is perfect

struct Data {
  Dataset train, val;
};
// kTrain training points, and 400 for validation (200 with --quick), from --seed.
Data moons(const book::Chapter& ch);

enum class Kind { Linear, Small, Big };

// Linear: logistic regression (2 → 2). Small: 2 → 4 → tanh → 2. Big: 2 → w →
// tanh → w → tanh → 2, with dropout after each tanh when p > 0. The initial
// weights are the same for every run of a kind; `seed` draws the dropout masks.
struct Model {
  std::unique_ptr<Sequential<>> net;
  std::unique_ptr<Generator> masks;   // the dropout layers' generator (outlives them)
};
Model build(Context& ctx, Kind kind, int width, double p, std::uint64_t seed);

// The value of the metric `name` (fit()'s and evaluate()'s Metrics).
double metric(const Metrics& m, const std::string& name);

// An augmentation: the training inputs of one epoch from the clean ones.
using Augment = std::function<Mat(const Mat& X, Generator& gen)>;

struct RunOptions {
  int epochs = 300;
  double lr = 0.01;         // Adam, full batch
  double l2 = 0.0;          // λ·½ΣW² added to the loss for every weight matrix (not the biases)
  Augment augment{};        // a fresh perturbation every epoch
};

struct Curves {
  std::vector<double> epoch;        // the epochs measured (1-based): every one, or every 4th with --quick
  std::vector<double> train, val;   // both in eval mode, on the clean sets
};

// Full-batch Adam; after each epoch (every 4th with --quick, which keeps the
// sanitizer build's tests short) the loss on the clean training set and on the
// validation set, in eval mode. With `traced`, the chapter's trace sees the first steps.
Curves train(book::Chapter& ch, Context& ctx, Model& m, const Data& d, const RunOptions& o, bool traced);

// A run's numbers for the tables: the last and the best validation loss.
Fit summarise(const std::string& name, const Curves& c, Model& m, const Data& d);
book::Table fits_table(const std::vector<Fit>& fits, int epochs);

}  // namespace sg::ch14
