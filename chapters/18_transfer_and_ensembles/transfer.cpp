// Chapter 18, parts 1 to 4: two tasks cut out of Fashion-MNIST (exercise
// 18.1); a network trained on the first, its body saved; the body loaded,
// frozen, and a new head trained on the small task (exercise 18.2), against
// the same network trained from scratch on the same few images; then
// fine-tuning, the body unfrozen at a lower learning rate.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "chapters/18_transfer_and_ensembles/exercises.hpp"
#include "chapters/18_transfer_and_ensembles/lesson.hpp"
#include "chapters/common/fit_trace.hpp"

namespace sg::ch18 {

namespace {

constexpr Index kSourceBatch = 16;   // the first task's batch (and the ensemble members')
constexpr Index kSmallBatch = 8;     // the small task's: 40 images make 5 batches
constexpr Index kGraphRows = 4;      // small-task images in the main graph
constexpr double kFineTuneDivisor = 10.0;   // fine-tuning's learning rate: lr / 10

double metric_of(const Metrics& m, const std::string& name) {
  for (const auto& [k, v] : m) {
    if (k == name) return v;
  }
  throw ValueError("no metric " + name);
}

// The rows of `ds` whose label is one of `classes`, relabelled by its
// position there.
DatasetF only_classes(const DatasetF& ds, const std::vector<int>& classes) {
  std::vector<Index> rows;
  std::vector<int> labels;
  for (std::size_t i = 0; i < ds.labels.size(); ++i) {
    const auto it = std::find(classes.begin(), classes.end(), ds.labels[i]);
    if (it == classes.end()) continue;
    rows.push_back(static_cast<Index>(i));
    labels.push_back(static_cast<int>(it - classes.begin()));
  }
  DatasetF out = ds.subset(rows);
  out.labels = std::move(labels);
  out.class_names.clear();
  return out;
}

// The chapter's own few-shot selection (what exercise 18.1 is compared with):
// the first `per_class` rows of each class in `classes`, in file order.
std::vector<Index> first_of_each(const std::vector<int>& labels, const std::vector<int>& classes, int per_class,
                                 std::vector<int>& new_labels) {
  std::vector<int> taken(classes.size(), 0);
  std::vector<Index> rows;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (std::size_t k = 0; k < classes.size(); ++k) {
      if (labels[i] != classes[k] || taken[k] == per_class) continue;
      ++taken[k];
      rows.push_back(static_cast<Index>(i));
      new_labels.push_back(static_cast<int>(k));
    }
  }
  for (std::size_t k = 0; k < classes.size(); ++k) {
    if (taken[k] < per_class) {
      throw ValueError(fmt::format("--per-class {}: class {} ({}) has only {} images among the {} read; read more "
                                   "with --train or ask for fewer",
                                   per_class, classes[k], kFashionMnistClasses[static_cast<std::size_t>(classes[k])],
                                   taken[k], labels.size()));
    }
  }
  return rows;
}

// The few-shot rows of `ds` (first_of_each), relabelled 0..3.
DatasetF few_shot(const DatasetF& ds, const std::vector<Index>& rows, const std::vector<int>& labels) {
  DatasetF out = ds.subset(rows);
  out.labels = labels;
  out.class_names.clear();
  return out;
}

std::string names_of(const std::vector<int>& classes) {
  std::string out;
  for (int c : classes) out += (out.empty() ? "" : ", ") + std::string(kFashionMnistClasses[static_cast<std::size_t>(c)]);
  return out;
}

// The weights of `model` whose names start with one of `prefixes` (all when
// empty), as a checkpoint: the engine's file format for saved weights.
Checkpoint weights_of(const Module<float>& model, const std::vector<std::string>& prefixes = {}) {
  Checkpoint c;
  for (const NamedParam<float>& p : model.named_params()) {
    const bool wanted = prefixes.empty() || std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& f) {
                          return p.name.starts_with(f);
                        });
    if (wanted) c.put_matrix(p.name, p.tensor.value());
  }
  return c;
}

