#include "chapters/06_computational_graph/lesson.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace sg::ch06 {
namespace {

std::string num(double v) { return fmt::format("{:.10g}", v == 0.0 ? 0.0 : v); }

double grad_of(const Tensor& t) { return t.grad()(0, 0); }

// The analytic gradients of L = (a·b + c)·(a·b) = d² + c·d with d = a·b.
struct Analytic {
  double dL_dd, dL_da, dL_db, dL_dc;
};
Analytic analytic(double a, double b, double c) {
  const double d = a * b;
  return {2 * d + c, (2 * d + c) * b, (2 * d + c) * a, d};
}

}  // namespace

Expression build_expression(Context& ctx, double a, double b, double c) {
  Expression x;
  x.a = ctx.scalar(a, "a");
  x.b = ctx.scalar(b, "b");
  x.c = ctx.scalar(c, "c");
  x.d = mul(x.a, x.b).set_label("d");
  x.e = add(x.d, x.c).set_label("e");
  x.L = mul(x.e, x.d).set_label("L").set_role(Role::Loss);
  return x;
}

SmallGraph build_small_graph(double a, double b, double c) {
  SmallGraph g;
  const int ia = g.leaf("a", a), ib = g.leaf("b", b), ic = g.leaf("c", c);
  const int id = g.op("d", SmallGraph::Op::Mul, {ia, ib});
  const int ie = g.op("e", SmallGraph::Op::Add, {id, ic});
  g.op("L", SmallGraph::Op::Mul, {ie, id});
  return g;
}

void show_topological_order(book::Chapter& ch, Expression& x, const SmallGraph& g) {
  ch.section("The graph and its topological order");
  ch.say(fmt::format(
      "L = (a·b + c)·(a·b) with a = {}, b = {}, c = {}. Written as a graph: d = a·b, e = d + c,\n"
      "L = e·d. The node d feeds two ops (e and L): that is a fork. Backward must visit a node\n"
      "only after every node that uses it, so it walks the graph in reverse topological order:\n"
      "parents before children, found by a depth-first walk from L (a node is written down\n"
      "once all its parents are).", num(x.a.item()), num(x.b.item()), num(x.c.item())));
  const std::vector<Node<double>*> engine = topological_order(x.L.node());
  book::Table t({"position", "id", "label", "op", "parents", "value"});
  std::string engine_labels, ours;
  for (std::size_t k = 0; k < engine.size(); ++k) {
    const Node<double>& n = *engine[k];
    std::string parents;
    for (const auto& p : n.parents) {
      if (!parents.empty()) parents += ' ';
      parents += fmt::format("#{} {}", p->id, p->label);
    }
    t.add({std::to_string(k), fmt::format("#{}", n.id), n.label, std::string(n.op_name()),
           parents.empty() ? "-" : parents, num(n.value(0, 0))});
    engine_labels += (k ? " " : "") + n.label;
  }
  ch.table(t, "topological_order.csv");
  ch.result("topo.order", engine_labels);
  ch.part("your topological_sort against the engine's", [&] {
    const std::vector<int> order = topological_sort(g, static_cast<int>(g.nodes.size()) - 1);
    for (std::size_t k = 0; k < order.size(); ++k) ours += (k ? " " : "") + g.nodes[order[k]].label;
    ch.say(fmt::format("engine's topological_order: {}\nour topological_sort:       {}", engine_labels, ours));
    if (ours != engine_labels) {
      throw Error(fmt::format("topological_sort gives '{}' but the engine gives '{}': a post-order depth-first "
                              "walk visits the parents in operand order", ours, engine_labels));
    }
    ch.result("topo.matches_engine", "yes");
  });
}

void show_fork(book::Chapter& ch, Expression& x, const SmallGraph& g) {
  ch.section("The fork: a value used twice gets the sum of both paths");
  x.L.backward();
  const Analytic an = analytic(x.a.item(), x.b.item(), x.c.item());
  ch.part("the fork's two contributions from your backpropagate", [&] {
    const Gradients ours = backpropagate(g, static_cast<int>(g.nodes.size()) - 1);
    constexpr int kD = 3;   // d's id in both graphs
    double via_e = 0.0, direct = 0.0;
    for (const Contribution& c : ours.contributions) {
      if (c.to != kD || c.from < 0 || c.from >= static_cast<int>(g.nodes.size())) continue;
      (g.nodes[c.from].label == "e" ? via_e : direct) += c.amount;
      ch.say(fmt::format("  from {}: dL/d{} · d{}/dd = {} · {} = {}", g.nodes[c.from].label, g.nodes[c.from].label,
                         g.nodes[c.from].label, num(c.upstream), num(c.local), num(c.amount)));
    }
    ch.say(fmt::format(
        "  sum: dL/dd = {} + {} = {}   engine d.grad = {}   analytic 2d + c = {}\n"
        "Each op's backward ADDS local derivative × upstream gradient into its parents (+=), so\n"
        "d gets one term from L = e·d directly (e) and one through e = d + c (dL/de · 1 = d).\n"
        "With = instead of +=, whichever ran last would win and dL/dd would be wrong.",
        num(via_e), num(direct), num(via_e + direct), num(grad_of(x.d)), num(an.dL_dd)));
    if (std::abs(via_e + direct - grad_of(x.d)) > 1e-12 || std::abs(an.dL_dd - grad_of(x.d)) > 1e-12) {
      throw Error("the fork's two contributions do not add up to the engine's gradient of d");
    }
    ch.result("fork.via_e", via_e);
    ch.result("fork.direct", direct);
    ch.result("fork.sum", via_e + direct);
  });
  ch.result("fork.engine", grad_of(x.d));
  ch.result("fork.analytic", an.dL_dd);
  ch.result("grad.a", grad_of(x.a));
  ch.result("grad.b", grad_of(x.b));
  ch.result("grad.c", grad_of(x.c));
}

