// Chapter 7: XOR with one hidden layer. The lesson's 2-2-1 network traced
// step by step and compared with the student's forward and backward, its
// boundary before and after, the hidden space where XOR becomes separable,
// the unlucky seed that gets stuck and why, and a survey of seeds by width.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>

#include "chapters/07_mlp/exercises.hpp"
#include "chapters/07_mlp/figures.hpp"
#include "chapters/07_mlp/lesson.hpp"

namespace sg::ch07 {
namespace {

Mat xor_X() { return Mat{{0, 0}, {0, 1}, {1, 0}, {1, 1}}; }
Mat xor_Y() { return Mat{{0}, {1}, {1}, {0}}; }

// The demo's network (apps/stepgrad_demo.cpp): the same seed, the same
// initial weights (Xavier uniform, the hidden layer drawn first).
struct XorNet {
  Generator gen;
  Linear<double> hidden;
  Linear<double> output;
  XorNet(Context& ctx, int H, std::uint64_t seed)
      : gen(seed), hidden(ctx, "hidden", 2, H, gen), output(ctx, "output", H, 1, gen) {}
  std::vector<Tensor> params() const { return {hidden.W, hidden.b, output.W, output.b}; }
};

// One forward pass, every intermediate kept (the comparison with the student's).
struct Pass {
  Tensor A, H, Z, L;
};
Pass forward(const XorNet& net, const Tensor& X, const Tensor& Y) {
  Pass p;
  p.A = net.hidden(X).set_label("A");
  p.H = tanh(p.A).set_label("H");
  p.Z = net.output(p.H).set_label("Z");
  p.L = bce_with_logits(p.Z, Y).set_label("L");
  return p;
}

// Weights as plain matrices: the state of a network at one moment.
struct Weights {
  Mat W1, b1, W2, b2;
};
Weights weights_of(const XorNet& net) {
  return {net.hidden.W.value(), net.hidden.b.value(), net.output.W.value(), net.output.b.value()};
}

// p(y = 1) = σ(tanh(X·W1 + b1)·W2 + b2) for every row of X, by the engine
// in a Context of its own without a graph.
Eigen::VectorXd predict(const Weights& w, const Mat& X) {
  Context ctx;
  NoGrad no_grad(ctx);
  const Tensor A = matmul(ctx.input(X), ctx.input(w.W1)) + ctx.input(w.b1);
  const Tensor Z = matmul(tanh(A), ctx.input(w.W2)) + ctx.input(w.b2);
  return sigmoid(Z).value().col(0);
}

int right_of(const Eigen::VectorXd& p) {
  const Mat Y = xor_Y();
  int right = 0;
  for (Index i = 0; i < 4; ++i) right += (p(i) >= 0.5) == (Y(i, 0) == 1.0);
  return right;
}

// A training run: the loss before each update, and after how many updates
// the loss first fell below kSolvedLoss (-1: never, within the steps).
struct Run {
  std::vector<double> loss;
  int solved_at = -1;
  double final_loss() const { return loss.back(); }
};

// Plain full-batch gradient descent until the loss is below kSolvedLoss or
// `steps` updates are done. `first_backward` (if given) runs step 1's
// backward pass in place of loss.backward() (the lesson records it);
// `traced` marks each step in the chapter's trace.
Run train(XorNet& net, const Tensor& X, const Tensor& Y, double lr, int steps,
          const std::function<void(Pass&)>& first_backward = {}, book::Chapter* traced = nullptr) {
  SGD<double> opt(net.params(), lr);
  Run run;
  for (int step = 1;; ++step) {
    opt.zero_grad();
    Pass p = forward(net, X, Y);
    run.loss.push_back(p.L.item());
    require_finite(p.L.value(), fmt::format("XOR, step {}: the loss", step));
    if (run.loss.back() < kSolvedLoss) {
      run.solved_at = step - 1;
      break;
    }
    if (step > steps) break;
    if (step == 1 && first_backward) {
      first_backward(p);
    } else {
      p.L.backward();
    }
    opt.step();
    if (traced) traced->trace_step(step, {{"loss", run.loss.back()}});
  }
  return run;
}

double gradient_norm(XorNet& net, const Tensor& X, const Tensor& Y) {
  for (Tensor p : net.params()) p.zero_grad();
  Tensor L = forward(net, X, Y).L;
  L.backward();
  double sq = 0.0;
  for (const Tensor& p : net.params()) sq += p.grad().squaredNorm();
  return std::sqrt(sq);
}

std::string num(double v) { return fmt::format("{:.4g}", v); }

// The largest of some differences, NaN if any is NaN (std::max would drop it,
// and a NaN must never pass a comparison with the engine).
double worst_of(std::initializer_list<double> ds) {
  double w = 0.0;
  for (const double d : ds) {
    if (!(d <= w)) w = d;
  }
  return w;
}

// ---- step 1 of the lesson's network, and the student's version of it ----------------

// max |yours − engine| of one matrix, after checking its shape (NaN if any element is NaN).
double max_diff(const std::string& what, const Mat& yours, const Mat& engine) {
  if (yours.rows() != engine.rows() || yours.cols() != engine.cols()) {
    throw Error(fmt::format("your {} is ({},{}) but the engine's is ({},{}): chapters/07_mlp/exercises.hpp gives "
                            "each shape",
                            what, yours.rows(), yours.cols(), engine.rows(), engine.cols()));
  }
  return (yours - engine).cwiseAbs().maxCoeff<Eigen::PropagateNaN>();
}

// The student's forward and backward (exercises 7.1 and 7.2) at step 1, each
// against the engine on its own: the backward gets the engine's forward pass,
// so that 7.2 can be checked before 7.1 is right.
void compare_with_yours(book::Chapter& ch, const XorNet& net, const Pass& p, const Mat& X, const Mat& Y) {
  const Mat P = p.Z.value().unaryExpr([](double z) { return 1.0 / (1.0 + std::exp(-z)); });
  ch.say("Your mlp_forward (7.1) and mlp_backward (7.2) against the engine at step 1:");
  ch.part("your forward pass of the 2-layer network", [&] {
    const MlpForward f = mlp_forward(X, net.hidden.W.value(), net.hidden.b.value(), net.output.W.value(),
                                     net.output.b.value(), Y);
    const double fwd = worst_of({max_diff("A", f.A, p.A.value()), max_diff("H", f.H, p.H.value()),
                                 max_diff("Z", f.Z, p.Z.value()), max_diff("P", f.P, P), std::abs(f.L - p.L.item())});
    ch.say(fmt::format("  forward  (A, H, Z, P, L):                 max |yours − engine| = {:.1e}", fwd));
    ch.result("xor.yours.forward_max_abs_diff", fwd);
    if (!(fwd <= 1e-12)) {
      throw Error("your mlp_forward disagrees with the engine at step 1: compare your numbers with the table "
                  "above (build/bin/grade --exercise 7.1 says which part)");
    }
  });
  ch.part("your backward pass of the 2-layer network", [&] {
    const MlpForward f{p.A.value(), p.H.value(), p.Z.value(), P, p.L.item()};   // the engine's forward pass
    const MlpGradients g = mlp_backward(X, Y, net.output.W.value(), f);
    const double bwd = worst_of({max_diff("dZ", g.dZ, p.Z.grad()), max_diff("dH", g.dH, p.H.grad()),
                                 max_diff("dA", g.dA, p.A.grad()), max_diff("dW2", g.dW2, net.output.W.grad()),
                                 max_diff("db2", g.db2, net.output.b.grad()), max_diff("dW1", g.dW1, net.hidden.W.grad()),
                                 max_diff("db1", g.db1, net.hidden.b.grad())});
    ch.say(fmt::format("  backward (dZ, dW2, db2, dH, dA, dW1, db1): max |yours − engine| = {:.1e}", bwd));
    ch.result("xor.yours.backward_max_abs_diff", bwd);
    if (!(bwd <= 1e-12)) {
      throw Error("your mlp_backward disagrees with the engine at step 1: compare your numbers with the gradients "
                  "above (build/bin/grade --exercise 7.2 says which part)");
    }
  });
}

void show_step1(book::Chapter& ch, const XorNet& net, const Pass& p, const Mat& X, const Mat& Y) {
  ch.say("Step 1, forward, all four cases at once (A = X·W1 + b1, H = tanh(A), Z = H·W2 + b2, p = σ(Z)):");
  const Index H = p.A.cols();
  std::vector<std::string> cols = {"x1", "x2", "y*"};
  for (Index j = 1; j <= H && j <= 4; ++j) cols.push_back(fmt::format("a{}", j));
  for (Index j = 1; j <= H && j <= 4; ++j) cols.push_back(fmt::format("h{}", j));
  cols.insert(cols.end(), {"z", "p"});
  book::Table t(cols);
  for (Index i = 0; i < 4; ++i) {
    std::vector<std::string> row = {num(X(i, 0)), num(X(i, 1)), num(Y(i, 0))};
    for (Index j = 0; j < H && j < 4; ++j) row.push_back(num(p.A.value()(i, j)));
    for (Index j = 0; j < H && j < 4; ++j) row.push_back(num(p.H.value()(i, j)));
    const double z = p.Z.value()(i, 0);
    row.insert(row.end(), {num(z), num(1.0 / (1.0 + std::exp(-z)))});
    t.add(row);
  }
  ch.table(t, "xor_step1.csv");
  ch.say(fmt::format("L = mean bce = {:.6f}. Backward (dZ = (p − y*)/4, then one local derivative per step):",
                     p.L.item()));
  book::Table g({"parameter", "value", "dL/d (engine)"});
  for (const Tensor& w : net.params()) {
    for (Index r = 0; r < w.rows(); ++r) {
      for (Index c = 0; c < w.cols(); ++c) {
        g.add({fmt::format("{}({},{})", w.label(), r, c), num(w.value()(r, c)), num(w.grad()(r, c))});
      }
    }
  }
  ch.table(g, "xor_step1_gradients.csv");
  ch.result("xor.step1.loss", p.L.item());
}

// ---- pictures ----------------------------------------------------------------------

// The boundary p = 0.5 shaded over [-0.5, 1.5]², the hidden units' lines aj = 0 dashed.
void plot_boundary(book::Chapter& ch, const std::string& name, const std::string& title, const Weights& w) {
  book::Plot plot = square_plot(name, title, "x1", "x2", -0.5, 1.5);
  plot.shading = shade(-0.5, 1.5, -0.5, 1.5, [&](const Mat& G) { return predict(w, G); });
  for (Index j = 0; j < w.W1.cols(); ++j) {
    plot.series.push_back(line_across(w.W1(0, j), w.W1(1, j), w.b1(0, j), -0.5, 1.5,
                                      fmt::format("hidden unit {}: a{} = 0", j + 1, j + 1),
                                      fmt::format("lines lw 2 dt 2 lc rgb '{}'", kUnitColours[j % 4])));
  }
  add_points(plot, xor_X(), {0, 1, 1, 0});
  ch.write_plot(plot);
}

// The four cases where the output layer sees them: (h1, h2) = tanh(x·W1 + b1).
void plot_hidden_space(book::Chapter& ch, const Weights& w) {
  const Mat X = xor_X();
  Mat A = X * w.W1;
  A.rowwise() += w.b1.row(0);
  const Mat Hs = A.array().tanh().matrix();
  book::Plot plot = square_plot("xor_hidden", "XOR in the hidden space (h1, h2): one line now separates it", "h1",
                                "h2", -1.1, 1.1);
  plot.shading = shade(-1.1, 1.1, -1.1, 1.1, [&](const Mat& G) {
    Mat Z = G * w.W2;
    Z.array() += w.b2(0, 0);
    return Eigen::VectorXd(Z.col(0).unaryExpr([](double z) { return 1.0 / (1.0 + std::exp(-z)); }));
  });
  plot.series.push_back(line_across(w.W2(0, 0), w.W2(1, 0), w.b2(0, 0), -1.1, 1.1, "output: z = 0",
                                    "lines lw 2 lc rgb '#333333'"));
  add_points(plot, Hs, {0, 1, 1, 0});
  // Each case named next to its point; cases that land on the same spot share a label.
  std::vector<std::string> names(4);
  for (Index i = 0; i < 4; ++i) {
    Index at = i;
    for (Index j = 0; j < i; ++j) {
      if ((Hs.row(i) - Hs.row(j)).norm() < 0.1 && !names[j].empty()) at = j;
    }
    names[at] += fmt::format("{}({:g},{:g})", names[at].empty() ? "" : " ", X(i, 0), X(i, 1));
  }
  for (Index i = 0; i < 4; ++i) {
    if (names[i].empty()) continue;
    // In front of the shading, and on the side of the point that stays inside the square.
    plot.extra.push_back(fmt::format("set label '{}' at {:.4f},{:.4f} {} front", names[i], Hs(i, 0), Hs(i, 1),
                                     Hs(i, 0) > 0 ? "right offset -1,1" : "left offset 1,1"));
  }
  ch.write_plot(plot);
  book::Table t({"x1", "x2", "y*", "h1", "h2"});
  for (Index i = 0; i < 4; ++i) {
    t.add({num(X(i, 0)), num(X(i, 1)), num(xor_Y()(i, 0)), fmt::format("{:.4f}", Hs(i, 0)), fmt::format("{:.4f}", Hs(i, 1))});
  }
  ch.table(t, "xor_hidden_points.csv");
}

}  // namespace

std::vector<double> solve_xor(book::Chapter& ch, const XorSettings& s, XorLog& log) {
  ch.section(fmt::format("XOR with one hidden layer: a 2-{}-1 network", s.hidden));
  ch.say(fmt::format(
      "Chapter 2's perceptron cannot separate XOR: no line puts (0,1) and (1,0) on one side and\n"
      "(0,0), (1,1) on the other. Put a hidden layer of {} tanh units in front of it:\n"
      "    A = X·W1 + b1,  H = tanh(A),  Z = H·W2 + b2,  p = σ(Z),  L = mean bce(p, y*)\n"
      "Initial weights from seed {} (Xavier uniform, as apps/stepgrad_demo.cpp), plain gradient\n"
      "descent with lr = {} on all four cases, until L < {}.",
      s.hidden, s.seed, s.lr, kSolvedLoss));
  Context ctx(&ch.trace());   // --trace/--step: the first --trace-steps steps, op by op
  XorNet net(ctx, s.hidden, s.seed);
  const Mat Xm = xor_X(), Ym = xor_Y();
  const Tensor X = ctx.input(Xm, "X");
  const Tensor Y = ctx.input(Ym, "Y");
  const Weights before = weights_of(net);

  const Run run = train(
      net, X, Y, s.lr, s.steps,
      [&](Pass& p) {
        // The backward frames of step 1 (not with --quick: drawing them is the slow part).
        DotOptions frame_options;
        frame_options.title = fmt::format("XOR, 2-{}-1, step 1: the backward pass", s.hidden);
        std::vector<Frame> frames;
        if (ch.quick()) {
          p.L.backward();
        } else {
          frames = ch.backward_with_frames(p.L, frame_options);
        }
        show_step1(ch, net, p, Xm, Ym);
        compare_with_yours(ch, net, p, Xm, Ym);
        DotOptions dot;
        dot.cluster_scopes = true;
        dot.legend = true;
        dot.title = fmt::format("XOR, 2-{}-1 network at step 1 (seed {}): values and dL/d·", s.hidden, s.seed);
        ch.write_graph("graph", to_dot(p.L, dot), true);
        ch.write_frames("frames", frames);
      },
      &ch);
  ch.restore_trace();
  log[{s.seed, s.hidden}] = run.solved_at;

  const Weights after = weights_of(net);
  const Eigen::VectorXd p = predict(after, Xm);
  const int right = right_of(p);
  ch.say(run.solved_at >= 0
             ? fmt::format("\nL fell below {} after {} steps (L = {:.6f}):", kSolvedLoss, run.solved_at,
                           run.final_loss())
             : fmt::format("\nAfter {} steps L is still {:.6f}: this start is stuck (see the next section).",
                           s.steps, run.final_loss()));
  book::Table t({"x1", "x2", "y*", "p(y=1)", "right"});
  for (Index i = 0; i < 4; ++i) {
    t.add({num(Xm(i, 0)), num(Xm(i, 1)), num(Ym(i, 0)), fmt::format("{:.4f}", p(i)),
           (p(i) >= 0.5) == (Ym(i, 0) == 1.0) ? "yes" : "NO"});
  }
  ch.table(t, "xor_predictions.csv");
  ch.result("xor.solved_steps", run.solved_at);
  ch.result("xor.final_loss", run.final_loss());
  ch.result("xor.right", right);

  plot_boundary(ch, "xor_before", fmt::format("XOR before training (seed {}): p(y=1) and the hidden units' lines", s.seed),
                before);
  plot_boundary(ch, "xor_after",
                fmt::format("XOR after {} steps: two lines carve out the band where y = 1", run.loss.size() - 1), after);
  if (s.hidden == 2) {
    plot_hidden_space(ch, after);
    ch.say(right == 4
               ? "Each hidden unit draws one line (dashed in xor_after.svg): tanh(aj) is about +1 on one\n"
                 "side and −1 on the other. Where the output unit sees them, in the hidden space (h1, h2)\n"
                 "(the table above, xor_hidden.svg), one straight line, the output unit's, separates the\n"
                 "two cases with y* = 1 from the two with y* = 0. The hidden layer did not solve XOR: it\n"
                 "moved the points until a perceptron could."
               : "In the hidden space (h1, h2) (the table above, xor_hidden.svg) no line separates the\n"
                 "cases yet: this start did not solve XOR.");
  }
  return run.loss;
}

void stuck_seed(book::Chapter& ch, const XorSettings& s, const std::vector<double>& lucky_curve, XorLog& log) {
  ch.section(fmt::format("An unlucky seed: {}", kStuckSeed));
  Context ctx;
  XorNet net(ctx, 2, kStuckSeed);
  const Mat Xm = xor_X(), Ym = xor_Y();
  const Tensor X = ctx.input(Xm, "X");
  const Tensor Y = ctx.input(Ym, "Y");
  const Run run = train(net, X, Y, s.lr, s.stuck_steps);
  log[{kStuckSeed, 2}] = run.solved_at;
  const Weights w = weights_of(net);
  const Eigen::VectorXd p = predict(w, Xm);
  const double gnorm = gradient_norm(net, X, Y);
  ch.say(fmt::format("The same 2-2-1 network from seed {}, the same lr = {}: after {} steps L = {:.6f},\n"
                     "{} of 4 right, p = ({:.4f}, {:.4f}, {:.4f}, {:.4f}), |∇L| = {:.2e}.",
                     kStuckSeed, s.lr, run.loss.size() - 1, run.final_loss(), right_of(p), p(0), p(1), p(2), p(3),
                     gnorm));

  // Is it a minimum? The Hessian of L at the end, by central differences of
  // the engine's gradient: its eigenvalues are the curvatures along the
  // principal directions (all >= 0 at a minimum).
  std::vector<Tensor> params = net.params();
  const Index n = 9;
  auto grad_vector = [&] {
    for (Tensor& q : params) q.zero_grad();
    Tensor L = forward(net, X, Y).L;
    L.backward();
    Eigen::VectorXd g(n);
    Index k = 0;
    for (const Tensor& q : params) {
      for (Index i = 0; i < q.value().size(); ++i) g(k++) = q.grad().data()[i];
    }
    return g;
  };
  constexpr double h = 1e-5;   // central differences of a gradient: error ~h² · (4th derivative)
  Mat Hm(n, n);
  Index k = 0;
  for (Tensor& q : params) {
    for (Index i = 0; i < q.value().size(); ++i, ++k) {
      const double keep = q.value_mut().data()[i];
      q.value_mut().data()[i] = keep + h;
      const Eigen::VectorXd up = grad_vector();
      q.value_mut().data()[i] = keep - h;
      const Eigen::VectorXd down = grad_vector();
      q.value_mut().data()[i] = keep;
      Hm.col(k) = (up - down) / (2 * h);
    }
  }
  const Mat Hs = 0.5 * (Hm + Hm.transpose());
  const Eigen::SelfAdjointEigenSolver<Mat> eig(Hs);
  const Eigen::VectorXd ev = eig.eigenvalues();
  ch.say(fmt::format("The Hessian's eigenvalues (curvatures): smallest {:.3e}, largest {:.3e}.", ev(0), ev(n - 1)));

  const Mat A = (Xm * w.W1).rowwise() + w.b1.row(0);
  const Mat Hh = A.array().tanh().matrix();
  book::Table t({"x1", "x2", "y*", "h1", "h2", "tanh' = 1 − h1²", "1 − h2²", "p(y=1)"});
  for (Index i = 0; i < 4; ++i) {
    t.add({num(Xm(i, 0)), num(Xm(i, 1)), num(Ym(i, 0)), fmt::format("{:.4f}", Hh(i, 0)), fmt::format("{:.4f}", Hh(i, 1)),
           fmt::format("{:.1e}", 1 - Hh(i, 0) * Hh(i, 0)), fmt::format("{:.1e}", 1 - Hh(i, 1) * Hh(i, 1)),
           fmt::format("{:.4f}", p(i))});
  }
  ch.table(t, "stuck_hidden.csv");
  // The two cases with different targets that the hidden layer sends closest together.
  Index first = 0, second = 1;
  double gap = std::numeric_limits<double>::infinity();
  for (Index i = 0; i < 4; ++i) {
    for (Index j = i + 1; j < 4; ++j) {
      const double d = (Hh.row(i) - Hh.row(j)).norm();
      if (Ym(i, 0) != Ym(j, 0) && d < gap) gap = d, first = i, second = j;
    }
  }
  const double slope = std::max((1.0 - Hh.row(first).array().square()).maxCoeff(),
                                (1.0 - Hh.row(second).array().square()).maxCoeff());
  const double undecided = 2.0 * std::log(2.0) / 4.0;
  if (run.solved_at >= 0) {
    ch.say(fmt::format("With lr = {} seed {} solves XOR after {} steps: the large steps jumped over the trap\n"
                       "that catches it at the default lr = 2 (run without --lr to see it).",
                       s.lr, kStuckSeed, run.solved_at));
  } else ch.say(fmt::format(
      "Why: both hidden units saturate on ({:g},{:g}) and on ({:g},{:g}). The hidden layer sends these two\n"
      "cases, one with y* = 1 and one with y* = 0, to almost the same point (their distance is\n"
      "{:.1e}), so the output unit sees one input with two targets and the best it can say is\n"
      "p = 0.5 for both: L → (2·ln 2)/4 = {:.4f}, where it is heading. To pull the two apart, the\n"
      "gradient would have to pass back through tanh' = 1 − h², at most {:.1e} there: it vanishes.\n"
      "The other two cases are right and confident, so nothing pushes. Every curvature of the loss\n"
      "(the Hessian's eigenvalues) is positive: a local minimum as far as the numbers can tell, a\n"
      "very flat one. More steps do not help; another start or another hidden unit does.",
      Xm(first, 0), Xm(first, 1), Xm(second, 0), Xm(second, 1), gap, undecided, slope));
  ch.result("stuck.hidden_gap", gap);
  ch.result("stuck.max_tanh_slope", slope);
  ch.result("stuck.two_undecided_loss", undecided);
  plot_boundary(ch, "xor_stuck", fmt::format("Seed {} after {} steps: L = {:.4f}", kStuckSeed,
                                            run.loss.size() - 1, run.final_loss()), w);

  Context wider_ctx;
  XorNet wider(wider_ctx, 3, kStuckSeed);
  const Run wide = train(wider, wider_ctx.input(Xm), wider_ctx.input(Ym), s.lr, s.steps);
  log[{kStuckSeed, 3}] = wide.solved_at;
  ch.say(fmt::format("With 3 hidden units, seed {}: {}.", kStuckSeed,
                     wide.solved_at >= 0 ? fmt::format("L < {} after {} steps", kSolvedLoss, wide.solved_at)
                                         : fmt::format("still stuck at L = {:.4f}", wide.final_loss())));

  ch.result("stuck.final_loss", run.final_loss());
  ch.result("stuck.right", right_of(p));
  ch.result("stuck.grad_norm", gnorm);
  ch.result("stuck.hessian_min_eigenvalue", ev(0));
  ch.result("stuck.hessian_max_eigenvalue", ev(n - 1));
  ch.result("stuck.solved", run.solved_at >= 0 ? "yes" : "no");
  ch.result("stuck.three_units_solved_steps", wide.solved_at);

  book::Plot curves("xor_loss", "XOR: the loss of a lucky and an unlucky start", "step", "L (log scale)");
  curves.logy = true;
  auto series = [](const std::vector<double>& loss, std::string title, std::string style) {
    book::Series sr{std::move(title), {}, {}, std::move(style)};
    for (std::size_t i = 0; i < loss.size(); ++i) {
      sr.x.push_back(static_cast<double>(i));
      sr.y.push_back(loss[i]);
    }
    return sr;
  };
  curves.series.push_back(series(lucky_curve, fmt::format("seed {}, 2-{}-1", s.seed, s.hidden), "lines lw 2 lc rgb '#1f4e79'"));
  curves.series.push_back(series(run.loss, fmt::format("seed {}, 2-2-1", kStuckSeed), "lines lw 2 lc rgb '#c0392b'"));
  curves.series.push_back(series(wide.loss, fmt::format("seed {}, 2-3-1", kStuckSeed), "lines lw 2 dt 2 lc rgb '#7f6000'"));
  ch.write_plot(curves);
}

void seed_survey(book::Chapter& ch, const XorSettings& s, XorLog& log) {
  ch.section(fmt::format("How often does a start get stuck? Seeds 1 to {}", s.survey_seeds));
  book::Table t({"hidden units", "seeds solved", "of", "median steps to solve"});
  for (const int H : s.survey_widths) {
    int solved = 0;
    std::vector<int> steps;
    for (int seed = 1; seed <= s.survey_seeds; ++seed) {
      const std::pair<std::uint64_t, int> key{static_cast<std::uint64_t>(seed), H};
      if (!log.count(key)) {   // a run the lesson has not made yet
        Context ctx;
        XorNet net(ctx, H, key.first);
        log[key] = train(net, ctx.input(xor_X()), ctx.input(xor_Y()), s.lr, s.steps).solved_at;
      }
      if (log[key] >= 0) {
        ++solved;
        steps.push_back(log[key]);
      }
    }
    std::sort(steps.begin(), steps.end());
    t.add({fmt::format("{}", H), fmt::format("{}", solved), fmt::format("{}", s.survey_seeds),
           steps.empty() ? "-" : fmt::format("{}", steps[steps.size() / 2])});
    ch.result(fmt::format("survey.h{}_solved", H), solved);
  }
  ch.table(t, "xor_seeds.csv");
  ch.result("survey.seeds", s.survey_seeds);
}

}  // namespace sg::ch07
