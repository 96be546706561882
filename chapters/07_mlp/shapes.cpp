// Chapter 7: what hidden layers can represent. Narrow, wide and deep ReLU
// networks on two moons and three spirals (decision boundaries), and one
// hidden layer approximating a 1-D curve better and better as it widens: by
// construction (pairs of steep sigmoids) and by training.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chapters/07_mlp/figures.hpp"
#include "chapters/07_mlp/lesson.hpp"

namespace sg::ch07 {
namespace {

struct Arch {
  std::string name;          // narrow, wide, deep
  std::vector<Index> hidden; // units per hidden layer
};

std::string layers_text(const std::vector<Index>& hidden) {
  std::string s;
  for (std::size_t i = 0; i < hidden.size(); ++i) s += fmt::format("{}{}", i ? "-" : "", hidden[i]);
  return s;
}

// in → [Linear → ReLU] per hidden layer → Linear(out): logits.
std::unique_ptr<Sequential<>> relu_net(Context& ctx, Index in, const std::vector<Index>& hidden, Index out,
                                       Generator& gen) {
  auto model = std::make_unique<Sequential<>>();
  Index width = in;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    model->emplace<Linear<>>(ctx, fmt::format("fc{}", i + 1), width, hidden[i], gen, Init::He);
    model->emplace<ReLU<>>();
    width = hidden[i];
  }
  model->emplace<Linear<>>(ctx, "out", width, out, gen);
  return model;
}

double accuracy(Sequential<>& model, const Dataset& d) {
  const Mat logits = predict(model, d.X);
  Index right = 0;
  for (Index i = 0; i < d.size(); ++i) {
    Index k = 0;
    logits.row(i).maxCoeff(&k);
    right += k == d.labels[static_cast<std::size_t>(i)];
  }
  return static_cast<double>(right) / static_cast<double>(d.size());
}

// Full-batch Adam on the whole training set: the same number of steps for every network.
double train_classifier(Context& ctx, Sequential<>& model, const Dataset& train, const ShapeSettings& s) {
  Adam<double> opt(model.trainable_params(), {.lr = s.lr});
  const Tensor X = ctx.input(train.X, "X");
  double last = 0.0;
  for (int step = 1; step <= s.steps; ++step) {
    opt.zero_grad();
    Tensor L = cross_entropy(model(X), train.labels);
    last = L.item();
    require_finite(L.value(), fmt::format("step {}: the loss", step));
    L.backward();
    opt.step();
  }
  return last;
}

// The boundary of a classifier over the square [lo, hi]²: p(class 1) for two
// classes, the winning class (0, ½, 1) for three.
void plot_classifier(book::Chapter& ch, const std::string& name, const std::string& title, Sequential<>& model,
                     const Dataset& data, Index classes, double lo, double hi, int grid) {
  book::Plot plot = square_plot(name, title, "x1", "x2", lo, hi);
  plot.shading = shade(lo, hi, lo, hi, [&](const Mat& G) {
    const Mat logits = predict(model, G);
    Eigen::VectorXd z(G.rows());
    for (Index i = 0; i < G.rows(); ++i) {
      if (classes == 2) {
        z(i) = 1.0 / (1.0 + std::exp(logits(i, 0) - logits(i, 1)));   // softmax's p(class 1)
      } else {
        Index k = 0;
        logits.row(i).maxCoeff(&k);
        z(i) = static_cast<double>(k) / static_cast<double>(classes - 1);
      }
    }
    return z;
  }, grid);
  // Class k shaded at k/2: red, blue, green, the colours of the points.
  if (classes == 3) plot.extra.push_back("set palette defined (0 '#f4cccc', 0.5 '#cfe2f3', 1 '#d9ead3')");
  add_points(plot, data.X, data.labels, 0.6);
  ch.write_plot(plot);
}

}  // namespace

