// Chapter 9, parts 7-10: the noise of small batches measured against its
// formula; a larger learning rate; a decaying one; and the lectures'
// batch-size advice as a table of measurements (its wall-clock rows make it
// a timing_* file).
#include <fmt/format.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "chapters/09_minibatch/lesson.hpp"

namespace sg::ch09 {

namespace {

constexpr Index kNoiseSamples = 4000;   // batches per B for the noise measurement (≈2% standard error)

}  // namespace

NoiseResult gradient_noise(book::Chapter& ch, const Problem& p, const Settings& s) {
  ch.section("The noise of small batches");
  const Index N = p.x.size();
  // Every example's own gradient at θ*, in one backward pass: give each example
  // its own copy of w and b; the gradient of Σ_i (w_i·x_i + b_i − y_i)² with
  // respect to copy i is example i's gradient.
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(N, 1, p.theta_star(0)), "w (one copy per example)");
  Tensor b = ctx.param(Mat::Constant(N, 1, p.theta_star(1)), "b (one copy per example)");
  sum(square(w * ctx.input(p.x, "x") + b - ctx.input(p.y, "y"))).backward();
  Mat G(N, 2);   // row i: example i's gradient (dL/dw, dL/db)
  G.col(0) = w.grad();
  G.col(1) = b.grad();
  const Eigen::RowVector2d g = G.colwise().mean();   // the full gradient: 0 at θ*
  const double sigma2 = (G.rowwise() - g).rowwise().squaredNorm().mean();
  ch.say(fmt::format(
      "At the minimum θ* the full gradient is zero ({:.2g} here, rounding), yet every example's own\n"
      "gradient is not: their spread is σ² = mean ‖g_i − g‖² = {}. A batch gradient is the mean of B\n"
      "of them drawn without replacement, so its error has (sampling without replacement)\n"
      "    E‖g_B − g‖² = (σ²/B) · (N − B)/(N − 1)\n"
      "1/B from averaging, and a correction that makes it exactly 0 at B = N. Measured over {} batches\n"
      "of each size, from shuffled epochs (full-size batches only):",
      g.norm(), num(sigma2), kNoiseSamples));
  ch.result("noise.sigma2", sigma2);
  ch.result("noise.full_gradient_norm", g.norm());
  NoiseResult noise;
  book::Table t({"B", "measured E‖g_B − g‖²", "(σ²/B)(N−B)/(N−1)", "measured / formula", "batches"});
  Generator gen = ch.generator();
  for (Index B : race_sizes(s)) {
    // Epochs as the DataLoader makes them (a fresh permutation() each), cut into
    // consecutive batches, summed in plain loops: no copy and no allocation per batch.
    double sum_sq = 0.0;
    Index count = 0;
    while (count < kNoiseSamples) {
      const std::vector<Index> order = permutation(N, gen);
      for (Index start = 0; start + B <= N; start += B) {   // full batches: the short last one has its own variance
        double gw = 0.0, gb = 0.0;
        for (Index j = start; j < start + B; ++j) {
          gw += G(order[static_cast<std::size_t>(j)], 0);
          gb += G(order[static_cast<std::size_t>(j)], 1);
        }
        const double dw = gw / static_cast<double>(B) - g(0), db = gb / static_cast<double>(B) - g(1);
        sum_sq += dw * dw + db * db;
        ++count;
      }
      if (B == N) break;   // the one batch of an epoch is the whole set: nothing varies
    }
    const double measured = sum_sq / static_cast<double>(count);
    const double predicted = sigma2 / static_cast<double>(B) * static_cast<double>(N - B) / static_cast<double>(N - 1);
    noise.B.push_back(B);
    noise.measured.push_back(measured);
    noise.predicted.push_back(predicted);
    t.add({std::to_string(B), num(measured), num(predicted), B == N ? "-" : num(measured / predicted),
           std::to_string(count)});
    ch.result(fmt::format("noise.B_{}.measured", B), measured);
    ch.result(fmt::format("noise.B_{}.predicted", B), predicted);
    if (B < N) ch.result(fmt::format("noise.B_{}.ratio", B), measured / predicted);
  }
  ch.table(t, "gradient_noise_table.csv");
  book::Plot plot("gradient_noise", "the error of a batch gradient at θ*, against B (log-log)", "batch size B",
                  "E‖g_B − g‖²");
  book::Series m{"measured", {}, {}, "points pt 7 ps 1.2 lc rgb '#c0392b'"};
  book::Series f{"(σ²/B)(N−B)/(N−1)", {}, {}, "lines lw 2 lc rgb '#2c3e50'"};
  for (std::size_t i = 0; i < noise.B.size(); ++i) {
    if (noise.B[i] == N) continue;   // 0 on a log scale
    m.x.push_back(static_cast<double>(noise.B[i]));
    m.y.push_back(noise.measured[i]);
  }
  for (Index B = 1; B < N; B = std::max(B + 1, B * 5 / 4)) {
    f.x.push_back(static_cast<double>(B));
    f.y.push_back(sigma2 / static_cast<double>(B) * static_cast<double>(N - B) / static_cast<double>(N - 1));
  }
  plot.series = {f, m};
  plot.logy = true;
  plot.extra.push_back("set logscale x");
  plot.extra.push_back("set format y '%g'");
  plot.key = "bottom left";
  ch.write_plot(plot);
  return noise;
}

