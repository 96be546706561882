// Chapter 1, parts 1-4: f(x) = x², its derivative, one traced run, the sweep.
// The engine computes every number drawn; the student's gd_step (exercise 1.1)
// and central_difference (1.2) are compared with it where they are ready.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "chapters/01_gradient_descent/exercises.hpp"
#include "chapters/01_gradient_descent/lesson.hpp"
#include "chapters/01_gradient_descent/lesson_math.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch01 {

namespace {

// The learning rates of the sweep, from too small to diverging.
constexpr std::array<double, 6> kSweep = {0.01, 0.1, 0.5, 0.9, 1.0, 1.1};
constexpr int kSweepPlotSteps = 30;    // the sweep's figure shows x_0 ... x_30

// The engine's f'(x): builds y = x·x and runs backward. The mul op sends
// dY ⊙ B = x into its first operand and dY ⊙ A = x into its second; both are x,
// and backward adds them: 2x.
double engine_derivative(Context& ctx, double x_value) {
  Tensor x = ctx.scalar(x_value, "x");
  Tensor y = (x * x).set_label("y").set_role(Role::Loss);
  y.backward();
  return x.grad()(0, 0);
}

// The class of a run, from the factor q = x_1 / x_0 one step multiplies x by
// (on x² it is 1 − 2η for every step). docs/book/01-gradient-descent.md states the rule.
std::string classify(double q) {
  constexpr double kExact = 1e-12;   // |q| = 1 up to rounding
  if (std::abs(q) > 1.0 + kExact) return "diverging";
  if (std::abs(std::abs(q) - 1.0) <= kExact) return "stuck";
  if (q < 0.0) return "oscillating";
  if (q <= 0.5) return "fast";
  if (q <= 0.9) return "good";
  return "slow";
}

std::string num(double v) { return fmt::format("{:.6g}", v); }

// Your gd_step (exercise 1.1) against every update the engine's SGD made in `run`.
void compare_gd_step(book::Chapter& ch, const Run& run, double lr) {
  ch.part("your gd_step against the engine's SGD", [&] {
    // The engine's update may round differently (a fused multiply-add), never by more.
    constexpr double kRounding = 1e-12;
    for (int k = 1; k <= run.steps(); ++k) {
      const double before = run.x[static_cast<std::size_t>(k - 1)], after = run.x[static_cast<std::size_t>(k)];
      const double yours = gd_step(before, df(before), lr);
      if (std::abs(after - yours) > kRounding * std::max(1.0, std::abs(after))) {
        ch.note(fmt::format("step {}: your gd_step({}, {}, {}) gives {}, the engine's SGD {}. Check: "
                            "build/bin/grade --exercise 1.1",
                            k, num(before), num(df(before)), num(lr), num(yours), num(after)));
        ch.result("gd.your_gd_step_agrees", "no");
        return;
      }
    }
    ch.say(fmt::format("Your gd_step gives the engine's x at every one of the {} steps.", run.steps()));
    ch.result("gd.your_gd_step_agrees", "yes");
  });
}

}  // namespace

Run descend(double x0, double lr, int max_steps) {
  Context ctx;   // untraced: the sweep runs six of these
  Tensor x = ctx.param(Mat::Constant(1, 1, x0), "x");
  SGD<double> opt({x}, lr);
  Run run;
  run.x.push_back(x0);
  for (int k = 1; k <= max_steps; ++k) {
    opt.zero_grad();
    (x * x).set_role(Role::Loss).backward();
    opt.step();
    const double after = x.value()(0, 0);
    run.x.push_back(after);
    if (std::abs(after) < kTolerance) { run.outcome = Run::Outcome::Converged; break; }
    if (std::abs(after) > kBound) { run.outcome = Run::Outcome::Diverged; break; }
  }
  return run;
}

std::string describe(const Run& run) {
  switch (run.outcome) {
    case Run::Outcome::Converged: return fmt::format("converged at step {}", run.steps());
    case Run::Outcome::Diverged: return fmt::format("diverged at step {}", run.steps());
    case Run::Outcome::OutOfSteps: break;
  }
  return fmt::format("not within {} steps", run.steps());
}

