// Chapter 2: the figures, why XOR fails, the unit's graph, the gradient
// check and the history.
#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "chapters/02_perceptron/lesson.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch02 {

namespace {

constexpr double kLow = -0.5;    // the plots show [-0.5, 1.5]²
constexpr double kHigh = 1.5;
constexpr int kGrid = 101;   // grid points a side of the shading

using book::num;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The line w1 x + w2 y + b = 0 across the plot's square (no points if w = 0).
book::Series decision_line(const Eigen::Vector2d& w, double b, std::string title, std::string style) {
  book::Series line{std::move(title), {}, {}, std::move(style)};
  for (int i = 0; i <= 1; ++i) {
    const double u = i == 0 ? kLow : kHigh;   // gnuplot clips what leaves the square
    if (std::abs(w.y()) >= std::abs(w.x()) && w.y() != 0.0) {
      line.x.push_back(u);
      line.y.push_back(-(w.x() * u + b) / w.y());
    } else if (w.x() != 0.0) {
      line.x.push_back(-(w.y() * u + b) / w.x());
      line.y.push_back(u);
    }
  }
  return line;
}

// The same unit as in training, y = step(sum(x ⊙ w) + b).
Tensor unit(const Tensor& x, const Tensor& w, const Tensor& b) {
  Tensor z = (sum(x * w) + b).set_label("z = w·x + b");
  return step(z).set_label("y = step(z)");
}

}  // namespace

void plot_gate(book::Chapter& ch, const Gate& gate, const Training& run) {
  // A gate the rule learned is shaded by its final line; XOR by the best line of the search.
  const Line best = run.converged ? Line{run.w, run.b, 4} : best_line(gate);
  const std::string title =
      run.converged ? fmt::format("{}: learned in {} epochs, w = ({}, {}), b = {}", gate.name, run.epochs,
                                  num(run.w.x()), num(run.w.y()), num(run.b))
                    : fmt::format("{}: no line separates it; the best line gets {}/4 right", gate.name, best.right);
  book::Plot p(lower(gate.name), title, "x1", "x2");
  p.key = "outside right";
  p.xrange = {{kLow, kHigh}};
  p.yrange = {{kLow, kHigh}};
  p.extra = {"set size ratio -1", "set clip two"};
  book::Shading shade{kLow, kHigh, kLow, kHigh, kGrid, kGrid, {}};
  Eigen::Matrix<double, Eigen::Dynamic, 2> grid(kGrid * kGrid, 2);
  for (int j = 0; j < kGrid; ++j) {
    for (int i = 0; i < kGrid; ++i) {
      grid.row(j * kGrid + i) << kLow + i * (kHigh - kLow) / (kGrid - 1), kLow + j * (kHigh - kLow) / (kGrid - 1);
    }
  }
  const Eigen::VectorXd fired = fire(best.w, best.b, grid);   // the engine's unit at every grid point
  shade.z.assign(fired.data(), fired.data() + fired.size());
  p.shading = shade;
  p.series.push_back(decision_line(best.w, best.b, run.converged ? "w·x + b = 0" : "best line (search)",
                                   "lines lw 2 lc rgb '#333333'"));
  if (!run.converged && !run.w.isZero()) {
    p.series.push_back(decision_line(run.w, run.b, fmt::format("rule's line after {} epochs", run.epochs),
                                     "lines lw 2 dt 2 lc rgb '#7f6000'"));
  }
  book::Series ones{"target 1", {}, {}, "points pt 7 ps 2.5 lc rgb '#1f4e79'"};
  book::Series zeros{"target 0", {}, {}, "points pt 5 ps 2.5 lc rgb '#c0392b'"};
  const Eigen::Matrix<double, 4, 2> X = inputs();
  for (int i = 0; i < 4; ++i) {
    book::Series& s = gate.t[i] == 1.0 ? ones : zeros;
    s.x.push_back(X(i, 0));
    s.y.push_back(X(i, 1));
  }
  p.series.push_back(ones);
  p.series.push_back(zeros);
  ch.write_plot(p);
}

void plot_errors(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs) {
  book::Plot p("errors", "Mistakes per epoch: AND, OR and NAND reach 0, XOR never does",
               "epoch", "mistakes in the epoch");
  p.key = "outside right";
  p.yrange = {{-0.2, 4.2}};
  p.extra = {"set ytics 1"};
  for (std::size_t g = 0; g < gates.size(); ++g) {
    book::Series s{gates[g].name, {}, {}, "linespoints pt 7 ps 0.8"};
    for (std::size_t e = 0; e < runs[g].errors.size(); ++e) {
      s.x.push_back(static_cast<double>(e + 1));
      s.y.push_back(runs[g].errors[e]);
    }
    p.series.push_back(s);
  }
  ch.write_plot(p);
}