void width_vs_depth(book::Chapter& ch, const ShapeSettings& s) {
  ch.section("Width and depth: two moons and three spirals");
  const std::vector<Arch> archs = {{"narrow", {4}}, {"wide", {64}}, {"deep", {12, 12, 12}}};
  ch.say(fmt::format(
      "Three ReLU networks, each trained the same way (full-batch Adam, lr = {}, {} steps, He\n"
      "initialisation), on {} points of each set, a quarter held out to test:\n"
      "  narrow  one hidden layer of 4 units\n"
      "  wide    one hidden layer of 64 units\n"
      "  deep    three hidden layers of 12 units\n"
      "On three spirals the wide and the deep network have exactly the same number of\n"
      "parameters (387): the same budget spent on width or on depth.{}",
      s.lr, s.steps, s.points, s.moons ? "" : "\n(--quick: the spirals only, on a smaller budget.)"));
  Generator gen = ch.generator();
  struct Set {
    std::string name;
    Dataset data;
    double lo, hi;
  };
  std::vector<Set> sets;
  const Dataset moons = two_moons(s.points, 0.2, gen);   // drawn either way: the spirals' points stay the same
  if (s.moons) sets.push_back({"moons", moons, -1.5, 2.5});
  sets.push_back({"spirals", spirals(s.points, 3, 0.2, gen), -1.1, 1.1});
  book::Table t({"data", "network", "hidden layers", "parameters", "final loss", "train accuracy", "test accuracy"});
  for (const Set& set : sets) {
    const Index classes = set.data.classes();
    const auto [train, test] = train_test_split(set.data, 0.25, gen, /*stratified=*/true);
    for (const Arch& a : archs) {
      Context ctx;
      std::unique_ptr<Sequential<>> model = relu_net(ctx, 2, a.hidden, classes, gen);
      const double loss = train_classifier(ctx, *model, train, s);
      const double acc_train = accuracy(*model, train), acc_test = accuracy(*model, test);
      t.add({set.name, a.name, layers_text(a.hidden), fmt::format("{}", model->parameter_count()),
             fmt::format("{:.4f}", loss), fmt::format("{:.3f}", acc_train), fmt::format("{:.3f}", acc_test)});
      const std::string key = fmt::format("{}.{}", set.name, a.name);
      ch.result(key + ".params", static_cast<double>(model->parameter_count()));
      ch.result(key + ".train_accuracy", acc_train);
      ch.result(key + ".test_accuracy", acc_test);
      plot_classifier(ch, fmt::format("{}_{}", set.name, a.name),
                      fmt::format("{}: {} network (hidden {}), test accuracy {:.3f}", set.name, a.name,
                                  layers_text(a.hidden), acc_test),
                      *model, set.data, classes, set.lo, set.hi, s.grid);
    }
  }
  ch.table(t, "width_vs_depth.csv");
  ch.say("A ReLU unit bends the function along one line, so four units cut the plane with four\n"
         "lines at most: too few pieces for the spirals' arms (the narrow pictures). Side by side,\n"
         "64 units make 64 bends; stacked, each layer folds the pieces of the one before, so the\n"
         "number of pieces can multiply with depth. Compare the wide and the deep rows: the same\n"
         "387 parameters on the spirals, 36 hidden units against 64. Lecture 4's point: depth can\n"
         "reduce the number of units a function needs.");
}