void check_gradients(book::Chapter& ch, Expression& x, const SmallGraph& g) {
  ch.section("Checking every gradient of the graph");
  const std::vector<Tensor> nodes = {x.a, x.b, x.c, x.d, x.e, x.L};
  // 1. Our backpropagate() against the engine, node by node.
  ch.part("your backpropagate against the engine", [&] {
    const Gradients ours = backpropagate(g, static_cast<int>(g.nodes.size()) - 1);
    if (ours.grad.size() != nodes.size()) {
      throw Error(fmt::format("backpropagate returned {} gradients for the {} nodes: one per node, by id",
                              ours.grad.size(), nodes.size()));
    }
    double worst_backprop = 0.0;
    for (std::size_t i = nodes.size(); i-- > 0;) {   // from L back: the first wrong node is the culprit
      const double diff = std::abs(ours.grad[i] - grad_of(nodes[i]));
      if (diff > 1e-12) {
        throw Error(fmt::format("backpropagate gives dL/d{} = {} but the engine gives {}: does every parent "
                                "ADD its contributions (+=), and is the local derivative of a product the "
                                "other operand?", nodes[i].label(), num(ours.grad[i]), num(grad_of(nodes[i]))));
      }
      worst_backprop = std::max(worst_backprop, diff);
    }
    ch.say(fmt::format("our backpropagate() vs the engine, every node: max |difference| = {:.3g}", worst_backprop));
    ch.result("backprop.max_abs_diff", worst_backprop);
  });
  // 2. Our central_difference() on the leaves against the engine.
  ch.part("your central_difference against the engine", [&] {
    auto f = [&g](const std::vector<double>& leaves) {
      SmallGraph copy = g;
      for (std::size_t i = 0; i < leaves.size(); ++i) copy.nodes[i].value = leaves[i];
      copy.forward();
      return copy.nodes.back().value;
    };
    constexpr double kH = 1e-6;
    const std::vector<double> numeric = central_difference(f, {x.a.item(), x.b.item(), x.c.item()}, kH);
    if (numeric.size() != 3) {
      throw Error(fmt::format("central_difference returned {} numbers for the 3 leaves a, b, c: one per "
                              "coordinate of x", numeric.size()));
    }
    double worst_numeric = 0.0;
    for (std::size_t i = 0; i < numeric.size(); ++i) {
      const double diff = std::abs(numeric[i] - grad_of(nodes[i]));
      // Relative: a central difference's rounding error is about ε·|f|/h,
      // and f and its gradient grow with the options (--a 10 --b -10 gives
      // dL/da = 1900, where a right central_difference is 3e-6 off).
      if (diff > 1e-6 * std::max(1.0, std::abs(grad_of(nodes[i])))) {
        throw Error(fmt::format("central_difference gives dL/d{} = {} but the engine gives {}: is it "
                                "(f(x + h) - f(x - h)) / 2h, with x restored after each evaluation?",
                                nodes[i].label(), num(numeric[i]), num(grad_of(nodes[i]))));
      }
      worst_numeric = std::max(worst_numeric, diff);
    }
    ch.say(fmt::format("our central_difference(h = {:g}) vs the engine, a b c: {}, {}, {} (max |difference| {:.3g})",
                       kH, num(numeric[0]), num(numeric[1]), num(numeric[2]), worst_numeric));
    ch.result("central_difference.max_abs_diff", worst_numeric);
  });

  // 3. The engine's gradcheck: every input, central differences, relative error and its band.
  const GradcheckResult r = gradcheck(
      [](const std::vector<Tensor>& in) {
        const Tensor d = in[0] * in[1];
        return (d + in[2]) * d;
      },
      std::vector<GradcheckInput>{{x.a.value(), "a"}, {x.b.value(), "b"}, {x.c.value(), "c"}});
  ch.say(fmt::format("engine gradcheck of L(a, b, c): max relative error {:.3g}, band '{}' "
                     "(CS231n: < 1e-7 good, > 1e-2 wrong); it also runs backward twice and checks "
                     "that the leaf gradients double.", r.max_rel_error, to_string(band_of(r.max_rel_error))));
  ch.report_gradcheck("expression", r);
  ch.result("gradcheck.max_rel_error", r.max_rel_error);
  ch.result("gradcheck.band", to_string(band_of(r.max_rel_error)));
}

