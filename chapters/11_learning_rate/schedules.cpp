// Chapter 11, parts 2 and 3: the lecture's decay schedules side by side, and
// the LR range test with how to read it. The engine's schedules
// (engine/optim/schedule.hpp) make every number; the student's exercises are
// put next to them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <tuple>

#include "chapters/11_learning_rate/exercises.hpp"
#include "chapters/11_learning_rate/lesson.hpp"
#include "chapters/11_learning_rate/lesson_math.hpp"

namespace sg::ch11 {

namespace {

constexpr double kDrop = 0.5;                 // step decay: "decay learning rate by half every few epochs"
constexpr double kRangeLo = 1e-5, kRangeHi = 100.0;
constexpr int kRangeSteps = 100, kQuickRangeSteps = 50;
// Your schedules may round differently from the engine's (pow against exp), never by more.
constexpr double kRounding = 1e-12;

using book::num;

std::vector<double> epochs_axis(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t e = 0; e < n; ++e) x[e] = static_cast<double>(e);
  return x;
}

// Mini-batch SGD for p.epochs epochs with the rate lr_of(epoch): the loss on
// all the data before training, then each epoch's loss, the mean of its
// batches' losses (weighted by their rows, each before its step), as fit()
// reports it.
Curve train_with_schedule(const Problem& p, const std::function<double(int)>& lr_of) {
  Trainer t(p, lr_of(0));
  Generator shuffle(p.model_seed + 1);   // the same batches for every schedule
  DataLoader<double> loader(p.data, p.batch, shuffle);
  Curve c;
  c.loss.push_back(t.loss());
  for (int e = 0; e < p.epochs; ++e) {
    t.set_lr(lr_of(e));
    loader.new_epoch();
    double sum = 0.0;
    for (Index b = 0; b < loader.batches_per_epoch(); ++b) {
      const Batch<double> batch = loader.batch(b);
      const double loss = t.step(batch.rows);
      if (std::isnan(loss)) {
        c.diverged_at = e;
        return c;
      }
      sum += loss * static_cast<double>(batch.rows.size());
    }
    c.loss.push_back(sum / static_cast<double>(p.data.size()));
  }
  c.accuracy = t.accuracy();
  return c;
}

// The largest |yours − engine's| / engine's over the epochs of a run.
double worst_difference(const Schedule& engine, const std::function<double(int)>& yours, int epochs) {
  double worst = 0.0;
  for (int e = 0; e < epochs; ++e) {
    const double want = engine.lr_at(e), got = yours(e);
    worst = std::max(worst, std::isfinite(got) ? std::abs(got - want) / want : HUGE_VAL);
  }
  return worst;
}

}  // namespace

