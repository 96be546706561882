// Chapter 15, parts 4 and 5: the lecture's Keras model (a sigmoid output
// with categorical cross-entropy, shown and corrected) on its 100 samples,
// then the first MLP on all the data: summary, fit with a validation split
// and a progress bar, learning curves, the test accuracy (exercise 15.3),
// the mistakes and the confusion matrix (exercise 15.4).
#include <fmt/format.h>

#include <chrono>
#include <numeric>

#include "chapters/15_classification/exercises.hpp"
#include "chapters/15_classification/lesson.hpp"
#include "chapters/common/fit_trace.hpp"

namespace sg::ch15 {

namespace {

// The lecture's model (lecture 001): Dense(28, relu) → Dropout(0.5) →
// Dense(10, sigmoid), SGD(learning_rate=0.01, momentum=0.9), fit on
// X_train[:100] with batch_size=32.
constexpr Index kLectureSamples = 100;
constexpr Index kLectureHidden = 28;
constexpr double kLectureDropout = 0.5;
constexpr double kLectureLr = 0.01, kMomentum = 0.9;
constexpr Index kLectureBatch = 32;
constexpr int kMistakesShown = 24;     // the mistakes picture: 4 rows of 6
constexpr Index kGraphRows = 4;        // examples in the main graph
constexpr Index kGradcheckRows = 16;   // examples in --gradcheck's loss

std::string pct(double v) { return fmt::format("{:.2f} %", 100.0 * v); }

double metric(const Metrics& m, const std::string& name) {
  for (const auto& [k, v] : m) {
    if (k == name) return v;
  }
  throw ValueError("no metric " + name);
}

// Softmax of every row: the probabilities behind the logits.
MatF softmax_rows(const MatF& Z) {
  MatF P = (Z.colwise() - Z.rowwise().maxCoeff()).array().exp().matrix();
  return P.array().colwise() / P.rowwise().sum().array();
}

// The lecture's network; `sigmoid`: its Dense(10, activation='sigmoid'), else logits for softmax.
Sequential<float> lecture_net(Context& ctx, Index inputs, bool sigmoid, Generator& gen) {
  Sequential<float> m("keras");
  m.emplace<Linear<float>>(ctx, "dense", inputs, kLectureHidden, gen);   // glorot_uniform, Keras's default
  m.emplace<ReLU<float>>("relu");
  m.emplace<Dropout<float>>(kLectureDropout, gen, "dropout");
  m.emplace<Linear<float>>(ctx, "dense_1", kLectureHidden, 10, gen);
  if (sigmoid) m.emplace<Sigmoid<float>>("sigmoid");
  return m;
}

struct Variant {
  std::string key, title;
  bool sigmoid;
  LossFn<float> loss;
};

}  // namespace

Run train_recipe(book::Chapter& ch, const Recipe& r, const Data& d, GraphObserver* trace, bool progress) {
  Run run;
  run.net = build_net(r, d.train.features(), ch.options().seed, trace);
  const std::unique_ptr<Optimizer<float>> opt = make_optimizer(r, run.net->model);
  Callbacks<float> callbacks;
  std::shared_ptr<EarlyStopping<float>> early;
  if (r.patience > 0) {
    early = std::make_shared<EarlyStopping<float>>(EarlyStoppingOptions{.monitor = "val_loss", .patience = r.patience});
    callbacks.push_back(early);
  }
  if (trace != nullptr) callbacks.push_back(std::make_shared<book::TraceFirstSteps<float>>(ch));
  const FitOptions options{.epochs = r.epochs, .batch_size = r.batch, .quiet = !progress || ch.quiet()};
  const auto t0 = std::chrono::steady_clock::now();
  run.history = fit(run.net->model, losses::cross_entropy<float>(), *opt, d.train, &d.val, options, *run.net->gen,
                    callbacks);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (trace != nullptr) {
    run.net->ctx->set_trace(nullptr);   // evaluating 10 000 images is not for the trace
    ch.restore_trace();
  }
  run.epochs_run = static_cast<int>(run.history.epochs());
  run.best_epoch = early && early->best_epoch() >= 0 ? static_cast<int>(early->best_epoch()) + 1 : run.epochs_run;
  run.val_accuracy = metric(evaluate(run.net->model, losses::cross_entropy<float>(), d.val), "accuracy");
  const Metrics test = evaluate(run.net->model, losses::cross_entropy<float>(), d.test);
  run.test_accuracy = metric(test, "accuracy");
  run.test_loss = metric(test, "loss");
  return run;
}

void lecture_model(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("The lecture's model, and its output layer");
  ch.say("Lecture 001 trains this Keras model:\n\n"
         "    model.add(Dense(28, input_shape=(784,), activation='relu'))\n"
         "    model.add(Dropout(0.5))\n"
         "    model.add(Dense(10, input_shape=(784,), activation='sigmoid'))\n"
         "    opt = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n"
         "    model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])\n"
         "    model.fit(X_train[:100], y_train[:100], epochs=500, batch_size=32, validation_...)\n\n"
         "A sigmoid output with categorical cross-entropy is a mismatch (lecture 000's own table pairs\n"
         "softmax with categorical cross-entropy, sigmoid with binary). Ten sigmoids are ten separate\n"
         "yes/no answers, not a distribution over the ten classes, and lecture 000's formula,\n"
         "L = −(1/N) Σ_i Σ_j y_ij log ŷ_ij, then only sees the true class's output: nothing pushes the\n"
         "other nine down. We train the model three ways on the same 100 images, from the same weights.");
  std::vector<Index> rows(static_cast<std::size_t>(std::min(kLectureSamples, d.train.size())));
  std::iota(rows.begin(), rows.end(), Index{0});
  const DatasetF hundred = d.train.subset(rows);
  const std::vector<Variant> variants = {
      {"literal", "sigmoid, lecture 000's formula as written", true, literal_cross_entropy()},
      {"keras", "sigmoid, Keras's categorical_crossentropy", true, keras_cross_entropy()},
      {"softmax", "softmax and cross-entropy (corrected)", false, losses::cross_entropy<float>()}};
  book::Table t({"output and loss", "train acc", "val acc", "mean Σ outputs", "outputs > 0.5 per image"});
  book::Plot curves("lecture_curves", fmt::format("The lecture's model on {} images: accuracy by epoch", rows.size()),
                    "epoch", "accuracy");
  curves.key = "bottom right";
  std::pair<double, double> softmax_acc;   // the corrected model's training and validation accuracy
  for (const Variant& v : variants) {
    Context ctx;
    Generator gen = ch.generator();
    Sequential<float> m = lecture_net(ctx, d.train.features(), v.sigmoid, gen);
    if (v.key == "literal") {
      const std::string table = summary(m, {kLectureBatch, d.train.features()});
      ch.say("\nIts summary() (Keras counts the same 22,270 parameters for 784 inputs):\n" + table);
      ch.write_text("summary_lecture.txt", table);
      ch.result("lecture.params", static_cast<double>(m.parameter_count()));
    }
    SGD<float> opt(m.trainable_params(), SGDOptions{.lr = kLectureLr, .momentum = kMomentum});
    const History h = fit(m, v.loss, opt, hundred, &d.val,
                          FitOptions{.epochs = s.lecture_epochs, .batch_size = kLectureBatch, .quiet = true, .trace = false},
                          gen);
    const MatF out = predict(m, d.val.X);
    const MatF P = v.sigmoid ? out : softmax_rows(out);
    const double sum = mean_row_sum(P);
    const double yes = static_cast<double>((P.array() > 0.5f).count()) / static_cast<double>(P.rows());
    // In eval mode (no dropout), as the validation images are; fit()'s own
    // "accuracy" is measured with dropout on, while the weights still change.
    const double train_acc = accuracy(predict(m, hundred.X), hundred.labels), val_acc = accuracy(P, d.val.labels);
    if (v.key == "softmax") softmax_acc = {train_acc, val_acc};
    t.add({v.title, pct(train_acc), pct(val_acc), fmt::format("{:.3f}", sum), fmt::format("{:.2f}", yes)});
    const std::string key = "lecture." + v.key;
    ch.result(key + ".train_loss", h.series("loss").back());
    ch.result(key + ".train_accuracy", train_acc);
    ch.result(key + ".val_accuracy", val_acc);
    ch.result(key + ".output_sum", sum);
    ch.result(key + ".outputs_above_half", yes);
    for (const std::string series : {"accuracy", "val_accuracy"}) {
      if (v.key == "keras") break;
      if (v.key == "literal" && series == "accuracy") continue;
      const char* which = series == "accuracy" ? "train, dropout on" : "validation";
      book::Series line{fmt::format("{} ({})", which, v.key), {}, {}, "lines lw 2"};
      const std::vector<double>& y = h.series(series);
      for (std::size_t e = 0; e < y.size(); ++e) {
        line.x.push_back(static_cast<double>(e + 1));
        line.y.push_back(y[e]);
      }
      curves.series.push_back(std::move(line));
    }
  }
  ch.say(fmt::format("\nAfter {} epochs on {} images (accuracy on the {} validation images):", s.lecture_epochs,
                     rows.size(), d.val.size()));
  ch.table(t, "lecture_outputs.csv");
  ch.write_plot(curves);

  // The all-ones output: the literal loss has nothing left to gain.
  Context ctx;
  Batch<float> b;
  b.labels = {0, 3, 9};
  const double ones = literal_cross_entropy()(ctx.input<float>(MatF::Ones(3, 10), "P"), b).item();
  ch.result("lecture.literal_loss_of_all_ones", ones);
  ch.say(fmt::format(
      "\nAs written, the loss is −log ŷ of the true class alone, and an output of 1 for every class\n"
      "makes it {:.2g}: the minimum, reached by a network that answers \"yes\" to everything. The\n"
      "derivative of L with respect to a wrong class's output is 0, so the nine wrong outputs drift\n"
      "up with the shared weights and nothing pulls them back: the outputs add up to far more than 1.\n"
      "Keras does not compute the formula as written: its categorical_crossentropy divides each row\n"
      "by its sum first, which makes the outputs compete and trains, but what predict() returns is\n"
      "still ten independent sigmoids that do not add up to 1. The correction is the output layer\n"
      "lecture 000 prescribes: Dense(10, activation='softmax'), whose outputs are a distribution.\n"
      "The engine's cross_entropy takes the logits and applies the softmax inside (stable, and the\n"
      "gradient is simply softmax − one-hot). Every model from here on does that.\n"
      "Even corrected, {} % right on the 100 training images against\n"
      "{} % on the validation images is lecture 001's overfitting learning curve (lecture_curves.svg):\n"
      "100 images are far too few. Next: all of them.",
      ones, fmt::format("{:.1f}", 100 * softmax_acc.first), fmt::format("{:.1f}", 100 * softmax_acc.second)));
}

Run first_mlp(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("A first MLP on all the data");
  const Recipe r = first_recipe(s);
  {
    const auto preview = build_net(r, d.train.features(), ch.options().seed, nullptr);
    const std::string table = summary(preview->model, {r.batch, d.train.features()});
    ch.say(fmt::format("The lecture's model, corrected (softmax output), without its dropout (the first improvement\n"
                       "adds it back), on all {} training images: {} epochs of SGD (η = {}, momentum {}) in\n"
                       "batches of {}, He initialisation for the ReLU layer. Its summary():\n{}",
                       d.train.size(), r.epochs, r.lr, kMomentum, r.batch, table));
    ch.write_text("summary.txt", table);
    ch.result("first.params", static_cast<double>(preview->model.parameter_count()));
  }
  ch.say("fit() with the validation split, and its progress bar (one line per epoch when the output\n"
         "is not a terminal):");
  Run run = train_recipe(ch, r, d, &ch.trace(), /*progress=*/true);
  ch.write_text("history.csv", run.history.to_csv());
  book::Plot loss("loss_curves", "First MLP: the loss by epoch", "epoch", "cross-entropy");
  book::Plot acc("accuracy_curves", "First MLP: the accuracy by epoch", "epoch", "accuracy");
  acc.key = "bottom right";
  for (const auto& [plot, names] : {std::pair{&loss, std::pair{"loss", "val_loss"}},
                                    std::pair{&acc, std::pair{"accuracy", "val_accuracy"}}}) {
    for (const char* name : {names.first, names.second}) {
      book::Series line{std::string(name).starts_with("val") ? "validation" : "training", {}, {}, "linespoints lw 2"};
      const std::vector<double>& y = run.history.series(name);
      for (std::size_t e = 0; e < y.size(); ++e) {
        line.x.push_back(static_cast<double>(e + 1));
        line.y.push_back(y[e]);
      }
      plot->series.push_back(std::move(line));
    }
    ch.write_plot(*plot);
  }
  ch.result("first.train_loss", run.history.series("loss").back());
  ch.result("first.val_accuracy", run.val_accuracy);
  ch.result("first.seconds", run.seconds);
  ch.say(fmt::format("Learning curves: loss_curves.svg and accuracy_curves.svg. {} epochs took {:.1f} s.",
                     run.epochs_run, run.seconds));

  ch.section("Evaluate on the test set");
  ch.say(fmt::format("evaluate() on the {} test images, once, at the end:", d.test.size()));
  ch.result("first.test_loss", run.test_loss);
  ch.result("first.test_accuracy", run.test_accuracy);
  const MatF Z = predict(run.net->model, d.test.X);
  ch.part("your accuracy_from_logits against the engine's accuracy", [&] {
    const double yours = accuracy_from_logits(Z.cast<double>(), d.test.labels);
    ch.result("first.your_test_accuracy", yours);
    ch.result("first.your_accuracy_agrees", yours == accuracy(Z, d.test.labels) ? "yes" : "no");
  });

  ch.section("Predict, and look at the mistakes");
  const MatF P = softmax_rows(Z);
  const std::vector<int> predicted = predicted_classes(Z);
  book::Table first({"test image", "true class", "predicted", "p(predicted)", "p(true)"});
  for (Index i = 0; i < std::min<Index>(5, Z.rows()); ++i) {
    const int y = d.test.labels[static_cast<std::size_t>(i)], p = predicted[static_cast<std::size_t>(i)];
    first.add({std::to_string(i), std::string(kFashionMnistClasses[static_cast<std::size_t>(y)]),
               std::string(kFashionMnistClasses[static_cast<std::size_t>(p)]), fmt::format("{:.3f}", P(i, p)),
               fmt::format("{:.3f}", P(i, y))});
  }
  ch.say("predict() gives the logits; softmax turns them into probabilities. The first five test images:");
  ch.table(first, "predictions.csv");
  std::vector<MatF> wrong;
  std::vector<std::string> labels;
  int mistakes = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    if (predicted[i] == d.test.labels[i]) continue;
    ++mistakes;
    if (static_cast<int>(wrong.size()) < kMistakesShown) {
      wrong.push_back(d.test.X.row(static_cast<Index>(i)));
      labels.push_back(short_name(d.test.labels[i]) + "\\n→ " + short_name(predicted[i]));
    }
  }
  ch.write_plot(image_grid("mistakes", "The first misclassified test images: true class → predicted", wrong, labels,
                           d.side, 6, /*two_lines=*/true));
  ch.result("first.mistakes", mistakes);
  ch.say(fmt::format("{} of the {} test images are misclassified; mistakes.svg shows the first {}.", mistakes,
                     d.test.size(), wrong.size()));