void draw_expression(book::Chapter& ch, Expression& x) {
  DotOptions dot;
  dot.show_formulas = true;
  dot.legend = true;
  dot.title = "L = (a·b + c)·(a·b): d is used twice, its gradient is the sum of both edges";
  ch.write_graph("graph", to_dot(x.L, dot), true);
  // A fresh pass for the frames: zero the leaves, run backward, draw it.
  for (Tensor* leaf : {&x.a, &x.b, &x.c}) leaf->zero_grad();
  DotOptions frames;
  frames.title = "backward of L = (a·b + c)·(a·b)";
  ch.write_frames("frames", ch.backward_with_frames(x.L, frames));
}

void backward_twice(book::Chapter& ch, Expression& x) {
  ch.section("Backward twice: leaf gradients accumulate");
  const std::vector<Tensor> nodes = {x.a, x.b, x.c, x.d, x.e};
  std::vector<std::vector<double>> seen(nodes.size());
  auto record = [&] { for (std::size_t i = 0; i < nodes.size(); ++i) seen[i].push_back(grad_of(nodes[i])); };
  for (Tensor* leaf : {&x.a, &x.b, &x.c}) leaf->zero_grad();
  x.L.backward();
  record();
  x.L.backward();   // no zero_grad: the leaves add this pass to the last one
  record();
  for (Tensor* leaf : {&x.a, &x.b, &x.c}) leaf->zero_grad();
  x.L.backward();
  record();
  book::Table t({"node", "kind", "1st backward", "2nd backward", "zero_grad, then 3rd"});
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    t.add({nodes[i].label(), nodes[i].node().is_leaf() ? "leaf" : "intermediate", num(seen[i][0]), num(seen[i][1]),
           num(seen[i][2])});
  }
  ch.table(t, "backward_twice.csv");
  ch.say("Leaves (a, b, c) keep what they had and add the new pass: after two calls their\n"
         "gradients are doubled, as in PyTorch. Intermediate nodes (d, e) are reset at the start\n"
         "of each pass and hold the latest pass only. That is why a training loop calls\n"
         "zero_grad() (or opt.zero_grad()) before every backward.");
  ch.result("twice.a_first", seen[0][0]);
  ch.result("twice.a_second", seen[0][1]);
  ch.result("twice.c_second", seen[2][1]);
  ch.result("twice.d_second", seen[3][1]);
  ch.result("twice.a_after_zero_grad", seen[0][2]);
}

void mlp_two_views(book::Chapter& ch, Context& ctx) {
  ch.section("A 2-4-4-1 network, op by op and layer by layer");
  Generator gen = ch.generator();
  const Linear<double> layer1(ctx, "layer1", 2, 4, gen), layer2(ctx, "layer2", 4, 4, gen), layer3(ctx, "layer3", 4, 1, gen);
  const Tensor X = ctx.input(Mat{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, "X");
  const Tensor Y = ctx.input(Mat{{0}, {1}, {1}, {0}}, "Y");
  auto loss_fn = [&] {
    const Tensor h1 = tanh(layer1(X).set_label("z1")).set_label("h1");
    const Tensor h2 = tanh(layer2(h1).set_label("z2")).set_label("h2");
    const Tensor logits = layer3(h2).set_label("logits");
    return bce_with_logits(logits, Y).set_label("loss");
  };
  Tensor loss = loss_fn();
  loss.backward();
  const std::size_t n_nodes = topological_order(loss.node()).size();
  ch.say(fmt::format(
      "XOR's four points through Linear(2,4) → tanh → Linear(4,4) → tanh → Linear(4,1) → bce.\n"
      "Each Linear opens a scope named after it; the diagrams draw the {} nodes op by op with\n"
      "one dashed box per layer (mlp_ops), and collapse each layer into one box (mlp_layers):\n"
      "the same graph, at the level of detail a slide needs.", n_nodes));
  // Structure, not numbers: (4,4) values would fill the boxes.
  DotOptions ops;
  ops.show_value = false;
  ops.show_grad = false;
  ops.view = DotOptions::View::Full;
  ops.cluster_scopes = true;
  ops.legend = true;
  ops.title = "2-4-4-1 MLP on XOR, op by op (one box per Linear scope)";
  ch.write_graph("mlp_ops", to_dot(loss, ops));
  DotOptions layers = ops;
  layers.cluster_scopes = false;
  layers.view = DotOptions::View::Collapsed;
  layers.title = "the same MLP, collapsed layer by layer";
  ch.write_graph("mlp_layers", to_dot(loss, layers));

  std::vector<Tensor> params;
  for (const Linear<double>* l : {&layer1, &layer2, &layer3}) {
    for (const Tensor& p : l->params()) params.push_back(p);
  }
  ch.report_gradcheck("mlp", gradcheck_network(loss_fn, params));
  ch.result("mlp.nodes", static_cast<double>(n_nodes));
  ch.result("mlp.loss", loss.item());
}

}  // namespace sg::ch06
