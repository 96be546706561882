// Graded tests of chapter 6's exercises (exercises/06_computational_graph/exercises.cpp):
// topological_sort, backpropagate, central_difference, on SmallGraph
// (chapters/06_computational_graph/lesson_math.hpp). Expected orders and
// gradients are worked out by hand in the comments. A stub throws
// sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "chapters/06_computational_graph/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch06;
using sg::graded::check_equal;
using sg::graded::check_value;
using Op = SmallGraph::Op;

namespace {

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kTopo = "docs/book/06-computational-graph.md, section \"Topological order\"";
const std::string kFork = "docs/book/06-computational-graph.md, section \"The fork: gradients add up\"";
const std::string kChecking = "docs/book/06-computational-graph.md, section \"Checking every gradient\"";

// The chapter's L = (a·b + c)·(a·b) at a = 2, b = −3, c = 10: ids a 0, b 1,
// c 2, d = a·b 3, e = d + c 4, L = e·d 5. d = −6, e = 4, L = −24.
SmallGraph chapter_graph() {
  SmallGraph g;
  const int a = g.leaf("a", 2.0), b = g.leaf("b", -3.0), c = g.leaf("c", 10.0);
  const int d = g.op("d", Op::Mul, {a, b});
  const int e = g.op("e", Op::Add, {d, c});
  g.op("L", Op::Mul, {e, d});
  return g;
}

Mat as_mat(const std::vector<double>& v) {
  Mat m(static_cast<Index>(v.size()), 1);
  for (std::size_t i = 0; i < v.size(); ++i) m(static_cast<Index>(i), 0) = v[i];
  return m;
}

}  // namespace

// ---- Exercise 6.1: topological_sort ---------------------------------------------------

TEST_CASE("6.1 topological_sort: the chapter's expression", "[ch06][ex6.1][points:1]") {
  const SmallGraph g = chapter_graph();
  // Post-order from L: L → e → d → a, b (d written), then c (e written), then L: a b d c e L.
  check_equal("topological_sort(L = (a·b + c)·(a·b), root L)", {0, 1, 3, 2, 4, 5}, topological_sort(g, 5),
              "checked: the order of the lesson's L = (a·b + c)·(a·b): every node after all its parents, in the "
              "engine's order. " + kTopo + " prints that order and says how the engine finds it. "
              "{5, 4, 3, 0, 1, 2} would be the root first, the reverse of what backward needs");
}

TEST_CASE("6.1 topological_sort: a node used twice is listed once", "[ch06][ex6.1][points:1]") {
  SmallGraph g;
  const int x = g.leaf("x", 3.0);
  const int y = g.op("y", Op::Mul, {x, x});   // x·x: x is both operands
  g.op("z", Op::Add, {y, x});                 // and x again
  check_equal("topological_sort(z = x·x + x, root z)", {0, 1, 2}, topological_sort(g, 2),
              "checked: z = x·x + x, where x is a parent three times: every node appears once, however many "
              "paths lead to it; " + kTopo);
}

TEST_CASE("6.1 topological_sort: only what the root depends on", "[ch06][ex6.1][points:1]") {
  SmallGraph g;
  const int a = g.leaf("a", 1.0), b = g.leaf("b", 2.0), c = g.leaf("c", 3.0);
  const int d = g.op("d", Op::Mul, {a, b});
  g.op("e", Op::Add, {c, c});   // not an ancestor of d
  check_equal("topological_sort(nodes a b c, d = a·b, e = c + c; root d)", {0, 1, 3}, topological_sort(g, d),
              "checked: only the nodes the root depends on: c and e exist, were created earlier, and are not in "
              "d's order; " + kTopo);
}

TEST_CASE("6.1 topological_sort: parents in operand order", "[ch06][ex6.1][points:1]") {
  SmallGraph g;
  const int a = g.leaf("a", 1.0);
  g.leaf("b", 2.0);
  const int c = g.leaf("c", 3.0);
  const int d = g.op("d", Op::Add, {c, a});   // c first: operand order, not id order
  check_equal("topological_sort(d = c + a, root d)", {2, 0, 3}, topological_sort(g, d),
              "checked: d = c + a, whose parents come in the order the node lists them (c, then a), not sorted by "
              "id, as in the engine, whose order and pictures are deterministic for it; " + kTopo);
}

