// Chapter 1, part 5: the bowl f(x, y) = ½(a x² + b y²) with a ≫ b, where
// plain gradient descent zig-zags; and the gradient checks (--gradcheck).
// The engine runs the descents; the student's bowl_grad (exercise 1.3) and
// vector gd_step (1.1) are compared with it.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "chapters/01_gradient_descent/exercises.hpp"
#include "chapters/01_gradient_descent/lesson.hpp"
#include "chapters/01_gradient_descent/lesson_math.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch01 {

namespace {

constexpr double kA = 10.0;                    // the steep direction, x
constexpr double kB = 1.0;                     // the shallow direction, y
constexpr std::array<double, 2> kStart = {1.5, 8.0};
constexpr int kMaxSteps = 100000;
constexpr std::array<double, 7> kKappas = {1, 2, 5, 10, 20, 50, 100};
constexpr int kContours = 8;

struct BowlRun {
  std::vector<Eigen::Vector2d> path;
  bool converged = false;
  int steps() const { return static_cast<int>(path.size()) - 1; }
};

// The bowl in the engine: f = 0.5·(a·x·x + b·y·y).
Tensor bowl_graph(const Tensor& x, const Tensor& y, double a, double b) {
  return (0.5 * (a * (x * x) + b * (y * y))).set_label("f").set_role(Role::Loss);
}

// Gradient descent on the bowl by the engine (backward, then SGD) until
// ‖θ‖ < kTolerance (or kMaxSteps).
BowlRun descend_bowl(double a, double b, double lr) {
  Context ctx;   // untraced: the table runs seven of these
  Tensor x = ctx.param(Mat::Constant(1, 1, kStart[0]), "x");
  Tensor y = ctx.param(Mat::Constant(1, 1, kStart[1]), "y");
  SGD<double> opt({x, y}, lr);
  BowlRun run;
  run.path.emplace_back(kStart[0], kStart[1]);
  for (int k = 1; k <= kMaxSteps && !run.converged; ++k) {
    opt.zero_grad();
    bowl_graph(x, y, a, b).backward();
    opt.step();
    run.path.emplace_back(x.value()(0, 0), y.value()(0, 0));
    run.converged = run.path.back().norm() < kTolerance;
  }
  return run;
}

// The same descent by hand, with your gd_step and bowl_grad, for at most
// `steps` steps.
BowlRun descend_bowl_by_hand(double a, double b, double lr, int steps) {
  BowlRun run;
  run.path.emplace_back(kStart[0], kStart[1]);
  for (int k = 1; k <= steps && !run.converged; ++k) {
    const Eigen::Vector2d& theta = run.path.back();
    run.path.push_back(gd_step(theta, bowl_grad(theta, a, b), lr));
    run.converged = run.path.back().norm() < kTolerance;
  }
  return run;
}

book::Series path_series(const BowlRun& run, std::string title, std::string style) {
  book::Series s{std::move(title), {}, {}, std::move(style)};
  for (const Eigen::Vector2d& p : run.path) { s.x.push_back(p.x()); s.y.push_back(p.y()); }
  return s;
}

}  // namespace

