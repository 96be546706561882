// Chapter 8: checking gradients. The relative error and its bands, a whole
// network checked in three modes (and by the student's own checker), the
// error against the step size in double and float (the V curve), and kinks.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <cmath>
#include <limits>

#include "chapters/08_gradient_checking/exercises.hpp"
#include "chapters/08_gradient_checking/lesson.hpp"

namespace sg::ch08 {
namespace {

using book::sci;

// ---- the network's parameters as one vector (the student's checker works on vectors)

Eigen::VectorXd flatten(const Net& net) {
  Eigen::VectorXd theta(net.parameter_count());
  Index k = 0;
  for (std::size_t i = 1; i < net.inputs.size(); ++i) {
    const Mat& M = net.inputs[i].value;
    theta.segment(k, M.size()) = M.reshaped();
    k += M.size();
  }
  return theta;
}

// Element k of the flattened parameters: its tensor's label, row and column.
struct Where {
  std::string label;
  Index row = 0, col = 0;
  std::string name() const { return fmt::format("{}({},{})", label, row, col); }   // "W2(3,5)"
};
Where element_at(const Net& net, Index k) {
  for (std::size_t i = 1; i < net.inputs.size(); ++i) {
    const Mat& M = net.inputs[i].value;
    if (k < M.size()) return {net.inputs[i].label, k % M.rows(), k / M.rows()};
    k -= M.size();
  }
  throw Error(fmt::format("element {} is outside the network's parameters", k));
}

// Full mode's numeric derivative of element k (its central difference at h = 1e-6).
double engine_numeric(const GradcheckResult& full, const Net& net, Index k) {
  const Where w = element_at(net, k);
  for (const ElementCheck& e : full.input(w.label).elements) {
    if (e.row == w.row && e.col == w.col) return e.numeric;
  }
  throw Error(fmt::format("full mode did not check {}", w.name()));
}

// The network's inputs with the parameters taken from theta, in precision T.
template <typename T>
std::vector<TensorT<T>> leaves(Context& ctx, const Net& net, const Eigen::VectorXd& theta) {
  std::vector<TensorT<T>> in{ctx.input<T>(net.inputs[0].value.cast<T>(), "X")};
  Index k = 0;
  for (std::size_t i = 1; i < net.inputs.size(); ++i) {
    const Mat& M = net.inputs[i].value;
    const Mat part = theta.segment(k, M.size()).reshaped(M.rows(), M.cols());
    in.push_back(ctx.param<T>(part.cast<T>(), net.inputs[i].label));
    k += M.size();
  }
  return in;
}

// The same network in either precision (the float one for the V curve).
template <typename T>
TensorT<T> loss_of(const std::vector<TensorT<T>>& in, const std::vector<int>& labels) {
  const TensorT<T> H1 = tanh(matmul(in[0], in[1]) + in[2]);
  const TensorT<T> H2 = tanh(matmul(H1, in[3]) + in[4]);
  return cross_entropy(matmul(H2, in[5]) + in[6], labels);
}

double loss_at(const Net& net, const Eigen::VectorXd& theta) {
  Context ctx;
  NoGrad no_grad(ctx);
  return loss_of(leaves<double>(ctx, net, theta), net.labels).item();
}

float loss_at_float(const Net& net, const Eigen::VectorXd& theta) {
  Context ctx;
  NoGrad no_grad(ctx);
  return loss_of(leaves<float>(ctx, net, theta), net.labels).item();
}

Eigen::VectorXd grad_at(const Net& net, const Eigen::VectorXd& theta, Layer2 layer2) {
  Context ctx;
  const std::vector<Tensor> in = leaves<double>(ctx, net, theta);
  Tensor L = net_loss(in, net.labels, layer2);
  L.backward();
  Eigen::VectorXd g(theta.size());
  Index k = 0;
  for (std::size_t i = 1; i < in.size(); ++i) {
    g.segment(k, in[i].grad().size()) = in[i].grad().reshaped();
    k += in[i].grad().size();
  }
  return g;
}

// `count` distinct random elements of [first, first + size), in increasing order.
std::vector<Index> pick(Generator& gen, Index first, Index size, Index count) {
  std::vector<Index> p = permutation(size, gen);
  p.resize(static_cast<std::size_t>(std::min(count, size)));
  std::sort(p.begin(), p.end());
  for (Index& i : p) i += first;
  return p;
}

}  // namespace

void draw_network(book::Chapter& ch, const Net& net) {
  ch.section("The network we check");
  ch.say(fmt::format(
      "A 2-8-8-3 network, X → tanh(X·W1 + b1) → tanh(·W2 + b2) → ·W3 + b3 → softmax\n"
      "cross-entropy, on 12 points of three spirals: {} numbers to check. Its graph is\n"
      "graph.svg; the forward and backward pass below are traced (--trace, --step).",
      net.parameter_count()));
  Context ctx(&ch.trace());
  std::vector<Tensor> in;
  for (const GradcheckInput& g : net.inputs) {
    in.push_back(g.requires_grad ? ctx.param(g.value, g.label) : ctx.input(g.value, g.label));
  }
  Tensor L = net_loss(in, net.labels).set_label("L");
  L.backward();
  DotOptions dot;
  dot.legend = true;
  dot.title = "the network every section checks: 2-8-8-3, tanh, softmax cross-entropy on 12 points";
  ch.write_graph("graph", to_dot(L, dot), true);
  ch.result("net.parameters", static_cast<double>(net.parameter_count()));
  ch.result("net.loss", L.item());
  ch.trace().set_level(TraceLevel::Off);   // gradcheck builds thousands of graphs below: not traced
}

void relative_error_and_bands(book::Chapter& ch) {
  ch.section("The relative error and its bands");
  ch.say("A gradient check compares the analytic derivative a (what backward computed) with a\n"
         "numeric one n (a central difference of the forward pass). How close is close enough?\n"
         "Not |a − n|: 1e-6 is excellent for a gradient of 100 and useless for one of 1e-6. The\n"
         "engine uses the relative error of CS231n's notes,\n"
         "    rel = |a − n| / max(|a| + |n|, 1e-12)\n"
         "(the notes divide by max(|a|, |n|), which is at most twice as large; the bands are\n"
         "orders of magnitude apart, so it never changes a verdict; the 1e-12 makes a = n = 0 an\n"
         "error of 0, not 0/0). And the bands, in double:\n"
         "    rel < 1e-7           good: the gradient is right\n"
         "    1e-7 <= rel < 1e-4   ok at a kink or in float; for a smooth op in double, look again\n"
         "    1e-4 <= rel <= 1e-2  suspicious: probably a bug (or a kink crossed unnoticed)\n"
         "    rel > 1e-2           wrong\n"
         "Some pairs (a, n) and what they usually mean:");
  struct Example {
    std::string key, what;
    double a, n;
  };
  const std::vector<Example> examples = {
      {"smooth_double", "a smooth op in double, h = 1e-6", -0.731058578630, -0.731058578599},
      {"float", "the same op in float, h = 1e-3", -0.731058578630, -0.73107},
      {"kink_unnoticed", "a kink crossed unnoticed, or a small bug", 2.0, 2.0006},
      {"relu_at_0", "relu at 0: n averages the slopes 0 and 1", 0.0, 0.5},
      {"factor_2", "a factor 2 missing in backward", 1.5, 3.0},
      {"both_zero", "a gradient that is 0, computed as 0", 0.0, 0.0},
      {"noise", "a gradient that is 0: n is rounding noise", 1e-11, 3e-11},
  };
  book::Table t({"what", "analytic a", "numeric n", "rel", "band"});
  for (const Example& e : examples) {
    const double rel = relative_error(e.a, e.n);
    t.add({e.what, fmt::format("{:.12g}", e.a), fmt::format("{:.12g}", e.n), sci(rel),
           std::string(to_string(band_of(rel)))});
    ch.result("band." + e.key + ".rel", rel);
  }
  ch.table(t, "bands.csv");
  ch.say("The last row is why sg::gradcheck also has an absolute floor (atol): a true zero\n"
         "gradient meets rounding noise of about 1e-16·|f|/h, and their relative error says\n"
         "nothing. Such an element passes, marked below_noise.");

  ch.part("your rel_error and band_name", [&] {
    int agree = 0;
    for (const Example& e : examples) {
      const double mine = relative_error(e.a, e.n), yours = rel_error(e.a, e.n);
      const std::string want(to_string(band_of(mine)));
      const bool same_rel = std::abs(mine - yours) <= 1e-15 * std::max(1.0, mine);
      const std::string short_band = want.substr(0, want.find(' '));
      agree += same_rel && band_name(yours) == short_band;
    }
    for (const double edge : {1e-7, 1e-4, 1e-2, std::numeric_limits<double>::quiet_NaN()}) {
      const std::string want(to_string(band_of(edge)));
      agree += band_name(edge) == want.substr(0, want.find(' '));
    }
    const int cases = static_cast<int>(examples.size()) + 4;
    ch.say(fmt::format("Your rel_error and band_name (8.1) agree with the engine on {} of {} cases\n"
                       "(the examples above, the three edges and NaN).", agree, cases));
    ch.result("yours.bands_agree", agree == cases ? "yes" : "no");
    if (agree != cases) {
      throw Error("your rel_error or band_name disagrees with sg::relative_error/band_of: build/bin/grade "
                  "--exercise 8.1 says where");
    }
  });
}

void whole_network(book::Chapter& ch, const Net& net) {
  ch.section("Checking a whole network: full, sampled, directional");
  int builds = 0;
  const auto builder = [&](const std::vector<Tensor>& in) {
    ++builds;
    return net_loss(in, net.labels);
  };
  book::Table t({"mode", "checked", "forward passes", "max rel error", "band", "verdict"});
  GradcheckResult full;
  for (const GradcheckMode mode : {GradcheckMode::Full, GradcheckMode::Sampled, GradcheckMode::Directional}) {
    GradcheckOptions o;
    o.mode = mode;
    o.samples = 4;
    o.directions = 3;
    o.seed = ch.options().seed;
    builds = 0;
    const GradcheckResult r = gradcheck(builder, net.inputs, o);
    Index checked = 0;
    for (const InputCheck& in : r.inputs) checked += static_cast<Index>(in.elements.size());
    const std::string m(to_string(mode));
    t.add({m, fmt::format("{} {}", checked, mode == GradcheckMode::Directional ? "directions" : "elements"),
           fmt::format("{}", builds), sci(r.max_rel_error), std::string(to_string(band_of(r.max_rel_error))),
           r.passed ? "pass" : "FAIL"});
    ch.result("whole." + m + ".checked", static_cast<double>(checked));
    ch.result("whole." + m + ".forward_passes", builds);
    ch.result("whole." + m + ".max_rel_error", r.max_rel_error);
    ch.result("whole." + m + ".passed", r.passed ? "yes" : "no");
    if (mode == GradcheckMode::Full) full = r;
  }
  ch.table(t, "modes.csv");
  // The worst element of the full check: a small gradient, where rounding noise looks large.
  const InputCheck* worst_input = nullptr;
  const ElementCheck* worst = nullptr;
  for (const InputCheck& in : full.inputs) {
    for (const ElementCheck& e : in.elements) {
      if (!e.below_noise && (!worst || e.rel_error > worst->rel_error)) worst = &e, worst_input = &in;
    }
  }
  Index above = 0;
  double largest_above = 0.0;
  for (const InputCheck& in : full.inputs) {
    for (const ElementCheck& e : in.elements) {
      if (e.rel_error < kBandGood) continue;
      ++above;
      largest_above = std::max(largest_above, std::abs(e.analytic));
    }
  }
  if (worst) {
    ch.say(fmt::format(
        "Full mode's worst element is {}({},{}): analytic {:.6e}, numeric {:.6e}. Their difference,\n"
        "{:.1e}, is the central difference's own rounding noise (about 1e-16·|f|/h = 1e-10 at\n"
        "h = 1e-6); on a gradient this small it is a relative error of {:.1e}. Not a bug: the {}\n"
        "elements outside the good band all have gradients below {:.1e} in size.",
        worst_input->label, worst->row, worst->col, worst->analytic, worst->numeric,
        std::abs(worst->analytic - worst->numeric), worst->rel_error, above, largest_above));
    ch.result("whole.full.outside_good_band", static_cast<double>(above));
    ch.result("whole.full.largest_gradient_outside_good_band", largest_above);
    ch.result("whole.full.worst_abs_diff", std::abs(worst->analytic - worst->numeric));
    ch.result("whole.full.worst_abs_gradient", std::abs(worst->analytic));
  }
  ch.say("Full mode moves every one of the 123 numbers by ±h: two forward passes each, exact\n"
         "about where a gradient is wrong, and too slow for a real network (a million weights\n"
         "are two million forward passes). Sampled mode checks a few random elements of each\n"
         "tensor. Directional mode moves a whole tensor X along a random unit direction d and\n"
         "compares (f(X + h·d) − f(X − h·d))/2h with Σ grad ⊙ d: one number checks every element\n"
         "at once, since a wrong element changes the sum unless it happens to be orthogonal to d,\n"
         "which a random d almost never is. It says that a tensor is wrong, not where: rerun\n"
         "that tensor in full mode for the element. (A forward pass more in each mode: the one\n"
         "that computes the analytic gradient; every mode also runs backward twice, to see the\n"
         "leaf gradients double.)");

  Generator gen = ch.generator();
  const Eigen::VectorXd theta = flatten(net);
  const Objective f = [&](const Eigen::VectorXd& v) { return loss_at(net, v); };
  const Eigen::VectorXd g = grad_at(net, theta, Layer2::Right);
  const Eigen::VectorXd g_bug = grad_at(net, theta, Layer2::TransposedBug);
  const std::vector<Index> some = pick(gen, 0, theta.size(), 8);
  const std::vector<Index> in_W2 = pick(gen, 24, 64, 8);   // W2 is elements 24..87
  std::vector<Eigen::VectorXd> directions;
  for (int k = 0; k < 3; ++k) directions.push_back(gen.normal_matrix<double>(theta.size(), 1).col(0));

  ch.part("your sampled check", [&] {
    auto worst = [](const std::vector<NumericCheck>& cs) {
      double w = 0.0;
      for (const NumericCheck& c : cs) {
        if (!(c.rel <= w)) w = c.rel;   // a NaN is the worst of all
      }
      return w;
    };
    const std::vector<NumericCheck> right = sampled_check(f, theta, g, some, 1e-6);
    if (right.size() != some.size()) {
      throw Error(fmt::format("your sampled_check returned {} checks for {} indices: one per index, in order",
                              right.size(), some.size()));
    }
    // Your central differences against full mode's, element by element: the
    // same function, the same h, so they agree to rounding (~1e-10), while a
    // one-sided difference is off by about h·f''/2.
    double numeric_diff = 0.0;
    for (std::size_t k = 0; k < some.size(); ++k) {
      if (right[k].index != some[k]) {
        throw Error(fmt::format("your sampled_check's check {} is of element {}, not {}: keep the indices' order",
                                k, right[k].index, some[k]));
      }
      const double d = std::abs(right[k].numeric - engine_numeric(full, net, some[k]));
      if (!(d <= numeric_diff)) numeric_diff = d;
    }
    book::Table s({"element", "analytic", "numeric (yours)", "rel (yours)", "band (yours)"});
    for (const NumericCheck& c : right) {
      s.add({element_at(net, c.index).name(), fmt::format("{:.10f}", c.analytic), fmt::format("{:.10f}", c.numeric),
             sci(c.rel), band_name(c.rel)});
    }
    ch.say("\nYour sampled_check (8.2) on 8 random elements of the 123, h = 1e-6:");
    ch.table(s, "yours_sampled.csv");
    const std::vector<NumericCheck> bug = sampled_check(f, theta, g_bug, in_W2, 1e-6);
    ch.say(fmt::format(
        "Your numeric derivatives differ from full mode's by at most {:.1e}. Worst rel: {} on the\n"
        "right gradient; {} on 8 elements of W2 when layer 2's backward transposes dW2 (the bug\n"
        "of the gallery below).",
        numeric_diff, sci(worst(right)), sci(worst(bug))));
    ch.result("yours.sampled.max_numeric_diff_engine", numeric_diff);
    ch.result("yours.sampled.max_rel_error", worst(right));
    ch.result("yours.sampled_bug.max_rel_error", worst(bug));
    if (!(numeric_diff <= 1e-8)) {
      throw Error("your sampled_check's central differences differ from sg::gradcheck's at the same h: "
                  "build/bin/grade --exercise 8.2 says how");
    }
  });

  ch.part("your directional check", [&] {
    // The derivative along the unit direction u = d/|d| is Σ grad ⊙ u (the lesson's
    // "Checking a whole network"); the central difference matches it to ~1e-10.
    double dir_right = 0.0, dir_bug = std::numeric_limits<double>::infinity(), off = 0.0;
    for (const Eigen::VectorXd& d : directions) {
      const DirectionalCheck c = directional_check(f, theta, g, d, 1e-6);
      if (!(c.rel <= dir_right)) dir_right = c.rel;
      const double along = g.dot(d) / d.norm();
      for (const double v : {c.analytic, c.numeric}) {
        if (!(std::abs(v - along) <= off)) off = std::abs(v - along);
      }
      dir_bug = std::min(dir_bug, directional_check(f, theta, g_bug, d, 1e-6).rel);
    }
    ch.say(fmt::format("Your directional_check (8.3) along 3 random directions of all 123 numbers: worst {} on\n"
                       "the right gradient, best {} with the bug; your two derivatives differ from Σ grad ⊙ d/|d|\n"
                       "by at most {:.1e}.",
                       sci(dir_right), sci(dir_bug), off));
    ch.result("yours.directional.max_rel_error", dir_right);
    ch.result("yours.directional_bug.min_rel_error", dir_bug);
    ch.result("yours.directional.max_diff_along_unit", off);
    if (!(off <= 1e-8)) {
      throw Error(fmt::format("your directional_check's derivatives differ from the derivative along d/|d| by {:.1e} "
                              "(the directions here are about 11 long): build/bin/grade --exercise 8.3 says how",
                              off));
    }
    if (!(dir_right < 1e-6)) {
      throw Error(fmt::format("your directional_check finds a relative error of {:.1e} on the right gradient: "
                              "build/bin/grade --exercise 8.3 says how",
                              dir_right));
    }
  });
}

void step_size(book::Chapter& ch, const Net& net, bool quick) {
  ch.section("The step h: a V in double and in float");
  // One tanh layer, Y = tanh(X·W + b), checked with respect to W: f(W) = Σ V ⊙ Y with a
  // random cotangent V, as gradcheck scalarises a non-scalar output. X spreads like
  // standardised data, in [-2, 2].
  Generator gen = ch.generator();
  const Mat X = gen.uniform_matrix(4, 3, -2.0, 2.0), W = gen.uniform_matrix(3, 3, -1.0, 1.0);
  const Mat b = gen.uniform_matrix(1, 3, -0.5, 0.5), V = gen.normal_matrix(4, 3);
  const auto layer_at = [&](const Eigen::VectorXd& w, bool single) -> double {
    Context ctx;
    NoGrad no_grad(ctx);
    const Mat Wm = w.reshaped(3, 3);
    if (single) {
      return sum(tanh(matmul(ctx.input<float>(X.cast<float>()), ctx.input<float>(Wm.cast<float>())) +
                      ctx.input<float>(b.cast<float>())) * ctx.input<float>(V.cast<float>())).item();
    }
    return sum(tanh(matmul(ctx.input(X), ctx.input(Wm)) + ctx.input(b)) * ctx.input(V)).item();
  };
  Eigen::VectorXd layer_grad;
  {
    Context ctx;
    const Tensor Wt = ctx.param(W, "W");
    Tensor f = sum(tanh(matmul(ctx.input(X), Wt) + ctx.input(b)) * ctx.input(V));
    f.backward();
    layer_grad = Wt.grad().reshaped();
  }
  struct Curve {
    std::string key, title;
    std::function<double(const Eigen::VectorXd&, bool)> f;
    Eigen::VectorXd x, grad;   // the point and the analytic gradient there, in double
    std::vector<Index> idx;    // the elements whose derivatives are checked
  };
  std::vector<Curve> curves;
  std::vector<Index> all_of_W(9);
  for (Index i = 0; i < 9; ++i) all_of_W[static_cast<std::size_t>(i)] = i;
  curves.push_back({"layer", "tanh layer", layer_at, W.reshaped(), layer_grad, all_of_W});
  std::vector<Index> some;   // two elements of each of the network's six tensors
  for (std::size_t i = 1, first = 0; i < net.inputs.size(); first += net.inputs[i].value.size(), ++i) {
    for (Index k : pick(gen, static_cast<Index>(first), net.inputs[i].value.size(), 2)) some.push_back(k);
  }
  const Eigen::VectorXd theta = flatten(net);
  curves.push_back({"network", "network loss",
                    [&](const Eigen::VectorXd& v, bool single) { return single ? loss_at_float(net, v) : loss_at(net, v); },
                    theta, grad_at(net, theta, Layer2::Right), some});

  // The numeric derivatives of the chosen elements at step h, and their error
  // ‖n − a‖/‖a‖. The step used is the representable one, (x + h) − (x − h), in the
  // precision of the forward pass.
  const auto error_at = [](const Curve& c, double h, bool single) {
    Eigen::VectorXd n(static_cast<Index>(c.idx.size())), a(n.size()), x = c.x;
    for (std::size_t k = 0; k < c.idx.size(); ++k) {
      const Index i = c.idx[k];
      const double keep = x(i);
      double up = keep + h, down = keep - h;
      if (single) {
        up = static_cast<float>(static_cast<float>(keep) + static_cast<float>(h));
        down = static_cast<float>(static_cast<float>(keep) - static_cast<float>(h));
      }
      x(i) = up;
      const double f_up = c.f(x, single);
      x(i) = down;
      const double f_down = c.f(x, single);
      x(i) = keep;
      n(static_cast<Index>(k)) = up == down ? 0.0 : (f_up - f_down) / (up - down);
      a(static_cast<Index>(k)) = c.grad(i);
    }
    return (n - a).norm() / a.norm();
  };
  const int per_decade = quick ? 2 : 4;
  book::Plot plot("v_curve", "Error of the central difference against the step h", "step h (log scale)",
                  "‖numeric − analytic‖ / ‖analytic‖ (log scale)");
  plot.logy = true;
  plot.key = "outside right";
  plot.extra = {"set logscale x", "set format x '1e%L'", "set format y '1e%L'", "set xrange [1e-13:1]"};
  book::Table t({"function", "precision", "best h", "error at best h", "error at h = 1e-6", "error at h = 1e-2"});
  const std::array<const char*, 4> colours = {"#1f4e79", "#c0392b", "#7fa7cf", "#e6a19a"};
  std::size_t colour = 0;
  for (const Curve& c : curves) {
    for (const bool single : {false, true}) {
      const std::string precision = single ? "float" : "double";
      book::Series curve{fmt::format("{}, {}", c.title, precision), {}, {},
                         fmt::format("linespoints pt {} ps 0.6 lw {} lc rgb '{}'", single ? 7 : 5,
                                     c.key == "layer" ? 2 : 1, colours[colour++])};
      double best_h = 0.0, best = std::numeric_limits<double>::infinity();
      for (int k = per_decade; k <= 12 * per_decade; ++k) {
        const double h = std::pow(10.0, -static_cast<double>(k) / per_decade);
        const double e = error_at(c, h, single);
        curve.x.push_back(h);
        curve.y.push_back(std::max(e, 1e-16));
        if (e < best) best = e, best_h = h;
      }
      t.add({c.title, precision, sci(best_h), sci(best), sci(error_at(c, 1e-6, single)),
             sci(error_at(c, 1e-2, single))});
      const std::string key = c.key == "layer" ? "v." + precision : "v.network." + precision;
      ch.result(key + ".best_h", best_h);
      ch.result(key + ".best_error", best);
      plot.series.push_back(curve);
      if (c.key == "layer") {
        plot.series.push_back({fmt::format("best h, {}", precision), {best_h}, {best},
                               "points pt 6 ps 2.5 lw 2 lc rgb '#333333'"});
      }
    }
  }
  ch.table(t, "v_curve_best.csv");
  ch.write_plot(plot);
  const double eps_double = std::numeric_limits<double>::epsilon(), eps_float = std::numeric_limits<float>::epsilon();
  ch.result("v.theory.double", std::cbrt(eps_double));
  ch.result("v.theory.float", std::cbrt(eps_float));
  ch.say(fmt::format(
      "Right of the bottom, the error is truncation: the central difference is off by\n"
      "h²·f'''/6, a slope of 2 on the log-log plot. Left of it, rounding: f(x ± h) carries an\n"
      "error of about ε·|f| (ε = 2.2e-16 in double, 1.2e-7 in float), and dividing by 2h\n"
      "blows it up as ε/h, a slope of −1. The two meet at h* ≈ (3ε·|f|/|f'''|)^(1/3), of the\n"
      "order of ε^(1/3) = {:.1e} in double and {:.1e} in float: about 1e-5 and 1e-3 for the tanh\n"
      "layer. The network's loss is a flatter function (a small f''' against f), so its bottoms\n"
      "lie further right. Below h ≈ ε·|x| the step vanishes (x + h == x in float from about\n"
      "1e-7) and the numeric derivative is 0: an error of 1. Hence the defaults: h = 1e-6 and\n"
      "checks in double (sg::gradcheck always runs in double); a check in float reaches at best\n"
      "the ok band.",
      std::cbrt(eps_double), std::cbrt(eps_float)));
}

void kinks(book::Chapter& ch) {
  ch.section("Kinks: ReLU at 0");
  // f(X) = Σ relu(X): the slope is 0 left of 0 and 1 right of it.
  Mat X(1, 4);
  X << 0.0, 1e-7, 1e-3, -0.5;
  const GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return sum(relu(in[0])); },
                                      {{X, "X", true}});
  const InputCheck& in = r.input("X");
  book::Table t({"x", "analytic", "central difference", "one-sided left", "one-sided right", "at a kink", "verdict"});
  for (const ElementCheck& e : in.elements) {
    t.add({fmt::format("{:g}", X(0, e.col)), fmt::format("{:g}", e.analytic), fmt::format("{:.6g}", e.numeric),
           e.at_kink ? fmt::format("{:.6g}", e.left) : "-", e.at_kink ? fmt::format("{:.6g}", e.right) : "-",
           e.at_kink ? "yes" : "no", e.passed ? "pass" : "FAIL"});
  }
  ch.table(t, "kinks.csv");
  ch.say("At x = 0 the central difference (relu(h) − relu(−h))/2h = 0.5 averages the two\n"
         "slopes and matches neither, while backward gives relu'(0) = 0 (the engine's\n"
         "convention): a relative error of 1, wrong. At x = 1e-7 the step h = 1e-6 crosses the\n"
         "kink too, and n = 0.55. sg::gradcheck notices the crossing (the input of a relu\n"
         "changes sign between x − h and x + h), computes the one-sided derivatives, and accepts\n"
         "any analytic value between them: every subgradient is valid there. At x = 1e-3 the\n"
         "step stays on one side and the check is the ordinary one.");
  const ElementCheck& zero = in.elements[0];
  const ElementCheck& near = in.elements[1];
  ch.result("kink.zero.numeric", zero.numeric);
  ch.result("kink.zero.analytic", zero.analytic);
  ch.result("kink.zero.at_kink", zero.at_kink ? "yes" : "no");
  ch.result("kink.near.numeric", near.numeric);
  ch.result("kink.near.at_kink", near.at_kink ? "yes" : "no");
  ch.result("kink.far.at_kink", in.elements[2].at_kink ? "yes" : "no");
  ch.result("kink.passed", r.passed ? "yes" : "no");

  // The kink deep inside: relu(X − 0.5) at X = 0.5, after a subtraction.
  Mat Y(1, 2);
  Y << 0.5, 1.5;
  const GradcheckResult deep = gradcheck([](const std::vector<Tensor>& in) { return sum(relu(in[0] - 0.5) * 3.0); },
                                         {{Y, "X", true}});
  ch.say(fmt::format("Deep inside a graph too: 3·relu(X − 0.5) at X = 0.5 is at a kink ({}), one-sided {} and {}.",
                     deep.input("X").elements[0].at_kink ? "detected" : "missed",
                     fmt::format("{:.4g}", deep.input("X").elements[0].left),
                     fmt::format("{:.4g}", deep.input("X").elements[0].right)));
  ch.result("kink.deep.at_kink", deep.input("X").elements[0].at_kink ? "yes" : "no");
  ch.say("In a network, an input of a ReLU within h of 0 is rare with random data but not\n"
         "impossible: a check of a ReLU network that fails on one element in a million is\n"
         "usually a kink. Check with fewer points, or nudge them off the kinks.");
}

}  // namespace sg::ch08
