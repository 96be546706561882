// Chapter 2: the threshold unit and Rosenblatt's rule, traced in the engine.
// The engine predicts and updates; the student's predict (exercise 2.1),
// rosenblatt_update (2.2) and count_errors (2.3) are compared with it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "chapters/02_perceptron/exercises.hpp"
#include "chapters/02_perceptron/lesson.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch02 {

namespace {

using book::num;

}  // namespace

Eigen::Matrix<double, 4, 2> inputs() {
  Eigen::Matrix<double, 4, 2> X;
  X << 0, 0, 0, 1, 1, 0, 1, 1;
  return X;
}

Eigen::VectorXd fire(const Eigen::Vector2d& w, double b, const Eigen::Matrix<double, Eigen::Dynamic, 2>& X) {
  Context ctx;
  const Tensor Xt = ctx.input(Mat(X), "X");
  const Tensor wt = ctx.input(Mat(w), "w");   // (2,1)
  const Tensor bt = ctx.input(Mat::Constant(1, 1, b), "b");
  return step(matmul(Xt, wt) + bt).value().col(0);
}

int cases_right(const Gate& gate, const Eigen::Vector2d& w, double b) {
  const Eigen::VectorXd y = fire(w, b, inputs());
  int right = 0;
  for (int i = 0; i < 4; ++i) right += y(i) == gate.t[static_cast<std::size_t>(i)];
  return right;
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
  const Eigen::VectorXd y = fire(w, -kTheta, X);
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector2d x = X.row(i).transpose();
    t.add({num(x.x()), num(x.y()), num(w.dot(x)), w.dot(x) >= kTheta ? "yes" : "no", num(w.dot(x) - kTheta),
           num(y(i))});
  }
  ch.table(t);
}

Training train(book::Chapter& ch, const Gate& gate, const Settings& s) {
  ch.restore_trace();   // each gate's first --trace-steps epochs are traced
  Context ctx(&ch.trace());
  Tensor w = ctx.param(Mat::Zero(1, 2), "w");
  Tensor b = ctx.param(Mat::Zero(1, 1), "b");
  // Rosenblatt's rule is SGD on the perceptron criterion L = (y − t)·z, with y
  // held fixed: dL/dw = (y − t)·x and dL/db = y − t, so w − η·dL/dw = w + η(t − y)x.
  SGD<double> opt({w, b}, s.lr);
  const Eigen::Matrix<double, 4, 2> X = inputs();
  Training run;
  for (int epoch = 1; epoch <= s.epochs && !run.converged; ++epoch) {
    int errors = 0;
    run.starts.emplace_back(run.w.x(), run.w.y(), run.b);
    for (int i = 0; i < 4; ++i) {
      const Eigen::Vector2d x_i = X.row(i).transpose();
      const double t = gate.t[static_cast<std::size_t>(i)];
      const Tensor x = ctx.input(Mat(X.row(i)), fmt::format("x = ({:g}, {:g})", x_i.x(), x_i.y()));
      Tensor z = (sum(x * w) + b).set_label("z = w·x + b");
      const double y = step(z).set_label("y = step(z)").item();
      Visit visit{run.w, run.b, x_i, t, y, run.w, run.b};
      if (y != t) {
        ++errors;
        opt.zero_grad();
        ((y - t) * z).set_label("L = (y − t)·z").set_role(Role::Loss).backward();
        opt.step();
        run.w = Eigen::Vector2d(w.value()(0, 0), w.value()(0, 1));
        run.b = b.value()(0, 0);
        visit.w_after = run.w;
        visit.b_after = run.b;
      }
      run.visits.push_back(visit);
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
           num(r.b == 0.0 ? 0.0 : -r.b), fmt::format("{}/4", cases_right(gate, r.w, r.b))});
    std::string key = gate.name;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ch.result(key + ".converged", r.converged ? "yes" : "no");
    ch.result(key + ".epochs", r.epochs);
    ch.result(key + ".w1", r.w.x());
    ch.result(key + ".w2", r.w.y());
    ch.result(key + ".b", r.b);
    ch.result(key + ".right", cases_right(gate, r.w, r.b));
  }
  ch.table(t, "gates.csv");
  ch.say("A case exactly on the line (z = 0) counts as 1, because step(0) = 1. Look for it in the\n"
         "pictures: with whole-number weights the line often passes through a corner.");
}

void compare_with_yours(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs,
                        const Settings& s) {
  ch.section("Your functions against the engine");
  ch.say("Every case shown during training, replayed through your predict (exercise 2.1) and your\n"
         "rosenblatt_update (2.2); every final unit through your count_errors (2.3).");
  const auto verdict = [&](std::string_view key, bool agrees, const std::string& first_difference,
                           std::string_view exercise) {
    ch.result(key, agrees ? "yes" : "no");
    if (!agrees) ch.note(first_difference + fmt::format(". Check: build/bin/grade --exercise {}", exercise));
  };
  ch.part("your predict against the engine's unit", [&] {
    std::string first;
    for (std::size_t g = 0; g < gates.size() && first.empty(); ++g) {
      for (const Visit& v : runs[g].visits) {
        const double yours = predict(v.w, v.b, v.x);
        if (yours != v.y) {
          first = fmt::format("{}: your predict(w = ({}, {}), b = {}, x = ({}, {})) is {}, the engine's unit says {}",
                              gates[g].name, num(v.w.x()), num(v.w.y()), num(v.b), num(v.x.x()), num(v.x.y()),
                              num(yours), num(v.y));
          break;
        }
      }
    }
    verdict("yours.predict_agrees", first.empty(), first, "2.1");
  });
  ch.part("your rosenblatt_update against the engine's update", [&] {
    std::string first;
    for (std::size_t g = 0; g < gates.size() && first.empty(); ++g) {
      for (const Visit& v : runs[g].visits) {
        Eigen::Vector2d w = v.w;
        double b = v.b;
        rosenblatt_update(w, b, v.x, v.t, v.y, s.lr);
        if (w != v.w_after || b != v.b_after) {
          first = fmt::format("{}: after x = ({}, {}), t = {}, y = {} your rosenblatt_update gives w = ({}, {}), "
                              "b = {}; the engine's update w = ({}, {}), b = {}",
                              gates[g].name, num(v.x.x()), num(v.x.y()), num(v.t), num(v.y), num(w.x()), num(w.y()),
                              num(b), num(v.w_after.x()), num(v.w_after.y()), num(v.b_after));
          break;
        }
      }
    }
    verdict("yours.rosenblatt_update_agrees", first.empty(), first, "2.2");
  });
  ch.part("your count_errors against the engine", [&] {
    std::string first;
    for (std::size_t g = 0; g < gates.size() && first.empty(); ++g) {
      const Training& r = runs[g];
      const int yours = count_errors(r.w, r.b, inputs(), gates[g].t);
      const int engine = 4 - cases_right(gates[g], r.w, r.b);
      if (yours != engine) {
        first = fmt::format("{}: your count_errors(w = ({}, {}), b = {}) is {}, the engine's unit gets {} wrong",
                            gates[g].name, num(r.w.x()), num(r.w.y()), num(r.b), yours, engine);
      }
    }
    verdict("yours.count_errors_agrees", first.empty(), first, "2.3");
  });
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
    const Eigen::VectorXd y = fire(w, b, X);
    for (int k = 0; k < 4; ++k) {
      const Eigen::Vector2d x = X.row(k).transpose();
      if (y(k) != gate.t[static_cast<std::size_t>(k)]) continue;
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
