// Chapter 10, parts 2-4: momentum against Nesterov in the lecture's form and
// the engine's (torch's), step by step with the velocity; RMSProp and Adam
// one step at a time against the engine; Adam's bias correction, with and
// without. The lecture's forms are the student's exercises (exercises.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "chapters/10_optimizers/exercises.hpp"
#include "chapters/10_optimizers/lesson.hpp"

namespace sg::ch10 {

namespace {

// The trace's problem: f(w) = w² (chapter 1's function) from w0 = 5 with
// chapter 1's slow learning rate, where plain gradient descent needs 422 steps.
constexpr double kW0 = 5.0, kTraceLr = 0.01;
constexpr int kTraceRows = 12;     // rows of the step-by-step table
constexpr int kTraceSteps = 450;   // steps of the figure (gradient descent needs 422)
constexpr double kArrived = 1e-3;  // |w| below this
// The student's steps must follow the engine's to rounding: the two compute
// the same sums in another order (the engine's Nesterov even stores another point).
constexpr double kAgree = 1e-10;

struct Engine1D {
  std::vector<double> theta;      // θ_0 .. θ_T
  std::vector<double> velocity;   // torch's buffer b_t (0 for plain SGD), b_0 = 0
};

// T steps of the engine's SGD (plain, momentum or Nesterov) on f(w) = w², traced.
Engine1D run_engine(book::Chapter& ch, const std::string& name, double mu, int T) {
  Context ctx(&ch.trace());
  ch.restore_trace();
  Tensor w = ctx.param(Mat::Constant(1, 1, kW0), "w");
  const std::unique_ptr<Optimizer<double>> opt = make_optimizer(name, {w}, kTraceLr, mu);
  Engine1D e{{kW0}, {0.0}};
  for (int t = 1; t <= T; ++t) {
    opt->zero_grad();
    Tensor f = (w * w).set_label("f").set_role(Role::Loss);
    f.backward();
    opt->step();
    ch.trace_step(t, {{"f", f.item()}});
    e.theta.push_back(w.item());
    e.velocity.push_back(name == "sgd" ? 0.0 : opt->state_of(0, "velocity")(0, 0));
  }
  return e;
}

int arrived(const std::vector<double>& w) {
  for (std::size_t t = 0; t < w.size(); ++t) {
    if (std::abs(w[t]) < kArrived) return static_cast<int>(t);
  }
  return -1;
}

Eigen::VectorXd v1(double x) { return Eigen::VectorXd::Constant(1, x); }

}  // namespace

void momentum_and_nesterov(book::Chapter& ch, const Settings& set) {
  ch.section("Momentum and Nesterov, the lecture's way and the engine's");
  const double mu = set.momentum;
  ch.say(fmt::format(
      "The lecture (000) writes both with a velocity v that carries the learning rate ε and the sign:\n"
      "  classical:  v(t+1) = μ·v(t) − ε·∇F(W(t)),            W(t+1) = W(t) + v(t+1)\n"
      "  Nesterov:   v(t+1) = μ·v(t) − ε·∇F(W(t) + μ·v(t)),   W(t+1) = W(t) + v(t+1)\n"
      "(its `Vw(t)` is the same v: a typo). The engine, like PyTorch, keeps a buffer b of raw gradients\n"
      "and applies lr outside it: b ← μ·b + g, then θ ← θ − lr·b (momentum) or θ ← θ − lr·(g + μ·b)\n"
      "(Nesterov). With v = −lr·b the two momentum forms are the same sequence. Nesterov's engine form\n"
      "never evaluates a gradient at a look-ahead point: the θ it stores IS the look-ahead point\n"
      "W + μ·v (docs/engine/optim.md derives it). On f(w) = w² from w0 = {}, lr = ε = {}, μ = {}:",
      num(kW0), num(kTraceLr), num(mu)));
  const Engine1D gd = run_engine(ch, "sgd", mu, kTraceSteps);
  const Engine1D mom = run_engine(ch, "momentum", mu, kTraceSteps);
  const Engine1D nes = run_engine(ch, "nesterov", mu, kTraceSteps);

  // The lecture's form, by the student's momentum_step and nesterov_step.
  std::optional<std::vector<Velocity>> lecture_mom, lecture_nes;
  ch.part("your momentum_step against the engine", [&] {
    std::vector<Velocity> s = {{v1(kW0), v1(0.0)}};
    for (int t = 1; t <= kTraceSteps; ++t) s.push_back(momentum_step(s.back(), 2.0 * s.back().W, kTraceLr, mu));
    lecture_mom = s;
  });
  ch.part("your nesterov_step against the engine", [&] {
    std::vector<Velocity> s = {{v1(kW0), v1(0.0)}};
    const GradientFn grad = [](const Eigen::VectorXd& w) { return Eigen::VectorXd(2.0 * w); };
    for (int t = 1; t <= kTraceSteps; ++t) s.push_back(nesterov_step(s.back(), grad, kTraceLr, mu));
    lecture_nes = s;
  });

  auto cell = [](const std::optional<std::vector<Velocity>>& s, int t, bool velocity, double mu_lookahead = 0.0) {
    if (!s) return std::string("-");
    const Velocity& x = (*s)[static_cast<std::size_t>(t)];
    return num(velocity ? x.v(0) : x.W(0) + mu_lookahead * x.v(0));
  };
  book::Table t({"t", "momentum θ", "b", "−lr·b", "your W", "your v", "Nesterov θ", "b", "your W", "your v",
                 "your W + μv"});
  for (int k = 0; k <= kTraceRows; ++k) {
    const auto i = static_cast<std::size_t>(k);
    t.add({std::to_string(k), num(mom.theta[i]), num(mom.velocity[i]), num(-kTraceLr * mom.velocity[i]),
           cell(lecture_mom, k, false), cell(lecture_mom, k, true), num(nes.theta[i]), num(nes.velocity[i]),
           cell(lecture_nes, k, false), cell(lecture_nes, k, true), cell(lecture_nes, k, false, mu)});
  }
  ch.table(t, "momentum_trace.csv");
  ch.result("momentum.theta_1", mom.theta[1]);
  ch.result("momentum.theta_2", mom.theta[2]);
  ch.result("nesterov.theta_1", nes.theta[1]);
  ch.result("nesterov.theta_2", nes.theta[2]);
  ch.result("gd.steps_to_1e-3", arrived(gd.theta));
  ch.result("momentum.steps_to_1e-3", arrived(mom.theta));
  ch.result("nesterov.steps_to_1e-3", arrived(nes.theta));
  ch.say(fmt::format(
      "|w| < {}: plain gradient descent after {} steps (chapter 1's number), momentum after {}, Nesterov\n"
      "after {}. Both momenta overshoot 0 and swing back (the velocity keeps going); Nesterov looks\n"
      "ahead, sees the slope turn earlier and swings less (momentum_vs_nesterov.svg).",
      num(kArrived), arrived(gd.theta), arrived(mom.theta), arrived(nes.theta)));

  if (lecture_mom && lecture_nes) {
    double worst_w = 0.0, worst_v = 0.0, worst_nes = 0.0;
    for (int k = 0; k <= kTraceSteps; ++k) {
      const auto i = static_cast<std::size_t>(k);
      worst_w = std::max(worst_w, std::abs((*lecture_mom)[i].W(0) - mom.theta[i]));
      worst_v = std::max(worst_v, std::abs((*lecture_mom)[i].v(0) + kTraceLr * mom.velocity[i]));
      worst_nes = std::max(worst_nes, std::abs((*lecture_nes)[i].W(0) + mu * (*lecture_nes)[i].v(0) - nes.theta[i]));
    }
    ch.say(fmt::format("Over {} steps: |your W − engine θ| ≤ {:.3g}, |your v + lr·b| ≤ {:.3g} (momentum);\n"
                       "|your W + μv − engine θ| ≤ {:.3g} (Nesterov).", kTraceSteps, worst_w, worst_v, worst_nes));
    ch.result("momentum.lecture_vs_engine", worst_w);
    ch.result("momentum.velocity_vs_buffer", worst_v);
    ch.result("nesterov.lookahead_vs_engine", worst_nes);
    const bool agree = worst_w <= kAgree && worst_v <= kAgree && worst_nes <= kAgree;
    if (!agree) {
      ch.note("your momentum_step or nesterov_step leaves the engine's sequence: compare the columns of the "
              "table above. Check: build/bin/grade --exercise 10.1 (and 10.2)");
    }
    ch.result("momentum.yours_agree", agree ? "yes" : "no");
  }

  book::Plot plot("momentum_vs_nesterov", fmt::format("f(w) = w² from w0 = {}, lr = {}, μ = {}", num(kW0),
                                                       num(kTraceLr), num(mu)),
                  "step t", "w (the engine's θ; for Nesterov the look-ahead point)");
  plot.xrange = {0.0, 200.0};   // gradient descent's last 220 steps are a flat line near 0
  const std::vector<std::pair<std::string, const Engine1D*>> runs = {
      {"gradient descent", &gd}, {"momentum", &mom}, {"Nesterov", &nes}};
  const std::vector<std::string> colours = {"#7f8c8d", "#2980b9", "#16a085"};
  for (std::size_t r = 0; r < runs.size(); ++r) {
    book::Series s{runs[r].first, {}, {}, fmt::format("lines lw 2 lc rgb '{}'", colours[r])};
    for (std::size_t k = 0; k < runs[r].second->theta.size(); ++k) {
      s.x.push_back(static_cast<double>(k));
      s.y.push_back(runs[r].second->theta[k]);
    }
    plot.series.push_back(s);
  }
  ch.write_plot(plot);
}

void rmsprop_and_adam_steps(book::Chapter& ch) {
  ch.section("RMSProp and Adam, one step at a time");
  const Surface quad = surfaces().front();
  constexpr int kSteps = 50;
  const RMSPropHyper rh{.lr = quad.lr_adaptive};
  const AdamHyper ah{.lr = quad.lr_adaptive};
  ch.say(fmt::format(
      "On the quadratic {} from ({}, {}), lr = {}: the engine's RMSProp and Adam, and your rmsprop_step\n"
      "and adam_step fed the engine's gradient at your own θ, for {} steps:",
      quad.formula, num(quad.start(0)), num(quad.start(1)), num(quad.lr_adaptive), kSteps));
  // The engine's paths.
  auto engine_path = [&](const std::string& name) {
    Context ctx;
    Tensor x = ctx.param(Mat::Constant(1, 1, quad.start(0)), "x");
    Tensor y = ctx.param(Mat::Constant(1, 1, quad.start(1)), "y");
    const std::unique_ptr<Optimizer<double>> opt = make_optimizer(name, {x, y}, quad.lr_adaptive, 0.0);
    std::vector<Eigen::Vector2d> path = {quad.start};
    for (int t = 1; t <= kSteps; ++t) {
      opt->zero_grad();
      quad.f(x, y).backward();
      opt->step();
      path.emplace_back(x.item(), y.item());
    }
    return path;
  };
  const std::vector<Eigen::Vector2d> rms = engine_path("rmsprop"), adam = engine_path("adam");
  ch.result("rmsprop.theta_1_x", rms[1](0));
  ch.result("rmsprop.theta_1_y", rms[1](1));
  ch.result("adam.theta_1_x", adam[1](0));
  ch.result("adam.theta_1_y", adam[1](1));
  ch.say(fmt::format("  engine, after step 1: RMSProp ({}, {}), Adam ({}, {}). RMSProp's first step is\n"
                     "  lr·g/(√((1 − α)g²) + eps) = lr/√(1 − α) = {} in each coordinate; Adam's is lr·sign(g).",
                     num(rms[1](0)), num(rms[1](1)), num(adam[1](0)), num(adam[1](1)),
                     num(quad.lr_adaptive / std::sqrt(1.0 - rh.alpha))));
  ch.part("your rmsprop_step against the engine", [&] {
    RMSPropState s{quad.start, Eigen::VectorXd::Zero(2)};
    double worst = 0.0;
    for (int t = 1; t <= kSteps; ++t) {
      s = rmsprop_step(s, surface_gradient(quad, s.theta), rh);
      worst = std::max(worst, (s.theta - rms[static_cast<std::size_t>(t)]).cwiseAbs().maxCoeff());
    }
    ch.say(fmt::format("  your rmsprop_step: max |θ − engine θ| over {} steps = {:.3g}", kSteps, worst));
    if (!(worst <= kAgree)) ch.note("your rmsprop_step leaves the engine's path. Check: build/bin/grade --exercise 10.3");
    ch.result("rmsprop.yours_vs_engine", worst);
  });
  ch.part("your adam_step against the engine", [&] {
    AdamState s{quad.start, Eigen::VectorXd::Zero(2), Eigen::VectorXd::Zero(2)};
    double worst = 0.0;
    for (int t = 1; t <= kSteps; ++t) {
      s = adam_step(s, surface_gradient(quad, s.theta), t, ah);
      worst = std::max(worst, (s.theta - adam[static_cast<std::size_t>(t)]).cwiseAbs().maxCoeff());
    }
    ch.say(fmt::format("  your adam_step:    max |θ − engine θ| over {} steps = {:.3g}", kSteps, worst));
    if (!(worst <= kAgree)) ch.note("your adam_step leaves the engine's path. Check: build/bin/grade --exercise 10.4");
    ch.result("adam.yours_vs_engine", worst);
  });
}

void adam_bias_correction(book::Chapter& ch) {
  ch.section("Adam's bias correction");
  constexpr double kLr = 0.1, kBeta1 = 0.9, kBeta2 = 0.999;
  ch.say("m and v start at 0, so early on they are too small: after one step m = (1 − β1)·g and\n"
         "v = (1 − β2)·g². Adam divides them by 1 − β1^t and 1 − β2^t, so that on the first step\n"
         "m̂ = g and v̂ = g², and the step is lr·g/(|g| + eps) = lr·sign(g), whatever the size of g.\n"
         "One Adam step (lr = 0.1) on the loss g·w from w = 1, against one SGD step:");
  book::Table first({"g", "SGD Δw", "Adam Δw", "Adam Δw / lr"});
  for (double g : {1e-3, 0.5, 1e3, -20.0}) {
    double delta_adam = 0.0, delta_sgd = 0.0;
    for (const std::string& name : {std::string("adam"), std::string("sgd")}) {
      Context ctx;
      Tensor w = ctx.param(Mat::Constant(1, 1, 1.0), "w");
      const std::unique_ptr<Optimizer<double>> opt = make_optimizer(name, {w}, kLr, 0.0);
      mul_scalar(w, g).backward();
      opt->step();
      (name == "adam" ? delta_adam : delta_sgd) = w.item() - 1.0;
    }
    first.add({num(g), num(delta_sgd), num(delta_adam), fmt::format("{:.10g}", delta_adam / kLr)});
    ch.result(fmt::format("adam.first_step_over_lr.g_{}", num(g)), delta_adam / kLr);
  }
  ch.table(first, "adam_first_step.csv");

  ch.say("Without the correction, the step would be lr·m/(√v + eps). Both moments are too small, but v\n"
         "more so, and it enters under a root: the ratio is (1 − β1^t)/√(1 − β2^t), 0.1/√0.001 = 3.16 on\n"
         "the first step. With a constant gradient g = 1 (the loss w), the engine's Adam state step by step:");
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(1, 1, 0.0), "w");
  Adam<double> opt({w}, AdamOptions{.lr = kLr, .beta1 = kBeta1, .beta2 = kBeta2});
  book::Table t({"t", "m", "v", "m̂ = m/(1−β1^t)", "v̂ = v/(1−β2^t)", "Δw (corrected)", "Δw without correction",
                 "ratio", "(1−β1^t)/√(1−β2^t)"});
  for (int k = 1; k <= 10; ++k) {
    const double before = w.item();
    opt.zero_grad();
    mul_scalar(w, 1.0).backward();   // the loss w: its gradient is 1 at every step
    opt.step();
    const double m = opt.state_of(0, "m")(0, 0), v = opt.state_of(0, "v")(0, 0);
    const double bc1 = 1.0 - std::pow(kBeta1, k), bc2 = 1.0 - std::pow(kBeta2, k);
    const double without = -kLr * m / (std::sqrt(v) + 1e-8);
    const double delta = w.item() - before;
    t.add({std::to_string(k), num(m), num(v), num(m / bc1), num(v / bc2), num(delta), num(without),
           num(without / delta), num(bc1 / std::sqrt(bc2))});
    if (k == 1) {
      ch.result("adam.corrected_first_step_over_lr", delta / kLr);
      ch.result("adam.uncorrected_first_step_over_lr", without / kLr);
    }
  }
  ch.table(t, "adam_steps.csv");
  // The ratio over a long run, in closed form: where it peaks and how slowly it returns to 1.
  double peak = 0.0;
  int peak_t = 0;
  book::Series ratio{"without correction: (1 − β1^t)/√(1 − β2^t)", {}, {}, "lines lw 2 lc rgb '#c0392b'"};
  book::Series one{"with correction (constant g): 1", {}, {}, "lines lw 2 lc rgb '#2c3e50'"};
  for (int k = 1; k <= 10000; k = k < 20 ? k + 1 : static_cast<int>(std::ceil(k * 1.05))) {
    const double r = (1.0 - std::pow(kBeta1, k)) / std::sqrt(1.0 - std::pow(kBeta2, k));
    if (r > peak) {
      peak = r;
      peak_t = k;
    }
    ratio.x.push_back(k);
    ratio.y.push_back(r);
    one.x.push_back(k);
    one.y.push_back(1.0);
  }
  const double at_1000 = (1.0 - std::pow(kBeta1, 1000)) / std::sqrt(1.0 - std::pow(kBeta2, 1000));
  ch.result("adam.uncorrected_peak_ratio", peak);
  ch.result("adam.uncorrected_peak_t", peak_t);
  ch.result("adam.uncorrected_ratio_t1000", at_1000);
  ch.say(fmt::format(
      "Without the correction the steps are not too small but too LARGE: {} × lr on the first step, up\n"
      "to {} × lr at t = {}, still {} × lr at t = 1000 (β2 = 0.999 forgets slowly). The correction is what\n"
      "makes lr the step size Adam actually takes at the start (adam_bias_correction.svg).",
      num((1.0 - kBeta1) / std::sqrt(1.0 - kBeta2)), num(peak), peak_t, num(at_1000)));
  book::Plot plot("adam_bias_correction", "Adam's step / lr with a constant gradient, β1 = 0.9, β2 = 0.999",
                  "step t", "|Δw| / lr");
  plot.series = {ratio, one};
  plot.yrange = {0.0, 7.0};
  plot.extra.push_back("set logscale x");
  ch.write_plot(plot);
}

}  // namespace sg::ch10
