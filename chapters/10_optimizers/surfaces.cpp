// Chapter 10, part 1: the eight optimisers of engine/optim race from one
// start on four surfaces (an ill-conditioned quadratic, Rosenbrock's valley,
// a saddle, a plateau), each surface drawn once with every path on it.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chapters/10_optimizers/lesson.hpp"

namespace sg::ch10 {

namespace {

constexpr double kTarget = 1e-3;    // "arrived": f − f_min below this
constexpr double kRunaway = 1e6;    // "diverged": |x| or |y| past this
constexpr int kGrid = 101;          // contour grid, kGrid × kGrid points over the window

const std::array<std::string, 8> kColours = {"#7f8c8d", "#2980b9", "#16a085", "#d35400",
                                             "#8e44ad", "#c0392b", "#27ae60", "#f39c12"};

// Contour lines of s.value at s.levels by marching squares on a kGrid × kGrid
// grid. Each cell the level crosses gives a segment between two crossed grid
// edges; segments that share an edge are chained into one polyline, and the
// polylines are separated by a NaN point (gnuplot breaks the line there).
// Chaining matters for speed: gnuplot reads the plot's CSV once per series.
book::Series contour_lines(const Surface& s) {
  book::Series out{"contours of f", {}, {}, "lines lc rgb '#c8c8c8'"};
  auto at = [&](int i, int j) {
    return Eigen::Vector2d(s.x0 + (s.x1 - s.x0) * i / (kGrid - 1), s.y0 + (s.y1 - s.y0) * j / (kGrid - 1));
  };
  auto index = [](int i, int j) { return static_cast<std::size_t>(j * kGrid + i); };
  std::vector<double> f(static_cast<std::size_t>(kGrid * kGrid));
  for (int j = 0; j < kGrid; ++j)
    for (int i = 0; i < kGrid; ++i) f[index(i, j)] = s.value(at(i, j)(0), at(i, j)(1));
  // A grid edge by number: 2·(corner index) for the edge to the right, + 1 for the edge upwards.
  const std::size_t n_edges = 2 * f.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double c : s.levels) {
    std::vector<Eigen::Vector2d> point(n_edges);            // where c crosses each edge
    std::vector<std::array<std::size_t, 2>> link(n_edges, {n_edges, n_edges});   // the (at most 2) edges joined to it
    auto crossed = [&](int ia, int ja, int ib, int jb) {
      const double fa = f[index(ia, ja)] - c, fb = f[index(ib, jb)] - c;
      return (fa < 0) != (fb < 0);
    };
    auto edge = [&](int ia, int ja, bool up) {
      const std::size_t e = 2 * index(ia, ja) + (up ? 1 : 0);
      const int ib = up ? ia : ia + 1, jb = up ? ja + 1 : ja;
      const double fa = f[index(ia, ja)] - c, fb = f[index(ib, jb)] - c;
      point[e] = at(ia, ja) + (at(ib, jb) - at(ia, ja)) * (fa / (fa - fb));
      return e;
    };
    auto join = [&](std::size_t a, std::size_t b) {
      link[a][link[a][0] == n_edges ? 0 : 1] = b;
      link[b][link[b][0] == n_edges ? 0 : 1] = a;
    };
    for (int j = 0; j + 1 < kGrid; ++j) {
      for (int i = 0; i + 1 < kGrid; ++i) {
        // The cell's four edges counter-clockwise: bottom, right, top, left.
        std::array<std::size_t, 4> cut{};
        std::size_t n = 0;
        if (crossed(i, j, i + 1, j)) cut[n++] = edge(i, j, false);
        if (crossed(i + 1, j, i + 1, j + 1)) cut[n++] = edge(i + 1, j, true);
        if (crossed(i, j + 1, i + 1, j + 1)) cut[n++] = edge(i, j + 1, false);
        if (crossed(i, j, i, j + 1)) cut[n++] = edge(i, j, true);
        for (std::size_t k = 0; k + 1 < n; k += 2) join(cut[k], cut[k + 1]);
      }
    }
    // Walk each chain once, from an end when it has one (open curves), else from anywhere (loops).
    std::vector<char> done(n_edges, 0);
    auto walk = [&](std::size_t e) {
      std::size_t previous = n_edges;
      while (e != n_edges && !done[e]) {
        done[e] = 1;
        out.x.push_back(point[e](0));
        out.y.push_back(point[e](1));
        const std::size_t next = link[e][0] != previous ? link[e][0] : link[e][1];
        previous = e;
        e = next;
      }
      if (e != n_edges) {   // a loop: close it
        out.x.push_back(point[e](0));
        out.y.push_back(point[e](1));
      }
      out.x.push_back(nan);
      out.y.push_back(nan);
    };
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t e = 0; e < n_edges; ++e) {
        const bool end = link[e][0] != n_edges && link[e][1] == n_edges;
        if (!done[e] && link[e][0] != n_edges && (pass == 1 || end)) walk(e);
      }
    }
  }
  return out;
}