LargeLrResult larger_learning_rate(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race) {
  ch.section("Bigger batches tolerate a larger learning rate");
  LargeLrResult large;
  large.lr = kLargeLrShare * p.lr_limit();
  ch.say(fmt::format(
      "lr = {} is {}% of batch gradient descent's limit 2/λmax = {}: the full-batch gradient is\n"
      "safe there. A small batch's gradient is the full one plus noise, and one example's curvature\n"
      "2(1 + x²) is far above the average when |x| is large: a step sized for the average overshoots.",
      num(large.lr), num(100 * kLargeLrShare), num(p.lr_limit())));
  const Index N = s.examples;
  for (const Run& r0 : race.runs) {
    const Run r = train(ch, p, mode_of(r0.B, N), r0.B, large.lr, s.epochs, false);
    large.B.push_back(r.B);
    large.diverged.push_back(r.diverged ? 1 : 0);
    const std::string what = r.diverged ? fmt::format("diverged at update {}", r.updates())
                                        : fmt::format("converged, mean gap over the last epoch {}", num(last_epoch_gap(r)));
    ch.say(fmt::format("  {:<24} {}", r.name, what));
    ch.result(fmt::format("large_lr.B_{}", r.B), what);
  }
  ch.result("large_lr.lr", large.lr);
  return large;
}

DecayResult decaying_learning_rate(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race) {
  ch.section("SGD with a decaying learning rate");
  constexpr double kDecay = 1.0;   // lr_t = lr/(1 + t), t the epoch
  const Run& constant = race.of(1);
  const Run decayed = train(ch, p, BatchMode::Stochastic, 1, s.lr, s.epochs, false, kDecay);
  DecayResult d{last_epoch_gap(constant), last_epoch_gap(decayed)};
  ch.say(fmt::format(
      "With a constant lr, SGD never settles: each update follows one example, so θ keeps jumping\n"
      "around θ* by an amount that scales with lr (lecture 004: \"problem with overshooting the exact\n"
      "minimum; decreasing learning rate during optimization enables to converge\"). The 1/t decay\n"
      "lr_t = lr/(1 + t) of epoch t (the engine's InverseTimeDecay; chapter 11 has more) shrinks\n"
      "the jumps: over the last of {} epochs the gap averages {} with the constant lr and {} with the\n"
      "decay, whose last lr is {}.",
      s.epochs, num(d.constant_gap), num(d.decayed_gap), num(s.lr / (1.0 + kDecay * (s.epochs - 1)))));
  ch.result("decay.constant.last_epoch_gap", d.constant_gap);
  ch.result("decay.inverse_time.last_epoch_gap", d.decayed_gap);
  book::Plot plot("sgd_decay", "SGD (B = 1): constant lr against lr/(1 + epoch)", "epochs", "L(θ) − L*");
  for (const Run* r : {&constant, &decayed}) {
    book::Series c{r == &constant ? fmt::format("lr = {}", num(s.lr)) : fmt::format("lr = {}/(1 + epoch)", num(s.lr)),
                   {}, {}, r == &constant ? "lines lc rgb '#c0392b'" : "lines lc rgb '#2c3e50'"};
    for (std::size_t k : thin(r->gap.size(), 4 * kCurvePoints, false)) {
      c.x.push_back(static_cast<double>(k) / static_cast<double>(r->iterations_per_epoch));
      c.y.push_back(r->gap[k]);
    }
    plot.series.push_back(c);
  }
  plot.logy = true;
  plot.extra.push_back("set format y '%g'");
  ch.write_plot(plot);
  return d;
}

