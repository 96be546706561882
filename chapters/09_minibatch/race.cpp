// Chapter 9, parts 6 and the helpers of 7-10: batch, stochastic and
// mini-batch gradient descent raced on the same problem by the engine
// (train(), the race, its table and figures). Wall-clock figures go only
// into files named timing_* (no seed repeats them).
#include <fmt/format.h>

#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "chapters/09_minibatch/lesson.hpp"

namespace sg::ch09 {

namespace {

constexpr Index kPathUpdates = 40;      // the paths figure shows the first 40 updates of each mode

std::string name_of(Index B, Index N) {
  if (B == 1) return "B = 1 (stochastic)";
  if (B == N) return fmt::format("B = N = {} (batch)", N);
  return fmt::format("B = {}", B);
}

// Level sets of the gap, (θ − θ*)ᵀA(θ − θ*) = c: ellipses θ* + √c·A^(−1/2)·(cos t, sin t),
// one series, each ellipse closed and separated from the next by a NaN point.
book::Series contours(const Problem& p, const std::vector<double>& levels) {
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(p.A);
  const Eigen::Matrix2d inv_sqrt =
      eig.eigenvectors() * eig.eigenvalues().cwiseInverse().cwiseSqrt().asDiagonal() * eig.eigenvectors().transpose();
  book::Series s{"loss contours", {}, {}, "lines lc rgb '#cccccc'"};
  constexpr int kPoints = 120;
  for (double c : levels) {
    for (int i = 0; i <= kPoints; ++i) {
      const double t = 2.0 * 3.14159265358979323846 * i / kPoints;
      const Eigen::Vector2d q = p.theta_star + std::sqrt(c) * inv_sqrt * Eigen::Vector2d(std::cos(t), std::sin(t));
      s.x.push_back(q(0));
      s.y.push_back(q(1));
    }
    s.x.push_back(std::numeric_limits<double>::quiet_NaN());
    s.y.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  return s;
}

void race_plots(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race) {
  const Index N = s.examples;
  book::Plot paths("paths", fmt::format("the first {} updates of each mode, lr = {}", kPathUpdates, num(s.lr)),
                   "w", "b");
  const double g0 = p.gap(Eigen::Vector2d::Zero());
  paths.series.push_back(contours(p, {g0 * 0.003, g0 * 0.01, g0 * 0.03, g0 * 0.1, g0 * 0.3, g0}));
  const std::vector<std::string> colours = {"#c0392b", "#e67e22", "#27ae60", "#8e44ad", "#2c3e50"};
  Eigen::Vector2d lo = p.theta_star, hi = p.theta_star;
  for (Index B : {Index{1}, s.batch, N}) {
    const Run& r = race.of(B);
    book::Series path{r.name, {}, {}, ""};
    for (std::size_t k = 0; k < r.theta.size() && k <= static_cast<std::size_t>(kPathUpdates); ++k) {
      path.x.push_back(r.theta[k](0));
      path.y.push_back(r.theta[k](1));
      lo = lo.cwiseMin(r.theta[k]);
      hi = hi.cwiseMax(r.theta[k]);
    }
    path.style = B == 1 ? fmt::format("linespoints pt 7 ps 0.5 lc rgb '{}'", colours[0])
                 : B == N ? fmt::format("linespoints pt 5 ps 0.6 lw 2 lc rgb '{}'", colours[4])
                          : fmt::format("linespoints pt 9 ps 0.6 lc rgb '{}'", colours[2]);
    paths.series.push_back(path);
  }
  const Eigen::Vector2d margin = 0.15 * (hi - lo);
  paths.xrange = {lo(0) - margin(0), hi(0) + margin(0)};
  paths.yrange = {lo(1) - margin(1), hi(1) + margin(1)};
  paths.series.push_back({"θ* (least squares)", {p.theta_star(0)}, {p.theta_star(1)}, "points pt 3 ps 2 lc rgb 'black'"});
  paths.key = "outside right top";
  ch.write_plot(paths);

  book::Plot by_update("loss_vs_updates", "loss gap L(θ) − L* against updates (log-log)", "update", "L(θ) − L*");
  book::Plot by_epoch("loss_vs_epochs", "loss gap against epochs (examples seen / N)", "epochs", "L(θ) − L*");
  book::Plot by_time("timing_loss_vs_time", "loss gap against training time (wall clock, this machine)",
                     "seconds", "L(θ) − L*");
  for (book::Plot* plot : {&by_update, &by_epoch, &by_time}) {
    plot->logy = true;
    plot->extra.push_back("set format y '%g'");
  }
  by_update.extra.push_back("set logscale x");
  by_time.extra.push_back("set logscale x");
  for (std::size_t i = 0; i < race.runs.size(); ++i) {
    const Run& r = race.runs[i];
    const std::string style = fmt::format("lines lw 2 lc rgb '{}'", colours[i % colours.size()]);
    book::Series u{r.name, {}, {}, style}, e{r.name, {}, {}, style}, t{r.name, {}, {}, style};
    for (std::size_t k : thin(r.gap.size() - 1, kCurvePoints, true)) {
      u.x.push_back(static_cast<double>(k + 1));
      u.y.push_back(r.gap[k + 1]);
      t.x.push_back(r.seconds[k + 1]);
      t.y.push_back(r.gap[k + 1]);
    }
    for (std::size_t k : thin(r.gap.size(), kCurvePoints, false)) {
      e.x.push_back(examples_after(r, static_cast<Index>(k), N) / static_cast<double>(N));
      e.y.push_back(r.gap[k]);
    }
    by_update.series.push_back(u);
    by_epoch.series.push_back(e);
    by_time.series.push_back(t);
  }
  by_update.key = by_epoch.key = by_time.key = "bottom left";
  ch.write_plot(by_update);
  ch.write_plot(by_epoch);
  ch.write_plot(by_time);
}

}  // namespace

BatchMode mode_of(Index B, Index N) {
  return B == 1 ? BatchMode::Stochastic : B == N ? BatchMode::Batch : BatchMode::MiniBatch;
}

// The batch sizes of the race: 1, 8, --batch, 128 and N, in order, each once.
std::vector<Index> race_sizes(const Settings& s) {
  std::set<Index> sizes;   // sorted, each once
  for (const Index B : {Index{1}, Index{8}, s.batch, Index{128}, s.examples}) {
    if (B <= s.examples) sizes.insert(B);
  }
  return {sizes.begin(), sizes.end()};
}

// Indices 0..n-1 to plot: all of them when few, else `points` of them spread
// evenly (log-spaced when `log`), the first and the last always included.
std::vector<std::size_t> thin(std::size_t n, std::size_t points, bool log) {
  std::vector<std::size_t> out;
  if (n <= points) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  for (std::size_t k = 0; k < points; ++k) {
    const double f = static_cast<double>(k) / static_cast<double>(points - 1);
    const double at = log ? std::pow(static_cast<double>(n - 1), f) : f * static_cast<double>(n - 1);
    const std::size_t i = std::min(n - 1, static_cast<std::size_t>(std::llround(at)));
    if (out.empty() || i > out.back()) out.push_back(i);
  }
  return out;
}

// Examples the run has seen after update k: whole epochs, then B per batch.
double examples_after(const Run& r, Index k, Index N) {
  return static_cast<double>((k / r.iterations_per_epoch) * N + (k % r.iterations_per_epoch) * r.B);
}

// The first update whose gap is at most `target`; -1 when none is.
Index first_below(const Run& r, double target) {
  for (std::size_t k = 0; k < r.gap.size(); ++k) {
    if (r.gap[k] <= target) return static_cast<Index>(k);
  }
  return -1;
}

// The mean gap over the run's last epoch: one number for where a noisy run
// settles (a single final value of a fluctuating run is one draw of it).
double last_epoch_gap(const Run& r) {
  const std::size_t n = static_cast<std::size_t>(std::min<Index>(r.iterations_per_epoch, r.updates()));
  if (n == 0) return r.gap.back();
  double sum = 0.0;
  for (std::size_t k = r.gap.size() - n; k < r.gap.size(); ++k) sum += r.gap[k];
  return sum / static_cast<double>(n);
}

// Share of the updates after which the loss on the whole training set went up.
double share_up(const Run& r) {
  if (r.gap.size() < 2) return 0.0;
  std::size_t up = 0;
  for (std::size_t k = 1; k < r.gap.size(); ++k) up += r.gap[k] > r.gap[k - 1] ? 1 : 0;
  return static_cast<double>(up) / static_cast<double>(r.gap.size() - 1);
}

Run train(book::Chapter& ch, const Problem& p, BatchMode mode, Index B, double lr, int epochs, bool traced,
          double lr_decay) {
  using Clock = std::chrono::steady_clock;
  Generator gen = ch.generator();
  Context ctx(traced ? &ch.trace() : nullptr);
  if (traced) ch.restore_trace();   // each traced run shows its own first --trace-steps updates
  Linear<> line(ctx, "line", 1, 1, gen, Init::Zeros);
  SGD<double> opt(line.params(), lr);
  DataLoader<double> loader(p.train, B, gen, true, mode);
  const InverseTimeDecay decay(lr, lr_decay);
  Run run;
  run.B = loader.batch_size();
  run.name = name_of(run.B, p.train.size());
  run.iterations_per_epoch = loader.batches_per_epoch();
  auto record = [&](double seconds) {
    const Eigen::Vector2d theta(line.W.value()(0, 0), line.b.value()(0, 0));
    run.theta.push_back(theta);
    run.gap.push_back(p.gap(theta));
    run.seconds.push_back(seconds);
  };
  record(0.0);
  double elapsed = 0.0;
  std::int64_t step = 0;
  for (int epoch = 0; epoch < epochs && !run.diverged; ++epoch) {
    opt.set_lr(decay.lr_at(epoch));
    Clock::time_point start = Clock::now();
    for (const Batch<double>& b : loader) {
      opt.zero_grad();
      Tensor L = mse(line(ctx.input(b.X, "X")), ctx.input(b.targets, "Y")).set_label("L").set_role(Role::Loss);
      L.backward();
      opt.step();
      elapsed += std::chrono::duration<double>(Clock::now() - start).count();
      ++step;
      if (traced) ch.trace_step(step, {{"loss", L.item()}, {"B", static_cast<double>(run.B)}});
      if (epoch == 0 && step == 1) run.first_order = loader.order();
      record(elapsed);
      if (!(run.gap.back() < kDivergedGap)) {
        run.diverged = true;
        break;
      }
      start = Clock::now();
    }
  }
  return run;
}

const Run& RaceResult::of(Index B) const {
  for (const Run& r : runs) {
    if (r.B == B) return r;
  }
  return runs.front();
}

RaceResult run_race(book::Chapter& ch, const Problem& p, const Settings& s) {
  RaceResult race;
  for (Index B : race_sizes(s)) race.runs.push_back(train(ch, p, mode_of(B, s.examples), B, s.lr, s.epochs, true));
  return race;
}

void three_modes(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race) {
  ch.section("Batch, stochastic and mini-batch: the race");
  const Index N = s.examples;
  const double g0 = p.gap(Eigen::Vector2d::Zero());
  const double target = kTargetShare * g0;
  ch.say(fmt::format(
      "The same problem, the same start θ0 = (0, 0), the same lr = {}, {} epochs, five batch sizes.\n"
      "Only B changes: how many examples each update averages over, and so how many updates an\n"
      "epoch makes. The target is a gap of {}% of the start's ({}).",
      num(s.lr), s.epochs, num(100 * kTargetShare), num(target)));
  book::Table t({"B", "iterations/epoch", "updates", "gap after 1 epoch", "mean gap, last epoch", "updates that raised L",
                 "updates to target", "epochs to target"});
  book::Table timing({"B", "ms per epoch", "µs per update", "µs per example", "ms to target"});
  for (const Run& r : race.runs) {
    const Index k = first_below(r, target);
    const Index one_epoch = std::min<Index>(r.iterations_per_epoch, r.updates());
    const double epochs_run = static_cast<double>(r.updates()) / static_cast<double>(r.iterations_per_epoch);
    t.add({std::to_string(r.B), std::to_string(r.iterations_per_epoch), std::to_string(r.updates()),
           num(r.gap[static_cast<std::size_t>(one_epoch)]), r.diverged ? "diverged" : num(last_epoch_gap(r)),
           fmt::format("{:.0f}%", 100 * share_up(r)), k < 0 ? "never" : std::to_string(k),
           k < 0 ? "never" : num(examples_after(r, k, N) / N)});
    const std::string key = fmt::format("race.B_{}", r.B);
    ch.result(key + ".updates", static_cast<double>(r.updates()));
    ch.result(key + ".gap_after_1_epoch", r.gap[static_cast<std::size_t>(one_epoch)]);
    ch.result(key + ".last_epoch_gap", last_epoch_gap(r));
    ch.result(key + ".share_up", share_up(r));
    ch.result(key + ".updates_to_target", static_cast<double>(k));
    const double seconds = r.seconds.back();
    timing.add({std::to_string(r.B), fmt::format("{:.3f}", 1e3 * seconds / epochs_run),
                fmt::format("{:.2f}", 1e6 * seconds / static_cast<double>(r.updates())),
                fmt::format("{:.3f}", 1e6 * seconds / (epochs_run * static_cast<double>(N))),
                k < 0 ? "never" : fmt::format("{:.3f}", 1e3 * r.seconds[static_cast<std::size_t>(k)])});
    ch.result(fmt::format("timing.B_{}.ms_per_epoch", r.B), 1e3 * seconds / epochs_run);
  }
  ch.result("race.target_gap", target);
  ch.table(t, "race.csv");
  ch.say("Wall-clock time of the same runs (this machine, now: timing_race.csv):");
  ch.table(timing, "timing_race.csv");
  ch.say(fmt::format(
      "Per update, a bigger batch costs more (it averages more examples); per epoch it costs far\n"
      "less, because each update's fixed cost (building the graph, the optimiser's checks) is paid\n"
      "⌈N/B⌉ times instead of N times. Per epoch, batch gradient descent makes one careful step and\n"
      "SGD {} noisy ones: paths.svg shows the first updates, loss_vs_updates.svg and\n"
      "loss_vs_epochs.svg the whole run, timing_loss_vs_time.svg the same against the clock.", N));
  race_plots(ch, p, s, race);
}

}  // namespace sg::ch09