// Copies every entry of `c` into the parameter of the same name (a ShapeError
// names both shapes when they differ).
void load_weights(const Checkpoint& c, Module<float>& model) {
  for (NamedParam<float>& p : model.named_params()) {
    if (c.has_matrix(p.name)) c.restore_matrix(p.name, p.tensor.value_mut());
  }
}

// The layer sizes of a body + head network, for exercise 18.2.
std::vector<DenseLayer> layers_of(Index inputs, Index classes, bool body_frozen) {
  return {{inputs, kHidden1, body_frozen}, {kHidden1, kHidden2, body_frozen}, {kHidden2, classes, false}};
}

struct Row {
  std::string key, name;
  Index trainable = 0;
  int epochs = 0;
  Trained run;
};

}  // namespace

Trained train(Net& net, const DatasetF& train, const DatasetF& test, double lr, int epochs, Index batch,
              const Callbacks<float>& callbacks) {
  Adam<float> opt(net.model.trainable_params(), AdamOptions{.lr = lr});
  const FitOptions options{.epochs = epochs, .batch_size = batch, .quiet = true};
  Trained t;
  const auto t0 = std::chrono::steady_clock::now();
  const History h = fit(net.model, losses::cross_entropy<float>(), opt, train, nullptr, options, *net.gen, callbacks);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t.train_loss = h.series("loss").back();
  const Metrics m = evaluate(net.model, losses::cross_entropy<float>(), test);
  t.test_accuracy = metric_of(m, "accuracy");
  t.test_loss = metric_of(m, "loss");
  return t;
}

Settings resolved(const Settings& s, bool quick) {
  Settings r = s;
  // --quick is what the tests run, several times, in a build without
  // optimisation and with the sanitizers: 7×7 images, a few hundred of them,
  // a few epochs.
  if (r.train == 0) r.train = quick ? 2500 : 60000;
  if (r.test == 0) r.test = quick ? 500 : 10000;
  if (r.pool == 0) r.pool = quick ? 4 : 1;
  // --quick's ensemble members train 2 epochs: the first task needs 5 to
  // transfer well, the ensemble's point shows with 2, and they cost 3× as much.
  r.member_epochs = r.epochs != 0 ? r.epochs : (quick ? 2 : 5);
  if (r.epochs == 0) r.epochs = 5;
  if (r.members == 0) r.members = quick ? 3 : 5;
  return r;
}

