// Chapter 17, parts 4 to 6: grid against random search on the same budget
// (Bergstra and Bengio 2012), the best value on the border of the range
// (exercise 17.3), coarse to fine, and the test set once at the end.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chapters/17_hyperparameter_search/exercises.hpp"
#include "chapters/17_hyperparameter_search/lesson.hpp"

namespace sg::ch17 {

namespace {

constexpr double kLrLo = 1e-4, kLrHi = 1.0;     // the wide search: four decades of η
constexpr double kWdLo = 1e-5, kWdHi = 1e-1;    // and four of λ
constexpr double kLectureLo = 1e-5, kLectureHi = 1e-3;   // lecture 003's "usual range" of η
constexpr int kLectureValues = 5;               // the sweep of that range
constexpr double kLectureWd = 1e-4;
constexpr double kEdge = 0.1;                   // the border: the outer tenth of the range, on a log scale
constexpr double kFineLr = 3.0;                 // the fine search: η within ×/÷ 3 of the best
constexpr double kFineWd = 10.0;                // and λ within ×/÷ 10
constexpr Index kGraphRows = 4;                 // examples in the main graph
constexpr Index kGradcheckRows = 16;            // examples in --gradcheck's loss

std::string percent(double v) { return fmt::format("{:.1f} %", 100.0 * v); }

std::size_t best_of(const std::vector<Trial>& trials) {
  std::size_t b = 0;
  for (std::size_t i = 1; i < trials.size(); ++i) {
    if (trials[i].val_accuracy > trials[b].val_accuracy) b = i;
  }
  return b;
}

std::vector<double> lrs_of(const std::vector<Trial>& v) {
  std::vector<double> out;
  for (const Trial& t : v) out.push_back(t.lr);
  return out;
}
std::vector<double> wds_of(const std::vector<Trial>& v) {
  std::vector<double> out;
  for (const Trial& t : v) out.push_back(t.wd);
  return out;
}
std::vector<double> scores_of(const std::vector<Trial>& v) {
  std::vector<double> out;
  for (const Trial& t : v) out.push_back(t.val_accuracy);
  return out;
}
// Minus the validation loss: a score that is higher when better, and that
// still tells trials apart when none of them has learned enough to change
// a single prediction (their accuracies are then all equal).
bool by_accuracy(const Trial& a, const Trial& b) { return a.val_accuracy < b.val_accuracy; }
std::vector<double> minus_losses_of(const std::vector<Trial>& v) {
  std::vector<double> out;
  for (const Trial& t : v) out.push_back(-t.val_loss);
  return out;
}

// The trials as points of (η, λ), one series per accuracy band (relative to
// the best trial of all, so that the quick and the full run read alike).
void add_bands(book::Plot& p, const std::vector<Trial>& trials, const std::string& who, int point_type, double best) {
  struct Band {
    std::string name, colour;
    double from;
  };
  const std::vector<Band> bands = {{"within 2 points of the best", "#1a7f37", best - 0.02},
                                   {"2 to 10 points below", "#8cc265", best - 0.10},
                                   {"more than 10 below", "#f0a030", 0.2},
                                   {"near chance (< 20 %) or diverged", "#9e9e9e", -1.0}};
  std::vector<book::Series> series(bands.size());
  for (std::size_t b = 0; b < bands.size(); ++b) {
    series[b].title = who + ", " + bands[b].name;
    series[b].style = fmt::format("points pt {} ps 1.6 lc rgb '{}'", point_type, bands[b].colour);
  }
  for (const Trial& t : trials) {
    const double a = t.diverged ? -0.5 : t.val_accuracy;
    std::size_t b = 0;
    while (a < bands[b].from - 1e-12) ++b;
    series[b].x.push_back(t.lr);
    series[b].y.push_back(t.wd);
  }
  for (book::Series& s : series) {
    if (!s.x.empty()) p.series.push_back(std::move(s));
  }
}

// Room under a plot for its key ("below", two columns) and the x label above it.
void key_below(book::Plot& p) {
  p.key = "below";
  p.extra.push_back(fmt::format("set bmargin {}", 4 + (p.series.size() + 1) / 2));
  p.extra.push_back("set xlabel offset 0,0.5");
}

std::vector<std::string> log_axes(bool y_too) {
  std::vector<std::string> e = {"set logscale x", "set format x '%.0e'"};
  if (y_too) {
    e.push_back("set logscale y");
    e.push_back("set format y '%.0e'");
  }
  return e;
}

// One row per trial of each named search, printed and written to `csv`.
void trials_table(book::Chapter& ch, const std::string& csv,
                  const std::vector<std::pair<std::string, const std::vector<Trial>*>>& searches) {
  book::Table t({"search", "trial", "η", "λ", "val accuracy", "val loss"});
  for (const auto& [name, trials] : searches) {
    for (std::size_t i = 0; i < trials->size(); ++i) {
      const Trial& tr = (*trials)[i];
      t.add({name, std::to_string(i + 1), fmt::format("{:.3g}", tr.lr), fmt::format("{:.3g}", tr.wd),
             tr.diverged ? "diverged" : percent(tr.val_accuracy),
             tr.diverged ? "inf" : fmt::format("{:.4f}", tr.val_loss)});
    }
  }
  ch.table(t, csv);
}

}  // namespace

std::vector<Trial> grid_vs_random(book::Chapter& ch, const Settings& s, const Data& d) {
  ch.section("Grid search and random search, on the same budget");
  const int n = s.grid, budget = n * n;
  ch.say(fmt::format(
      "Both searches get {} trials over the same ranges, η in [{:g}, {:g}] and λ in [{:g}, {:g}], log scale.\n"
      "The grid tries every pair of {} values of η and {} of λ, evenly spaced in log. Random search draws\n"
      "each trial's η and λ log-uniformly (uniform in log, the previous section). Lecture 003: \"search\n"
      "for good hyperparameters with random search, not grid search\".",
      budget, kLrLo, kLrHi, kWdLo, kWdHi, n, n));
  std::vector<Trial> grid, random;
  for (double lr : log_grid(kLrLo, kLrHi, n)) {
    for (double wd : log_grid(kWdLo, kWdHi, n)) grid.push_back(run_trial(ch, s, d.train, d.val, lr, wd, s.epochs));
  }
  Generator gen = ch.generator();
  for (int i = 0; i < budget; ++i) {
    const double lr = log_sample(kLrLo, kLrHi, gen.uniform()), wd = log_sample(kWdLo, kWdHi, gen.uniform());
    random.push_back(run_trial(ch, s, d.train, d.val, lr, wd, s.epochs));
  }
  trials_table(ch, "trials.csv", {{"grid", &grid}, {"random", &random}});
  const Trial& g = grid[best_of(grid)];
  const Trial& r = random[best_of(random)];
  const double best = std::max(g.val_accuracy, r.val_accuracy);
  ch.result("grid.trials", static_cast<double>(grid.size()));
  ch.result("random.trials", static_cast<double>(random.size()));
  ch.result("grid.distinct_lr", static_cast<double>(distinct(lrs_of(grid))));
  ch.result("random.distinct_lr", static_cast<double>(distinct(lrs_of(random))));
  ch.result("grid.best_val_accuracy", g.val_accuracy);
  ch.result("grid.best_lr", g.lr);
  ch.result("grid.best_wd", g.wd);
  ch.result("random.best_val_accuracy", r.val_accuracy);
  ch.result("random.best_lr", r.lr);
  ch.result("random.best_wd", r.wd);
  ch.result("search.random_minus_grid", r.val_accuracy - g.val_accuracy);
  ch.result("search.random_beats_grid", r.val_accuracy > g.val_accuracy ? "yes" : "no");
  // How much each hyperparameter matters: the spread of the grid's row means
  // (η fixed, λ varied) against that of its column means (λ fixed).
  std::vector<double> by_lr(static_cast<std::size_t>(n), 0.0), by_wd(static_cast<std::size_t>(n), 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double a = grid[static_cast<std::size_t>(i * n + j)].val_accuracy / n;
      by_lr[static_cast<std::size_t>(i)] += a;
      by_wd[static_cast<std::size_t>(j)] += a;
    }
  }
  const auto spread = [](const std::vector<double>& v) {
    return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
  };
  ch.result("grid.spread_over_lr", spread(by_lr));
  ch.result("grid.spread_over_wd", spread(by_wd));
  ch.say(fmt::format(
      "\nOn the grid, changing η moves the mean accuracy by {:.1f} points, changing λ by {:.1f}: η is the\n"
      "parameter that matters most here. The grid tried {} values of it, each {} times (once per λ, which\n"
      "matters far less: {} of its {} trials re-measure an η already tried). Random search tried {} different\n"
      "values of η in as many trials. That is Bergstra and Bengio's argument (2012): when only a few of the\n"
      "hyperparameters matter, a grid spends its budget repeating the important ones.\n"
      "Best of the grid: {} (η = {:.3g}, λ = {:.3g}); best of random search: {} (η = {:.3g}, λ = {:.3g}).",
      100 * spread(by_lr), 100 * spread(by_wd), n, n, budget - n, budget, distinct(lrs_of(random)),
      percent(g.val_accuracy), g.lr, g.wd, percent(r.val_accuracy), r.lr, r.wd));
  if (r.val_accuracy > g.val_accuracy) {
    ch.say(fmt::format("Random search wins by {:.1f} points with this seed. One validation split of {} images is\n"
                       "noisy (the folds above spread by several points), so a single win is not proof; the\n"
                       "argument is the count of distinct η values, which holds for every seed.",
                       100 * (r.val_accuracy - g.val_accuracy), d.val.size()));
  } else {
    ch.say(fmt::format("With this seed and budget the grid is not beaten: one of its {} values of η, {:.3g}, happens to\n"
                       "sit near the best one, and {:.1f} points on {} validation images are within the noise of one\n"
                       "split. The argument is about the odds, not every draw: random search tried {} values of η,\n"
                       "the grid {}; a grid whose few values miss the good region has no second chance.",
                       n, g.lr, 100 * (g.val_accuracy - r.val_accuracy), d.val.size(), distinct(lrs_of(random)), n));
  }

