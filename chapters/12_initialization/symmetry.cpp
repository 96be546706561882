// Chapter 12, part 1: zeros, a constant and random starting weights on the
// same 2-4-2 tanh network. Only random weights break the symmetry: from zeros
// or a constant every hidden unit stays an exact copy of the others, however
// long it trains. The student's max_unit_difference (exercise 12.3) measures it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chapters/12_initialization/exercises.hpp"
#include "chapters/12_initialization/lesson.hpp"
#include "chapters/12_initialization/lesson_math.hpp"

namespace sg::ch12 {

namespace {

constexpr Index kHidden = 4;
constexpr Index kPoints = 200;
constexpr double kNoise = 0.15;
constexpr double kConstant = 1.0;   // lecture 000: "All constant (e.g. all 1.0)"
constexpr double kLr = 2.0;
constexpr int kSteps = 300, kQuickSteps = 100;
constexpr int kGrid = 61;           // the decision-boundary pictures: 61 × 61 points


// p(class 1) on a grid over the data, for the boundary pictures.
book::Shading shade(const SmallNet& n) {
  book::Shading g{-1.5, 2.5, -1.0, 1.5, kGrid, kGrid, {}};
  Mat P(kGrid * kGrid, 2);
  for (int j = 0; j < kGrid; ++j)
    for (int i = 0; i < kGrid; ++i) {
      P(j * kGrid + i, 0) = g.x0 + i * (g.x1 - g.x0) / (kGrid - 1);
      P(j * kGrid + i, 1) = g.y0 + j * (g.y1 - g.y0) / (kGrid - 1);
    }
  const Mat H = ((P * n.W1).rowwise() + n.b1.row(0)).array().tanh().matrix();
  const Mat Z = (H * n.W2).rowwise() + n.b2.row(0);
  for (Index r = 0; r < Z.rows(); ++r) g.z.push_back(1.0 / (1.0 + std::exp(Z(r, 0) - Z(r, 1))));
  return g;
}

void boundary_plot(book::Chapter& ch, const Dataset& data, const SmallNetRun& run, Start s) {
  book::Plot plot("boundary_" + to_string(s),
                  fmt::format("Start: {}. After training: accuracy {}", to_string(s), num(run.accuracy)), "x1", "x2");
  plot.shading = shade(run.end);
  plot.xrange = {{-1.5, 2.5}};
  plot.yrange = {{-1.0, 1.5}};
  for (int c = 0; c < 2; ++c) {
    book::Series pts{fmt::format("class {}", c), {}, {}, c == 0 ? "points pt 7 ps 0.6 lc rgb '#cf222e'"
                                                                : "points pt 7 ps 0.6 lc rgb '#0969da'"};
    for (Index r = 0; r < data.size(); ++r) {
      if (data.labels[static_cast<std::size_t>(r)] != c) continue;
      pts.x.push_back(data.X(r, 0));
      pts.y.push_back(data.X(r, 1));
    }
    plot.series.push_back(std::move(pts));
  }
  ch.write_plot(plot);
}

// The constant-start network after training, on the first point, forward and
// backward: the main graph, where the four hidden values and the four
// columns of dW1 are still equal. With --gradcheck, its gradients against
// central differences.
void draw_symmetry(book::Chapter& ch, const Dataset& data, const SmallNet& n, int steps) {
  const Mat x0 = data.X.topRows(1);
  const std::vector<int> y0 = {data.labels[0]};
  auto loss_of = [&](const std::vector<Tensor>& p) {
    const Tensor h = tanh(add(matmul(p[4], p[0]).set_label("a"), p[1]).set_label("a + b1")).set_label("h");
    return cross_entropy(add(matmul(h, p[2]), p[3]).set_label("z"), y0).set_label("loss").set_role(Role::Loss);
  };
  Context ctx;
  const std::vector<Tensor> p = {ctx.param(n.W1, "W1"), ctx.param(n.b1, "b1"), ctx.param(n.W2, "W2"),
                                 ctx.param(n.b2, "b2"), ctx.input(x0, "x")};
  Tensor L = loss_of(p);
  L.backward();
  DotOptions dot;
  dot.legend = true;
  dot.title = fmt::format("every weight started at {:.1f}: after {} steps the {} hidden units are still copies "
                          "(the same h, the same columns of W1 and of its gradient)", kConstant, steps, kHidden);
  ch.write_graph("symmetry", to_dot(L, dot), true);
  if (ch.gradcheck_requested()) {
    ch.report_gradcheck("symmetric_network",
                        gradcheck([&](const std::vector<Tensor>& in) { return loss_of(in); },
                                  std::vector<GradcheckInput>{{n.W1, "W1"}, {n.b1, "b1"}, {n.W2, "W2"},
                                                              {n.b2, "b2"}, {x0, "x", false}}));
  }
}

}  // namespace

void symmetry(book::Chapter& ch, const Settings& s) {
  ch.section("Zeros and constants: the symmetry problem");
  Generator gen = ch.generator();
  const Dataset data = two_moons(kPoints, kNoise, gen);
  const int steps = s.steps > 0 ? s.steps : (ch.quick() ? kQuickSteps : kSteps);
  ch.say(fmt::format(
      "A 2-{}-2 network, tanh, cross-entropy, on two moons ({} points), trained by full-batch\n"
      "gradient descent (η = {}, {} steps) from three starts: every weight 0; every weight\n"
      "{:.1f} (biases 0); random (Xavier). Hidden unit j is column j of W1 and b1, and row j of W2.",
      kHidden, kPoints, kLr, steps, kConstant));

  book::Table summary({"start", "loss at start", "loss at end", "accuracy", "units identical", "largest |W1|, |W2|"});
  book::Table weights({"start", "unit j", "W1[0,j]", "W1[1,j]", "b1[j]", "W2[j,0]", "W2[j,1]"});
  std::vector<std::pair<std::string, SmallNet>> trained;
  for (Start start : {Start::Zeros, Start::Constant, Start::Random}) {
    const std::string name = to_string(start);
    Context ctx(start == Start::Constant ? &ch.trace() : nullptr);   // --trace shows the constant start
    const SmallNetRun run = train_small_net(ctx, data, small_net(start, kHidden, kConstant, gen), steps, kLr,
                                            [&](int k, double loss) {
                                              if (start == Start::Constant) ch.trace_step(k, {{"loss", loss}});
                                            });
    if (start == Start::Constant) ch.restore_trace();
    const bool identical = units_identical(run.end);
    const double largest = std::max(run.end.W1.cwiseAbs().maxCoeff(), run.end.W2.cwiseAbs().maxCoeff());
    summary.add({name, num(run.loss.front()), num(run.loss.back()), num(run.accuracy), identical ? "yes" : "no",
                 num(largest)});
    for (Index j = 0; j < kHidden; ++j) {
      weights.add({name, std::to_string(j), num(run.end.W1(0, j)), num(run.end.W1(1, j)), num(run.end.b1(0, j)),
                   num(run.end.W2(j, 0)), num(run.end.W2(j, 1))});
    }
    ch.result(name + ".initial_loss", run.loss.front());
    ch.result(name + ".final_loss", run.loss.back());
    ch.result(name + ".accuracy", run.accuracy);
    ch.result(name + ".units_identical", identical ? "yes" : "no");
    ch.result(name + ".largest_weight", largest);
    trained.emplace_back(name, run.end);
    boundary_plot(ch, data, run, start);
    if (start == Start::Constant) draw_symmetry(ch, data, run.end, steps);
  }
  ch.table(summary, "symmetry.csv");
  ch.table(weights, "symmetry_weights.csv");
  // Your measure of the symmetry (exercise 12.3) on the three trained networks.
  ch.part("your max_unit_difference on the trained networks", [&] {
    for (const auto& [name, net] : trained) {
      const double d = std::max({max_unit_difference(net.W1), max_unit_difference(net.b1),
                                 max_unit_difference(net.W2.transpose())});
      ch.result(name + ".max_unit_difference", d);
      if ((d == 0.0) != units_identical(net)) {
        ch.note(fmt::format("your max_unit_difference gives {} for the {} start, whose units are {}: a unit is a "
                            "column of W1 and b1 (a row of W2). Check it: build/bin/grade --exercise 12.3",
                            d, name, units_identical(net) ? "copies" : "different"));
      }
    }
  });
  ch.say(
      "Zeros: h = tanh(0) = 0, so W2 gets no gradient (dW2 = hᵀ·dZ = 0) and W1 none either\n"
      "(dh = dZ·W2ᵀ = 0). With balanced classes even b2's gradient is 0 (up to rounding): nothing\n"
      "moves, the loss stays ln 2. Constant: every unit computes the same h, receives the same\n"
      "gradient and takes the same step, so after any number of steps the units are still\n"
      "copies: the network is one hidden unit wide, and its boundary is a straight line\n"
      "(boundary_constant.svg). Random weights break the symmetry (boundary_random.svg).");
}

}  // namespace sg::ch12
