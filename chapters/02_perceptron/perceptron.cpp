// Chapter 2: the threshold unit and Rosenblatt's rule, traced in the engine.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "chapters/02_perceptron/lesson.hpp"
#include "chapters/02_perceptron/lesson_math.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch02 {

namespace {

std::string num(double v) { return fmt::format("{:.4g}", v); }

// The unit in the engine: y = step(sum(x ⊙ w) + b), x and w (1,2), b (1,1).
Tensor unit(const Tensor& x, const Tensor& w, const Tensor& b) {
  Tensor z = (sum(x * w) + b).set_label("z = w·x + b");
  return step(z).set_label("y = step(z)");
}

// Tells the trace about one Rosenblatt update of a parameter. Its "grad" is
// −(t − y)·x (or −(t − y) for b), so that after = before − η·grad as for SGD.
void trace_update(Trace& trace, const Tensor& param, const Mat& before, double lr) {
  UpdateInfo u;
  u.id = param.id();
  u.label = param.label();
  u.optimizer = "rosenblatt";
  u.lr = lr;
  u.before = before;
  u.after = param.value();
  u.grad = (before - param.value()) / lr;
  trace.update(std::move(u));
}

}  // namespace

Eigen::Matrix<double, 4, 2> inputs() {
  Eigen::Matrix<double, 4, 2> X;
  X << 0, 0, 0, 1, 1, 0, 1, 1;
  return X;
}

int count_errors(const Gate& gate, const Eigen::Vector2d& w, double b) {
  const Eigen::Matrix<double, 4, 2> X = inputs();
  int errors = 0;
  for (int i = 0; i < 4; ++i) errors += predict(w, b, X.row(i).transpose()) != gate.t[i];
  return errors;
}

void threshold_unit(book::Chapter& ch) {
  ch.section("A threshold unit");
  constexpr double kTheta = 1.5;
  const Eigen::Vector2d w(1.0, 1.0);
  ch.say(fmt::format(
      "The unit fires (y = 1) when the weighted sum of its inputs reaches a threshold θ: w·x >= θ.\n"
      "Move θ to the left side and call b = −θ the bias: w·x + b >= 0, so y = step(w·x + b) with\n"
      "step(z) = 1 for z >= 0, else 0. With w = (1, 1) and θ = {} (b = {}) the unit is AND:", kTheta, -kTheta));
  book::Table t({"x1", "x2", "w·x", "w·x >= θ", "z = w·x + b", "y = step(z)"});
  const Eigen::Matrix<double, 4, 2> X = inputs();
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector2d x = X.row(i).transpose();
    t.add({num(x.x()), num(x.y()), num(w.dot(x)), w.dot(x) >= kTheta ? "yes" : "no", num(w.dot(x) - kTheta),
           num(predict(w, -kTheta, x))});
  }
  ch.table(t);
}

Training train(book::Chapter& ch, const Gate& gate, const Settings& s) {
  ch.restore_trace();   // each gate's first --trace-steps epochs are traced
  Context ctx(&ch.trace());
  Tensor w = ctx.param(Mat::Zero(1, 2), "w");
  Tensor b = ctx.param(Mat::Zero(1, 1), "b");
  const Eigen::Matrix<double, 4, 2> X = inputs();
  Training run;
  for (int epoch = 1; epoch <= s.epochs && !run.converged; ++epoch) {
    int errors = 0;
    run.starts.emplace_back(run.w.x(), run.w.y(), run.b);
    for (int i = 0; i < 4; ++i) {
      const Eigen::Vector2d x_i = X.row(i).transpose();
      const Tensor x = ctx.input(Mat(X.row(i)), fmt::format("x = ({:g}, {:g})", x_i.x(), x_i.y()));
      const double y = unit(x, w, b).item();
      if (y != predict(run.w, run.b, x_i)) {
        throw Error(fmt::format("{}: the engine's unit says {} for x = ({}, {}), the lesson's predict() {}",
                                gate.name, y, x_i.x(), x_i.y(), predict(run.w, run.b, x_i)));
      }
      if (y == gate.t[i]) continue;
      ++errors;
      rosenblatt_update(run.w, run.b, x_i, gate.t[i], y, s.lr);
      const Mat w_before = w.value();
      const Mat b_before = b.value();
      w.value_mut() = run.w.transpose();
      b.value_mut()(0, 0) = run.b;
      trace_update(ch.trace(), w, w_before, s.lr);
      trace_update(ch.trace(), b, b_before, s.lr);
    }
    run.errors.push_back(errors);
    run.epochs = epoch;
    run.converged = errors == 0;
    ch.trace_step(epoch, {{"errors", errors}});
  }
  return run;
}

void report(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs) {
  ch.section("Rosenblatt's rule on four gates");
  ch.say("Start at w = (0, 0), b = 0; show the four cases in order; after each mistake\n"
         "w ← w + η (t − y) x and b ← b + η (t − y). An epoch with no mistake means the line\n"
         "separates the cases: converged. The epochs counted include that last clean one.");
  book::Table t({"gate", "targets", "converged", "epochs", "w1", "w2", "b", "θ = −b", "cases right"});
  for (std::size_t g = 0; g < gates.size(); ++g) {
    const Gate& gate = gates[g];
    const Training& r = runs[g];
    t.add({gate.name, fmt::format("{:g}{:g}{:g}{:g}", gate.t[0], gate.t[1], gate.t[2], gate.t[3]),
           r.converged ? "yes" : "no", std::to_string(r.epochs), num(r.w.x()), num(r.w.y()), num(r.b),
           num(r.b == 0.0 ? 0.0 : -r.b), fmt::format("{}/4", 4 - count_errors(gate, r.w, r.b))});
    std::string key = gate.name;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ch.result(key + ".converged", r.converged ? "yes" : "no");
    ch.result(key + ".epochs", r.epochs);
    ch.result(key + ".w1", r.w.x());
    ch.result(key + ".w2", r.w.y());
    ch.result(key + ".b", r.b);
    ch.result(key + ".right", 4 - count_errors(gate, r.w, r.b));
  }
  ch.table(t, "gates.csv");
  ch.say("A case exactly on the line (z = 0) counts as 1, because step(0) = 1. Look for it in the\n"
         "pictures: with whole-number weights the line often passes through a corner.");
}

Line best_line(const Gate& gate) {
  constexpr int kSteps = 9;   // -2, -1.5, ..., 2
  const Eigen::Matrix<double, 4, 2> X = inputs();
  Line best;
  double best_margin = -1.0;
  for (int i = 0; i < kSteps * kSteps * kSteps; ++i) {
    const Eigen::Vector2d w(-2.0 + 0.5 * (i / (kSteps * kSteps)), -2.0 + 0.5 * (i / kSteps % kSteps));
    const double b = -2.0 + 0.5 * (i % kSteps);
    if (w.isZero()) continue;   // no line at all
    int right = 0;
    double margin = std::numeric_limits<double>::infinity();
    for (int k = 0; k < 4; ++k) {
      const Eigen::Vector2d x = X.row(k).transpose();
      if (predict(w, b, x) != gate.t[k]) continue;
      ++right;
      margin = std::min(margin, std::abs(w.dot(x) + b) / w.norm());
    }
    if (right > best.right || (right == best.right && margin > best_margin)) {
      best = {w, b, right};
      best_margin = margin;
    }
  }
  return best;
}

}  // namespace sg::ch02