  book::Plot scatter("search_scatter",
                     fmt::format("{} trials each: grid (squares) and random (circles), by validation accuracy", budget),
                     "learning rate η", "L2 strength λ");
  scatter.extra = log_axes(true);
  add_bands(scatter, grid, "grid", 5, best);
  add_bands(scatter, random, "random", 7, best);
  key_below(scatter);
  scatter.xrange = {kLrLo / 2, kLrHi * 2};
  scatter.yrange = {kWdLo / 2, kWdHi * 2};
  ch.write_plot(scatter);
  book::Plot by_eta("accuracy_vs_lr", "", "learning rate η", "validation accuracy");
  by_eta.title = fmt::format("Validation accuracy against η: the grid's {} trials sit on {} values", budget, n);
  by_eta.extra = log_axes(false);
  by_eta.key = "top left";
  by_eta.xrange = {kLrLo / 2, kLrHi * 2};
  for (const auto& [name, trials, style] : {std::tuple{"grid", &grid, "points pt 5 ps 1.4"},
                                            std::tuple{"random", &random, "points pt 7 ps 1.2"}}) {
    book::Series line{name, lrs_of(*trials), scores_of(*trials), style};
    by_eta.series.push_back(std::move(line));
  }
  ch.write_plot(by_eta);
  ch.say("The trials: search_scatter.svg (η against λ, coloured by validation accuracy) and\n"
         "accuracy_vs_lr.svg (the same trials seen along η alone).");