struct Path {
  std::string optimizer;
  double lr = 0.0;
  std::vector<Eigen::Vector2d> points;   // start, then after every step
  std::vector<double> f;
  bool diverged = false;
};

// One optimiser's run on a surface. Traced (the chapter's trace, its first
// --trace-steps steps) when `traced`: the first surface's eight runs show
// every optimiser's update and state; tracing all 32 would repeat them.
Path race(book::Chapter& ch, const Surface& s, const std::string& name, int steps, double momentum, bool traced) {
  Context ctx(traced ? &ch.trace() : nullptr);
  if (traced) ch.restore_trace();
  Tensor x = ctx.param(Mat::Constant(1, 1, s.start(0)), "x");
  Tensor y = ctx.param(Mat::Constant(1, 1, s.start(1)), "y");
  Path p{name, s.lr_for(name), {s.start}, {s.value(s.start(0), s.start(1))}, false};
  const std::unique_ptr<Optimizer<double>> opt = make_optimizer(name, {x, y}, p.lr, momentum);
  for (int k = 1; k <= steps; ++k) {
    opt->zero_grad();
    Tensor f = s.f(x, y).set_label("f").set_role(Role::Loss);
    f.backward();
    try {
      opt->step();
    } catch (const ValueError&) {   // a non-finite step: the optimiser changed nothing
      p.diverged = true;
      break;
    }
    if (traced) ch.trace_step(k, {{"f", f.item()}});
    const Eigen::Vector2d q(x.item(), y.item());
    if (!(q.cwiseAbs().maxCoeff() < kRunaway)) {
      p.diverged = true;
      break;
    }
    p.points.push_back(q);
    p.f.push_back(s.value(q(0), q(1)));
  }
  return p;
}

int steps_to_target(const Surface& s, const Path& p) {
  for (std::size_t k = 0; k < p.f.size(); ++k) {
    if (p.f[k] - s.f_min < kTarget) return static_cast<int>(k);
  }
  return -1;
}

}  // namespace

std::string num(double v) { return fmt::format("{:.4g}", v == 0.0 ? 0.0 : v); }

double Surface::lr_for(const std::string& name) const {
  if (name == "adadelta") return 1.0;
  if (name == "sgd" || name == "momentum" || name == "nesterov") return lr_gradient;
  return lr_adaptive;
}

std::unique_ptr<Optimizer<double>> make_optimizer(const std::string& name, const std::vector<Tensor>& params,
                                                  double lr, double momentum) {
  if (name == "sgd") return std::make_unique<SGD<double>>(params, SGDOptions{.lr = lr});
  if (name == "momentum") return std::make_unique<SGD<double>>(params, SGDOptions{.lr = lr, .momentum = momentum});
  if (name == "nesterov") {
    return std::make_unique<SGD<double>>(params, SGDOptions{.lr = lr, .momentum = momentum, .nesterov = true});
  }
  if (name == "adagrad") return std::make_unique<Adagrad<double>>(params, AdagradOptions{.lr = lr});
  if (name == "adadelta") return std::make_unique<Adadelta<double>>(params, AdadeltaOptions{.lr = lr});
  if (name == "rmsprop") return std::make_unique<RMSProp<double>>(params, RMSPropOptions{.lr = lr});
  if (name == "adam") return std::make_unique<Adam<double>>(params, AdamOptions{.lr = lr});
  if (name == "nadam") return std::make_unique<Nadam<double>>(params, NadamOptions{.lr = lr});
  throw ValueError(fmt::format("make_optimizer: no optimiser '{}'", name));
}