void decay_schedules(book::Chapter& ch, const Problem& p, const Settings& s) {
  ch.section("Decay schedules");
  const int E = p.epochs;
  const int every = std::max(1, E / 4);
  // Every decaying schedule ends at the rate step decay has in the last epoch
  // (and, in a run of one epoch, at the rate it would have in the next).
  const int last = std::max(1, E - 1);
  const double ratio = std::pow(kDrop, static_cast<double>(last / every));
  const double k_exp = exponential_k_for(ratio, last), k_inv = inverse_time_k_for(ratio, last);
  const double lr0 = s.lr0;
  const StepDecay step(lr0, kDrop, every);
  const ExponentialDecay expo(lr0, k_exp);
  const InverseTimeDecay inv(lr0, k_inv);
  ch.say(fmt::format(
      "Mini-batch SGD now (batches of {}, {} updates per epoch), started aggressively at α0 = {}:\n"
      "fast at first, but too large to settle. Each batch's gradient is a noisy estimate and the\n"
      "step size sets how much of the noise the weights take in; and the valley narrows as the\n"
      "weights settle. The lecture (002) lowers the rate as training goes on.\n"
      "All start at α0 and reach α0·{} = {} in the last epoch ({}):\n"
      "  step decay         α = α0·{}^⌊t/{}⌋            (\"by half every few epochs\")\n"
      "  exponential decay  α = α0·e^(−kt),  k = {:.6g}   (a factor e^(−k) = {:.6g} per epoch)\n"
      "  1/t decay          α = α0/(1 + kt), k = {:.6g}",
      p.batch, (p.data.size() + p.batch - 1) / p.batch, num(lr0), num(ratio), num(lr0 * ratio), last, kDrop,
      every, k_exp, std::exp(-k_exp), k_inv));

  struct Run {
    std::string name;
    std::function<double(int)> lr_of;
  };
  const std::vector<Run> runs = {{"constant", [&](int) { return lr0; }},
                                 {"step", [&](int e) { return step.lr_at(e); }},
                                 {"exponential", [&](int e) { return expo.lr_at(e); }},
                                 {"inverse_time", [&](int e) { return inv.lr_at(e); }}};
  const int mid = E / 2;
  book::Plot lr_plot("schedules_lr", "The learning rate, epoch by epoch", "epoch t", "learning rate α");
  book::Plot loss_plot("schedules_loss", "The loss each schedule gives (mini-batch SGD)", "epoch",
                       "epoch's loss (mean over its batches)");
  loss_plot.logy = true;
  book::Table table({"schedule", "α(0)", fmt::format("α({})", mid), fmt::format("α({})", E - 1),
                     "loss at end", "lowest loss", "accuracy"});
  for (const Run& run : runs) {
    const Curve c = train_with_schedule(p, run.lr_of);
    std::vector<double> lrs(static_cast<std::size_t>(E));
    for (int e = 0; e < E; ++e) lrs[static_cast<std::size_t>(e)] = run.lr_of(e);
    lr_plot.series.push_back({run.name, epochs_axis(lrs.size()), lrs, "lines lw 2"});
    loss_plot.series.push_back({run.name, epochs_axis(c.loss.size()), c.loss, "lines lw 2"});
    const double lowest = *std::min_element(c.loss.begin(), c.loss.end());
    table.add({run.name, num(run.lr_of(0)), num(run.lr_of(mid)), num(run.lr_of(E - 1)), num(c.loss.back()),
               num(lowest), num(c.accuracy)});
    ch.result(fmt::format("sched.{}.lr_first", run.name), run.lr_of(0));
    ch.result(fmt::format("sched.{}.lr_mid", run.name), run.lr_of(mid));
    ch.result(fmt::format("sched.{}.lr_last", run.name), run.lr_of(E - 1));
    ch.result(fmt::format("sched.{}.final_loss", run.name), c.loss.back());
    ch.result(fmt::format("sched.{}.diverged_at", run.name), static_cast<double>(c.diverged_at));
  }
  ch.table(table, "schedules.csv");
  ch.write_plot(lr_plot);
  ch.write_plot(loss_plot);
  ch.result("sched.every", static_cast<double>(every));
  ch.result("sched.k_exponential", k_exp);
  ch.result("sched.k_inverse_time", k_inv);

  // Your schedules (exercises 11.1-11.3) against the engine's, every epoch.
  const std::vector<std::tuple<std::string, const Schedule*, std::function<double(int)>>> yours = {
      {"step_decay", &step, [&](int e) { return step_decay(lr0, kDrop, every, e); }},
      {"exponential_decay", &expo, [&](int e) { return exponential_decay(lr0, k_exp, e); }},
      {"inverse_time_decay", &inv, [&](int e) { return inverse_time_decay(lr0, k_inv, e); }}};
  for (const auto& [name, engine, fn] : yours) {
    ch.part(fmt::format("your {} against the engine's", name), [&] {
      const double worst = worst_difference(*engine, fn, E);
      ch.say(fmt::format("your {} vs the engine, epochs 0 to {}: largest relative difference {:.3g}", name,
                         E - 1, worst));
      ch.result(fmt::format("sched.your_{}_agrees", name), worst <= kRounding ? "yes" : "no");
      if (worst > kRounding) {
        ch.note(fmt::format("your {} differs from the engine's: check it with build/bin/grade --chapter 11", name));
      }
    });
  }
  ch.say("The constant rate never settles: its loss keeps bouncing. Each decay brings the rate down\n"
         "to where the loss can fall, and then lowers the noise further: step decay in jumps, only\n"
         "after each drop (it holds every rate for a quarter of the run), exponential and 1/t\n"
         "smoothly; 1/t falls fastest at first and slowest at the end.");
}