  ch.section("The confusion matrix");
  const Eigen::MatrixXi C = confusion_matrix(d.test.labels, predicted, 10);
  std::vector<std::string> names;
  for (int c = 0; c < 10; ++c) names.push_back(short_name(c));
  ch.say("Rows: the true class; columns: the predicted class (confusion.svg, confusion.csv):");
  ch.say(render_confusion(C, names));
  std::string csv = "true\\predicted";
  for (const std::string& n : names) csv += "," + n;
  for (int t = 0; t < 10; ++t) {
    csv += "\n" + names[static_cast<std::size_t>(t)];
    for (int p = 0; p < 10; ++p) csv += fmt::format(",{}", C(t, p));
  }
  ch.write_text("confusion.csv", csv + "\n");
  ch.write_plot(confusion_picture("confusion", "First MLP: confusion matrix on the test set", C));
  const Confusion worst = most_confused(C);
  ch.result("first.most_confused", fmt::format("{} as {}", kFashionMnistClasses[static_cast<std::size_t>(worst.truth)],
                                               kFashionMnistClasses[static_cast<std::size_t>(worst.predicted)]));
  ch.result("first.most_confused_count", worst.count);
  ch.part("your confusion_counts against the engine's confusion_matrix", [&] {
    const Eigen::MatrixXi yours = confusion_counts(d.test.labels, predicted, 10);
    ch.result("first.your_confusion_agrees", yours.rows() == 10 && yours.cols() == 10 && yours == C ? "yes" : "no");
  });