void why_not_xor(book::Chapter& ch, const Gate& xor_gate, const Training& run) {
  ch.section("Why XOR never converges");
  ch.say(fmt::format(
      "XOR stopped at the epoch limit ({} epochs) with mistakes in every epoch. It has to: a line\n"
      "w1 x1 + w2 x2 + b = 0 that separates XOR would need\n"
      "  (0,0) → 0:  b < 0\n"
      "  (0,1) → 1:  w2 + b >= 0\n"
      "  (1,0) → 1:  w1 + b >= 0\n"
      "  (1,1) → 0:  w1 + w2 + b < 0\n"
      "Add the middle two: w1 + w2 + 2b >= 0, so w1 + w2 + b >= −b > 0, against the last line.\n"
      "No weights exist, so every epoch makes a mistake and the rule never stops on its own.",
      run.epochs));
  // The rule cycles: some epoch starts with weights an earlier epoch started with.
  for (std::size_t k = 1; k < run.starts.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      if (run.starts[j] == run.starts[k]) {
        ch.say(fmt::format("The weights cycle: epochs {} and {} both start at w = ({}, {}), b = {}; from there\n"
                           "the same mistakes repeat forever.",
                           j + 1, k + 1, num(run.starts[k].x()), num(run.starts[k].y()), num(run.starts[k].z())));
        ch.result("xor.cycle_length", static_cast<double>(k - j));
        k = run.starts.size();
        break;
      }
    }
  }
  const Line best = best_line(xor_gate);
  ch.say(fmt::format("Search all 729 lines with w1, w2, b in {{-2, -1.5, ..., 2}}: the best gets {}/4 right.\n"
                     "It is w = ({}, {}), b = {} (drawn in xor.svg):",
                     best.right, num(best.w.x()), num(best.w.y()), num(best.b)));
  ch.result("xor.best_line_right", best.right);
  book::Table t({"x1", "x2", "target", "z = w·x + b", "y", "right"});
  const Eigen::Matrix<double, 4, 2> X = inputs();
  const Eigen::VectorXd fired = fire(best.w, best.b, X);
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector2d x = X.row(i).transpose();
    const double y = fired(i);
    t.add({num(x.x()), num(x.y()), num(xor_gate.t[i]), num(best.w.dot(x) + best.b), num(y),
           y == xor_gate.t[i] ? "yes" : "NO"});
  }
  ch.table(t, "xor_best_line.csv");
}

void draw_unit(book::Chapter& ch, const Training& run) {
  Context ctx;
  const Tensor x = ctx.input(Mat::Ones(1, 2), "x = (1, 1)");
  const Tensor w = ctx.param(Mat(run.w.transpose()), "w");
  const Tensor b = ctx.param(Mat::Constant(1, 1, run.b), "b");
  Tensor y = unit(x, w, b);
  y.backward();
  DotOptions dot;
  dot.show_formulas = true;
  dot.legend = true;
  dot.title = fmt::format("The AND unit at x = (1, 1): y = step(w·x + b) = {:g}; step sends no gradient back",
                          y.item());
  ch.write_graph("graph", to_dot(y, dot), true);
}

void check_gradients(book::Chapter& ch, const Training& run) {
  ch.section("Gradient check");
  ch.say("z = w·x + b has gradients (dz/dw = x, dz/db = 1); step(z) has gradient 0 wherever it is\n"
         "defined, so no gradient can tell the unit which way to move: Rosenblatt's rule is not\n"
         "gradient descent on the unit's output. Both agree with central differences:");
  GradcheckOptions o;
  o.seed = ch.options().seed;
  const std::vector<GradcheckInput> in = {
      {Mat::Ones(1, 2), "x", false}, {Mat(run.w.transpose()), "w", true}, {Mat::Constant(1, 1, run.b + 0.5), "b", true}};
  ch.report_gradcheck("unit_z",
                      gradcheck([](const std::vector<Tensor>& t) { return sum(t[0] * t[1]) + t[2]; }, in, o));
  ch.report_gradcheck("unit_step",
                      gradcheck([](const std::vector<Tensor>& t) { return unit(t[0], t[1], t[2]); }, in, o));
}

void history(book::Chapter& ch) {
  ch.section("A short history");
  ch.say("1943  McCulloch and Pitts: a neuron as a threshold unit of logic, weights fixed by hand.\n"
         "1958  Rosenblatt: the perceptron learns its weights from examples, with the rule above.\n"
         "1960  Widrow and Hoff: ADALINE and the LMS (delta) rule, gradient descent on a squared error.\n"
         "1969  Minsky and Papert, \"Perceptrons\": one layer cannot compute XOR or parity.\n"
         "1986  Rumelhart, Hinton and Williams: backpropagation trains hidden layers, and XOR falls.");
}

}  // namespace sg::ch02
