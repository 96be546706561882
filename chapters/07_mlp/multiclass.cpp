// Chapter 7: the lecture's "Example with multiclass NN". Chapter 5's network
// with three outputs and a softmax: every partial of J by hand (the student's
// exercises 7.3 and 7.4) next to the engine's, and the slide's dJ/dx
// corrected: the sum runs over the hidden units j, not over the α's alone.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "chapters/07_mlp/exercises.hpp"
#include "chapters/07_mlp/lesson.hpp"

namespace sg::ch07 {
namespace {

constexpr Index kD = 3, kH = 2, kK = 3;
constexpr std::array<const char*, 3> kOutcomes = {"fail", "pass", "distinction"};

// A copy of a constexpr array as a row-major (rows, cols) matrix.
Mat matrix_of(std::span<const double> v, Index rows, Index cols) {
  Mat m(rows, cols);
  for (Index r = 0; r < rows; ++r) {
    for (Index c = 0; c < cols; ++c) m(r, c) = v[static_cast<std::size_t>(r * cols + c)];
  }
  return m;
}

std::string f4(double v) { return fmt::format("{:.4f}", v); }
// A factor of a product: a negative one in parentheses, "0.0879·(-0.3000)".
std::string factor(double v) { return v < 0 ? fmt::format("({:.4f})", v) : f4(v); }

// The network in the engine, unfused (softmax, then −Σ y* log y) so that
// every intermediate holds its own gradient. L = −J.
struct Graph {
  Tensor x, alpha, beta, y_star, a, z, b, y, L;
};
Graph build(Context& ctx, const Mat& x, const Mat& alpha, const Mat& beta, const Mat& y_star) {
  Graph g;
  g.x = ctx.input(x, "x", /*requires_grad=*/true);   // dJ/dx too
  g.alpha = ctx.param(alpha, "α");
  g.beta = ctx.param(beta, "β");
  g.y_star = ctx.input(y_star, "y*");
  g.a = matmul(g.x, transpose(g.alpha)).set_label("a");
  g.z = sigmoid(g.a).set_label("z");
  g.b = matmul(g.z, transpose(g.beta)).set_label("b");
  g.y = softmax(g.b).set_label("y");
  g.L = neg(sum(mul(g.y_star, log(g.y)))).set_label("L = −J");
  return g;
}

// One row of the comparison: a partial by hand and the engine's (negated: −dL = dJ).
struct Row {
  std::string name;
  double hand = 0.0, engine = 0.0;
};

// A student's result must have the engine's shape before any element is read.
void require_shape(const std::string& what, const Mat& yours, Index rows, Index cols) {
  if (yours.rows() != rows || yours.cols() != cols) {
    throw Error(fmt::format("your {} is ({},{}) but must be ({},{}): see chapters/07_mlp/exercises.hpp for the "
                            "shapes",
                            what, yours.rows(), yours.cols(), rows, cols));
  }
}

void add_rows(std::vector<Row>& rows, const std::string& stem, const Mat& hand, const Mat& engine_dL,
              bool one_based_cols = true) {
  require_shape(stem, hand, engine_dL.rows(), engine_dL.cols());
  for (Index r = 0; r < hand.rows(); ++r) {
    for (Index c = 0; c < hand.cols(); ++c) {
      const std::string idx = hand.cols() == 1 ? fmt::format("{}", r + 1)
                                               : fmt::format("{}{}", r + 1, c + (one_based_cols ? 1 : 0));
      rows.push_back({stem + idx, hand(r, c), -engine_dL(r, c)});
    }
  }
}

}  // namespace

void multiclass_network(book::Chapter& ch) {
  const int target = kTarget;
  ch.section("The multiclass network: softmax over three outcomes");
  const Mat alpha = matrix_of(kAlpha, kH, kD), beta = matrix_of(kBeta, kK, kH);
  const Eigen::VectorXd x = Eigen::Vector3d(1.0, kLectures, kHours);
  Eigen::VectorXd y_star = Eigen::VectorXd::Zero(kK);
  y_star(target - 1) = 1.0;
  ch.say(fmt::format(
      "The lecture's \"Example with multiclass NN\": chapter 5's student, x = (1, {}, {}), chapter 5's\n"
      "hidden layer α, and three outcomes k = 1 {}, 2 {}, 3 {} instead of one; the truth is k = {} ({}).\n"
      "  aj = Σi αji·xi,  zj = σ(aj),  bk = Σj βkj·zj,  yk = e^bk / Σl e^bl,  J = Σk y*k·log yk\n"
      "J is the log-likelihood (learning maximises it); the engine minimises L = −J, so its\n"
      "gradients are shown negated, −dL = dJ.",
      kLectures, kHours, kOutcomes[0], kOutcomes[1], kOutcomes[2], target, kOutcomes[target - 1]));

  ch.restore_trace();
  Context ctx(&ch.trace());
  Graph g = build(ctx, x.transpose(), alpha, beta, y_star.transpose());
  g.L.backward();
  ch.say(fmt::format("forward: a = ({}, {}), z = ({}, {}), b = ({}, {}, {}), y = ({}, {}, {}), J = {}",
                     f4(g.a.value()(0)), f4(g.a.value()(1)), f4(g.z.value()(0)), f4(g.z.value()(1)),
                     f4(g.b.value()(0)), f4(g.b.value()(1)), f4(g.b.value()(2)), f4(g.y.value()(0)),
                     f4(g.y.value()(1)), f4(g.y.value()(2)), f4(-g.L.item())));
  ch.result("multiclass.J", -g.L.item());
  ch.result(fmt::format("multiclass.y{}", target), g.y.value()(target - 1));

  DotOptions dot;
  dot.show_formulas = true;
  dot.legend = true;
  dot.title = fmt::format("multiclass network: x = (1, {}, {}), truth k = {}; gradients are dL/d·, L = −J",
                          kLectures, kHours, target);
  ch.write_graph("multiclass_graph", to_dot(g.L, dot));

  ch.say("\nThe chain rule, layer by layer (every partial is of J):\n"
         "  dJ/dyk  = y*k / yk\n"
         "  dJ/dbk  = Σl dJ/dyl · dyl/dbk,   dyl/dbk = yl(1 − yk) if l = k, −yl·yk if l ≠ k\n"
         "          = yk·(dJ/dyk − Σl yl·dJ/dyl)          (= y*k − yk for a one-hot y*)\n"
         "  dJ/dβkj = dJ/dbk · zj\n"
         "  dJ/dzj  = Σk dJ/dbk · βkj                      (zj feeds every output k)\n"
         "  dJ/daj  = dJ/dzj · zj(1 − zj)\n"
         "  dJ/dαji = dJ/daj · xi\n"
         "  dJ/dxi  = Σj dJ/daj · αji                      (xi feeds every hidden unit j)\n"
         "The lecture's slide writes the last line as dJ/dxi = dJ/daj · daj/dxi with\n"
         "daj/dxi = Σj αji: a sum over the α's alone, next to a dJ/daj whose j is left dangling.\n"
         "But daj/dxi = αji, one unit at a time; the sum belongs outside, over the paths\n"
         "xi → aj → J, exactly as for dJ/dzj.");

  // dJ/db from dJ/dy, the engine's y and dJ/dy = −dL/dy fed to the student's softmax backward.
  ch.part("your softmax backward", [&] {
    const Eigen::VectorXd y = g.y.value().row(0).transpose(), dJ_dy = -g.y.grad().row(0).transpose();
    const Eigen::VectorXd yours = softmax_backward(y, dJ_dy);
    require_shape("softmax_backward(y, dJ/dy)", yours, kK, 1);
    const Eigen::VectorXd engine = -g.b.grad().row(0).transpose();
    const double d = (yours - engine).cwiseAbs().maxCoeff<Eigen::PropagateNaN>();
    ch.say(fmt::format("\nYour softmax_backward (7.3) on the engine's y and dJ/dy: dJ/db = ({}, {}, {}), the engine's\n"
                       "({}, {}, {}); max |yours − engine| = {:.1e}.",
                       f4(yours(0)), f4(yours(1)), f4(yours(2)), f4(engine(0)), f4(engine(1)), f4(engine(2)), d));
    ch.result("multiclass.yours.softmax_backward_max_abs_diff", d);
    if (!(d <= 1e-12)) {
      throw Error("your softmax_backward differs from the engine's dJ/db: build/bin/grade --exercise 7.3 says how");
    }
  });

  ch.part("your multiclass partials", [&] {
    const MulticlassPartials p = multiclass_partials(alpha, beta, x, y_star);
    std::vector<Row> rows;
    add_rows(rows, "dJ/dy", p.dJ_dy, g.y.grad().transpose());
    add_rows(rows, "dJ/db", p.dJ_db, g.b.grad().transpose());
    add_rows(rows, "dJ/dβ", p.dJ_dbeta, g.beta.grad());
    add_rows(rows, "dJ/dz", p.dJ_dz, g.z.grad().transpose());
    add_rows(rows, "dJ/da", p.dJ_da, g.a.grad().transpose());
    add_rows(rows, "dJ/dα", p.dJ_dalpha, g.alpha.grad(), /*one_based_cols=*/false);
    require_shape("dJ/dx", p.dJ_dx, kD, 1);
    for (Index i = 0; i < kD; ++i) rows.push_back({fmt::format("dJ/dx{}", i), p.dJ_dx(i), -g.x.grad()(0, i)});
    book::Table t({"partial", "by hand dJ", "engine −dL", "|hand − engine|"});
    double worst = 0.0;
    for (const Row& r : rows) {
      const double d = std::abs(r.hand - r.engine);
      if (!(d <= worst)) worst = d;   // a NaN is the worst of all
      t.add({r.name, fmt::format("{:.12f}", r.hand), fmt::format("{:.12f}", r.engine), fmt::format("{:.1e}", d)});
    }
    ch.table(t, "multiclass_partials.csv");
    ch.result("multiclass.partials", static_cast<double>(rows.size()));
    ch.result("multiclass.max_abs_diff_engine", worst);
    ch.result("multiclass.dJ_db2", p.dJ_db(1));
    ch.result("multiclass.dJ_dalpha11", p.dJ_dalpha(0, 1));
    ch.result("multiclass.dJ_dx1", p.dJ_dx(1));
    ch.result("multiclass.dJ_dx2", p.dJ_dx(2));

    // The slide's version for x1: dJ/daj · (α1,1 + α2,1), for j = 1 and j = 2.
    const double alpha_sum = alpha(0, 1) + alpha(1, 1);
    const double slide1 = p.dJ_da(0) * alpha_sum, slide2 = p.dJ_da(1) * alpha_sum;
    ch.say(fmt::format(
        "\ndJ/dx1, the right way: dJ/da1·α11 + dJ/da2·α21 = {}·{} + {}·{} = {}\n"
        "the slide's way:         dJ/daj·(α11 + α21) = {} (j = 1) or {} (j = 2): neither is the engine's {}.",
        f4(p.dJ_da(0)), factor(alpha(0, 1)), factor(p.dJ_da(1)), factor(alpha(1, 1)), f4(p.dJ_dx(1)), f4(slide1),
        f4(slide2),
        f4(-g.x.grad()(0, 1))));
    ch.result("multiclass.slide_dJ_dx1_j1", slide1);
    ch.result("multiclass.slide_dJ_dx1_j2", slide2);
    if (!(worst <= 1e-12)) {
      throw Error(fmt::format("your multiclass partials differ from the engine's by up to {:.2e}: find the row "
                              "in the table above (build/bin/grade --exercise 7.4 says which partial)",
                              worst));
    }
  });

  if (ch.gradcheck_requested()) {
    const Mat ys = y_star.transpose();
    ch.report_gradcheck("multiclass",
                        gradcheck([&](const std::vector<Tensor>& in) {
                          Context& c = in[0].ctx();
                          const Tensor b = matmul(sigmoid(matmul(in[0], transpose(in[1]))), transpose(in[2]));
                          return neg(sum(mul(c.input(ys), log(softmax(b)))));
                        },
                                  {{x.transpose(), "x", true}, {alpha, "α", true}, {beta, "β", true}}));
  }
}

}  // namespace sg::ch07