Data load(book::Chapter& ch, const Settings& s) {
  ch.section("Two tasks");
  ch.say(fmt::format(
      "Transfer learning needs two related tasks: a large one to learn features on, and a small one\n"
      "to reuse them. Both come out of Fashion-MNIST ({}; Debian's package\n"
      "dataset-fashion-mnist, --data-dir for another folder). The first task is all ten classes; the\n"
      "small task is a hard few-class one, the four tops that look alike (T-shirt/top, Pullover,\n"
      "Coat, Shirt), with only {} training images of each, images the first task never sees.",
      s.data_dir, s.per_class));
  DatasetF train = fashion_mnist<float>(MnistSplit::Train, s.data_dir, s.train);
  DatasetF test = fashion_mnist<float>(MnistSplit::Test, s.data_dir, s.test);
  Data d;
  d.side = 28 / s.pool;
  if (s.pool > 1) {
    train.X = average_pool(train.X, 28, Index{s.pool});
    test.X = average_pool(test.X, 28, Index{s.pool});
    ch.say(fmt::format("Pooled: every {0}×{0} block of pixels is replaced by its mean, so the images are {1}×{1} "
                       "({2} inputs).",
                       s.pool, d.side, d.side * d.side));
  }
  // The small task's images come first; the first task gets every other
  // training image, so the two never share one.
  std::vector<int> small_labels, held_labels;
  const std::vector<Index> rows = first_of_each(train.labels, kTops, s.per_class, small_labels);
  const std::vector<Index> held_rows = first_of_each(train.labels, kHeldOut, s.per_class, held_labels);
  std::vector<bool> taken(train.labels.size(), false);
  for (Index r : rows) taken[static_cast<std::size_t>(r)] = true;
  std::vector<Index> rest;
  for (std::size_t i = 0; i < taken.size(); ++i) {
    if (!taken[i]) rest.push_back(static_cast<Index>(i));
  }
  d.source_train = train.subset(rest);
  d.source_test = test;
  d.small_train = few_shot(train, rows, small_labels);
  d.small_test = only_classes(test, kTops);
  d.narrow_train = only_classes(d.source_train, kNarrow);
  d.narrow_test = only_classes(test, kNarrow);
  d.held_train = few_shot(train, held_rows, held_labels);
  d.held_test = only_classes(test, kHeldOut);
  d.all_train = std::move(train);
  d.all_test = std::move(test);

  book::Table t({"task", "classes", "train images", "test images"});
  t.add({"first (large)", "all ten", std::to_string(d.source_train.size()), std::to_string(d.source_test.size())});
  t.add({"small", names_of(kTops), std::to_string(d.small_train.size()), std::to_string(d.small_test.size())});
  ch.table(t, "tasks.csv");
  ch.result("data.inputs", static_cast<double>(d.all_train.features()));
  ch.result("data.source_train", static_cast<double>(d.source_train.size()));
  ch.result("data.source_test", static_cast<double>(d.source_test.size()));
  ch.result("data.small_train", static_cast<double>(d.small_train.size()));
  ch.result("data.small_test", static_cast<double>(d.small_test.size()));
  ch.say(fmt::format("The small task's labels are 0..3 (T-shirt/top 0, Pullover 1, Coat 2, Shirt 3): its network\n"
                     "has four outputs. Its {} training images are the first {} of each class in the file; the\n"
                     "first task trains on the other {} and never sees them.",
                     d.small_train.size(), s.per_class, d.source_train.size()));

  ch.part("your few_shot_rows against the chapter's selection", [&] {
    const FewShot yours = few_shot_rows(d.all_train.labels, kTops, s.per_class);
    const bool same_rows = yours.rows.size() == rows.size() && std::equal(rows.begin(), rows.end(), yours.rows.begin());
    ch.result("data.your_rows_agree", same_rows ? "yes" : "no");
    ch.result("data.your_labels_agree", yours.labels == small_labels ? "yes" : "no");
  });
  return d;
}

void pretrain(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("The first task");
  const Index inputs = d.all_train.features();
  auto net = make_net(inputs, kSourceClasses, ch.options().seed, &ch.trace());
  const std::string table = summary(net->model, {kSourceBatch, inputs});
  ch.say(fmt::format("The network every part of this chapter trains: a body of two ReLU layers ({} → {} → {}), the\n"
                     "features, and a head, a linear layer from those {} features to one logit per class. On the\n"
                     "first task: {} images, {} epochs of Adam (η = {}) in batches of {}. Its summary():\n{}",
                     inputs, kHidden1, kHidden2, kHidden2, d.source_train.size(), s.epochs, s.lr, kSourceBatch,
                     table));
  ch.write_text("summary_first.txt", table);
  const Trained run = train(*net, d.source_train, d.source_test, s.lr, s.epochs, kSourceBatch,
                            {std::make_shared<book::TraceFirstSteps<float>>(ch)});
  net->ctx->set_trace(nullptr);
  ch.restore_trace();
  ch.result("first.params", static_cast<double>(net->model.parameter_count()));
  ch.result("first.test_accuracy", run.test_accuracy);
  ch.result("first.seconds", run.seconds);

  // The body's weights, saved: what a model zoo hands out.
  const Checkpoint body = weights_of(net->model, {"fc1.", "fc2."});
  ch.write_text("body.sgck", serialise_checkpoint(body));
  ch.result("first.body_entries", static_cast<double>(body.matrices().size()));
  ch.say(fmt::format("{:.1f} % of the first task's {} test images right after {:.2f} s. The body's weights (fc1.W,\n"
                     "fc1.b, fc2.W, fc2.b) go into body.sgck, the engine's checkpoint format: the \"pretrained\n"
                     "model\" the next part downloads, so to speak. The first task's head stays behind: its ten\n"
                     "outputs mean classes the small task does not have.",
                     100 * run.test_accuracy, d.source_test.size(), run.seconds));
}

