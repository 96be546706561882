// Chapter 14, parts 4 and 5: the cures on the big network (L2, dropout,
// data augmentation, early stopping: the engine's callback against the
// student's rule, exercise 14.4), then the lecture's bias-variance advice as a
// table filled in with this chapter's numbers.
#include <fmt/format.h>

#include <memory>
#include <utility>

#include "chapters/14_regularization/exercises.hpp"
#include "chapters/14_regularization/fitting.hpp"

namespace sg::ch14 {

namespace {

// Early stopping with the engine's fit() and EarlyStopping callback on the big
// network; the student's rule (14.4) replayed on the same validation losses.
Fit early_stopping_run(book::Chapter& ch, const Data& d, const Settings& s) {
  ch.section("Early stopping");
  ch.say(fmt::format(
      "Stop training when the validation loss has not improved for `patience` epochs, and put back the\n"
      "weights of the best epoch. The engine's EarlyStopping callback does it inside fit() (patience {},\n"
      "min_delta 0, restore_best), on the big network with the same data and the same Adam.",
      s.patience));
  Context ctx;
  Model m = build(ctx, Kind::Big, s.width, 0.0, 0);
  Adam<double> opt(m.net->trainable_params(), {.lr = s.lr});
  auto early = std::make_shared<EarlyStopping<double>>(
      EarlyStoppingOptions{.monitor = "val_loss", .patience = s.patience, .min_delta = 0.0, .restore_best = true});
  Generator gen(ch.options().seed);
  const LossFn<double> ce = losses::cross_entropy();
  // batch_size larger than the 40 training points: full-batch steps, and fit()
  // evaluates the validation set in one pass of that size (as evaluate() below).
  const Index batch = d.val.size();
  const History h = fit(*m.net, ce, opt, d.train, &d.val, {.epochs = s.epochs, .batch_size = batch, .quiet = true},
                        gen, {early});
  const std::vector<double>& val = h.series("val_loss");
  const auto best = static_cast<std::size_t>(early->best_epoch());
  const double restored = metric(evaluate(*m.net, ce, d.val, {batch, "val_"}), "val_loss");
  const bool stopped = early->stopped_epoch() >= 0;
  ch.say(fmt::format(
      "Best validation loss {} at epoch {}; {}\nAfter the run the model holds epoch {}'s weights again: its "
      "validation loss is {} (the best\nwas {}), where the last epoch's was {}.",
      num(val[best]), best + 1,
      stopped ? fmt::format("no better epoch in the next {}, so it stopped after epoch {} of {}.", s.patience,
                            early->stopped_epoch() + 1, s.epochs)
              : fmt::format("it ran all {} epochs, never {} in a row without improvement.", s.epochs, s.patience),
      best + 1, num(restored), num(val[best]), num(val.back())));
  ch.result("early.best_epoch", static_cast<double>(best + 1));
  ch.result("early.stopped_epoch", static_cast<double>(early->stopped_epoch() + 1));
  ch.result("early.epochs_run", static_cast<double>(h.epochs()));
  ch.result("early.best_val_loss", val[best]);
  ch.result("early.last_val_loss", val.back());
  ch.result("early.restored_val_loss", restored);
  ch.result("early.restored_minus_best", restored - val[best]);

  book::Plot p("early_stopping", fmt::format("Early stopping, patience {}", s.patience), "epoch", "cross-entropy");
  book::Series train{"training loss (train mode, per epoch)", {}, h.series("loss"), "lines dt 2 lw 1.5"};
  book::Series v{"validation loss", {}, val, "lines lw 2"};
  for (std::size_t e = 0; e < val.size(); ++e) {
    train.x.push_back(static_cast<double>(e + 1));
    v.x.push_back(static_cast<double>(e + 1));
  }
  p.series = {train, v, {"best epoch (restored)", {static_cast<double>(best + 1)}, {val[best]}, "points pt 7 ps 1.8"}};
  if (stopped) p.series.push_back({"stopped", {static_cast<double>(val.size())}, {val.back()}, "points pt 2 ps 1.8"});
  ch.write_plot(p);

  ch.part("your early_stopping rule against the engine's callback", [&] {
    const EarlyStop mine = early_stopping(val, s.patience, 0.0);
    ch.say(fmt::format("Your early_stopping on the same validation losses: best epoch {}, stop after epoch {}.",
                       mine.best_epoch + 1, mine.stop_epoch + 1));
    const bool agrees = mine.best_epoch == early->best_epoch() && mine.stop_epoch == early->stopped_epoch();
    ch.result("early.your_rule_agrees", agrees ? "yes" : "no");
    if (!agrees) {
      throw Error(fmt::format("your early_stopping says best epoch {} and stop after {}, the engine's EarlyStopping "
                              "{} and {} (1-based; 0 means never): check: build/bin/grade --exercise 14.4",
                              mine.best_epoch + 1, mine.stop_epoch + 1, early->best_epoch() + 1,
                              early->stopped_epoch() + 1));
    }
  });
  Fit f;
  f.name = fmt::format("early stopping, patience {}", s.patience);
  f.train_loss = metric(evaluate(*m.net, ce, d.train, {batch, ""}), "loss");
  f.val_loss = restored;
  f.val_accuracy = accuracy(predict(*m.net, d.val.X), d.val.labels);
  f.best_val_loss = val[best];
  f.best_epoch = static_cast<int>(best) + 1;
  return f;
}

// The run whose name contains `part`.
const Fit& find(const std::vector<Fit>& fits, const std::string& part) {
  for (const Fit& f : fits) {
    if (f.name.find(part) != std::string::npos) return f;
  }
  throw Error(fmt::format("no run named '...{}...'", part));
}

std::string losses_of(const Fit& f) {
  return fmt::format("{}: train {}, val {}", f.name, fmt::format("{:.3f}", f.train_loss), fmt::format("{:.3f}", f.val_loss));
}

}  // namespace

std::vector<Fit> cures(book::Chapter& ch, const Settings& s, const Fit& none) {
  ch.section("The cures, on the big network");
  const Data d = moons(ch);
  ch.say(fmt::format(
      "The big network again, the same data, initial weights and Adam, with one cure at a time:\n"
      "  L2        the loss gets + (λ/2)ΣW² for each weight matrix, λ = {} (biases are not penalised)\n"
      "  dropout   a Dropout layer with p = {} after each tanh (the evaluation runs in eval mode)",
      s.l2, s.dropout));
  std::vector<Fit> fits;
  book::Plot p("cures", "The big network's validation loss with each cure", "epoch", "validation cross-entropy");
  p.yrange = {{0.0, 1.2}};
  const auto curve = [&](const Fit& f) {
    p.series.push_back({f.name, f.val_epochs, f.val_curve, "lines lw 2"});
  };
  const auto add = [&](const std::string& name, Model& m, const Curves& c) {
    fits.push_back(summarise(name, c, m, d));
    curve(fits.back());
  };
  fits.push_back(none);   // the big network of the first section: the same data, weights and Adam
  fits.back().name = "none";
  curve(fits.back());
  {
    Context ctx;
    Model m = build(ctx, Kind::Big, s.width, 0.0, 0);
    add(fmt::format("L2, λ = {}", s.l2), m, train(ch, ctx, m, d, {.epochs = s.epochs, .lr = s.lr, .l2 = s.l2}, false));
  }
  {
    Context ctx;
    Model m = build(ctx, Kind::Big, s.width, s.dropout, ch.options().seed);
    add(fmt::format("dropout, p = {}", s.dropout), m, train(ch, ctx, m, d, {.epochs = s.epochs, .lr = s.lr}, false));
  }

  ch.section("Data augmentation");
  ch.say(fmt::format(
      "More data is the first cure for variance (lecture 002), and collecting it is expensive; lecture\n"
      "002's \"Regularization 4\": synthetically increase the training set. Every epoch the network sees\n"
      "the {} points perturbed afresh, by changes that should not change their class:\n"
      "  noise    each coordinate of each point + N(0, {}²)\n"
      "  shifts   the whole set moved by one offset d, |d1|, |d2| ≤ {} (as an image is shifted a pixel or two)\n"
      "  too much noise, σ = {}: now the perturbation does change what the class should be\n"
      "augmentation.svg shows the points and three epochs of each.",
      kTrain, s.jitter, s.shift, 4 * s.jitter));
  const Augment jitter = [&](const Mat& X, Generator& gen) {
    return Mat(X + gen.normal_matrix(X.rows(), X.cols(), 0.0, s.jitter));
  };
  const Augment shift = [&](const Mat& X, Generator& gen) {
    const double dx = gen.uniform(-s.shift, s.shift), dy = gen.uniform(-s.shift, s.shift);
    Mat Y = X;
    Y.col(0).array() += dx;
    Y.col(1).array() += dy;
    return Y;
  };
  const Augment too_much = [&](const Mat& X, Generator& gen) {
    return Mat(X + gen.normal_matrix(X.rows(), X.cols(), 0.0, 4 * s.jitter));
  };
  for (const auto& [name, aug] : {std::pair{fmt::format("noise, σ = {}", s.jitter), jitter},
                                  {fmt::format("shifts, |d| ≤ {}", s.shift), shift},
                                  {fmt::format("noise, σ = {} (too much)", 4 * s.jitter), too_much}}) {
    Context ctx;
    Model m = build(ctx, Kind::Big, s.width, 0.0, 0);
    add(name, m, train(ch, ctx, m, d, {.epochs = s.epochs, .lr = s.lr, .augment = aug}, false));
  }
  // The picture: the training points and three epochs' perturbed copies.
  Generator gen(ch.options().seed + 1000);
  book::Plot a("augmentation", "Data augmentation: the training points and three epochs' perturbed copies", "x1", "x2");
  a.series.push_back({"training points", {}, {}, "points pt 7 ps 1.2 lc rgb 'black'"});
  for (Index r = 0; r < d.train.size(); ++r) {
    a.series.back().x.push_back(d.train.X(r, 0));
    a.series.back().y.push_back(d.train.X(r, 1));
  }
  for (const auto& [name, aug] : {std::pair{std::string("noise"), jitter}, {std::string("shifts"), shift}}) {
    book::Series copies{fmt::format("{}: 3 epochs", name), {}, {}, name == "noise" ? "points pt 1 ps 0.8" : "points pt 6 ps 0.8"};
    for (int k = 0; k < 3; ++k) {
      const Mat X = aug(d.train.X, gen);
      for (Index r = 0; r < X.rows(); ++r) {
        copies.x.push_back(X(r, 0));
        copies.y.push_back(X(r, 1));
      }
    }
    a.series.push_back(copies);
  }
  a.key = "bottom left";
  ch.write_plot(a);

  fits.push_back(early_stopping_run(ch, d, s));

  ch.section("The cures side by side");
  ch.table(fits_table(fits, s.epochs), "cures.csv");
  ch.write_plot(p);
  const char* keys[] = {"none", "l2", "dropout", "noise", "shifts", "too_much_noise", "early_stopping"};
  for (std::size_t i = 0; i < fits.size(); ++i) {
    ch.result(fmt::format("cure.{}.val_loss", keys[i]), fits[i].val_loss);
    ch.result(fmt::format("cure.{}.train_loss", keys[i]), fits[i].train_loss);
  }
  ch.say(fmt::format("Every cure trades a higher training loss for a lower validation loss: the gap closes. Too\n"
                     "much of one (σ = {}) closes it from the other side: both losses are high again, the model\n"
                     "underfits.", 4 * s.jitter));
  return fits;
}

void bias_variance(book::Chapter& ch, const std::vector<Fit>& fits) {
  ch.section("Bias and variance: symptoms and cures");
  ch.say("Lecture 002 (\"High Bias vs High Variance\") gives the advice the table below follows. Lecture 001\n"
         "has its two lists swapped: it files \"train longer, different architecture\" under high variance and\n"
         "\"get more data, regularization\" under high bias. More data and regularisation cure variance (they\n"
         "make memorising harder); a bigger network and longer training cure bias (they make fitting easier).\n"
         "Lecture 002 again: \"big gap = overfitting => increase regularization strength?\", \"no gap =>\n"
         "increase model capacity?\"; and lecture 003: do not shrink the network for fear of overfitting,\n"
         "regularise a big one.");
  const Fit &lin = find(fits, "linear"), &small = find(fits, "small"), &big = find(fits, "big"),
            &early = find(fits, "early"), &too_much = find(fits, "too much"), &noise = find(fits, "noise");
  book::Table t({"symptom", "diagnosis", "cures (lectures 002, 003, 004)", "in this chapter"});
  t.add({"training loss high, validation close to it", "high bias: underfitting",
         "bigger network, train longer, another optimiser or architecture", losses_of(lin)});
  t.add({"training loss low, validation far above it", "high variance: overfitting",
         "more data or augmentation; L2, L1, dropout; early stopping", losses_of(big)});
  t.add({"validation loss falls, then climbs", "overfitting as training goes on",
         "early stopping: keep the best epoch", fmt::format("best epoch {}, val {:.3f}", early.best_epoch, early.val_loss)});
  t.add({"both low, small gap", "a good fit", "stop here (or regularise a bigger one)",
         fmt::format("{}; {}", losses_of(small), losses_of(noise))});
  t.add({"a cure made the training loss rise to meet validation", "back to bias: too much regularisation",
         "a smaller λ, less dropout, gentler augmentation", losses_of(too_much)});
  ch.table(t, "bias_variance.csv");
}

}  // namespace sg::ch14