void batch_size_advice(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race,
                       const NoiseResult& noise, const LargeLrResult& large, const DecayResult& decay) {
  ch.section("The lecture's batch-size advice, measured");
  const Index N = s.examples;
  const Run& sgd = race.of(1);
  const Run& mini = race.of(s.batch);
  const Run& full = race.of(N);
  auto list = [&](const std::function<std::string(const Run&)>& f) {
    std::string out;
    for (const Run& r : race.runs) out += fmt::format("{}B={}: {}", out.empty() ? "" : ", ", r.B, f(r));
    return out;
  };
  auto yes = [](bool b) { return std::string(b ? "yes" : "no"); };
  book::Table t({"the lecture says", "where", "measured here", "verdict"});

  const Index ipe = mini.iterations_per_epoch;
  const bool ceil_ok = ipe == (N + s.batch - 1) / s.batch;
  t.add({"an epoch takes n = N/B iterations", "002",
         fmt::format("N = {}, B = {}: {} iterations (N/B = {})", N, s.batch, ipe, num(static_cast<double>(N) / s.batch)),
         ceil_ok ? "yes, rounded up: ⌈N/B⌉" : "no"});
  ch.result("advice.iterations_are_ceil", yes(ceil_ok));

  // Examples seen before the gap first halves.
  auto halves = [&](const Run& r) { return examples_after(r, first_below(r, 0.5 * r.gap.front()), N); };
  const bool early = halves(mini) < N && halves(full) >= N;
  t.add({"mini-batch makes progress before the whole dataset has done a forward pass", "001",
         "examples seen until the gap halves: " + list([&](const Run& r) { return num(halves(r)); }),
         early ? "yes" : "no"});
  ch.result("advice.progress_before_one_epoch", yes(early));

  const bool accurate = std::is_sorted(noise.measured.rbegin(), noise.measured.rend());
  t.add({"mini-batches: a more accurate estimate of the gradient", "002",
         fmt::format("E‖g_B − g‖² at θ*: {} (B=1) … {} (B={})", num(noise.measured.front()),
                     num(noise.measured[noise.measured.size() - 2]), noise.B[noise.B.size() - 2]),
         accurate ? "yes, as (σ²/B)(N−B)/(N−1)" : "no"});
  ch.result("advice.bigger_batch_less_noise", yes(accurate));

  const bool smoother = share_up(sgd) > share_up(mini) && share_up(mini) >= share_up(full) && share_up(full) == 0.0;
  t.add({"smoother convergence; SGD fluctuates and overshoots the exact minimum", "002, 004",
         "updates that raised the training loss: " +
             list([](const Run& r) { return fmt::format("{:.0f}%", 100 * share_up(r)); }),
         smoother ? "yes" : "no"});
  ch.result("advice.smoother_with_bigger_batches", yes(smoother));

  const bool larger = large.diverged.front() == 1 && large.diverged.back() == 0;
  std::string survived;
  for (std::size_t i = 0; i < large.B.size(); ++i) {
    survived += fmt::format("{}B={}: {}", i ? ", " : "", large.B[i], large.diverged[i] ? "diverged" : "converged");
  }
  t.add({"mini-batches allow larger learning rates", "002", fmt::format("at lr = {}: {}", num(large.lr), survived),
         larger ? "yes" : "no"});
  ch.result("advice.larger_lr_with_bigger_batches", yes(larger));

  const bool decays = decay.decayed_gap < decay.constant_gap;
  t.add({"SGD: decreasing the learning rate lets it converge", "004",
         fmt::format("B = 1, mean gap over epoch {}: {} (constant lr), {} (lr/(1+t))", s.epochs, num(decay.constant_gap),
                     num(decay.decayed_gap)),
         decays ? "yes" : "no"});
  ch.result("advice.decay_helps_sgd", yes(decays));

  // Generalisation: each run's final θ on the training set and on new data from the same
  // line (the true loss, exact). A line has one minimum and cannot overfit, so the claim
  // cannot be tested here; the numbers show what ends a big-batch run behind instead.
  std::string losses;
  for (const Run& r : race.runs) {
    const double train = p.loss(r.theta.back()), truth = Problem::true_loss(r.theta.back());
    losses += fmt::format("{}B={}: {}/{}", losses.empty() ? "" : ", ", r.B, num(train), num(truth));
    ch.result(fmt::format("advice.B_{}.train_loss", r.B), train);
    ch.result(fmt::format("advice.B_{}.true_loss", r.B), truth);
  }
  t.add({"larger batches may degrade quality and generalise worse", "001",
         "final loss, training/true (on new data): " + losses,
         "not testable on a line (one minimum, nothing to overfit): here big batches end behind on both "
         "because they made fewer updates"});

  // Wall-clock rows.
  auto ms_epoch = [](const Run& r) {
    return 1e3 * r.seconds.back() * static_cast<double>(r.iterations_per_epoch) / static_cast<double>(r.updates());
  };
  const bool quicker = ms_epoch(full) < ms_epoch(mini) && ms_epoch(mini) < ms_epoch(sgd);
  t.add({"the larger the batch, the quicker an epoch", "001",
         "ms per epoch: " + list([&](const Run& r) { return fmt::format("{:.2f}", ms_epoch(r)); }),
         quicker ? "yes" : "no"});
  auto us_example = [&](const Run& r) { return 1e3 * ms_epoch(r) / static_cast<double>(N); };
  auto us_update = [](const Run& r) { return 1e6 * r.seconds.back() / static_cast<double>(r.updates()); };
  const bool sgd_per_example = us_example(sgd) > us_example(full);
  const bool batch_per_update = us_update(full) > us_update(sgd);
  t.add({"SGD is not computationally efficient; which is more expensive?", "003, 000",
         fmt::format("µs per example: {:.3f} (B=1), {:.3f} (B={}), {:.3f} (B={}); µs per update: {:.2f} (B=1), "
                     "{:.2f} (B={})",
                     us_example(sgd), us_example(mini), s.batch, us_example(full), N, us_update(sgd), us_update(full), N),
         fmt::format("per example {}; per update {}", sgd_per_example ? "SGD costs most" : "SGD does not cost most",
                     batch_per_update ? "batch GD does" : "batch GD does not")});
  Index fastest = -1;
  double best = 1e300;
  std::string to_target;
  for (const Run& r : race.runs) {
    const Index k = first_below(r, kTargetShare * r.gap.front());
    const double ms = k < 0 ? std::numeric_limits<double>::infinity() : 1e3 * r.seconds[static_cast<std::size_t>(k)];
    to_target += fmt::format("{}B={}: {}", to_target.empty() ? "" : ", ", r.B, k < 0 ? "never" : fmt::format("{:.2f} ms", ms));
    if (ms < best) {
      best = ms;
      fastest = r.B;
    }
  }
  t.add({"usually mini-batch", "000", fmt::format("time to {}% of the start gap: {}", num(100 * kTargetShare), to_target),
         fastest > 1 && fastest < N ? fmt::format("yes: B = {} got there first", fastest)
                                    : fmt::format("B = {} got there first on this machine", fastest)});
  ch.table(t, "timing_batch_advice.csv");
  ch.result("timing.fastest_to_target_B", static_cast<double>(fastest));
  ch.result("timing.epoch_ms_ratio_sgd_over_batch", ms_epoch(sgd) / ms_epoch(full));
}

}  // namespace sg::ch09