void ill_conditioned_bowl(book::Chapter& ch) {
  ch.section("Two dimensions: a long, narrow bowl");
  const double best_lr = 2.0 / (kA + kB);
  ch.say(fmt::format(
      "f(x, y) = ½(a x² + b y²) with a = {:g}, b = {:g}: the gradient is (a x, b y), steep across the\n"
      "valley (x) and shallow along it (y). One learning rate must serve both: η < 2/a = {:g} or x\n"
      "diverges, and then y moves by only η·b per step. The best single rate, η = 2/(a + b) = {:.4g},\n"
      "multiplies x by −ρ and y by ρ with ρ = (κ − 1)/(κ + 1), κ = a/b the condition number: x flips\n"
      "sign every step (the zig-zag) while both shrink by ρ, so ‖θ_k‖ = ρ^k ‖θ_0‖.",
      kA, kB, 2.0 / kA, best_lr));

  // The engine's gradient at the start, and yours (exercise 1.3) against it.
  Context ctx(&ch.trace());
  Tensor x = ctx.scalar(kStart[0], "x");
  Tensor y = ctx.scalar(kStart[1], "y");
  Tensor f = bowl_graph(x, y, kA, kB);
  f.backward();
  ch.part("your bowl_grad against the engine", [&] {
    const Eigen::Vector2d yours = bowl_grad({kStart[0], kStart[1]}, kA, kB);
    const double grad_error = std::hypot(x.grad()(0, 0) - yours.x(), y.grad()(0, 0) - yours.y());
    ch.result("bowl.grad_error", grad_error);
    if (grad_error > 0.0) {
      ch.note(fmt::format("your bowl_grad at ({:g}, {:g}) is ({:g}, {:g}), the engine's ({:g}, {:g}). Check: "
                          "build/bin/grade --exercise 1.3",
                          kStart[0], kStart[1], yours.x(), yours.y(), x.grad()(0, 0), y.grad()(0, 0)));
    }
  });
  DotOptions dot;
  dot.show_formulas = true;
  dot.title = fmt::format("f(x, y) = ½(a x² + b y²), a = {:g}, b = {:g}, at ({:g}, {:g})", kA, kB, kStart[0], kStart[1]);
  ch.write_graph("bowl_graph", to_dot(f, dot));

  const BowlRun zigzag = descend_bowl(kA, kB, best_lr);
  const BowlRun crawl = descend_bowl(kA, kB, 1.0 / kA);
  ch.result("bowl.steps_best_lr", zigzag.steps());
  ch.result("bowl.steps_lr_1_over_a", crawl.steps());
  ch.say(fmt::format("With η = 2/(a+b) it takes {} steps; with η = 1/a (x is right after one step, then y\n"
                     "crawls by a factor 1 − b/a = {:g} per step) it takes {}.",
                     zigzag.steps(), 1.0 - kB / kA, crawl.steps()));
  ch.part("your gd_step and bowl_grad on the bowl", [&] {
    const BowlRun yours = descend_bowl_by_hand(kA, kB, best_lr, zigzag.steps());
    double max_diff = 0.0;
    for (std::size_t k = 0; k < yours.path.size(); ++k) {
      max_diff = std::max(max_diff, (yours.path[k] - zigzag.path[k]).cwiseAbs().maxCoeff());
    }
    ch.result("bowl.your_steps", yours.steps());
    ch.result("bowl.your_path_max_diff", max_diff);
    if (yours.steps() != zigzag.steps() || max_diff > 1e-12) {
      ch.note(fmt::format("by hand (your gd_step and bowl_grad) the descent took {} steps, the engine's {}; the paths "
                          "differ by up to {:.3g}. Check: build/bin/grade --exercise 1.1 and --exercise 1.3",
                          yours.steps(), zigzag.steps(), max_diff));
    }
  });

  book::Plot p("bowl_path",
               fmt::format("Gradient descent on ½({:g}x² + {:g}y²) from ({:g}, {:g})", kA, kB, kStart[0], kStart[1]),
               "x (steep)", "y (shallow)");
  p.key = "outside right";
  p.extra = {"set size ratio -1"};
  p.xrange = {{-4.0, 4.0}};
  p.yrange = {{-1.0, 9.0}};
  // Contour lines through the first iterates of the zig-zag: f = f(θ_k).
  for (int k = 0; k < kContours; ++k) {
    const double level = bowl(zigzag.path[static_cast<std::size_t>(k)], kA, kB);
    book::Series ellipse{k == 0 ? "contours of f" : "", {}, {}, "lines lc rgb '#bbbbbb'"};
    for (int i = 0; i <= 120; ++i) {
      const double t = 2.0 * std::numbers::pi * i / 120.0;
      ellipse.x.push_back(std::sqrt(2.0 * level / kA) * std::cos(t));
      ellipse.y.push_back(std::sqrt(2.0 * level / kB) * std::sin(t));
    }
    p.series.push_back(ellipse);
  }
  p.series.push_back(path_series(zigzag, fmt::format("η = 2/(a+b): {} steps", zigzag.steps()),
                                 "linespoints pt 7 ps 0.6 lc rgb '#c0392b'"));
  p.series.push_back(path_series(crawl, fmt::format("η = 1/a: {} steps", crawl.steps()),
                                 "linespoints pt 6 ps 0.6 lc rgb '#1f4e79'"));
  ch.write_plot(p);

  ch.say("Steps to ‖θ‖ < 0.001 against the condition number κ = a/b (b = 1, η = 2/(a+b)); predicted:\n"
         "the smallest k with ρ^k ‖θ_0‖ < 0.001. They grow like (κ/2)·ln(‖θ_0‖/0.001).");
  book::Table t({"kappa = a/b", "lr = 2/(a+b)", "rho = (κ−1)/(κ+1)", "steps", "predicted"});
  for (double kappa : kKappas) {
    const double lr = 2.0 / (kappa + kB);
    const double rho = (kappa - 1.0) / (kappa + 1.0);
    const BowlRun run = descend_bowl(kappa * kB, kB, lr);
    const double norm0 = std::hypot(kStart[0], kStart[1]);
    const int predicted = rho == 0.0 ? 1 : static_cast<int>(std::floor(std::log(kTolerance / norm0) / std::log(rho))) + 1;
    t.add({fmt::format("{:g}", kappa), fmt::format("{:.4g}", lr), fmt::format("{:.4g}", rho),
           run.converged ? std::to_string(run.steps()) : "not converged", std::to_string(predicted)});
    ch.result(fmt::format("bowl.kappa_{:g}.steps", kappa), run.steps());
  }
  ch.table(t, "bowl_steps.csv");
}

void check_gradients(book::Chapter& ch, const Settings& s) {
  ch.section("Gradient check");
  GradcheckOptions o;
  o.seed = ch.options().seed;
  ch.report_gradcheck("x_squared",
                      gradcheck([](const std::vector<Tensor>& in) { return in[0] * in[0]; },
                                std::vector<Mat>{Mat::Constant(1, 1, s.x0)}, o));
  ch.report_gradcheck("bowl",
                      gradcheck([](const std::vector<Tensor>& in) { return bowl_graph(in[0], in[1], kA, kB); },
                                std::vector<Mat>{Mat::Constant(1, 1, kStart[0]), Mat::Constant(1, 1, kStart[1])}, o));
}

}  // namespace sg::ch01