// ---- Exercise 6.2: backpropagate ------------------------------------------------------

TEST_CASE("6.2 backpropagate: the chapter's expression, with its fork", "[ch06][ex6.2][points:2]") {
  const SmallGraph g = chapter_graph();
  const Gradients r = backpropagate(g, 5);
  // dL/dL = 1; dL/de = d = −6; dL/dd = e (direct) + dL/de · 1 (via e) = 4 − 6 = −2;
  // dL/dc = dL/de = −6; dL/da = dL/dd · b = 6; dL/db = dL/dd · a = −4.
  const Mat want = as_mat({6.0, -4.0, -6.0, -2.0, -6.0, 1.0});
  check_value("backpropagate(L = (a·b + c)·(a·b) at a=2, b=-3, c=10).grad (a b c d e L)", want, as_mat(r.grad),
              "checked: every node's gradient on the lesson's expression, where d reaches L along two paths; " +
                  kFork + " works out each one",
              {{as_mat({18.0, -12.0, -6.0, -6.0, -6.0, 1.0}),
                "d got only its last contribution (−6 via e): the first was overwritten; a node used twice must "
                "ADD both (+=, not =)"},
               {as_mat({-12.0, 8.0, -6.0, 4.0, -6.0, 1.0}),
                "d got only its direct contribution (4 from L): a node used twice must ADD both (+=, not =)"},
               {as_mat({2.0, 2.0, 1.0, 2.0, 1.0, 1.0}),
                "every local derivative here is 1, an Add's: a Mul's is not (" + kFork + ")"}});
}

TEST_CASE("6.2 backpropagate: x·x gets 2x", "[ch06][ex6.2][points:1]") {
  SmallGraph g;
  const int x = g.leaf("x", 3.0);
  const int y = g.op("y", Op::Mul, {x, x});
  const Gradients r = backpropagate(g, y);
  check_value("backpropagate(y = x·x at x=3).grad[x]", 6.0, r.grad.at(0),
              "checked: y = x·x, where x is both operands of one Mul and receives a contribution as each; " +
                  kFork,
              {{3.0, "only one of the two contributions arrived: x is the Mul's operand twice, and += adds both"},
               {9.0, "this used the whole product (9) as the local derivative; " + kFork + " derives a Mul's"}});
}

TEST_CASE("6.2 backpropagate: a product of three operands", "[ch06][ex6.2][points:1]") {
  SmallGraph g;
  const int a = g.leaf("a", 2.0), b = g.leaf("b", 3.0), c = g.leaf("c", 4.0);
  const int p = g.op("p", Op::Mul, {a, b, c});
  const Gradients r = backpropagate(g, p);
  // d(abc)/da = bc = 12, /db = ac = 8, /dc = ab = 6.
  check_value("backpropagate(p = a·b·c at a=2, b=3, c=4).grad (a b c p)", as_mat({12.0, 8.0, 6.0, 1.0}),
              as_mat(r.grad),
              "checked: p = a·b·c, one Mul of three operands; a Mul's local derivatives are derived in " + kFork);
}

TEST_CASE("6.2 backpropagate: contributions in the order backward sends them", "[ch06][ex6.2][points:1]") {
  const SmallGraph g = chapter_graph();
  const Gradients r = backpropagate(g, 5);
  // Reverse topological order L e d (c, b, a send nothing), parents in operand order:
  // L→e (local d = −6, upstream 1), L→d (e = 4, 1), e→d (1, −6), e→c (1, −6), d→a (b = −3, −2), d→b (a = 2, −2).
  std::vector<int> from, to;
  std::vector<double> local, upstream, amount;
  for (const Contribution& c : r.contributions) {
    from.push_back(c.from);
    to.push_back(c.to);
    local.push_back(c.local);
    upstream.push_back(c.upstream);
    amount.push_back(c.amount);
  }
  const std::string hint = "checked: the contributions in the order backward sends them: the nodes in reverse "
                           "topological order, each to its parents in operand order (exercises.hpp says what each "
                           "field of Contribution holds)";
  check_equal("backpropagate(L = (a·b + c)·(a·b)).contributions: from", {5, 5, 4, 4, 3, 3}, from, hint);
  check_equal("backpropagate(...).contributions: to", {4, 3, 3, 2, 0, 1}, to, hint);
  check_value("backpropagate(...).contributions: local", as_mat({-6.0, 4.0, 1.0, 1.0, -3.0, 2.0}), as_mat(local),
              "checked: each contribution's local derivative, d from / d to; " + kFork);
  check_value("backpropagate(...).contributions: upstream", as_mat({1.0, 1.0, -6.0, -6.0, -2.0, -2.0}),
              as_mat(upstream), "upstream = grad[from], complete once every child of `from` has sent its part");
  check_value("backpropagate(...).contributions: amount", as_mat({-6.0, 4.0, -6.0, -6.0, 6.0, -4.0}), as_mat(amount),
              "amount = local · upstream");
}

