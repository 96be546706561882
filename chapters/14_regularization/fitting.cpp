// Chapter 14, part 1: under- and overfitting on a small noisy training set
// (learning curves, decision boundaries), and the training runs that the
// cures (cures.cpp) repeat on the big network.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "chapters/14_regularization/fitting.hpp"

namespace sg::ch14 {

std::string num(double v) {
  const std::string s = fmt::format("{:.6f}", v);
  return s == "-0.000000" ? s.substr(1) : s;   // no "-0" in a table
}

namespace {

constexpr std::uint64_t kFittingInitSeed = 14;

// The mean cross-entropy of logits Z (rows first .. first + n − 1) against
// their labels: what evaluate() gives, from one predict() of both sets.
double mean_cross_entropy(const Mat& Z, Index first, Index n, const std::vector<int>& labels) {
  double total = 0.0;
  for (Index r = 0; r < n; ++r) {
    const auto z = Z.row(first + r);
    const double top = z.maxCoeff();
    total += top + std::log((z.array() - top).exp().sum()) - z(labels[static_cast<std::size_t>(r)]);
  }
  return total / static_cast<double>(n);
}

void add_curves(book::Plot& p, const std::string& name, const Curves& c) {
  book::Series train{name + ", training", c.epoch, c.train, "lines dt 2 lw 1.5"};
  book::Series val{name + ", validation", c.epoch, c.val, "lines lw 2"};
  p.series.push_back(train);
  p.series.push_back(val);
}

// p(class 1) over the plane, and the training points on top.
void boundary(book::Chapter& ch, const std::string& stem, const std::string& title, Model& m, const Data& d) {
  book::Shading sh;
  sh.x0 = -1.6;
  sh.x1 = 2.6;
  sh.y0 = -1.3;
  sh.y1 = 1.8;
  sh.nx = sh.ny = ch.quick() ? 21 : 61;
  Mat grid(sh.nx * sh.ny, 2);
  for (int j = 0; j < sh.ny; ++j) {
    for (int i = 0; i < sh.nx; ++i) {
      grid(j * sh.nx + i, 0) = sh.x0 + i * (sh.x1 - sh.x0) / (sh.nx - 1);
      grid(j * sh.nx + i, 1) = sh.y0 + j * (sh.y1 - sh.y0) / (sh.ny - 1);
    }
  }
  const Mat Z = predict(*m.net, grid);
  for (Index r = 0; r < Z.rows(); ++r) sh.z.push_back(1.0 / (1.0 + std::exp(Z(r, 0) - Z(r, 1))));
  book::Plot p(stem, title, "x1", "x2");
  p.shading = sh;
  for (int label : {0, 1}) {
    book::Series s{fmt::format("class {} (training)", label), {}, {},
                   label == 0 ? "points pt 7 ps 1 lc rgb '#c0392b'" : "points pt 5 ps 1 lc rgb '#2471a3'"};
    for (Index r = 0; r < d.train.size(); ++r) {
      if (d.train.labels[static_cast<std::size_t>(r)] != label) continue;
      s.x.push_back(d.train.X(r, 0));
      s.y.push_back(d.train.X(r, 1));
    }
    p.series.push_back(s);
  }
  p.key = "bottom left";
  ch.write_plot(p);
}

}  // namespace

Data moons(const book::Chapter& ch) {
  Generator gen = ch.generator();
  Data d;
  d.train = two_moons(kTrain, kNoise, gen);
  d.val = two_moons(ch.quick() ? 200 : 400, kNoise, gen);
  return d;
}

Model build(Context& ctx, Kind kind, int width, double p, std::uint64_t seed) {
  Generator init(kFittingInitSeed);
  Model m{std::make_unique<Sequential<>>(), std::make_unique<Generator>(seed)};
  if (kind == Kind::Linear) {
    m.net->emplace<Linear<>>(ctx, "fc1", 2, 2, init);
    return m;
  }
  const Index w = kind == Kind::Small ? 4 : width;
  m.net->emplace<Linear<>>(ctx, "fc1", 2, w, init);
  m.net->emplace<Tanh<>>();
  if (p > 0) m.net->emplace<Dropout<>>(p, *m.masks, "drop1");
  if (kind == Kind::Big) {
    m.net->emplace<Linear<>>(ctx, "fc2", w, w, init);
    m.net->emplace<Tanh<>>();
    if (p > 0) m.net->emplace<Dropout<>>(p, *m.masks, "drop2");
  }
  m.net->emplace<Linear<>>(ctx, "out", w, 2, init);
  return m;
}

double metric(const Metrics& m, const std::string& name) {
  for (const auto& [n, v] : m) {
    if (n == name) return v;
  }
  throw Error(fmt::format("no metric '{}'", name));
}

Curves train(book::Chapter& ch, Context& ctx, Model& m, const Data& d, const RunOptions& o, bool traced) {
  Adam<double> opt(m.net->trainable_params(), {.lr = o.lr});
  std::vector<Tensor> weights;
  for (const NamedParam<double>& p : m.net->named_params()) {
    if (p.name.ends_with(".W")) weights.push_back(p.tensor);
  }
  Generator gen(ch.options().seed + 1000);   // the augmentations' draws
  Mat both(d.train.size() + d.val.size(), 2);  // one forward pass an epoch measures both losses
  both << d.train.X, d.val.X;
  const int every = ch.quick() ? 4 : 1;
  Curves c;
  for (int e = 1; e <= o.epochs; ++e) {
    m.net->train();
    opt.zero_grad();
    const Mat X = o.augment ? o.augment(d.train.X, gen) : d.train.X;
    Tensor L = cross_entropy(m.net->forward(ctx.input(X, "X")), d.train.labels);
    for (const Tensor& W : weights) {
      if (o.l2 > 0) L = L + l2_penalty(W, o.l2);
    }
    L.backward();
    opt.step();
    if (traced) ch.trace_step(e, {{"loss", L.item()}});
    if (e % every != 0 && e != o.epochs) continue;
    c.epoch.push_back(e);
    const Mat Z = predict(*m.net, both);   // eval mode, no graph
    c.train.push_back(mean_cross_entropy(Z, 0, d.train.size(), d.train.labels));
    c.val.push_back(mean_cross_entropy(Z, d.train.size(), d.val.size(), d.val.labels));
  }
  if (traced) ch.restore_trace();
  return c;
}

Fit summarise(const std::string& name, const Curves& c, Model& m, const Data& d) {
  Fit f;
  f.name = name;
  f.train_loss = c.train.back();
  f.val_loss = c.val.back();
  f.val_accuracy = accuracy(predict(*m.net, d.val.X), d.val.labels);
  f.val_curve = c.val;
  f.val_epochs = c.epoch;
  const auto best = std::min_element(c.val.begin(), c.val.end());
  f.best_val_loss = *best;
  f.best_epoch = static_cast<int>(c.epoch[static_cast<std::size_t>(best - c.val.begin())]);
  return f;
}

book::Table fits_table(const std::vector<Fit>& fits, int epochs) {
  book::Table t({"model", fmt::format("train loss (epoch {})", epochs), "val loss", "val accuracy",
                 "best val loss", "at epoch"});
  for (const Fit& f : fits) {
    t.add({f.name, num(f.train_loss), num(f.val_loss), fmt::format("{:.1f}%", 100 * f.val_accuracy),
           num(f.best_val_loss), std::to_string(f.best_epoch)});
  }
  return t;
}

std::vector<Fit> under_and_overfitting(book::Chapter& ch, Context& traced, const Settings& s) {
  ch.section("Under- and overfitting: learning curves");
  const Data d = moons(ch);
  const int w = s.width, params = (2 * w + w) + (w * w + w) + (w * 2 + 2);   // fc1, fc2, out: W and b
  ch.say(fmt::format(
      "Two moons with noise {} (they overlap: no boundary gets every point right), only {} training\n"
      "points and {} for validation. Three models, full-batch Adam (lr {}) for {} epochs:\n"
      "  linear  logistic regression, 2 → 2: a straight boundary\n"
      "  small   2 → 4 → tanh → 2\n"
      "  big     2 → {} → tanh → {} → tanh → 2 ({} parameters for {} points)\n"
      "After {} both losses are measured on the clean sets, in eval mode.",
      kNoise, kTrain, d.val.size(), s.lr, s.epochs, w, w, params, kTrain,
      ch.quick() ? "every 4th epoch (--quick)" : "every epoch"));
  std::vector<Fit> fits;
  book::Plot p("learning_curves", fmt::format("{} training points: training (dashed) and validation loss", kTrain),
               "epoch", "cross-entropy");
  p.yrange = {{0.0, 1.2}};
  const std::vector<std::pair<Kind, std::string>> kinds = {{Kind::Linear, "linear"}, {Kind::Small, "small"},
                                                          {Kind::Big, "big"}};
  for (const auto& [kind, name] : kinds) {
    Context untraced;
    Context& ctx = kind == Kind::Linear ? traced : untraced;   // --trace, --step: the first steps of the linear model
    Model m = build(ctx, kind, s.width, 0.0, 0);
    const Curves c = train(ch, ctx, m, d, {.epochs = s.epochs, .lr = s.lr}, kind == Kind::Linear);
    add_curves(p, name, c);
    fits.push_back(summarise(name, c, m, d));
    boundary(ch, "boundary_" + name, fmt::format("{} model after {} epochs: p(class 1)", name, s.epochs), m, d);
  }
  ch.table(fits_table(fits, s.epochs), "fits.csv");
  ch.write_plot(p);
  const Fit &lin = fits[0], &big = fits[2];
  ch.say(fmt::format(
      "The linear model underfits: training loss {} and validation loss {} are both high and\n"
      "close (high bias: it cannot bend). The big network overfits: its training loss falls to {}\n"
      "while its validation loss, lowest ({}) at epoch {}, climbs back to {} (high variance: it\n"
      "learnt the noise of {} points). The gap between the two curves is the symptom; see boundary_big.svg.",
      num(lin.train_loss), num(lin.val_loss), num(big.train_loss), num(big.best_val_loss), big.best_epoch,
      num(big.val_loss), kTrain));
  for (const Fit& f : fits) {
    ch.result(f.name + ".train_loss", f.train_loss);
    ch.result(f.name + ".val_loss", f.val_loss);
    ch.result(f.name + ".gap", f.val_loss - f.train_loss);
  }
  ch.result("big.best_epoch", big.best_epoch);
  ch.result("big.best_val_loss", big.best_val_loss);
  return fits;
}

}  // namespace sg::ch14
