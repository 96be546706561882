// Chapter 17, parts 1 to 3: train / validation / test (lecture 002's four
// ideas), k-fold cross-validation with one setting (the engine's
// stratified_kfold; the student's kfold_rows, exercise 17.1, beside it), and
// sampling on a log scale (exercise 17.2). Also the trial every search runs.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "chapters/17_hyperparameter_search/exercises.hpp"
#include "chapters/17_hyperparameter_search/lesson.hpp"
#include "chapters/common/fit_trace.hpp"

namespace sg::ch17 {

namespace {

constexpr double kValShare = 0.2;       // the validation split, out of the training images read
constexpr double kMomentum = 0.9;       // SGD's momentum in every trial
constexpr double kFirstLr = 0.1;        // the one setting cross-validated: a first guess
constexpr double kFirstWd = 1e-4;
constexpr double kSampleLo = 1e-4, kSampleHi = 1.0;   // the range of the sampling demonstration
constexpr int kSamples = 10000;

std::string pct(double v) { return fmt::format("{:.1f} %", 100.0 * v); }

// Every row validated exactly once, each fold's train and val rows disjoint
// and together all n rows, and the val parts' sizes (sorted) those of `want`.
bool same_kind_of_folds(const std::vector<FoldRows>& yours, const std::vector<Fold>& want, Index n) {
  if (yours.size() != want.size()) return false;
  std::vector<int> validated(static_cast<std::size_t>(n), 0);
  std::vector<std::size_t> ys, ws;
  for (std::size_t f = 0; f < yours.size(); ++f) {
    const FoldRows& y = yours[f];
    if (static_cast<Index>(y.train.size() + y.val.size()) != n) return false;
    std::vector<long> all = y.train;
    all.insert(all.end(), y.val.begin(), y.val.end());
    std::sort(all.begin(), all.end());
    for (Index i = 0; i < n; ++i) {
      if (all[static_cast<std::size_t>(i)] != i) return false;   // a row missing, repeated or out of range
    }
    for (long r : y.val) ++validated[static_cast<std::size_t>(r)];
    ys.push_back(y.val.size());
    ws.push_back(want[f].val_rows.size());
  }
  std::sort(ys.begin(), ys.end());
  std::sort(ws.begin(), ws.end());
  return ys == ws && std::all_of(validated.begin(), validated.end(), [](int c) { return c == 1; });
}

}  // namespace

Settings resolved(const Settings& s, bool quick) {
  Settings r = s;
  // --quick is what the tests run, several times, in a build without
  // optimisation and with the sanitizers: 38 tiny trainings (320 images at
  // 7×7, 2 epochs of 10 batches each; the fine search 4) in about half a
  // second of CPU there, less than the process's own start and exit.
  if (r.train == 0) r.train = quick ? 400 : 10000;
  if (r.test == 0) r.test = quick ? 300 : 10000;
  if (r.pool == 0) r.pool = quick ? 4 : 2;
  if (r.epochs == 0) r.epochs = quick ? 2 : 5;
  if (r.grid == 0) r.grid = quick ? 3 : 4;
  if (r.hidden == 0) r.hidden = quick ? 32 : 64;
  if (r.batch == 0) r.batch = 32;
  return r;
}

std::unique_ptr<Net> build_net(Index inputs, Index hidden, std::uint64_t seed, GraphObserver* trace) {
  auto net = std::make_unique<Net>();
  net->ctx = std::make_unique<Context>(trace);
  net->gen = std::make_unique<Generator>(seed);
  net->model.emplace<Linear<float>>(*net->ctx, "fc1", inputs, hidden, *net->gen, Init::He);
  net->model.emplace<ReLU<float>>();
  net->model.emplace<Linear<float>>(*net->ctx, "out", hidden, 10, *net->gen);
  return net;
}

Trial run_trial(book::Chapter& ch, const Settings& s, const DatasetF& train, const DatasetF& val, double lr,
                double wd, int epochs, bool trace, std::unique_ptr<Net>* net_out) {
  Trial t{.lr = lr, .wd = wd};
  // Every trial starts from the same weights (the seed's), so two trials
  // differ only by their hyperparameters.
  std::unique_ptr<Net> net = build_net(train.features(), s.hidden, ch.options().seed, trace ? &ch.trace() : nullptr);
  SGD<float> opt(net->model.trainable_params(), SGDOptions{.lr = lr, .momentum = kMomentum, .weight_decay = wd});
  Callbacks<float> callbacks;
  if (trace) callbacks.push_back(std::make_shared<book::TraceFirstSteps<float>>(ch));
  try {
    fit(net->model, losses::cross_entropy<float>(), opt, train, nullptr,
        FitOptions{.epochs = epochs, .batch_size = s.batch, .quiet = true, .trace = trace}, *net->gen, callbacks);
    for (const auto& [name, value] : evaluate(net->model, losses::cross_entropy<float>(), val)) {
      if (name == "accuracy") t.val_accuracy = value;
      if (name == "loss") t.val_loss = value;
    }
  } catch (const ValueError&) {   // fit: the loss became inf or NaN (a learning rate far too large)
    t.diverged = true;
    t.val_loss = INFINITY;
  }
  if (trace) {
    net->ctx->set_trace(nullptr);
    ch.restore_trace();
  }
  if (net_out != nullptr) *net_out = std::move(net);
  return t;
}

Data load(book::Chapter& ch, const Settings& s) {
  ch.section("Train, validation, test");
  ch.say("Lecture 002 weighs four ways of choosing hyperparameters:\n"
         "  1. the setting that works best on the training data: BAD, the most flexible setting always\n"
         "     wins there, whether or not it works on new data;\n"
         "  2. split into train and test, pick what is best on test: BAD, the test set has then been\n"
         "     used to choose, and its accuracy no longer says how the model does on new data;\n"
         "  3. split into train, validation and test; choose on validation, report test once: better;\n"
         "  4. cross-validation: split into folds, let each fold be the validation set in turn and\n"
         "     average (useful for small data sets, rare in deep learning: k trainings per setting).\n"
         "This chapter does 3 throughout and 4 once, and touches the test set in its last section only.");
  const std::filesystem::path dir = s.data_dir;
  const DatasetF all = fashion_mnist<float>(MnistSplit::Train, dir, s.train);
  Data d;
  d.test = fashion_mnist<float>(MnistSplit::Test, dir, s.test);
  Generator gen = ch.generator();
  auto [train, val] = train_test_split(all, kValShare, gen, /*stratified=*/true);
  d.train = std::move(train);
  d.val = std::move(val);
  d.dev = all;
  d.side = 28 / s.pool;
  if (s.pool > 1) {
    for (DatasetF* ds : {&d.train, &d.val, &d.dev, &d.test}) ds->X = average_pool(ds->X, 28, Index{s.pool});
  }
  ch.say(fmt::format(
      "\nFashion-MNIST from {} (package dataset-fashion-mnist; --data-dir for another folder):\n"
      "the first {} training images, split {:.0f} / {:.0f} class by class (stratified) into {} to train on\n"
      "and {} to validate on, and {} test images, pooled to {}×{} pixels ({} inputs). Every trial below is\n"
      "a network {}→{}→10 (ReLU) trained by SGD with momentum {} for {} epochs in batches of {}: small, so\n"
      "that a search of many trials takes seconds. Two hyperparameters are searched: the learning rate η\n"
      "and the L2 strength λ (SGD's weight decay: the gradient of every parameter W gets λ·W added).",
      dir.string(), all.size(), 100 * (1 - kValShare), 100 * kValShare, d.train.size(), d.val.size(), d.test.size(),
      d.side, d.side, d.train.features(), d.train.features(), s.hidden, kMomentum, s.epochs, s.batch));
  ch.result("data.train", static_cast<double>(d.train.size()));
  ch.result("data.val", static_cast<double>(d.val.size()));
  ch.result("data.test", static_cast<double>(d.test.size()));
  ch.result("data.inputs", static_cast<double>(d.train.features()));
  return d;
}

void cross_validation(book::Chapter& ch, const Settings& s, const Data& d) {
  ch.section("k-fold cross-validation");
  const Index n = d.dev.size(), k = s.folds;
  ch.say(fmt::format(
      "One setting (η = {}, λ = {}), scored two ways. First on the validation split alone; then by\n"
      "{}-fold cross-validation of the {} training and validation images together: the engine's\n"
      "stratified_kfold deals each class's rows (shuffled) to {} parts, and fold i trains on the other\n"
      "{} parts and validates on part i, so every image is validated exactly once.",
      kFirstLr, kFirstWd, k, n, k, k - 1));
  const Trial single = run_trial(ch, s, d.train, d.val, kFirstLr, kFirstWd, s.epochs, /*trace=*/true);
  Generator gen = ch.generator();
  const std::vector<Fold> folds = stratified_kfold(d.dev.labels, k, gen);
  book::Table t({"fold", "train rows", "val rows", "per class in val", "val accuracy"});
  std::vector<double> acc;
  for (std::size_t f = 0; f < folds.size(); ++f) {
    const DatasetF val = d.dev.subset(folds[f].val_rows);
    const Trial tr = run_trial(ch, s, d.dev.subset(folds[f].train_rows), val, kFirstLr, kFirstWd, s.epochs);
    acc.push_back(tr.val_accuracy);
    const std::vector<Index> counts = val.class_counts();
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    t.add({std::to_string(f + 1), std::to_string(folds[f].train_rows.size()), std::to_string(folds[f].val_rows.size()),
           fmt::format("{}–{}", *lo, *hi), pct(tr.val_accuracy)});
  }
  const double mean = std::accumulate(acc.begin(), acc.end(), 0.0) / static_cast<double>(acc.size());
  double ss = 0.0;
  for (double a : acc) ss += (a - mean) * (a - mean);
  const double sd = std::sqrt(ss / static_cast<double>(acc.size() - 1));
  ch.table(t, "folds.csv");
  ch.result("kfold.k", static_cast<double>(k));
  ch.result("kfold.single_split_accuracy", single.val_accuracy);
  ch.result("kfold.mean_accuracy", mean);
  ch.result("kfold.sd_accuracy", sd);
  ch.result("kfold.min_accuracy", *std::min_element(acc.begin(), acc.end()));
  ch.result("kfold.max_accuracy", *std::max_element(acc.begin(), acc.end()));
  ch.say(fmt::format(
      "The folds disagree by up to {:.1f} points (standard deviation {:.1f}) on the same setting: that is\n"
      "how much one validation split of {} images can move by luck. The mean of {} folds is steadier (its\n"
      "standard error is about sd/√{} = {:.1f} points), at {} times the cost of one training. The single\n"
      "split's {} is one draw of that spread.",
      100 * (*std::max_element(acc.begin(), acc.end()) - *std::min_element(acc.begin(), acc.end())), 100 * sd,
      n / k, k, k, 100 * sd / std::sqrt(static_cast<double>(k)), k, pct(single.val_accuracy)));

  ch.part("your kfold_rows against the engine's stratified_kfold", [&] {
    const std::vector<FoldRows> yours = kfold_rows(static_cast<long>(n), static_cast<long>(k));
    const bool agrees = same_kind_of_folds(yours, folds, n);
    if (!yours.empty() && !yours[0].val.empty()) {
      ch.say(fmt::format("Your fold 1 validates on rows {} to {} ({} rows), in order, without shuffling.",
                         yours[0].val.front(), yours[0].val.back(), yours[0].val.size()));
    }
    ch.result("kfold.your_folds_agree", agrees ? "yes" : "no");
  });
}

void log_scale(book::Chapter& ch) {
  ch.section("Sampling on a log scale");
  ch.say(fmt::format(
      "Lecture 003: search hyperparameters on a log scale (0.01, 0.001, 0.0001). A learning rate of\n"
      "1e-4 and one of 1e-3 differ as much as 1e-2 and 1e-1: by a factor of 10. Drawn uniformly between\n"
      "{} and {}, {} samples fall into the four decades of that range like this:",
      kSampleLo, kSampleHi, kSamples));
  Generator gen = ch.generator();
  std::vector<double> us, linear, logs;
  for (int i = 0; i < kSamples; ++i) {
    const double u = gen.uniform();
    us.push_back(u);
    linear.push_back(kSampleLo + u * (kSampleHi - kSampleLo));
    logs.push_back(log_sample(kSampleLo, kSampleHi, u));
  }
  const auto share = [](const std::vector<double>& v, double a, double b) {
    return static_cast<double>(std::count_if(v.begin(), v.end(), [&](double x) { return x >= a && x < b; })) /
           static_cast<double>(v.size());
  };
  book::Table t({"decade", "uniform in η", "uniform in log η"});
  for (double a = kSampleLo; a < kSampleHi * 0.99; a *= 10) {
    const double b = a * 10 >= kSampleHi * 0.99 ? kSampleHi * 1.0000001 : a * 10;
    t.add({fmt::format("[{:g}, {:g})", a, a * 10), pct(share(linear, a, b)), pct(share(logs, a, b))});
  }
  ch.table(t, "sampling.csv");
  const double lin_top = share(linear, 0.1, 1.0000001), log_top = share(logs, 0.1, 1.0000001);
  ch.result("sampling.uniform_top_decade", lin_top);
  ch.result("sampling.log_top_decade", log_top);
  ch.result("sampling.uniform_below_0.01", share(linear, 0.0, 0.01));
  ch.say(fmt::format(
      "Uniform in η puts {} of the samples into the top decade and about 1 % below 0.01: three of the\n"
      "four decades are hardly tried. Uniform in log η gives each decade a quarter ({} in the top one).\n"
      "Draw u uniform in [0, 1] and map it: exercise 17.2.",
      pct(lin_top), pct(log_top)));

  ch.part("your log_uniform against the lesson's log_sample", [&] {
    double worst = 0.0;
    for (double u : us) {
      const double want = log_sample(kSampleLo, kSampleHi, u), got = log_uniform(kSampleLo, kSampleHi, u);
      const double rel = std::abs(got - want) / want;
      worst = std::isnan(rel) ? INFINITY : std::max(worst, rel);
    }
    ch.result("sampling.your_max_relative_difference", worst);
    ch.result("sampling.your_log_uniform_agrees", worst <= 1e-12 ? "yes" : "no");
  });
}

}  // namespace sg::ch17