  std::vector<Trial> all = grid;
  all.insert(all.end(), random.begin(), random.end());
  return all;
}

void border_warning(book::Chapter& ch, const Settings& s, const Data& d, const std::vector<Trial>& wide) {
  ch.section("The best value on the border");
  ch.say(fmt::format(
      "Lecture 003 gives the \"usual range\" of the learning rate as 1e-3 to 1e-5. That is a range for\n"
      "adaptive optimisers such as Adam (whose usual default is 1e-3); for plain SGD on images scaled\n"
      "to [0, 1] it is far too low. Sweep it anyway, {} values of η from {:g} to {:g} (λ = {:g}), and\n"
      "apply the lecture's warning: is the best value on the border (the outer {:.0f} % of the range, on\n"
      "a log scale)?",
      kLectureValues, kLectureLo, kLectureHi, kLectureWd, 100 * kEdge));
  std::vector<Trial> sweep;
  for (double lr : log_grid(kLectureLo, kLectureHi, kLectureValues)) {
    sweep.push_back(run_trial(ch, s, d.train, d.val, lr, kLectureWd, s.epochs));
  }
  trials_table(ch, "lecture_range.csv", {{"lecture's range", &sweep}});
  // At these learning rates the accuracy hardly moves (a prediction more or
  // less, by chance): the validation loss is the finer measure of the direction.
  const std::vector<double> sweep_scores = minus_losses_of(sweep);
  const Border lect = border(lrs_of(sweep), sweep_scores, kLectureLo, kLectureHi, kEdge);
  const Border wide_lr = border(lrs_of(wide), scores_of(wide), kLrLo, kLrHi, kEdge);
  const Border wide_wd = border(wds_of(wide), scores_of(wide), kWdLo, kWdHi, kEdge);
  const double acc_lo = std::min_element(sweep.begin(), sweep.end(), by_accuracy)->val_accuracy;
  const double acc_hi = std::max_element(sweep.begin(), sweep.end(), by_accuracy)->val_accuracy;
  if (acc_hi - acc_lo < 0.05) {
    ch.say(fmt::format(
        "In {} epochs no η this small moves the weights far enough to change more than a prediction or\n"
        "two: the validation accuracy stays near chance ({}). The validation loss is the finer\n"
        "measure, and it falls as η grows ({:.4f} → {:.4f}): the rule is applied to it (lower is better).",
        s.epochs, acc_lo == acc_hi ? "at " + percent(acc_lo) : percent(acc_lo) + " to " + percent(acc_hi),
        sweep.front().val_loss, sweep.back().val_loss));
  } else {
    ch.say(fmt::format(
        "The accuracy climbs from {} to {} and the validation loss falls ({:.4f} → {:.4f}) as η grows.\n"
        "The rule is applied to the loss (lower is better), the finer measure: at small η the accuracy\n"
        "can stay flat, or move by a prediction or two by chance, while the loss already shows the way.",
        percent(sweep.front().val_accuracy), percent(sweep.back().val_accuracy), sweep.front().val_loss,
        sweep.back().val_loss));
  }
  const auto warn = [&](const std::string& what, const Border& b, double value, double lo, double hi) {
    if (b.side == 0) {
      ch.say(fmt::format("  {}: the best value {:.3g} lies inside [{:g}, {:g}] (at {:.2f} of the log range): no warning.",
                         what, value, lo, hi, b.position));
    } else {
      ch.say(fmt::format("  warning: {}: the best value {:.3g} lies on the {} border of [{:g}, {:g}] (at {:.2f}\n"
                         "  of the log range): better values may lie beyond it; move the range {} and search again.",
                         what, value, side_name(b.side), lo, hi, b.position, b.side > 0 ? "up" : "down"));
    }
  };
  warn("η in the lecture's range", lect, sweep[lect.best].lr, kLectureLo, kLectureHi);
  warn("η in the wide search", wide_lr, wide[wide_lr.best].lr, kLrLo, kLrHi);
  warn("λ in the wide search", wide_wd, wide[wide_wd.best].wd, kWdLo, kWdHi);
  ch.result("border.lecture_best_lr", sweep[lect.best].lr);
  ch.result("border.lecture_best_accuracy", sweep[lect.best].val_accuracy);
  ch.result("border.lecture_side", side_name(lect.side));
  ch.result("border.lecture_warning", lect.side != 0 ? "yes" : "no");
  ch.result("border.wide_lr_side", side_name(wide_lr.side));
  ch.result("border.wide_lr_warning", wide_lr.side != 0 ? "yes" : "no");
  ch.result("border.wide_wd_side", side_name(wide_wd.side));
  ch.say(fmt::format(
      "The narrow range stops short: its best η, {:g}, reaches {} against {} at η = {:.3g} in the wide\n"
      "search. Trusting the narrow range, we would have concluded that this network {}.",
      sweep[lect.best].lr, percent(sweep[lect.best].val_accuracy), percent(wide[wide_lr.best].val_accuracy),
      wide[wide_lr.best].lr,
      acc_hi < 0.2 ? std::string("cannot learn") : "cannot do better than " + percent(acc_hi)));
  if (wide_wd.side != 0) {
    ch.say("For λ the warning says: look beyond the range. Here that matters less, because λ changes the\n"
           "accuracy far less than η (the grid showed it): the rule matters most for the parameters that matter.");
  }

  ch.part("your border_side against the lesson's rule", [&] {
    const int a = border_side(lrs_of(sweep), sweep_scores, kLectureLo, kLectureHi, kEdge);
    const int b = border_side(lrs_of(wide), scores_of(wide), kLrLo, kLrHi, kEdge);
    const int c = border_side(wds_of(wide), scores_of(wide), kWdLo, kWdHi, kEdge);
    ch.result("border.your_sides", fmt::format("{} {} {}", a, b, c));
    ch.result("border.your_rule_agrees", a == lect.side && b == wide_lr.side && c == wide_wd.side ? "yes" : "no");
  });
}