std::vector<Surface> surfaces() {
  std::vector<Surface> out;
  {
    Surface s;
    s.name = "quadratic";
    s.formula = "f = ½(x² + 100y²)";
    s.point = "an ill-conditioned bowl (curvatures 1 and 100, the lectures' \"taco shell\"): a learning "
              "rate small enough for the steep y crawls along the shallow x";
    s.start = {-4.0, 0.5};
    s.minimum = {0.0, 0.0};
    // lr·100 = 1.3: stable for gradient descent (< 2), momentum (< 2(1 + μ)) and Nesterov
    // (< 2(1 + μ)/(1 + 2μ) = 1.36 at μ = 0.9); along x, gradient descent shrinks by 0.987 a step.
    s.lr_gradient = 0.013;
    s.lr_adaptive = 0.1;
    s.x0 = -4.5, s.x1 = 1.0, s.y0 = -0.8, s.y1 = 0.8;
    s.levels = {0.05, 0.25, 1, 2.5, 5, 10, 20};
    s.f = [](const Tensor& x, const Tensor& y) { return mul_scalar(square(x) + mul_scalar(square(y), 100.0), 0.5); };
    s.value = [](double x, double y) { return 0.5 * (x * x + 100 * y * y); };
    out.push_back(s);
  }
  {
    Surface s;
    s.name = "rosenbrock";
    s.formula = "f = (1 − x)² + 100(y − x²)²";
    s.point = "Rosenbrock's curved valley: easy to fall into, long and nearly flat along its floor";
    s.start = {-1.2, 1.0};
    s.minimum = {1.0, 1.0};
    // The valley's walls have curvature ~1000 (1002 at the minimum): lr·1002 = 1.2 < 1.36, so
    // Nesterov (the most demanding of the three, see the quadratic) stays stable there.
    s.lr_gradient = 1.2e-3;
    s.lr_adaptive = 0.05;
    s.x0 = -1.6, s.x1 = 1.4, s.y0 = -0.4, s.y1 = 1.8;
    s.levels = {0.01, 0.1, 0.5, 2, 8, 32, 128};
    s.f = [](const Tensor& x, const Tensor& y) {
      return square(add_scalar(neg(x), 1.0)) + mul_scalar(square(y - square(x)), 100.0);
    };
    s.value = [](double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); };
    out.push_back(s);
  }
  {
    Surface s;
    s.name = "saddle";
    s.formula = "f = x² + y⁴/4 − y²/2";
    s.point = "a saddle at (0, 0) (curving up along x, down along y) between two minima (0, ±1); the "
              "start is just off the ridge, where the y-gradient is almost 0";
    s.start = {-1.5, 1e-3};
    s.minimum = {0.0, 1.0};
    s.f_min = -0.25;
    s.lr_gradient = 0.05;
    s.lr_adaptive = 0.05;
    s.x0 = -1.7, s.x1 = 1.0, s.y0 = -0.5, s.y1 = 1.4;
    s.levels = {-0.24, -0.2, -0.1, 0.0, 0.25, 0.75, 1.5, 2.5};
    s.f = [](const Tensor& x, const Tensor& y) {
      return square(x) + mul_scalar(square(square(y)), 0.25) - mul_scalar(square(y), 0.5);
    };
    s.value = [](double x, double y) { return x * x + 0.25 * y * y * y * y - 0.5 * y * y; };
    out.push_back(s);
  }
  {
    Surface s;
    s.name = "plateau";
    s.formula = "f = 1 − exp(−(x² + y²)/2)";
    s.point = "a well in a plateau: at (3.6, 2) the slope is 0.0009, and a step proportional to the "
              "gradient barely moves";
    s.start = {3.6, 2.0};
    s.minimum = {0.0, 0.0};
    s.lr_gradient = 1.0;    // the well's curvature is 1 at the bottom: 2/1 is the limit
    s.lr_adaptive = 0.1;
    s.x0 = -0.6, s.x1 = 4.0, s.y0 = -0.6, s.y1 = 2.6;
    s.levels = {0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.97, 0.99};
    s.f = [](const Tensor& x, const Tensor& y) {
      return add_scalar(neg(exp(mul_scalar(square(x) + square(y), -0.5))), 1.0);
    };
    s.value = [](double x, double y) { return 1 - std::exp(-0.5 * (x * x + y * y)); };
    out.push_back(s);
  }
  return out;
}

Eigen::Vector2d surface_gradient(const Surface& s, const Eigen::Vector2d& p) {
  Context ctx;
  Tensor x = ctx.scalar(p(0), "x"), y = ctx.scalar(p(1), "y");
  s.f(x, y).backward();
  return {x.grad()(0, 0), y.grad()(0, 0)};
}