  // The main graph: the trained network on a few training images.
  run.net->model.eval();
  Context& ctx = *run.net->ctx;
  const std::vector<int> few(d.train.labels.begin(), d.train.labels.begin() + kGraphRows);
  const TensorT<float> X = ctx.input<float>(MatF(d.train.X.topRows(kGraphRows)), "X");
  TensorT<float> L = cross_entropy(run.net->model(X), few).set_label("loss");
  L.backward();
  DotOptions dot;
  dot.cluster_scopes = true;
  dot.legend = true;
  dot.title = fmt::format("First MLP on {} training images: values and dL/d·", kGraphRows);
  ch.write_graph("graph", to_dot(L, dot), true);

  if (ch.gradcheck_requested()) {   // in double, on a copy of the trained weights
    const auto copy = build_net<double>(r, d.train.features(), ch.options().seed, nullptr);
    const std::vector<TensorT<float>> from = run.net->model.params();
    std::vector<Tensor> to = copy->model.params();
    for (std::size_t i = 0; i < to.size(); ++i) to[i].value_mut() = from[i].value().cast<double>();
    const Mat Xd = d.train.X.topRows(kGradcheckRows).cast<double>();
    const std::vector<int> yd(d.train.labels.begin(), d.train.labels.begin() + kGradcheckRows);
    ch.report_gradcheck("first_mlp", gradcheck_network(
                                         [&] { return cross_entropy(copy->model(copy->ctx->input(Xd, "X")), yd); }, to));
  }
  return run;
}

}  // namespace sg::ch15