void coarse_to_fine(book::Chapter& ch, const Settings& s, const Data& d, const std::vector<Trial>& coarse) {
  ch.section("Coarse to fine, then the test set once");
  const Trial& c = coarse[best_of(coarse)];
  const double lr_lo = c.lr / kFineLr, lr_hi = c.lr * kFineLr, wd_lo = c.wd / kFineWd, wd_hi = c.wd * kFineWd;
  const int budget = s.grid * s.grid, epochs = 2 * s.epochs;
  ch.say(fmt::format(
      "Lecture 003: refine with longer runs and smaller variations. The best coarse trial ({}, η = {:.3g},\n"
      "λ = {:.3g}) centres a fine random search: η in [{:.3g}, {:.3g}] (×/÷ {:g}), λ in [{:.3g}, {:.3g}]\n"
      "(×/÷ {:g}), {} trials of {} epochs (twice the coarse ones).",
      percent(c.val_accuracy), c.lr, c.wd, lr_lo, lr_hi, kFineLr, wd_lo, wd_hi, kFineWd, budget, epochs));
  Generator gen(ch.options().seed + 1);   // not the coarse search's draws again
  std::vector<Trial> fine;
  std::unique_ptr<Net> best_net;
  for (int i = 0; i < budget; ++i) {
    const double lr = log_sample(lr_lo, lr_hi, gen.uniform()), wd = log_sample(wd_lo, wd_hi, gen.uniform());
    std::unique_ptr<Net> net;
    fine.push_back(run_trial(ch, s, d.train, d.val, lr, wd, epochs, false, &net));
    if (best_of(fine) == fine.size() - 1) best_net = std::move(net);   // the first of equal ones stays
  }
  trials_table(ch, "fine_trials.csv", {{"fine", &fine}});
  const Trial& f = fine[best_of(fine)];
  const Border fb = border(lrs_of(fine), scores_of(fine), lr_lo, lr_hi, kEdge);
  ch.result("fine.best_val_accuracy", f.val_accuracy);
  ch.result("fine.best_lr", f.lr);
  ch.result("fine.best_wd", f.wd);
  ch.result("fine.gain_over_coarse", f.val_accuracy - c.val_accuracy);
  ch.result("fine.lr_side", side_name(fb.side));
  ch.say(fmt::format(
      "Best fine trial: {} (η = {:.3g}, λ = {:.3g}), {:+.1f} points over the coarse best. Part of that is\n"
      "the longer runs, not the finer values: what the fine search buys is a setting near the best,\n"
      "measured as the final model will be trained. Its η lies {} the fine range{}.",
      percent(f.val_accuracy), f.lr, f.wd, 100 * (f.val_accuracy - c.val_accuracy),
      fb.side == 0 ? "inside" : "on the " + side_name(fb.side) + " border of",
      fb.side == 0 ? "" : " (another round, centred there, would be the next step)"));

  book::Plot zoom("coarse_to_fine", "Coarse search (grey) and the fine search around its best (coloured)",
                  "learning rate η", "L2 strength λ");
  zoom.extra = log_axes(true);
  zoom.series.push_back({"coarse trials", lrs_of(coarse), wds_of(coarse), "points pt 6 ps 1.2 lc rgb '#9e9e9e'"});
  add_bands(zoom, fine, "fine", 7, f.val_accuracy);
  key_below(zoom);
  zoom.xrange = {kLrLo / 2, kLrHi * 2};
  zoom.yrange = {kWdLo / 2, kWdHi * 2};
  ch.write_plot(zoom);

  // The test set, once: the winner of everything above.
  double test_accuracy = 0.0;
  if (best_net) test_accuracy = accuracy(predict(best_net->model, d.test.X), d.test.labels);
  ch.result("final.val_accuracy", f.val_accuracy);
  ch.result("final.test_accuracy", test_accuracy);
  ch.result("final.trials_run", static_cast<double>(coarse.size() + kLectureValues + fine.size()));
  ch.say(fmt::format(
      "\nThe chosen model on the {} test images, the first and only time they are used: {}.\n"
      "Its validation accuracy, {}, was the best of {} trials on the same {} images, and the\n"
      "maximum of many noisy scores is biased upward (some of its lead is luck on those images):\n"
      "which is why the number to report is the test accuracy, measured once, after choosing.",
      d.test.size(), percent(test_accuracy), percent(f.val_accuracy),
      coarse.size() + kLectureValues + fine.size(), d.val.size()));

  if (!best_net) return;
  // The main graph: the chosen network on a few training images.
  best_net->model.eval();
  Context& ctx = *best_net->ctx;
  const std::vector<int> few(d.train.labels.begin(), d.train.labels.begin() + kGraphRows);
  const TensorT<float> X = ctx.input<float>(MatF(d.train.X.topRows(kGraphRows)), "X");
  TensorT<float> L = cross_entropy(best_net->model(X), few).set_label("loss");
  L.backward();
  DotOptions dot;
  dot.cluster_scopes = true;
  dot.legend = true;
  dot.title = fmt::format("The chosen network (η = {:.3g}, λ = {:.3g}) on {} training images", f.lr, f.wd, kGraphRows);
  ch.write_graph("graph", to_dot(L, dot), true);

  if (ch.gradcheck_requested()) {   // in double, on a copy of the chosen weights
    Context dctx;
    Generator dgen(ch.options().seed);
    Sequential<double> copy("mlp");
    copy.emplace<Linear<double>>(dctx, "fc1", d.train.features(), s.hidden, dgen, Init::He);
    copy.emplace<ReLU<double>>();
    copy.emplace<Linear<double>>(dctx, "out", s.hidden, 10, dgen);
    const std::vector<TensorT<float>> from = best_net->model.params();
    std::vector<Tensor> to = copy.params();
    for (std::size_t i = 0; i < to.size(); ++i) to[i].value_mut() = from[i].value().cast<double>();
    const Mat Xd = d.train.X.topRows(kGradcheckRows).cast<double>();
    const std::vector<int> yd(d.train.labels.begin(), d.train.labels.begin() + kGradcheckRows);
    ch.report_gradcheck("chosen_network",
                        gradcheck_network([&] { return cross_entropy(copy(dctx.input(Xd, "X")), yd); }, to));
  }
}

}  // namespace sg::ch17
