// Chapter 18's parts, in the order main() runs them, and the helpers they
// share: the two tasks cut out of Fashion-MNIST, the one network shape every
// part trains (a body of two ReLU layers, then a head), and its training run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch18 {

using MatF = MatT<float>;

// The first task: all ten Fashion-MNIST classes, on the training images the
// small task does not use. The small task: the four tops the first task's
// network confuses most (T-shirt/top, Pullover, Coat, Shirt), a few images
// each, relabelled 0..3.
inline const std::vector<int> kTops = {0, 2, 4, 6};
inline constexpr int kSourceClasses = 10;
// When transfer does not help: a first task of the first six classes only,
// and a small task of the four others (Shirt, Sneaker, Bag, Ankle boot),
// which that first task never sees.
inline const std::vector<int> kNarrow = {0, 1, 2, 3, 4, 5};
inline const std::vector<int> kHeldOut = {6, 7, 8, 9};
inline constexpr Index kHidden1 = 64, kHidden2 = 32;   // the body: inputs → 64 → 32, ReLU after each

// The command line's settings; 0 means "the default of this mode" (full or --quick).
struct Settings {
  std::string data_dir{kFashionMnistDir};
  Index train = 0;        // training images read: 60000, 2500 quick
  Index test = 0;         // test images read: 10000, 500 quick
  int pool = 0;           // k: average k×k pixel blocks: 1 (28×28), 4 quick (7×7)
  int per_class = 10;     // the small task's training examples per class (both modes)
  int epochs = 0;         // epochs of the first task and of every ensemble member: 5
  int member_epochs = 0;  // resolved: epochs, or 2 with --quick when --epochs is not given
  int head_epochs = 40;   // epochs on the small task (fine-tuning: half as many more)
  int members = 0;        // models in the ensemble: 5, 3 quick
  double lr = 0.01;       // Adam's learning rate everywhere; fine-tuning uses lr/10
};

// The defaults of this run (full or --quick) for the settings left at 0.
Settings resolved(const Settings& s, bool quick);

// Every set the chapter trains or tests on, pooled to side × side.
struct Data {
  DatasetF all_train, all_test;         // the slice read, ten classes: the ensemble's sets
  DatasetF source_train, source_test;   // ten classes, without the small task's images: the first task
  DatasetF small_train, small_test;     // the four tops: per_class of each, labels 0..3
  DatasetF narrow_train, narrow_test;   // classes 0..5 of source_train/all_test: the narrow first task
  DatasetF held_train, held_test;       // classes 6..9: per_class of each, labels 0..3
  Index side = 28;
};

// A network and what it lives on: its Context and the generator its weights
// and batch order come from.
struct Net {
  std::unique_ptr<Context> ctx;
  std::unique_ptr<Generator> gen;
  Sequential<float> model;   // unnamed: its parameters are "fc1.W", "fc1.b", ...
};

// inputs → fc1 (64) → ReLU → fc2 (32) → ReLU → head (classes): He for the
// ReLU layers, Xavier for the head, all drawn from `seed`. Layers 0..3 are the
// body, layer 4 the head.
inline std::unique_ptr<Net> make_net(Index inputs, Index classes, std::uint64_t seed, GraphObserver* trace = nullptr) {
  auto net = std::make_unique<Net>();
  net->ctx = std::make_unique<Context>(trace);
  net->gen = std::make_unique<Generator>(seed);
  net->model.emplace<Linear<float>>(*net->ctx, "fc1", inputs, kHidden1, *net->gen, Init::He);
  net->model.emplace<ReLU<float>>("relu1");
  net->model.emplace<Linear<float>>(*net->ctx, "fc2", kHidden1, kHidden2, *net->gen, Init::He);
  net->model.emplace<ReLU<float>>("relu2");
  net->model.emplace<Linear<float>>(*net->ctx, "head", kHidden2, classes, *net->gen);
  return net;
}
inline constexpr std::size_t kHeadLayer = 4;

// One training run and its result on a test set.
struct Trained {
  double seconds = 0.0;         // wall clock of fit(): printed, and written only to timing_* files
  double test_accuracy = 0.0;
  double test_loss = 0.0;
  double train_loss = 0.0;      // the last epoch's
};

// Adam(lr) on the model's trainable parameters (those not frozen), `epochs`
// epochs of `batch`, then evaluate() on `test`. `callbacks`: e.g. the trace's.
Trained train(Net& net, const DatasetF& train, const DatasetF& test, double lr, int epochs, Index batch,
              const Callbacks<float>& callbacks = {});

// Softmax of every row, stable: the probabilities behind the logits.
inline MatF softmax_rows(const MatF& Z) {
  MatF P = (Z.colwise() - Z.rowwise().maxCoeff()).array().exp().matrix();
  return P.array().colwise() / P.rowwise().sum().array();
}

// Part 1: load the slice and cut the two tasks (exercise 18.1).
Data load(book::Chapter& ch, const Settings& s);
// Part 2: the first task; its body is written to body.sgck.
void pretrain(book::Chapter& ch, const Data& d, const Settings& s);
// Parts 3 and 4: the frozen body with a new head (exercise 18.2) against a
// network trained from scratch, then fine-tuning.
void transfer(book::Chapter& ch, const Data& d, const Settings& s);
// Part 5: a first task too narrow for its small task: no gain.
void negative_transfer(book::Chapter& ch, const Data& d, const Settings& s);
// Part 6: an ensemble of independently seeded networks (exercise 18.3).
void ensemble(book::Chapter& ch, const Data& d, const Settings& s);

}  // namespace sg::ch18