// ---- Exercise 6.3: central_difference --------------------------------------------------

TEST_CASE("6.3 central_difference: the gradient of a quadratic", "[ch06][ex6.3][points:1]") {
  // f = x0² + 3·x0·x1: ∇f = (2·x0 + 3·x1, 3·x0) = (8, 3) at (1, 2). The central
  // difference of a quadratic is exact up to rounding; the one-sided one is off by h.
  const auto f = [](const std::vector<double>& x) { return x[0] * x[0] + 3 * x[0] * x[1]; };
  const std::vector<double> got = central_difference(f, {1.0, 2.0}, 1e-3);
  check_value("central_difference(x0² + 3·x0·x1, x=(1, 2), h=1e-3)", as_mat({8.0, 3.0}), as_mat(got),
              "checked: the gradient of x0² + 3·x0·x1 at (1, 2): exercise 1.2's central difference along each "
              "coordinate in turn; " + kChecking,
              {{as_mat({8.001, 3.0}), "this is the one-sided (f(x + h) − f(x))/h, whose error is about h: use a "
                                      "point on each side of x"},
               {as_mat({7.999, 3.0}), "this is the one-sided (f(x) − f(x − h))/h, whose error is about h: use a "
                                      "point on each side of x"},
               {as_mat({16.0, 6.0}), "twice the gradient: measure how far apart the two points are"}},
              1e-9);
}

TEST_CASE("6.3 central_difference: x is restored after each coordinate", "[ch06][ex6.3][points:1]") {
  // f = x0·x1·x2 at (1, 2, 3): ∇f = (6, 3, 2), exact for the central difference
  // (f is linear in each coordinate). A coordinate left at x − h moves the next ones.
  const auto f = [](const std::vector<double>& x) { return x[0] * x[1] * x[2]; };
  const std::vector<double> got = central_difference(f, {1.0, 2.0, 3.0}, 1e-3);
  check_value("central_difference(x0·x1·x2, x=(1, 2, 3), h=1e-3)", as_mat({6.0, 3.0, 2.0}), as_mat(got),
              "checked: x0·x1·x2 at (1, 2, 3), where a coordinate left moved shifts the next partials: each must "
              "be measured at the same point x; " + kChecking,
              {{as_mat({6.0, 0.999 * 3.0, 0.999 * 1.999}),
                "x[i] was left at x[i] − h: restore it before the next coordinate"},
               {as_mat({6.0, 1.001 * 3.0, 1.001 * 2.001}),
                "x[i] was left at x[i] + h: restore it before the next coordinate"}},
              1e-9);
}

TEST_CASE("6.3 central_difference: h must be positive", "[ch06][ex6.3][points:1]") {
  const auto f = [](const std::vector<double>& x) { return x[0] * x[0]; };
  // The student's function first runs with a valid h, so that a stub fails
  // here with its own message rather than as the wrong exception below.
  const std::vector<double> valid = central_difference(f, {3.0}, 1e-3);
  check_equal("central_difference(x², x=(3), h=1e-3).size()", 1, static_cast<long long>(valid.size()),
              "one number per coordinate of x");
  for (const double h : {0.0, -1e-3, std::numeric_limits<double>::quiet_NaN()}) {
    INFO("central_difference(x², x=(3), h=" << sg::graded::show(h)
                                            << ") must throw sg::ValueError: a step h ≤ 0 gives no "
                                               "difference, and NaN is no step either. Check h before calling f, "
                                               "minding that every comparison with NaN is false.");
    CHECK_THROWS_AS(central_difference(f, {3.0}, h), ValueError);
  }
}
