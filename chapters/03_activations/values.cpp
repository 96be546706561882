// The activations themselves: the main graph, values and derivatives three
// ways, the two plots, saturation, and which of them are zero-centred. Every
// number drawn comes from the engine's ops; the student's functions
// (exercises 3.1-3.4) are compared with them where they are ready.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "chapters/03_activations/activations.hpp"
#include "chapters/03_activations/exercises.hpp"
#include "chapters/03_activations/lesson.hpp"

namespace sg::ch03 {

namespace {
constexpr double kH = 1e-5;              // step of the central differences
constexpr double kPlotHalfWidth = 4.0;   // the plots show x in [-4, 4]
constexpr int kPlotPoints = 801;
constexpr int kSymmetricPairs = 1000;    // zero-centred: x and -x, 1000 of each

std::string num(double v) { return fmt::format("{:.6g}", v); }

const Activation& by_name(const std::vector<Activation>& all, std::string_view name) {
  for (const Activation& a : all) {
    if (a.name == name) return a;
  }
  throw Error(fmt::format("no activation named '{}'", name));
}

// A (1, n) row of the given numbers.
Mat row(const std::vector<double>& values) {
  Mat X(1, static_cast<Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) X(0, static_cast<Index>(i)) = values[i];
  return X;
}

// The engine's f(X), untraced.
Mat engine_forward(const Activation& a, const Mat& X) {
  Context ctx;
  return a.op(ctx.input(X, "x")).value();
}

// The engine's derivative at every element of X: backward with dY = 1.
Mat engine_derivative(Context& ctx, const Activation& a, const Mat& X) {
  Tensor x = ctx.input(X, "x", true);
  Tensor Y = a.op(x).set_label(a.name);
  Y.backward(Mat::Ones(X.rows(), X.cols()));
  return x.grad();
}
}  // namespace

std::vector<Activation> activations(double alpha) {
  return {
      {"sigmoid", "3.1", sigmoid_forward, sigmoid_backward, [](const Tensor& X) { return sigmoid(X); }},
      {"tanh", "3.2", tanh_forward, tanh_backward, [](const Tensor& X) { return tanh(X); }},
      {"relu", "3.3", relu_forward, relu_backward, [](const Tensor& X) { return relu(X); }, true},
      {"leaky_relu", "3.4", [alpha](const Mat& X) { return leaky_relu_forward(X, alpha); },
       [alpha](const Mat& X, const Mat& dY) { return leaky_relu_backward(X, dY, alpha); },
       [alpha](const Tensor& X) { return leaky_relu(X, alpha); }, true},
      // The engine has no identity op; 1·x is the same function.
      {"linear", "", linear_forward, linear_backward, [](const Tensor& X) { return 1.0 * X; }},
  };
}

void draw_main_graph(book::Chapter& ch, Context& ctx, double alpha) {
  ch.section("One input, five activations");
  constexpr double kX = -0.5;
  Tensor x = ctx.scalar(kX, "x");
  // One statement each: the operands of one expression may be evaluated in
  // any order, and node ids must follow the order a reader sees.
  const Tensor s = sigmoid(x).set_label("sigmoid");
  const Tensor t = tanh(x).set_label("tanh");
  const Tensor r = relu(x).set_label("relu");
  const Tensor l = leaky_relu(x, alpha).set_label("leaky_relu");
  Tensor y = (s + t + r + l + x).set_label("sum");
  y.backward();
  ch.say(fmt::format(
      "x = {} goes through each activation (and through the identity, the 'linear' one); the\n"
      "sum adds them up so that one backward pass visits all five. Each edge of graph.svg\n"
      "carries its chain-rule formula: relu sends back [x > 0]·dY = 0, leaky_relu α·dY = {}.\n"
      "x.grad = σ'(x) + tanh'(x) + 0 + α + 1 = {:.10g}",
      kX, alpha, x.grad()(0, 0)));
  DotOptions o;
  o.show_formulas = true;
  o.legend = true;
  o.title = fmt::format("x = {}: sigmoid, tanh, relu, leaky_relu (α = {}) and the identity", kX, alpha);
  ch.write_graph("graph", to_dot(y, o), true);
}

void values_and_derivatives(book::Chapter& ch, Context& ctx, double alpha) {
  ch.section("Values and derivatives, three ways");
  ch.say("f'(x) from your formula (exercises 3.1-3.4), from the engine's backward (dY = 1), and by\n"
         "central difference (f(x+h) - f(x-h))/2h of the engine's f, with h = 1e-5. At the kink x = 0\n"
         "the engine takes relu'(0) = 0 and leaky_relu'(0) = α (docs/engine.md); the central difference\n"
         "straddles the kink and returns the mean of the two slopes instead.");
  const Mat X = row({-10, -2, -0.5, 0, 0.5, 2, 10});
  const Mat ones = Mat::Ones(1, X.cols());
  book::Table t({"f", "x", "f(x)", "f'(x) yours", "f'(x) engine", "f'(x) central", "note"});
  double max_engine = 0, max_central = 0, relu_central_at_0 = 0;
  bool compared = false;
  for (const Activation& a : activations(alpha)) {
    const Mat F = engine_forward(a, X);
    const Mat engine = engine_derivative(ctx, a, X);
    const Mat central = central_difference([&a](const Mat& Z) { return engine_forward(a, Z); }, X, kH);
    std::optional<Mat> dF;   // yours, once its exercise is done
    ch.part(fmt::format("your {} against the engine", a.name), [&] {
      const Mat F_yours = a.forward(X);
      const Mat dF_yours = a.backward(X, ones);
      if (F_yours.rows() != X.rows() || F_yours.cols() != X.cols() || dF_yours.rows() != X.rows() ||
          dF_yours.cols() != X.cols()) {
        ch.note(fmt::format("your {} returns a ({},{}) forward and a ({},{}) backward for a (1,{}) X; both must "
                            "have X's shape. Check: build/bin/grade --exercise {}",
                            a.name, F_yours.rows(), F_yours.cols(), dF_yours.rows(), dF_yours.cols(), X.cols(),
                            a.exercise));
        return;
      }
      const double diff = std::max((F_yours - F).cwiseAbs().maxCoeff(), (dF_yours - engine).cwiseAbs().maxCoeff());
      if (!(diff <= 1e-12)) {   // NaN too
        ch.note(fmt::format("your {} differs from the engine's by up to {:.3g} at x in {{-10, -2, -0.5, 0, 0.5, 2, "
                            "10}} (forward or backward). Check: build/bin/grade --exercise {}",
                            a.name, diff, a.exercise));
      }
      max_engine = std::max(max_engine, diff);
      compared = true;
      dF = dF_yours;
    });
    for (Index i = 0; i < X.cols(); ++i) {
      const bool kink = a.kink_at_zero && X(0, i) == 0.0;
      if (dF && !kink) max_central = std::max(max_central, std::abs((*dF)(0, i) - central(0, i)));
      t.add({a.name, num(X(0, i)), num(F(0, i)), dF ? num((*dF)(0, i)) : "(exercise " + a.exercise + ")",
             num(engine(0, i)), num(central(0, i)), kink ? "kink: the mean of both slopes" : ""});
    }
    if (a.name == "relu") relu_central_at_0 = central(0, 3);   // X(0, 3) is 0
  }
  ch.table(t, "values.csv");
  if (compared) {
    ch.result("max_abs_diff_formula_vs_engine", max_engine);
    ch.result("max_abs_diff_formula_vs_central", max_central);
  }
  ch.result("relu_central_difference_at_0", relu_central_at_0);
  const std::vector<Activation> all = activations(alpha);
  ch.result("relu_grad_at_0", engine_derivative(ctx, by_name(all, "relu"), Mat::Zero(1, 1))(0, 0));
  ch.result("leaky_relu_grad_at_0", engine_derivative(ctx, by_name(all, "leaky_relu"), Mat::Zero(1, 1))(0, 0));
}

void plot_activations(book::Chapter& ch, double alpha) {
  Mat X(1, kPlotPoints);
  for (Index i = 0; i < kPlotPoints; ++i) {
    X(0, i) = -kPlotHalfWidth + 2 * kPlotHalfWidth * static_cast<double>(i) / (kPlotPoints - 1);
  }
  book::Plot values("activations", "Activations", "x", "f(x)");
  book::Plot slopes("derivatives", "Their derivatives", "x", "f'(x)");
  Context ctx;   // untraced: 801 points
  for (const Activation& a : activations(alpha)) {
    const Mat F = engine_forward(a, X);
    const Mat dF = engine_derivative(ctx, a, X);
    book::Series f{a.name, {}, {}, "lines lw 2"};
    book::Series d{a.name, {}, {}, "lines lw 2"};
    for (Index i = 0; i < X.cols(); ++i) {
      f.x.push_back(X(0, i));
      f.y.push_back(F(0, i));
      d.x.push_back(X(0, i));
      d.y.push_back(dF(0, i));
    }
    values.series.push_back(f);
    slopes.series.push_back(d);
  }
  values.yrange = {{-1.5, 2.5}};
  values.key = "top left";
  values.extra = {"set grid"};
  slopes.yrange = {{-0.1, 1.1}};
  slopes.key = "top left";
  slopes.extra = {"set grid", "set label 1 'σ′ ≤ 0.25' at 1.2,0.32"};
  ch.write_plot(values);
  ch.write_plot(slopes);
  ch.say("Plots: activations.svg (the functions) and derivatives.svg (their slopes).");
}

void saturation(book::Chapter& ch, Context& ctx) {
  ch.section("Saturation");
  ch.say("Far from 0, sigmoid and tanh are flat: their derivative is nearly 0, so almost no\n"
         "gradient flows back through a saturated unit. Written without cancellation,\n"
         "σ'(x) = σ(x)·σ(-x) and tanh'(x) = 1/cosh²(x). (The engine computes 1 - tanh², which at\n"
         "x = 10 keeps only ~8 of those digits: tanh(10) = 0.99999999588 is 1 to 8 places.)");
  const Mat X = row({10, -10});
  const std::vector<Activation> all = activations(0.01);
  const Mat sig = engine_forward(by_name(all, "sigmoid"), X).cwiseProduct(engine_forward(by_name(all, "sigmoid"), -X));
  const Mat tan = X.array().cosh().square().inverse().matrix();
  const Mat sig_engine = engine_derivative(ctx, by_name(all, "sigmoid"), X);
  const Mat tan_engine = engine_derivative(ctx, by_name(all, "tanh"), X);
  ch.result("sigmoid_grad_at_10", sig(0, 0));
  ch.result("sigmoid_grad_at_minus_10", sig(0, 1));
  ch.result("tanh_grad_at_10", tan(0, 0));
  ch.result("tanh_grad_at_minus_10", tan(0, 1));
  const double rel = std::max(((sig_engine - sig).array() / sig.array()).abs().maxCoeff(),
                              ((tan_engine - tan).array() / tan.array()).abs().maxCoeff());
  ch.result("saturation_engine_max_rel_diff", rel);
  const Mat relu_engine = engine_derivative(ctx, by_name(all, "relu"), X);
  ch.result("relu_grad_at_10", relu_engine(0, 0));
  ch.result("relu_grad_at_minus_10", relu_engine(0, 1));
  ch.say("The largest σ' is 0.25 (at 0), so a chain of 10 sigmoids shrinks a gradient by at least\n"
         "0.25^10 ≈ 9.5e-7: the vanishing gradient. ReLU passes 1 for every positive input.");
  ch.result("sigmoid_grad_max_to_the_10", std::pow(0.25, 10));
}

void zero_centred(book::Chapter& ch, double alpha) {
  ch.section("Zero-centred or not");
  Generator gen = ch.generator();
  Mat X(1, 2 * kSymmetricPairs);
  for (Index i = 0; i < kSymmetricPairs; ++i) {
    X(0, i) = gen.normal();
    X(0, kSymmetricPairs + i) = -X(0, i);   // every input comes with its mirror image
  }
  ch.say(fmt::format(
      "{} normal samples and their mirror images: the inputs average exactly 0. What do the\n"
      "outputs average? tanh and linear are odd functions and stay centred at 0; sigmoid\n"
      "centres at 0.5, ReLU above 0. A layer after them sees only positive inputs, so every\n"
      "weight into one of its units gets a gradient of the same sign (dW = Xᵀ·dY): the\n"
      "weights can only all grow or all shrink together, and descent zig-zags.",
      kSymmetricPairs));
  book::Table t({"f", "mean f(x)", "zero-centred"});
  for (const Activation& a : activations(alpha)) {
    const double m = engine_forward(a, X).mean();
    t.add({a.name, num(m), std::abs(m) < 1e-9 ? "yes" : "no"});
    ch.result("mean_" + a.name, m);
  }
  ch.table(t, "zero_centred.csv");
}

}  // namespace sg::ch03
