#include "chapters/05_backprop_by_hand/lesson.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "chapters/05_backprop_by_hand/exercises.hpp"

namespace sg::ch05 {
namespace {

// ---- pieces of chain-rule lines ---------------------------------------------

// A copy of the constants as an Eigen vector (a copy, not a Map: the
// vectorised dot product must not read past the end of a constexpr array).
Eigen::VectorXd to_eigen(std::span<const double> v) {
  Eigen::VectorXd out(static_cast<Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) out(static_cast<Index>(i)) = v[i];
  return out;
}

std::string dJ_tex(const std::string& of) { return fmt::format("\\frac{{\\partial J}}{{\\partial {}}}", of); }

ChainLine product_line(std::string lhs, std::string lhs_tex, std::string rule, std::string rule_tex,
                       const std::vector<double>& factors, double value) {
  ChainLine l{std::move(lhs), std::move(lhs_tex), std::move(rule), std::move(rule_tex), "", "", value, {}, {}};
  set_product(l, factors);
  return l;
}

// dJ/dy = y*/y − (1 − y*)/(1 − y)
ChainLine dJ_dy_line(double y, double y_star, double value) {
  ChainLine l{"dJ/dy", dJ_tex("y"), "y*/y − (1 − y*)/(1 − y)",
              "\\frac{y^*}{y} - \\frac{1 - y^*}{1 - y}", "", "", value, {}, {}};
  l.numbers = fmt::format("{}/{} − {}/{}", shown(y_star), shown(y), shown(1 - y_star), shown(1 - y));
  l.numbers_tex = fmt::format("\\frac{{{}}}{{{}}} - \\frac{{{}}}{{{}}}", shown(y_star), shown(y),
                              shown(1 - y_star), shown(1 - y));
  return l;
}

// "θ1" -> "\theta_{1}", "α12" -> "\alpha_{12}", "β2" -> "\beta_{2}".
std::string tex_name(const std::string& name) {
  for (const auto& [greek, macro] : {std::pair{"θ", "\\theta"}, {"α", "\\alpha"}, {"β", "\\beta"}}) {
    const std::string g = greek;
    if (name.starts_with(g)) return fmt::format("{}_{{{}}}", macro, name.substr(g.size()));
  }
  return name;
}

// "θ1" -> "theta1" for result keys (ASCII).
std::string key_name(const std::string& name) {
  std::string t = tex_name(name);
  std::string k;
  for (char c : t) if (c != '\\' && c != '_' && c != '{' && c != '}') k += c;
  return k;
}

// ---- comparing with the engine and the numeric gradient ----------------------

// max(worst, d), NaN when either is: std::max(worst, NaN) is worst, which
// let a NaN partial pass as "equal within 0".
double worse(double worst, double d) {
  if (std::isnan(worst) || std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(worst, d);
}

// The engine's gradients come from L = −J: in J's sign they are −dL/dw.
// The numeric ones are the engine's gradcheck (central differences of L).
Agreement attach_and_compare(std::vector<ChainLine>& lines, const Leaves& leaves, const GradcheckResult& gc) {
  Agreement agree;
  for (ChainLine& l : lines) {
    const std::string name = l.lhs.substr(std::string("dJ/d").size());
    for (const Tensor& w : leaves.weights) {
      if (w.label() != name) continue;
      l.engine = -w.grad()(0, 0);
      l.numeric = -gc.input(name).elements.at(0).numeric;
      agree.engine = worse(agree.engine, std::abs(l.value - *l.engine));
      agree.numeric = worse(agree.numeric, std::abs(l.value - *l.numeric));
    }
  }
  return agree;
}

void print_comparison(book::Chapter& ch, const std::string& model, const std::vector<ChainLine>& lines,
                      const Agreement& agree) {
  ch.say("\nThe chain rule, line by line (J's sign; [engine, numeric] are −dL/d·):");
  for (const ChainLine& l : lines) ch.say("  " + text(l));
  book::Table t({"partial", "by hand dJ", "engine −dL", "numeric −dL", "|hand−engine|", "|hand−numeric|"});
  for (const ChainLine& l : lines) {
    if (!l.engine) continue;
    t.add({l.lhs, fmt::format("{:.10f}", l.value), fmt::format("{:.10f}", *l.engine),
           fmt::format("{:.10f}", *l.numeric), fmt::format("{:.1e}", std::abs(l.value - *l.engine)),
           fmt::format("{:.1e}", std::abs(l.value - *l.numeric))});
  }
  ch.table(t, model + "_partials.csv");
  ch.result(model + ".max_abs_diff_engine", agree.engine);
  ch.result(model + ".max_abs_diff_numeric", agree.numeric);
}

GradcheckResult numeric_gradients(const Leaves& leaves, Tensor (*loss)(const Leaves&, Index), Index hidden) {
  const std::size_t n = leaves.weights.size();
  return gradcheck([&](const std::vector<Tensor>& in) { return loss(split_inputs(in, n), hidden); },
                   gradcheck_inputs(leaves));
}

Tensor logreg_loss_h(const Leaves& l, Index) { return logreg_loss(l); }

// The lesson's one backward pass of L, recorded for the frames.
std::vector<Frame> backward_pass(book::Chapter& ch, Tensor& L, const std::string& title) {
  DotOptions frame_options;
  frame_options.title = title;
  return ch.backward_with_frames(L, frame_options);
}

// The graph with its chain-rule formulas on the edges, and the backward pass
// frame by frame.
void draw(book::Chapter& ch, const Tensor& L, const std::vector<Frame>& frames, const std::string& stem,
          const std::string& frames_folder, const std::string& title, bool main_graph) {
  DotOptions dot;
  dot.show_formulas = true;
  dot.legend = true;
  dot.title = title;
  ch.write_graph(stem, to_dot(L, dot), main_graph);
  ch.write_frames(frames_folder, frames);
}

}  // namespace

void explain_sign(book::Chapter& ch) {
  ch.section("Which sign we minimise");
  ch.say(
      "The lecture writes the log-likelihood of one example\n"
      "    J = y* log y + (1 − y*) log(1 − y)\n"
      "which learning makes as large as possible. The engine's loss bce(y, y*) is its\n"
      "negative, averaged over the batch (here a batch of one): L = −J. We minimise L,\n"
      "so every gradient the engine computes is dL/dw = −dJ/dw, and a gradient step\n"
      "w ← w − lr·dL/dw is the same as w ← w + lr·dJ/dw (ascent on J).\n"
      "Every line below is written in the lecture's sign (dJ); the engine's and the\n"
      "numeric gradients are shown as −dL so that the numbers line up.");
  ch.result("sign_convention", "L = -J (the engine minimises L, the lecture maximises J)");
}

std::optional<Agreement> logistic_regression(book::Chapter& ch, Context& ctx, const Example& ex,
                                             std::vector<ChainSection>& sections) {
  ch.section("Logistic regression: a = Σ θj·xj, y = σ(a)");
  Leaves leaves = make_leaves(ctx, {kTheta.begin(), kTheta.end()}, theta_names(ex.x.size()), ex);
  Tensor L = logreg_loss(leaves);
  const std::string title = fmt::format("logistic regression: x = ({}), y* = {}", fmt::join(ex.x, ", "), ex.y_star);
  const std::vector<Frame> frames = backward_pass(ch, L, title);
  const GradcheckResult numeric = numeric_gradients(leaves, logreg_loss_h, 0);

  // The partials by hand are the student's (exercises 5.1, 5.2); the graph
  // and the frames below are the engine's and are drawn either way.
  std::optional<Agreement> agreement;
  ch.part("logistic regression's partials by hand", [&] {
    const LogRegPartials p = logreg_partials(to_eigen(kTheta), ex.x, ex.y_star);
    ch.say(fmt::format("forward: a = {}, y = σ(a) = {}, J = {}, L = −J = {}", shown(p.a), shown(p.y), shown(p.J),
                       shown(L.item())));
    std::vector<ChainLine> lines;
    lines.push_back(dJ_dy_line(p.y, ex.y_star, p.dJ_dy));
    lines.push_back(product_line("dy/da", "\\frac{\\partial y}{\\partial a}", "y(1 − y)", "y(1 - y)",
                                 {p.y, 1 - p.y}, p.dy_da));
    lines.push_back(product_line("dJ/da", dJ_tex("a"), "dJ/dy · dy/da",
                                 dJ_tex("y") + " \\frac{\\partial y}{\\partial a}", {p.dJ_dy, p.dy_da}, p.dJ_da));
    for (Index j = 0; j < ex.x.size(); ++j) {
      const std::string th = leaves.weights[j].label();
      lines.push_back(product_line("dJ/d" + th, dJ_tex(tex_name(th)), fmt::format("dJ/da · x{}", j),
                                   fmt::format("{}\\, x_{{{}}}", dJ_tex("a"), j), {p.dJ_da, ex.x(j)},
                                   p.dJ_dtheta(j)));
    }
    Agreement agree = attach_and_compare(lines, leaves, numeric);
    agree.y = p.y;
    print_comparison(ch, "logistic", lines, agree);
    ch.result("logistic.y", p.y);
    ch.result("logistic.J", p.J);
    ch.result("logistic.L", L.item());
    ch.result("logistic.dJ_da", p.dJ_da);
    for (Index j = 0; j < ex.x.size(); ++j) ch.result("logistic.dJ_d" + key_name(leaves.weights[j].label()), p.dJ_dtheta(j));
    sections.emplace_back("Logistic regression: a = sum_j theta_j x_j, y = sigmoid(a)", lines);
    agreement = agree;
  });
  if (ch.gradcheck_requested()) ch.report_gradcheck("logistic_regression", numeric);

  draw(ch, L, frames, "logistic_graph", "logistic_frames", title, false);
  return agreement;
}

std::optional<Agreement> hidden_layer_network(book::Chapter& ch, Context& ctx, const Example& ex, double lr,
                                              std::vector<ChainSection>& sections) {
  ch.section("One hidden layer: aj = Σ αji·xi, zj = σ(aj), b = Σ βj·zj, y = σ(b)");
  const Index D = ex.x.size();
  std::vector<double> weights(kAlpha.begin(), kAlpha.end());
  weights.insert(weights.end(), kBeta.begin(), kBeta.end());
  Leaves leaves = make_leaves(ctx, weights, net_names(kHidden, D), ex);
  Tensor L = net_loss(leaves, kHidden);
  const std::string title = fmt::format("one hidden layer: x = ({}), y* = {}", fmt::join(ex.x, ", "), ex.y_star);
  const std::vector<Frame> frames = backward_pass(ch, L, title);
  const GradcheckResult numeric = numeric_gradients(leaves, net_loss, kHidden);

  // The student's partials (exercises 5.1, 5.3); the engine's graph, frames
  // and gradient step below run either way.
  std::optional<Agreement> agreement;
  ch.part("the network's partials by hand", [&] {
    const Eigen::MatrixXd alpha = to_eigen(kAlpha).reshaped<Eigen::RowMajor>(kHidden, D);   // row j: αj0..αj(D-1)
    const NetPartials p = net_partials(alpha, to_eigen(kBeta), ex.x, ex.y_star);
    ch.say(fmt::format("forward: a = ({}, {}), z = ({}, {}), b = {}, y = {}, J = {}, L = −J = {}", shown(p.a(0)),
                       shown(p.a(1)), shown(p.z(0)), shown(p.z(1)), shown(p.b), shown(p.y), shown(p.J),
                       shown(L.item())));
    std::vector<ChainLine> lines;
    lines.push_back(dJ_dy_line(p.y, ex.y_star, p.dJ_dy));
    lines.push_back(product_line("dJ/db", dJ_tex("b"), "dJ/dy · y(1 − y)", dJ_tex("y") + "\\, y(1 - y)",
                                 {p.dJ_dy, p.y, 1 - p.y}, p.dJ_db));
    for (Index j = 0; j < kHidden; ++j) {
      const std::string n = std::to_string(j + 1);
      const double beta = kBeta[j], z = p.z(j), dz = z * (1 - z);
      lines.push_back(product_line("dJ/dβ" + n, dJ_tex("\\beta_{" + n + "}"), "dJ/db · z" + n,
                                   dJ_tex("b") + "\\, z_{" + n + "}", {p.dJ_db, z}, p.dJ_dbeta(j)));
      lines.push_back(product_line("dJ/dz" + n, dJ_tex("z_{" + n + "}"), "dJ/db · β" + n,
                                   dJ_tex("b") + "\\, \\beta_{" + n + "}", {p.dJ_db, beta}, p.dJ_dz(j)));
      lines.push_back(product_line("dJ/da" + n, dJ_tex("a_{" + n + "}"), fmt::format("dJ/dz{0} · z{0}(1 − z{0})", n),
                                   fmt::format("{0}\\, z_{{{1}}}(1 - z_{{{1}}})", dJ_tex("z_{" + n + "}"), n),
                                   {p.dJ_dz(j), z, 1 - z}, p.dJ_da(j)));
      for (Index i = 0; i < D; ++i) {
        const std::string ji = fmt::format("{}{}", n, i);
        lines.push_back(product_line(
            "dJ/dα" + ji, dJ_tex("\\alpha_{" + ji + "}"), fmt::format("dJ/db · β{0} · z{0}(1 − z{0}) · x{1}", n, i),
            fmt::format("{}\\, \\beta_{{{}}}\\, z_{{{}}}(1 - z_{{{}}})\\, x_{{{}}}", dJ_tex("b"), n, n, n, i),
            {p.dJ_db, beta, dz, ex.x(i)}, p.dJ_dalpha(j, i)));
      }
    }
    Agreement agree = attach_and_compare(lines, leaves, numeric);
    agree.y = p.y;
    print_comparison(ch, "network", lines, agree);
    ch.result("network.y", p.y);
    ch.result("network.J", p.J);
    ch.result("network.dJ_db", p.dJ_db);
    ch.result("network.dJ_dbeta1", p.dJ_dbeta(0));
    ch.result("network.dJ_dalpha11", p.dJ_dalpha(0, 1));
    ch.result("network.dJ_dalpha22", p.dJ_dalpha(1, 2));
    sections.emplace_back(
        "One hidden layer: a_j = sum_i alpha_ji x_i, z_j = sigmoid(a_j), b = sum_j beta_j z_j, y = sigmoid(b)", lines);
    agreement = agree;
  });
  if (ch.gradcheck_requested()) ch.report_gradcheck("network", numeric);

  draw(ch, L, frames, "graph", "frames", title, true);

  ch.section("One gradient step");
  const double L_before = L.item();
  SGD<double> opt(leaves.weights, lr);
  opt.step();   // w ← w − lr·dL/dw = w + lr·dJ/dw
  const double L_after = net_loss(leaves, kHidden).item();
  ch.say(fmt::format("w ← w − {}·dL/dw (= w + {}·dJ/dw): L goes from {} to {}", lr, lr, shown(L_before), shown(L_after)));
  ch.result("step.L_before", L_before);
  ch.result("step.L_after", L_after);
  return agreement;
}

void write_chain_rule(book::Chapter& ch, const Example& ex, const std::vector<ChainSection>& sections) {
  const std::string header = fmt::format(
      "Backprop by hand (stepgrad, chapter 5). Will I pass this class?\n"
      "x0 = 1 (bias), x1 = {} lectures attended, x2 = {} hours on the final project, y* = {}.\n"
      "J = y* log y + (1 - y*) log(1 - y) is maximised; the engine minimises L = -J.\n"
      "Numbers are rounded to {} decimals; each result is computed exactly, then rounded.\n"
      "[engine, numeric]: the engine's gradient of L and the central difference of L, negated\n"
      "(-dL/dw = dJ/dw), to compare with the hand-derived dJ/dw.\n",
      shown(ex.x(1)), shown(ex.x(2)), shown(ex.y_star), kShownDecimals);
  ch.write_text("chain_rule.txt", chain_rule_text(sections, header));
  ch.write_text("chain_rule.tex", chain_rule_tex(sections, header));
}

}  // namespace sg::ch05