void transfer(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("Freeze the body, re-initialise the head");
  const Index inputs = d.all_train.features();
  const auto classes = static_cast<Index>(kTops.size());
  const Checkpoint body = load_checkpoint(ch.path("body.sgck"));
  // The transferred network: a new network (its head drawn fresh from the
  // seed + 1), the body's weights loaded over its body, the body frozen.
  auto frozen = make_net(inputs, classes, ch.options().seed + 1);
  load_weights(body, frozen->model);
  for (std::size_t l = 0; l < kHeadLayer; ++l) frozen->model.at(l).freeze();
  const std::string table = summary(frozen->model, {kSmallBatch, inputs});
  ch.say("Lecture 002's recipe: train on the big task, then on the small one freeze the body and\n"
         "re-initialise the last layer and train it. Here the body's weights are read back from\n"
         "body.sgck into a new network with a four-output head, and fc1 and fc2 are frozen\n"
         "(Module::freeze(): requires_grad off, so backward computes nothing for them and the optimiser,\n"
         "built from trainable_params(), never sees them). summary() counts what is left to learn:\n" +
         table);
  ch.write_text("summary_transfer.txt", table);
  const Index trainable = frozen->model.trainable_parameter_count();
  ch.result("frozen.params", static_cast<double>(frozen->model.parameter_count()));
  ch.result("frozen.trainable", static_cast<double>(trainable));
  ch.result("frozen.optimizer_tensors", static_cast<double>(frozen->model.trainable_params().size()));
  ch.part("your trainable_parameters against summary()'s count", [&] {
    const std::int64_t yours_frozen = trainable_parameters(layers_of(inputs, classes, true));
    const std::int64_t yours_all = trainable_parameters(layers_of(inputs, classes, false));
    ch.result("frozen.your_trainable", static_cast<double>(yours_frozen));
    const bool agrees = yours_frozen == trainable && yours_all == frozen->model.parameter_count();
    ch.result("frozen.your_count_agrees", agrees ? "yes" : "no");
  });

  // The main graph: the frozen network on a few small-task images. The
  // body's parameters get no gradient: backward stops at the head.
  {
    Context& ctx = *frozen->ctx;
    const std::vector<int> few(d.small_train.labels.begin(), d.small_train.labels.begin() + kGraphRows);
    TensorT<float> L = cross_entropy(frozen->model(ctx.input<float>(MatF(d.small_train.X.topRows(kGraphRows)), "X")), few)
                           .set_label("loss");
    L.backward();
    const bool body_has_grad = frozen->model.params()[0].has_grad();
    ch.result("frozen.body_gets_gradient", body_has_grad ? "yes" : "no");
    DotOptions dot;
    dot.cluster_scopes = true;
    dot.legend = true;
    dot.show_value = false;
    dot.title = fmt::format("The body frozen, a new head: dL/d· reaches the head only ({} images)", kGraphRows);
    ch.write_graph("graph", to_dot(L, dot), true);
  }

  const MatF W1 = frozen->model.params()[0].value();
  std::vector<Row> rows;
  rows.push_back({"frozen", "frozen body, new head", trainable, s.head_epochs,
                  train(*frozen, d.small_train, d.small_test, s.lr, s.head_epochs, kSmallBatch)});
  const double body_change = (frozen->model.params()[0].value() - W1).cwiseAbs().maxCoeff();
  ch.result("frozen.body_max_change", body_change);

  ch.section("Against training from scratch");
  // The same network, seed and batches, from its random weights: all of it
  // trained, or only its head over a frozen random body (the control: what
  // the pretrained weights add, beyond the shape of the network).
  auto scratch = make_net(inputs, classes, ch.options().seed + 1);
  rows.insert(rows.begin(), Row{"scratch", "from scratch", scratch->model.trainable_parameter_count(), s.head_epochs,
                                train(*scratch, d.small_train, d.small_test, s.lr, s.head_epochs, kSmallBatch)});
  ch.say(fmt::format(
      "The same network from its random weights (the same seed as the new head, the same batches),\n"
      "trained on the same {} images for the same {} epochs: all {} parameters learn. And a control:\n"
      "the random body frozen, only the head trained. Whatever the pretrained body wins over that\n"
      "control is what its weights carry, not the shape of the network.",
      d.small_train.size(), s.head_epochs, scratch->model.trainable_parameter_count()));
  auto random_body = make_net(inputs, classes, ch.options().seed + 1);
  for (std::size_t l = 0; l < kHeadLayer; ++l) random_body->model.at(l).freeze();
  rows.insert(rows.begin() + 1, Row{"random_body", "frozen random body, new head", trainable, s.head_epochs,
                                    train(*random_body, d.small_train, d.small_test, s.lr, s.head_epochs, kSmallBatch)});

  ch.section("Fine-tuning");
  ch.say("Lecture 004's table: with a small data set freeze everything but the last layer; with more,\n"
         "train the last layers too; with a lot, train everything starting from the pretrained weights.\n"
         "Fine-tuning is the step in between: after the new head has learnt, unfreeze the body and go on\n"
         "training every layer at a lower learning rate, so that the few images adjust the features\n"
         "without wiping them out; and, to see why lower, once more at the full rate.");
  // Both fine-tunings start from the frozen network after its training: its
  // weights, copied through a checkpoint in memory, then everything unfrozen.
  const Checkpoint trained = weights_of(frozen->model);
  const int more = std::max(1, s.head_epochs / 2);
  for (const auto& [key, name, divisor] : {std::tuple{"finetune", "then all layers, η/10", kFineTuneDivisor},
                                           std::tuple{"finetune_full_lr", "then all layers, η", 1.0}}) {
    auto net = make_net(inputs, classes, ch.options().seed + 1);
    load_weights(trained, net->model);
    Row r{key, name, net->model.trainable_parameter_count(), s.head_epochs + more,
          train(*net, d.small_train, d.small_test, s.lr / divisor, more, kSmallBatch)};
    r.run.seconds += rows[2].run.seconds;   // the head's training came first
    rows.push_back(std::move(r));
  }

  book::Table t({"small task", "trainable params", "epochs", "test acc %", "test loss", "seconds"});
  std::string csv = "key,approach,trainable,epochs,test_accuracy,test_loss\n", timing = "key,seconds\n";
  for (const Row& r : rows) {
    t.add({r.name, std::to_string(r.trainable), std::to_string(r.epochs), fmt::format("{:.2f}", 100 * r.run.test_accuracy),
           fmt::format("{:.4f}", r.run.test_loss), fmt::format("{:.3f}", r.run.seconds)});
    csv += fmt::format("{},{},{},{},{:.6f},{:.6f}\n", r.key, book::csv_cell(r.name), r.trainable, r.epochs,
                       r.run.test_accuracy, r.run.test_loss);
    timing += fmt::format("{},{:.4f}\n", r.key, r.run.seconds);
    ch.result(r.key + ".test_accuracy", r.run.test_accuracy);
    ch.result(r.key + ".test_loss", r.run.test_loss);
    ch.result(r.key + ".seconds", r.run.seconds);
  }
  ch.say(fmt::format("The same {} training images (labels 0..3), the same {} epochs, the same Adam; tested on the\n"
                     "{} test images of the four classes. Fine-tuning continues the frozen network for {} more\n"
                     "epochs with every layer trainable (its seconds include the head's training):",
                     d.small_train.size(), s.head_epochs, d.small_test.size(), more));
  ch.table(t);   // its seconds change from run to run: transfer.csv leaves them out
  ch.write_text("transfer.csv", csv);
  ch.write_text("timing_transfer.csv", timing);
  // rows: scratch, random_body, frozen, finetune, finetune_full_lr
  const double gain = rows[2].run.test_accuracy - rows[0].run.test_accuracy;
  const double over_random = rows[2].run.test_accuracy - rows[1].run.test_accuracy;
  if (gain > 0) {
    ch.say(fmt::format("The transferred body beats training from scratch by {:.2f} points, with {} parameters to\n"
                       "train instead of {}, and the frozen random body by {:.2f}: the first task's weights carry\n"
                       "what the head needs.",
                       100 * gain, trainable, rows[0].trainable, 100 * over_random));
  } else {
    ch.say(fmt::format("Here the transferred body does not beat training from scratch ({:+.2f} points; {:+.2f} over\n"
                       "the frozen random body): with so short a first task, or so many images of the small\n"
                       "one, the head learns little from the body that it could not learn alone.",
                       100 * gain, 100 * over_random));
  }
  ch.result("transfer.gain_over_scratch", rows[2].run.test_accuracy - rows[0].run.test_accuracy);
  ch.result("transfer.gain_over_random_body", rows[2].run.test_accuracy - rows[1].run.test_accuracy);
  ch.result("transfer.finetune_gain", rows[3].run.test_accuracy - rows[2].run.test_accuracy);
}