void plot_function(book::Chapter& ch, const Settings& s) {
  ch.section("f(x) = x² and its slope");
  ch.say("f is sampled on [-10, 10] with step 0.1 (201 points); its derivative f'(x) = 2x\n"
         "is the slope of the tangent: negative left of the minimum, positive right of it, 0 at x = 0.");
  book::Series f{"f(x) = x²", {}, {}, "lines lw 2"};
  book::Series slope{"f'(x) = 2x", {}, {}, "lines dt 2"};
  for (int i = -100; i <= 100; ++i) {   // x = i/10: no drift from adding 0.1 200 times
    const double x = i / 10.0;
    f.x.push_back(x);
    f.y.push_back(ch01::f(x));
    slope.x.push_back(x);
    slope.y.push_back(df(x));
  }
  ch.result("function.samples", static_cast<double>(f.x.size()));
  book::Plot p("function", fmt::format("f(x) = x² and its derivative; the start x0 = {}", num(s.x0)),
               "x", "f(x), f'(x)");
  p.key = "top center";
  p.series = {f, slope};
  if (std::abs(s.x0) <= 10.0) {   // the slope at x0 is the tangent's: f(x0) + f'(x0)(x − x0)
    book::Series tangent{fmt::format("tangent at x0, slope {}", num(df(s.x0))), {}, {}, "lines lw 1.5"};
    for (double x : {s.x0 - 3.0, s.x0 + 3.0}) {
      tangent.x.push_back(x);
      tangent.y.push_back(ch01::f(s.x0) + df(s.x0) * (x - s.x0));
    }
    p.series.push_back(tangent);
    p.series.push_back({"x0", {s.x0}, {ch01::f(s.x0)}, "points pt 7 ps 1.5"});
  }
  p.yrange = {{-20.0, 100.0}};
  ch.write_plot(p);
}

void derivative_three_ways(book::Chapter& ch) {
  ch.section("The derivative three ways");
  ch.say(fmt::format("By hand: f'(x) = 2x. By the engine: backward() through y = x·x. Numerically: the\n"
                     "central difference (f(x+h) − f(x−h)) / 2h with h = {:g}. For a parabola it is exact in\n"
                     "exact arithmetic, so its error here is rounding alone, about 1e-16·f(x)/h.", kH));
  // Untraced: this part compares numbers; the traced run comes next.
  Context ctx;
  constexpr std::array<double, 6> kAt = {-3.0, -1.0, 0.0, 0.5, 2.0, 7.0};
  for (double x : kAt) {
    if (engine_derivative(ctx, x) != df(x)) {
      throw Error(fmt::format("the engine's derivative of x·x at x = {} is {}, not 2x = {}", x,
                              engine_derivative(ctx, x), df(x)));
    }
  }
  // The numerical column is yours (exercise 1.2); without it the table has the other two.
  std::vector<double> numeric;
  ch.part("the central difference", [&] {
    for (double x : kAt) numeric.push_back(central_difference(ch01::f, x, kH));
  });
  book::Table t({"x", "by hand 2x", "engine backward", "central difference", "|central − by hand|"});
  double max_error = 0.0;
  for (std::size_t i = 0; i < kAt.size(); ++i) {
    const double x = kAt[i];
    const double hand = df(x);
    if (numeric.empty()) {
      t.add({num(x), num(hand), num(engine_derivative(ctx, x)), "(exercise 1.2)", ""});
      continue;
    }
    max_error = std::max(max_error, std::abs(numeric[i] - hand));
    t.add({num(x), num(hand), num(engine_derivative(ctx, x)), fmt::format("{:.12g}", numeric[i]),
           fmt::format("{:.2e}", std::abs(numeric[i] - hand))});
  }
  ch.table(t, "derivative.csv");
  if (!numeric.empty()) ch.result("derivative.max_error", max_error);
}

