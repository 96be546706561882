// Chapter 9, parts 1-5: the problem, iterations per epoch, slicing an epoch,
// one batch's gradient and the epoch loop. The engine (DataLoader, Linear,
// mse, SGD) computes every number; the student's exercises (exercises.hpp)
// are compared with it where they are ready.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "chapters/09_minibatch/exercises.hpp"
#include "chapters/09_minibatch/lesson.hpp"

namespace sg::ch09 {

namespace {

// Every θ the student's loop makes must be the engine's up to rounding: the two
// sum the same terms in another order, and 1000 updates add up ~1e-15 each.
constexpr double kAgree = 1e-10;

std::string join(const std::vector<Index>& v) { return fmt::format("{}", fmt::join(v, " ")); }

// The engine's gradient (dL/dw, dL/db) of the mean squared error of the line at
// theta over the rows X, Y (a fresh graph: Linear 1→1, then mse, then backward).
Eigen::Vector2d engine_gradient(const Eigen::Vector2d& theta, const Mat& X, const Mat& Y) {
  Context ctx;
  Generator unused(0);
  Linear<> line(ctx, "line", 1, 1, unused, Init::Zeros);
  line.W.value_mut()(0, 0) = theta(0);
  line.b.value_mut()(0, 0) = theta(1);
  mse(line(ctx.input(X, "X")), ctx.input(Y, "Y")).backward();
  return {line.W.grad()(0, 0), line.b.grad()(0, 0)};
}

// An epoch's batch gradients at theta against the full one: the largest
// difference of their size-weighted mean, and of their plain mean.
struct EpochMeans {
  double weighted_diff = 0.0, plain_diff = 0.0;
  Index batches = 0, last = 0;   // batches in the epoch, rows in the last one
};
EpochMeans epoch_means(const Problem& p, const Eigen::Vector2d& theta, Index B, Generator& gen) {
  DataLoader<double> loader(p.train, B, gen);
  loader.new_epoch();
  const Eigen::Vector2d g_full = engine_gradient(theta, p.train.X, p.train.targets);
  Eigen::Vector2d weighted = Eigen::Vector2d::Zero(), plain = Eigen::Vector2d::Zero();
  EpochMeans m;
  m.batches = loader.batches_per_epoch();
  for (Index i = 0; i < m.batches; ++i) {
    const Batch<double> b = loader.batch(i);
    const Eigen::Vector2d g = engine_gradient(theta, b.X, b.targets);
    weighted += g * static_cast<double>(b.X.rows()) / static_cast<double>(p.train.size());
    plain += g / static_cast<double>(m.batches);
    m.last = b.X.rows();
  }
  m.weighted_diff = (weighted - g_full).cwiseAbs().maxCoeff();
  m.plain_diff = (plain - g_full).cwiseAbs().maxCoeff();
  return m;
}

// A dataset of N rows (the values do not matter: only the rows are counted).
Dataset counting_set(Index N) {
  Dataset d;
  d.X = Mat::Zero(N, 1);
  d.name = fmt::format("{} rows", N);
  return d;
}

}  // namespace

std::string num(double v) { return fmt::format("{:.4g}", v == 0.0 ? 0.0 : v); }

double Problem::loss(const Eigen::Vector2d& theta) const {
  return ((theta(0) * x).array() + theta(1) - y.array()).square().mean();
}

double Problem::true_loss(const Eigen::Vector2d& theta) {
  const double dw = theta(0) - kSlope, db = theta(1) - kIntercept;
  const double Ex = kMeanX, Exx = 1.0 + kMeanX * kMeanX;   // x ~ N(kMeanX, 1)
  return dw * dw * Exx + 2.0 * dw * db * Ex + db * db + kNoise * kNoise;
}

double Problem::gap(const Eigen::Vector2d& theta) const {
  const Eigen::Vector2d d = theta - theta_star;
  return d.dot(A * d);
}

double Problem::lr_limit() const {
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(2.0 * A);
  return 2.0 / eig.eigenvalues()(1);
}

Problem make_problem(Index n, Generator& gen) {
  Problem p;
  auto draw = [&gen](Index count, Eigen::VectorXd& x, Eigen::VectorXd& y) {
    x.resize(count);
    y.resize(count);
    for (Index i = 0; i < count; ++i) {
      x(i) = kMeanX + gen.normal();
      y(i) = kSlope * x(i) + kIntercept + kNoise * gen.normal();
    }
  };
  draw(n, p.x, p.y);
  p.train.X = p.x;
  p.train.targets = p.y;
  p.train.name = "line";
  // The normal equations: the gradient 2·(A θ − c) vanishes at θ*.
  p.A << p.x.squaredNorm() / n, p.x.mean(), p.x.mean(), 1.0;
  const Eigen::Vector2d c(p.x.dot(p.y) / n, p.y.mean());
  p.theta_star = p.A.ldlt().solve(c);
  p.loss_star = p.loss(p.theta_star);
  return p;
}

void show_problem(book::Chapter& ch, const Problem& p) {
  ch.section("The problem: one line, N points");
  const Index N = p.x.size();
  // The Hessian of L(θ) is H = 2A; batch gradient descent is stable for lr < 2/λmax(H).
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(2.0 * p.A);
  const double lmin = eig.eigenvalues()(0), lmax = eig.eigenvalues()(1);
  const Eigen::Vector2d theta0 = Eigen::Vector2d::Zero();
  ch.say(fmt::format(
      "{} points x ~ N({}, 1), y = {}x {} + {}·ε (ε ~ N(0, 1), a new draw for each point). We fit the line\n"
      "ŷ = w·x + b by the mean squared error L(θ) = mean((w·x + b − y)²), θ = (w, b), from θ0 = (0, 0).\n"
      "L is a quadratic in θ: its minimum θ* solves the normal equations, and the gap L(θ) − L*\n"
      "is (θ − θ*)ᵀA(θ − θ*) with A = [[mean x², mean x], [mean x, 1]]. The Hessian H = 2A has\n"
      "eigenvalues {} and {}: batch gradient descent converges for lr < 2/λmax = {}.",
      N, num(kMeanX), num(kSlope), kIntercept < 0 ? "− " + num(-kIntercept) : "+ " + num(kIntercept), num(kNoise),
      num(lmax), num(lmin), num(2.0 / lmax)));
  ch.result("problem.examples", static_cast<double>(N));
  ch.result("problem.true_loss_star", Problem::true_loss(p.theta_star));
  ch.result("problem.w_star", p.theta_star(0));
  ch.result("problem.b_star", p.theta_star(1));
  ch.result("problem.loss_star", p.loss_star);
  ch.result("problem.start_gap", p.gap(theta0));
  ch.result("problem.start_gap_direct", p.loss(theta0) - p.loss_star);
  ch.result("problem.curvature_max", lmax);
  ch.result("problem.curvature_min", lmin);
  ch.result("problem.lr_limit_batch", 2.0 / lmax);

  book::Plot plot("data", fmt::format("the {} training points and the least-squares line", N), "x", "y");
  book::Series points{"training points", {}, {}, "points pt 7 ps 0.3 lc rgb '#9fb7d8'"};
  for (Index i = 0; i < N; ++i) {
    points.x.push_back(p.x(i));
    points.y.push_back(p.y(i));
  }
  const double lo = p.x.minCoeff(), hi = p.x.maxCoeff();
  book::Series line{fmt::format("θ*: y = {}x {} {}", num(p.theta_star(0)), p.theta_star(1) < 0 ? "−" : "+",
                                num(std::abs(p.theta_star(1)))),
                    {lo, hi},
                    {p.theta_star(0) * lo + p.theta_star(1), p.theta_star(0) * hi + p.theta_star(1)},
                    "lines lw 2 lc rgb '#c0392b'"};
  plot.series = {points, line};
  plot.key = "top left";
  ch.write_plot(plot);
}

void iterations_per_epoch_table(book::Chapter& ch, const Settings& s) {
  ch.section("Iterations per epoch");
  ch.say("An epoch shows the model every example once, B at a time; each batch is one iteration,\n"
         "one update. The lecture writes n = N/B iterations per epoch and (N/B)·E updates in E\n"
         "epochs. When B does not divide N the last batch is smaller, and the engine's DataLoader\n"
         "keeps it (drop_last = false): an epoch is ⌈N/B⌉ iterations. Each row below is counted\n"
         "three ways: the formula, the loader's batches_per_epoch(), and a `for` over the loader.");
  struct Case {
    Index N, B;
    int E;
    std::string what;
  };
  const Index N = s.examples;
  std::vector<Case> cases = {
      {1000, 10, 1, "lecture 001: 1000 dog images in batches of 10"},
      {100, 32, 500, "lecture 001: model.fit(X_train[:100], ..., epochs=500, batch_size=32)"},
      {1000, 200, 1, "lecture 001: batches of m/5 with m = 1000"},
      {N, 1, s.epochs, "this chapter: stochastic (B = 1)"},
      {N, s.batch, s.epochs, "this chapter: mini-batch"},
      {N, 128, s.epochs, "this chapter: mini-batch"},
      {N, N, s.epochs, "this chapter: batch (B = N)"}};
  book::Table t({"N", "B", "N/B", "⌈N/B⌉", "loader", "for loop", "last batch", "every row once", "E",
                 "updates E·⌈N/B⌉", "case"});
  bool all_agree = true;
  Generator gen = ch.generator();
  for (const Case& c : cases) {
    const Dataset d = counting_set(c.N);
    DataLoader<double> loader(d, c.B, gen);
    Index counted = 0, last = 0;
    std::vector<Index> seen;
    for (const Batch<double>& b : loader) {
      ++counted;
      last = static_cast<Index>(b.rows.size());
      seen.insert(seen.end(), b.rows.begin(), b.rows.end());
    }
    std::sort(seen.begin(), seen.end());
    std::vector<Index> all(static_cast<std::size_t>(c.N));
    std::iota(all.begin(), all.end(), Index{0});
    const Index ceil = (c.N + c.B - 1) / c.B;
    const bool once = seen == all;
    all_agree = all_agree && once && counted == ceil && loader.batches_per_epoch() == ceil;
    t.add({std::to_string(c.N), std::to_string(c.B), num(static_cast<double>(c.N) / c.B), std::to_string(ceil),
           std::to_string(loader.batches_per_epoch()), std::to_string(counted), std::to_string(last),
           once ? "yes" : "NO", std::to_string(c.E), std::to_string(c.E * ceil), c.what});
    const std::string key = fmt::format("epoch.N{}_B{}", c.N, c.B);
    ch.result(key + ".iterations", static_cast<double>(counted));
    ch.result(key + ".last_batch", static_cast<double>(last));
    ch.result(key + ".updates", static_cast<double>(c.E * counted));
  }
  ch.table(t, "iterations_per_epoch.csv");
  ch.result("epoch.loader_counts_ceil", all_agree ? "yes" : "no");
  ch.say("N = 100, B = 32 is the lecture's Keras example: 3 batches of 32 and one of 4, so 4\n"
         "iterations per epoch and 2000 updates in 500 epochs, not 100/32 = 3.125 and 1562.5.\n"
         "Lecture 001's \"batches of m/5 ... in groups of 5\" mixes the two numbers up: batches\n"
         "of B = m/5 examples make 5 iterations per epoch, not groups of 5 examples.");
  ch.part("your iterations_per_epoch against the loader", [&] {
    for (const Case& c : cases) {
      const Index yours = iterations_per_epoch(c.N, c.B);
      const Index ceil = (c.N + c.B - 1) / c.B;
      if (yours != ceil) {
        ch.note(fmt::format("your iterations_per_epoch({}, {}) = {}, the loader makes {} batches. Check: "
                            "build/bin/grade --exercise 9.1", c.N, c.B, yours, ceil));
        ch.result("epoch.yours_match", "no");
        return;
      }
    }
    ch.result("epoch.yours_match", "yes");
  });
}

void slicing_an_epoch(book::Chapter& ch) {
  ch.section("Slicing an epoch into batches");
  constexpr Index kN = 10, kB = 4;
  const Dataset d = counting_set(kN);
  Generator gen = ch.generator();
  DataLoader<double> loader(d, kB, gen);
  loader.new_epoch();
  const std::vector<Index>& order = loader.order();
  ch.say(fmt::format(
      "Each epoch the loader draws a new random order of the rows (a Fisher–Yates shuffle from\n"
      "the seeded generator), then cuts it into consecutive stretches of B: the lecture's\n"
      "x^(i:i+n), with the batch number turned into a position. N = {}, B = {}:\n"
      "  order of this epoch: {}", kN, kB, join(order)));
  for (Index i = 0; i < loader.batches_per_epoch(); ++i) {
    ch.say(fmt::format("  batch {}: rows {}", i, join(loader.batch(i).rows)));
  }
  ch.result("slicing.order", join(order));
  ch.result("slicing.batches", static_cast<double>(loader.batches_per_epoch()));
  ch.result("slicing.last_batch", join(loader.batch(loader.batches_per_epoch() - 1).rows));
  ch.part("your batch_rows against the loader", [&] {
    for (Index i = 0; i < loader.batches_per_epoch(); ++i) {
      const std::vector<Index> yours = batch_rows(order, kB, i);
      if (yours != loader.batch(i).rows) {
        ch.note(fmt::format("your batch_rows(order, {}, {}) = [{}], the loader's batch {} is [{}]. Check: "
                            "build/bin/grade --exercise 9.2", kB, i, join(yours), i, join(loader.batch(i).rows)));
        ch.result("slicing.yours_match", "no");
        return;
      }
    }
    ch.result("slicing.yours_match", "yes");
  });
}

void one_batch_one_gradient(book::Chapter& ch, const Problem& p, const Settings& s) {
  ch.section("One batch, one gradient");
  const Eigen::Vector2d theta0 = Eigen::Vector2d::Zero();
  Generator gen = ch.generator();
  DataLoader<double> loader(p.train, s.batch, gen);
  loader.new_epoch();
  const Batch<double> first = loader.batch(0);
  const Eigen::Vector2d g_batch = engine_gradient(theta0, first.X, first.targets);
  // The same gradient as the mean of the B one-example gradients.
  Eigen::Vector2d g_mean = Eigen::Vector2d::Zero();
  for (Index j = 0; j < first.X.rows(); ++j) {
    g_mean += engine_gradient(theta0, first.X.row(j), first.targets.row(j));
  }
  g_mean /= static_cast<double>(first.X.rows());
  const double mean_diff = (g_batch - g_mean).cwiseAbs().maxCoeff();
  // An epoch's batch gradients, weighted by their sizes, average to the full gradient;
  // their plain mean does only when B divides N (then shown for the next B that does).
  const Eigen::Vector2d g_full = engine_gradient(theta0, p.train.X, p.train.targets);
  const Index N = p.train.size();
  const EpochMeans m = epoch_means(p, theta0, s.batch, gen);
  Index divisor = s.batch;
  while (N % divisor != 0) ++divisor;
  const EpochMeans md = epoch_means(p, theta0, divisor, gen);
  // The graph of one update's loss: the batch goes through the line and the mse as one matrix.
  {
    Context ctx;
    Generator unused(0);
    Linear<> line(ctx, "line", 1, 1, unused, Init::Zeros);
    Tensor L = mse(line(ctx.input(first.X, "X")), ctx.input(first.targets, "Y")).set_label("L").set_role(Role::Loss);
    L.backward();
    DotOptions dot;
    dot.show_formulas = true;
    dot.legend = true;
    dot.title = fmt::format("one mini-batch update's loss: X and Y are (B,1) = ({},1), W and b are 1x1", first.X.rows());
    ch.write_graph("batch_graph", to_dot(L, dot), true);
  }
  ch.say(fmt::format(
      "At θ0 = (0, 0), the engine's gradient of the first batch's loss (B = {}):\n"
      "  (dL/dw, dL/db) = ({}, {})\n"
      "It is the mean of the {} one-example gradients (lecture 002: ∂J/∂θ = (1/B) Σ_k ∂J_k/∂θ):\n"
      "  max |difference| = {:.3g}\n"
      "The full-batch gradient is ({}, {}). The epoch's {} batch gradients average to it when\n"
      "each is weighted by its share of the rows, B_i/N: max |difference| {:.3g}. Their plain mean is\n"
      "off by {:.3g} (the last batch has {} rows of {}); with B = {}, which divides N = {}, by {:.3g}.",
      s.batch, num(g_batch(0)), num(g_batch(1)), first.X.rows(), mean_diff, num(g_full(0)), num(g_full(1)),
      m.batches, m.weighted_diff, m.plain_diff, m.last, s.batch, divisor, N, md.plain_diff));
  ch.result("gradient.first_batch_dw", g_batch(0));
  ch.result("gradient.first_batch_db", g_batch(1));
  ch.result("gradient.mean_of_examples_diff", mean_diff);
  ch.result("gradient.full_dw", g_full(0));
  ch.result("gradient.full_db", g_full(1));
  ch.result("gradient.weighted_epoch_diff", m.weighted_diff);
  ch.result("gradient.plain_epoch_mean_diff", m.plain_diff);
  ch.result("gradient.divisor_B", static_cast<double>(divisor));
  ch.result("gradient.divisor_weighted_epoch_diff", md.weighted_diff);
  ch.result("gradient.divisor_plain_epoch_mean_diff", md.plain_diff);
  if (ch.gradcheck_requested()) {
    // The batch loss as a function of W, b (and the batch as data), by central differences.
    const GradcheckResult r = gradcheck(
        [](const std::vector<Tensor>& in) { return mse(matmul(in[2], in[0]) + in[1], in[3]); },
        std::vector<GradcheckInput>{{Mat::Zero(1, 1), "W"}, {Mat::Zero(1, 1), "b"},
                                    {first.X, "X", false}, {first.targets, "Y", false}});
    ch.report_gradcheck("batch_loss", r);
  }
  ch.part("your line_gradient against the engine", [&] {
    const Eigen::Vector2d yours = line_gradient(theta0, p.x, p.y, first.rows);
    const double diff = (yours - g_batch).cwiseAbs().maxCoeff();
    ch.say(fmt::format("  your line_gradient: ({}, {}), max |difference| from the engine {:.3g}", num(yours(0)),
                       num(yours(1)), diff));
    if (!(diff <= kAgree * std::max(1.0, g_batch.cwiseAbs().maxCoeff()))) {
      ch.note("your line_gradient differs from the engine's gradient of the batch loss. Check: "
              "build/bin/grade --exercise 9.3");
    }
    ch.result("gradient.yours_diff", diff);
  });
}

void the_epoch_loop(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race) {
  ch.section("The epoch loop");
  ch.say("The engine's loop, the same for every B (BatchMode::Stochastic is B = 1, Batch is B = N):\n"
         "  DataLoader<double> loader(train, B, gen);          // a new shuffle at every `for`\n"
         "  for (int epoch = 0; epoch < E; ++epoch)\n"
         "    for (const Batch<double>& b : loader) {         // ⌈N/B⌉ batches\n"
         "      opt.zero_grad();\n"
         "      Tensor L = mse(line(ctx.input(b.X)), ctx.input(b.targets));\n"
         "      L.backward();                                   // the batch's mean gradient\n"
         "      opt.step();                                     // θ ← θ − lr·g: one update\n"
         "    }\n"
         "The first epoch of the race below (section \"the race\"), for three of its batch sizes:");
  const Index N = p.x.size();
  std::vector<Index> sizes = {1, s.batch, N};
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  for (Index B : sizes) {
    const Run& r = race.of(B);
    const Index done = std::min(r.iterations_per_epoch, r.updates());
    ch.say(fmt::format("  B = {:<5} {} updates, gap {} → {}", B, done, num(r.gap.front()),
                       num(r.gap[static_cast<std::size_t>(done)])));
    ch.result(fmt::format("loop.B_{}.updates", B), static_cast<double>(done));
    ch.result(fmt::format("loop.B_{}.gap_after_epoch", B), r.gap[static_cast<std::size_t>(done)]);
  }
  ch.part("your run_epoch against the engine", [&] {
    double worst = 0.0;
    for (Index B : sizes) {
      const Run& r = race.of(B);
      const Epoch yours = run_epoch(Eigen::Vector2d::Zero(), p.x, p.y, r.first_order, B, s.lr);
      if (static_cast<Index>(yours.thetas.size()) != r.iterations_per_epoch) {
        ch.note(fmt::format("your run_epoch made {} updates with B = {}, the engine {}. Check: build/bin/grade "
                            "--exercise 9.4", yours.thetas.size(), B, r.iterations_per_epoch));
        ch.result("loop.yours_agrees", "no");
        return;
      }
      const std::size_t done = static_cast<std::size_t>(std::min(r.iterations_per_epoch, r.updates()));
      for (std::size_t k = 0; k < done; ++k) {
        worst = std::max(worst, (yours.thetas[k] - r.theta[k + 1]).cwiseAbs().maxCoeff());
      }
    }
    ch.say(fmt::format("  your run_epoch on the same shuffled order, θ after every update: max |difference| from "
                       "the engine {:.3g}", worst));
    if (!(worst <= kAgree)) {
      ch.note("your run_epoch's θ leaves the engine's. Check: build/bin/grade --exercise 9.4");
    }
    ch.result("loop.yours_max_theta_diff", worst);
    ch.result("loop.yours_agrees", worst <= kAgree ? "yes" : "no");
  });
}

}  // namespace sg::ch09