void range_test(book::Chapter& ch, const Problem& p, const Settings& s) {
  ch.section("The LR range test");
  const int steps = ch.quick() ? kQuickRangeSteps : kRangeSteps;
  const LrRangeTest schedule(kRangeLo, kRangeHi, steps);
  ch.say(fmt::format(
      "Which rate is right, without a sweep of whole runs? Train once, from the same weights,\n"
      "raising the rate after every step by the same factor, from {} to {} in {} steps (the\n"
      "lecture's range for η is 1e-6 to 1: lecture 000), and record the loss at each rate.\n"
      "Full-batch steps here, so the curve is smooth; with mini-batches it is noisy and is\n"
      "smoothed first (an exponential moving average).",
      kRangeLo, kRangeHi, steps));
  Trainer t(p, kRangeLo);
  const LrRangeResult r = lr_range_test(
      schedule, [&](double lr) { t.set_lr(lr); }, [&] { return t.step(); });
  std::vector<double> lrs, losses;
  for (const auto& [lr, loss] : r.points) {
    lrs.push_back(lr);
    losses.push_back(loss);
  }
  book::Table points({"k", "lr", "loss"});
  for (std::size_t k = 0; k < lrs.size(); ++k) points.add({std::to_string(k), num(lrs[k]), num(losses[k])});
  ch.write_text("range_test_points.csv", points.csv());
  ch.result("range.points", static_cast<double>(lrs.size()));
  ch.result("range.steps", static_cast<double>(steps));
  ch.result("range.factor", std::pow(kRangeHi / kRangeLo, 1.0 / (steps - 1)));
  ch.result("range.best_lr", r.best_lr);
  ch.result("range.best_loss", r.best_loss);
  ch.result("range.diverged", r.diverged ? "yes" : "no");
  ch.result("range.stopped_at_lr", lrs.back());

  // Your rates (exercise 11.4) against the engine's.
  ch.part("your range_test_lrs against the engine's", [&] {
    const std::vector<double> yours = range_test_lrs(kRangeLo, kRangeHi, steps);
    if (yours.size() != static_cast<std::size_t>(steps)) {
      throw Error(fmt::format("range_test_lrs returned {} rates for {} steps: one rate per step",
                              yours.size(), steps));
    }
    double worst = 0.0;
    for (int k = 0; k < steps; ++k) {
      worst = std::max(worst, std::abs(yours[static_cast<std::size_t>(k)] - schedule.lr_at(k)) / schedule.lr_at(k));
    }
    ch.result("range.your_lrs_agree", worst <= kRounding ? "yes" : "no");
  });

  book::Plot plot("range_test", "LR range test: loss against the learning rate", "learning rate (log scale)",
                  "loss before the step");
  plot.extra = {"set logscale x", "set format x '%.0e'"};
  plot.key = "top left";
  plot.series.push_back({"loss", lrs, losses, "linespoints pt 7 ps 0.5"});
  const auto lowest = static_cast<std::size_t>(std::min_element(losses.begin(), losses.end()) - losses.begin());
  plot.series.push_back({"lowest loss", {lrs[lowest]}, {losses[lowest]}, "points pt 6 ps 2.5 lc rgb '#0969da'"});
  ch.result("range.best_k", static_cast<double>(lowest));

  // The picks: a tenth of the rate at the lowest loss (the engine's best_lr),
  // and the steepest descent point, read by your read_range_test (exercise 11.5).
  std::vector<std::pair<std::string, double>> picks = {{"tenth", r.best_lr / 10.0}};
  ch.part("your read_range_test on the curve", [&] {
    const RangeReading reading = read_range_test(lrs, losses);
    const int last = static_cast<int>(lrs.size()) - 1;
    if (reading.steepest < -1 || reading.steepest >= last || reading.blowup < -1 || reading.blowup > last) {
      throw Error(fmt::format("read_range_test returned steepest = {} and blowup = {}, but the curve has points "
                              "0 to {}: both are indices into it, or -1", reading.steepest, reading.blowup, last));
    }
    const int engine_blowup = r.diverged ? last : -1;
    ch.result("range.your_blowup_agrees", reading.blowup == engine_blowup ? "yes" : "no");
    if (reading.steepest >= 0) {
      const auto k = static_cast<std::size_t>(reading.steepest);
      picks.emplace_back("steepest", lrs[k]);
      plot.series.push_back({"steepest descent", {lrs[k]}, {losses[k]}, "points pt 9 ps 2.5 lc rgb '#1a7f37'"});
      ch.result("range.steepest_k", static_cast<double>(k));
      ch.result("range.steepest_lr", lrs[k]);
    }
    if (reading.blowup >= 0) {
      const auto k = static_cast<std::size_t>(reading.blowup);
      plot.series.push_back({"blow-up", {lrs[k]}, {losses[k]}, "points pt 2 ps 2.5 lc rgb '#cf222e'"});
      ch.result("range.blowup_k", static_cast<double>(k));
      ch.result("range.blowup_lr", lrs[k]);
    }
  });
  ch.write_plot(plot);
  ch.say(fmt::format(
      "Read it from left to right: flat (the rate is too small to matter), then falling (the\n"
      "rate is doing work), a minimum at η = {}, then the blow-up: the loss shoots past 4× its\n"
      "best and the test stops. Two common picks: the steepest descent point, where the curve\n"
      "falls fastest, and a tenth of the rate at the minimum ({} / 10 = {}). Never the rate at\n"
      "the minimum itself: it is already at the edge of the blow-up.",
      num(r.best_lr), num(r.best_lr), num(r.best_lr / 10.0)));

  // The picks, tried: a whole run at each, from the same weights as part 1.
  book::Table table({"pick", "η", "loss at end", "accuracy"});
  for (const auto& [name, lr] : picks) {
    Trainer run(p, lr);
    for (int e = 1; e <= p.epochs; ++e) run.step();
    table.add({name == "tenth" ? "lowest-loss rate / 10" : "steepest descent", num(lr), num(run.loss()),
               num(run.accuracy())});
    ch.result(fmt::format("range.{}.lr", name), lr);
    ch.result(fmt::format("range.{}.final_loss", name), run.loss());
    ch.result(fmt::format("range.{}.accuracy", name), run.accuracy());
  }
  ch.say(fmt::format("A whole run ({} epochs, full batch) at each pick (part 1's η = {} ended at the loss shown there):",
                     p.epochs, num(s.lr)));
  ch.table(table, "range_picks.csv");
}

}  // namespace sg::ch11