void traced_descent(book::Chapter& ch, const Settings& s) {
  ch.section(fmt::format("Gradient descent from x0 = {} with η = {}", num(s.x0), num(s.lr)));
  const int predicted = steps_to_reach(s.x0, s.lr, kTolerance);
  ch.say(fmt::format("Each step multiplies x by r = 1 − 2η = {}, so x_k = x0·r^k. It is below {} after\n"
                     "k = floor(ln({} / |x0|) / ln|r|) + 1 steps{}. The engine computes each gradient\n"
                     "(backward through y = x·x) and SGD makes each update; --trace shows the first\n"
                     "--trace-steps of them op by op.",
                     num(rate(s.lr)), kTolerance, kTolerance,
                     predicted < 0 ? ": never, since |r| >= 1" : fmt::format(" = {}", predicted)));
  Context ctx(&ch.trace());
  Tensor x = ctx.param(Mat::Constant(1, 1, s.x0), "x");
  SGD<double> opt({x}, s.lr);
  book::Table t({"step k", "x_{k-1}", "f(x_{k-1})", "dx (engine)", "x_k = x_{k-1} − η·dx", "x0·r^k"});
  Run run;
  run.x.push_back(s.x0);
  for (int k = 1; k <= s.steps; ++k) {
    opt.zero_grad();
    Tensor y = (x * x).set_label("y").set_role(Role::Loss);
    y.backward();
    const double before = run.x.back();
    const double dx = x.grad()(0, 0);
    opt.step();
    const double after = x.value()(0, 0);
    run.x.push_back(after);
    ch.trace_step(k, {{"x", after}, {"f", y.item()}});
    t.add({std::to_string(k), num(before), num(y.item()), num(dx), num(after), num(iterate(s.x0, s.lr, k))});
    if (std::abs(after) < kTolerance) { run.outcome = Run::Outcome::Converged; break; }
    if (std::abs(after) > kBound) { run.outcome = Run::Outcome::Diverged; break; }
  }
  ch.restore_trace();
  ch.table(t, "descent.csv");
  ch.result("gd.steps_predicted", predicted);
  ch.result("gd.steps", run.steps());
  ch.result("gd.outcome", describe(run));
  ch.result("gd.x_final", run.x.back());
  compare_gd_step(ch, run, s.lr);

  // The main graph: the first step's y = x·x, with its values, gradients and formulas.
  Context graph_ctx;
  Tensor x0 = graph_ctx.scalar(s.x0, "x");
  Tensor y0 = (x0 * x0).set_label("y = x·x").set_role(Role::Loss);
  y0.backward();
  DotOptions dot;
  dot.show_formulas = true;
  dot.title = fmt::format("y = x·x at x0 = {}: backward adds x + x = {} into dx", num(s.x0), num(df(s.x0)));
  ch.write_graph("graph", to_dot(y0, dot), true);

  book::Plot p("descent",
               fmt::format("Gradient descent on x² from x0 = {}, η = {}: {}", num(s.x0), num(s.lr), describe(run)),
               "x", "f(x)");
  const double reach = std::max(10.0, 1.1 * std::abs(s.x0));
  book::Series curve{"f(x) = x²", {}, {}, "lines"};
  for (int i = -200; i <= 200; ++i) {
    curve.x.push_back(reach * i / 200.0);
    curve.y.push_back(ch01::f(reach * i / 200.0));
  }
  book::Series path{"x_k", {}, {}, "linespoints pt 7 ps 0.8"};
  for (double xk : run.x) { path.x.push_back(xk); path.y.push_back(ch01::f(xk)); }
  p.series = {curve, path};
  p.xrange = {{-reach, reach}};
  p.yrange = {{0.0, reach * reach}};
  ch.write_plot(p);
}

void learning_rate_sweep(book::Chapter& ch, const Settings& s) {
  ch.section("The learning rate, from too small to too large");
  ch.say("The same run with six learning rates. Each is classed by q = x_1 / x_0 = 1 − 2η, the factor\n"
         "every step multiplies x by: |q| > 1 diverging, |q| = 1 stuck (x jumps between +x0 and −x0),\n"
         "q < 0 oscillating (sign flips, still converging), 0 <= q <= 0.5 fast, 0.5 < q <= 0.9 good,\n"
         "0.9 < q < 1 slow. A run stops when |x| < 0.001 (converged) or |x| > 1e6 (diverged).");
  book::Table t({"lr", "q = 1 − 2·lr", "steps to |x| < 0.001", "predicted", "x at the end", "class"});
  book::Plot p("lr_sweep", fmt::format("x_k for six learning rates, from x0 = {}", num(s.x0)),
               "step k", "x_k");
  p.key = "outside right";
  p.xrange = {{0.0, static_cast<double>(kSweepPlotSteps)}};
  p.yrange = {{-1.6 * std::abs(s.x0), 1.6 * std::abs(s.x0)}};
  for (double lr : kSweep) {
    const Run run = descend(s.x0, lr, s.steps);
    const std::string cls = classify(run.x[1] / run.x[0]);
    const int predicted = steps_to_reach(s.x0, lr, kTolerance);
    t.add({num(lr), num(rate(lr)), describe(run), predicted < 0 ? "never" : std::to_string(predicted),
           num(run.x.back()), cls});
    ch.result(fmt::format("sweep.lr_{}", num(lr)), fmt::format("{}, {}", cls, describe(run)));
    book::Series series{fmt::format("η = {} ({})", num(lr), cls), {}, {}, "linespoints pt 7 ps 0.5"};
    for (int k = 0; k <= std::min(run.steps(), kSweepPlotSteps); ++k) {
      series.x.push_back(k);
      series.y.push_back(run.x[k]);
    }
    p.series.push_back(series);
  }
  ch.table(t, "lr_sweep.csv");
  ch.write_plot(p);
}

}  // namespace sg::ch01