void negative_transfer(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("When transfer does not help");
  const Index inputs = d.all_train.features();
  const auto classes = static_cast<Index>(kHeldOut.size());
  // The same recipe with a narrower first task: the first six classes only
  // (the same images of them, the same epochs); the small task the four
  // others, which that first task never sees.
  auto first = make_net(inputs, static_cast<Index>(kNarrow.size()), ch.options().seed);
  const Trained pre = train(*first, d.narrow_train, d.narrow_test, s.lr, s.epochs, kSourceBatch);
  auto frozen = make_net(inputs, classes, ch.options().seed + 1);
  load_weights(weights_of(first->model, {"fc1.", "fc2."}), frozen->model);
  for (std::size_t l = 0; l < kHeadLayer; ++l) frozen->model.at(l).freeze();
  const Trained tr = train(*frozen, d.held_train, d.held_test, s.lr, s.head_epochs, kSmallBatch);
  auto scratch = make_net(inputs, classes, ch.options().seed + 1);
  const Trained sc = train(*scratch, d.held_train, d.held_test, s.lr, s.head_epochs, kSmallBatch);
  book::Table t({"first task", "small task", "from scratch %", "frozen body + new head %", "gain (points)"});
  t.add({names_of(kNarrow), names_of(kHeldOut), fmt::format("{:.2f}", 100 * sc.test_accuracy),
         fmt::format("{:.2f}", 100 * tr.test_accuracy), fmt::format("{:+.2f}", 100 * (tr.test_accuracy - sc.test_accuracy))});
  ch.say(fmt::format(
      "Transfer is no law. Train the same body on the first six classes only ({} images, {:.1f} % of\n"
      "their {} test images right), then give it a small task of the four others, {} images of each:\n",
      d.narrow_train.size(), 100 * pre.test_accuracy, d.narrow_test.size(), s.per_class));
  ch.table(t, "negative_transfer.csv");
  ch.say("Sneakers, bags and ankle boots are easy from pixels, and a body that learnt to tell shirts,\n"
         "trousers and dresses apart throws away what tells them apart: the frozen features are too\n"
         "narrow. Transfer pays when the first task is broad and the small task needs what it taught.");
  ch.result("negative.first_test_accuracy", pre.test_accuracy);
  ch.result("negative.scratch_accuracy", sc.test_accuracy);
  ch.result("negative.frozen_accuracy", tr.test_accuracy);
  ch.result("negative.gain_over_scratch", tr.test_accuracy - sc.test_accuracy);
}

}  // namespace sg::ch18