void universal_approximation(book::Chapter& ch, const ShapeSettings& s) {
  ch.section("Universal approximation: one hidden layer, more and more units");
  Generator gen = ch.generator();
  const Dataset curve = regression_curve(64, 0.0, gen);   // x = linspace(0, 1, 64), y = sin(2πx)
  const Mat& X = curve.X;
  const Mat& Y = curve.targets;
  ch.say("The theorem (lecture 4): one hidden layer of sigmoid-like units and a linear output can\n"
         "approximate any continuous function on a closed interval as closely as we like, given\n"
         "enough units. The target here is y = sin(2πx) on [0, 1] (engine/data's regression_curve).\n"
         "\nWhy, by construction: σ(s(x − l)) − σ(s(x − r)) is a bump of height 1 on [l, r] for a\n"
         "steep s. Cut [0, 1] into n pieces and stack n bumps, each as tall as the curve in the\n"
         "middle of its piece: 2n hidden units, a staircase, and the error shrinks like 1/n.");

  // The staircase network: W1 = s, b1 = −s·edge, output ±f(centre).
  book::Plot bumps("universal_bumps", "sin(2πx) by n bumps of two steep sigmoids each (2n hidden units)", "x", "y");
  bumps.key = "outside right";
  Mat fine(401, 1);
  for (Index i = 0; i < fine.rows(); ++i) fine(i, 0) = static_cast<double>(i) / 400.0;
  book::Series truth{"sin(2πx)", {}, {}, "lines lw 3 lc rgb '#999999'"};
  for (Index i = 0; i < fine.rows(); ++i) {
    truth.x.push_back(fine(i, 0));
    truth.y.push_back(std::sin(2 * M_PI * fine(i, 0)));
  }
  bumps.series.push_back(truth);
  book::Table tb({"bumps n", "hidden units", "max |error| on [0, 1]"});
  for (const int n : {2, 5, 10, 50}) {
    const double steep = 40.0 * n;   // the transition is ~1/40 of a piece wide
    Mat W1(1, 2 * n), b1(1, 2 * n), W2(2 * n, 1);
    for (int i = 0; i < n; ++i) {
      const double l = static_cast<double>(i) / n, r = static_cast<double>(i + 1) / n;
      const double height = std::sin(2 * M_PI * (l + r) / 2);
      W1(0, 2 * i) = steep, b1(0, 2 * i) = -steep * l, W2(2 * i, 0) = height;
      W1(0, 2 * i + 1) = steep, b1(0, 2 * i + 1) = -steep * r, W2(2 * i + 1, 0) = -height;
    }
    Context ctx;
    NoGrad no_grad(ctx);
    const Mat yhat = matmul(sigmoid(matmul(ctx.input(fine), ctx.input(W1)) + ctx.input(b1)), ctx.input(W2)).value();
    double worst = 0.0;
    for (Index i = 0; i < fine.rows(); ++i) worst = std::max(worst, std::abs(yhat(i, 0) - truth.y[i]));
    tb.add({fmt::format("{}", n), fmt::format("{}", 2 * n), fmt::format("{:.4f}", worst)});
    ch.result(fmt::format("ua.bumps{}.max_error", n), worst);
    if (n == 50) continue;   // indistinguishable from the curve at this size
    book::Series fit{fmt::format("n = {} ({} units)", n, 2 * n), {}, {}, "lines lw 2"};
    for (Index i = 0; i < fine.rows(); ++i) {
      fit.x.push_back(fine(i, 0));
      fit.y.push_back(yhat(i, 0));
    }
    bumps.series.push_back(fit);
  }
  ch.table(tb, "universal_bumps.csv");
  ch.write_plot(bumps);

  ch.say(fmt::format("\nBy training: the same shape of network, x → tanh(H units) → linear, fitted to the 64\n"
                     "points by full-batch Adam (lr = {}, {} steps, mean squared error):",
                     s.ua_lr, s.ua_steps));
  book::Plot trained("universal", "sin(2πx) fitted by one hidden layer of H tanh units", "x", "y");
  trained.key = "outside right";
  book::Series points{"64 training points", {}, {}, "points pt 7 ps 0.6 lc rgb '#555555'"};
  for (Index i = 0; i < X.rows(); ++i) {
    points.x.push_back(X(i, 0));
    points.y.push_back(Y(i, 0));
  }
  trained.series.push_back(points);
  book::Table tt({"hidden units H", "parameters", "mean squared error"});
  for (const Index H : {1, 2, 3, 8}) {
    Context ctx;
    Linear<> hidden(ctx, "hidden", 1, H, gen), output(ctx, "output", H, 1, gen);
    // Every width draws its start in turn, trained or not, so that each start is
    // the same in the full run and with --quick (which trains fewer widths).
    if (std::find(s.ua_widths.begin(), s.ua_widths.end(), H) == s.ua_widths.end()) continue;
    const Tensor Xt = ctx.input(X, "x"), Yt = ctx.input(Y, "y");
    Adam<double> opt({hidden.W, hidden.b, output.W, output.b}, {.lr = s.ua_lr});
    double mse_last = 0.0;
    for (int step = 1; step <= s.ua_steps; ++step) {
      opt.zero_grad();
      Tensor L = mse(output(tanh(hidden(Xt))), Yt);
      mse_last = L.item();
      L.backward();
      opt.step();
    }
    NoGrad no_grad(ctx);
    const Mat yhat = output(tanh(hidden(ctx.input(fine)))).value();
    mse_last = mse(output(tanh(hidden(Xt))), Yt).item();
    tt.add({fmt::format("{}", H), fmt::format("{}", 3 * H + 1), fmt::format("{:.2e}", mse_last)});
    ch.result(fmt::format("ua.h{}.mse", H), mse_last);
    book::Series fit{fmt::format("H = {}", H), {}, {}, "lines lw 2"};
    for (Index i = 0; i < fine.rows(); ++i) {
      fit.x.push_back(fine(i, 0));
      fit.y.push_back(yhat(i, 0));
    }
    trained.series.push_back(fit);
  }
  ch.table(tt, "universal_trained.csv");
  ch.write_plot(trained);
  ch.say("One tanh is one S-curve: it cannot go up and then down, and its error stays where a\n"
         "straight-ish line leaves it. Every unit added is one more bend to spend, and the error\n"
         "falls. The theorem promises that the weights exist; it does not promise that gradient\n"
         "descent finds them quickly, nor that the fit between the points is any good (lecture 4:\n"
         "the layer may be infeasibly large and fail to generalise). Deeper networks often need\n"
         "far fewer units for the same fit.");
}

}  // namespace sg::ch07