void race_on_surfaces(book::Chapter& ch, const Settings& set) {
  ch.section("Eight optimisers, four surfaces");
  ch.say(fmt::format(
      "Every optimiser starts from the same point and takes {} steps, its gradient from the engine's\n"
      "backward pass. SGD, momentum and Nesterov (μ = {}) share one learning rate per surface, set by\n"
      "its curvature; Adagrad, RMSProp, Adam and Nadam share another, a step length in units of x\n"
      "and y, since they divide the gradient by its own size; Adadelta runs with lr = 1, Zeiler's\n"
      "method. \"Arrived\" is f − f_min < {}.", set.steps, num(set.momentum), num(kTarget)));
  for (const Surface& s : surfaces()) {
    const Eigen::Vector2d g0 = surface_gradient(s, s.start);
    ch.say(fmt::format("\n{}: {}, from ({}, {}): {}. At the start f − f_min = {} and |∇f| = {}.", s.name, s.formula,
                       num(s.start(0)), num(s.start(1)), s.point, num(s.value(s.start(0), s.start(1)) - s.f_min),
                       num(g0.norm())));
    ch.result(fmt::format("race.{}.start_gap", s.name), s.value(s.start(0), s.start(1)) - s.f_min);
    ch.result(fmt::format("race.{}.start_slope", s.name), g0.norm());
    if (ch.gradcheck_requested()) {
      // The surface's backward against central differences at the start.
      const Surface& surface = s;
      ch.report_gradcheck(fmt::format("surface_{}", s.name),
                          gradcheck([&surface](const std::vector<Tensor>& in) { return surface.f(in[0], in[1]); },
                                    std::vector<GradcheckInput>{{Mat::Constant(1, 1, s.start(0)), "x"},
                                                                {Mat::Constant(1, 1, s.start(1)), "y"}}));
    }
    book::Table t({"optimiser", "lr", "f − f_min at the end", "steps to arrive", "final (x, y)"});
    book::Plot plot(fmt::format("race_{}", s.name), fmt::format("{}: {} from ({}, {})", s.name, s.formula,
                                                                num(s.start(0)), num(s.start(1))),
                    "x", "y");
    plot.series.push_back(contour_lines(s));
    plot.xrange = {s.x0, s.x1};
    plot.yrange = {s.y0, s.y1};
    plot.key = "outside right top";
    std::string first;
    int best = -1;
    for (std::size_t i = 0; i < optimizer_names().size(); ++i) {
      const std::string& name = optimizer_names()[i];
      const Path p = race(ch, s, name, set.steps, set.momentum, s.name == "quadratic");
      const int k = steps_to_target(s, p);
      const double gap = p.f.back() - s.f_min;
      t.add({name, num(p.lr), p.diverged ? "diverged" : num(gap), k < 0 ? "-" : std::to_string(k),
             fmt::format("({}, {})", num(p.points.back()(0)), num(p.points.back()(1)))});
      ch.result(fmt::format("race.{}.{}.gap", s.name, name), p.diverged ? std::numeric_limits<double>::infinity() : gap);
      ch.result(fmt::format("race.{}.{}.steps", s.name, name), k);
      if (k >= 0 && (best < 0 || k < best)) {
        best = k;
        first = name;
      }
      book::Series path{name, {}, {}, fmt::format("lines lw 2 lc rgb '{}'", kColours[i])};
      for (const Eigen::Vector2d& q : p.points) {
        path.x.push_back(q(0));
        path.y.push_back(q(1));
      }
      plot.series.push_back(path);
    }
    plot.series.push_back({"start", {s.start(0)}, {s.start(1)}, "points pt 7 ps 1.5 lc rgb 'black'"});
    plot.series.push_back({"minimum", {s.minimum(0)}, {s.minimum(1)}, "points pt 3 ps 2 lc rgb 'black'"});
    ch.table(t, fmt::format("race_{}_table.csv", s.name));
    ch.result(fmt::format("race.{}.first", s.name), first.empty() ? "none" : first);
    ch.write_plot(plot);
  }
  // The main graph: Rosenbrock's f at the start, the ops every optimiser's gradient comes from.
  const Surface rosenbrock = surfaces()[1];
  Context ctx;
  Tensor x = ctx.scalar(rosenbrock.start(0), "x"), y = ctx.scalar(rosenbrock.start(1), "y");
  Tensor f = rosenbrock.f(x, y).set_label("f").set_role(Role::Loss);
  f.backward();
  DotOptions dot;
  dot.show_formulas = true;
  dot.legend = true;
  dot.title = fmt::format("{} at ({}, {}): the gradient every optimiser starts from", rosenbrock.formula,
                          num(rosenbrock.start(0)), num(rosenbrock.start(1)));
  ch.write_graph("rosenbrock_graph", to_dot(f, dot), true);
  ch.result("rosenbrock.start_gradient_x", x.grad()(0, 0));
  ch.result("rosenbrock.start_gradient_y", y.grad()(0, 0));
}

}  // namespace sg::ch10
