// Chapter 13, parts 1 and 2: batch norm forward and backward by hand on a
// tiny batch, every number on screen, next to the engine's op (engine/ops/
// layers.cpp) and central differences. The by-hand numbers are the student's
// (exercises 13.1 and 13.2); the engine's are shown either way.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chapters/13_batch_norm/exercises.hpp"
#include "chapters/13_batch_norm/lesson.hpp"

namespace sg::ch13 {

Mat tiny_X() { return (Mat(4, 2) << 1.0, -2.0, 3.0, 0.0, 5.0, 1.0, 7.0, 5.0).finished(); }
Mat tiny_gamma() { return (Mat(1, 2) << 2.0, 0.5).finished(); }
Mat tiny_beta() { return (Mat(1, 2) << 1.0, -1.0).finished(); }
Mat tiny_dY() { return (Mat(4, 2) << 0.1, -0.2, 0.3, 0.1, -0.2, 0.4, 0.5, -0.1).finished(); }

std::string num(double v) {
  const std::string s = fmt::format("{:.6f}", v);
  return s == "-0.000000" ? s.substr(1) : s;   // no "-0" in a table
}

book::Table batch_table(const std::vector<std::pair<std::string, Mat>>& batches) {
  std::vector<std::string> columns{"i"};
  for (const auto& [name, M] : batches) {
    for (Index j = 0; j < M.cols(); ++j) columns.push_back(fmt::format("{} i{}", name, j + 1));
  }
  book::Table t(columns);
  const Index rows = batches.front().second.rows();
  for (Index i = 0; i < rows; ++i) {
    std::vector<std::string> row{std::to_string(i + 1)};
    for (const auto& [name, M] : batches) {
      for (Index j = 0; j < M.cols(); ++j) row.push_back(num(M(i, j)));
    }
    t.add(row);
  }
  return t;
}

book::Table feature_table(const std::vector<std::pair<std::string, Mat>>& stats) {
  std::vector<std::string> columns{"feature j"};
  for (const auto& [name, M] : stats) columns.push_back(name);
  book::Table t(columns);
  for (Index j = 0; j < stats.front().second.cols(); ++j) {
    std::vector<std::string> row{std::to_string(j + 1)};
    for (const auto& [name, M] : stats) row.push_back(num(M(0, j)));
    t.add(row);
  }
  return t;
}

namespace {

double max_abs_diff(const Mat& A, const Mat& B) {
  if (A.rows() != B.rows() || A.cols() != B.cols()) {
    throw Error(fmt::format("a result is {} but the engine's is {}: check the shapes (rows are examples, "
                            "columns features; statistics are (1, n))",
                            to_string(shape_of(A)), to_string(shape_of(B))));
  }
  return (A - B).cwiseAbs().maxCoeff();
}

// The numeric gradient of one input, as a matrix, from a gradcheck result.
Mat numeric_of(const GradcheckResult& r, std::string_view label, Shape shape) {
  Mat N = Mat::Zero(shape.rows, shape.cols);
  for (const ElementCheck& e : r.input(label).elements) N(e.row, e.col) = e.numeric;
  return N;
}

// L = Σ dY ⊙ BN(X): a loss whose gradient with respect to Y is exactly dY.
Tensor tiny_loss(const Tensor& X, const Tensor& gamma, const Tensor& beta, const Tensor& C) {
  Tensor Y = batch_norm(X, gamma, beta, kEps).set_label("Y");
  return sum(Y * C).set_label("L").set_role(Role::Loss);
}

// Agreement limits: the two computations use the same formulas in another
// order, so they differ by rounding only (a few ulps of numbers near 1).
constexpr double kSameMath = 1e-12;

}  // namespace

void forward_by_hand(book::Chapter& ch, Context& ctx) {
  ch.section("Forward, by hand: Algorithm 1 on a batch of m = 4");
  ch.say("The lecture's Batch Normalizing Transform, for each feature (column) over the mini-batch\n"
         "B = {x_1 ... x_m}:\n"
         "    μ_B  = (1/m) Σ_i x_i                 mini-batch mean\n"
         "    σ²_B = (1/m) Σ_i (x_i − μ_B)²        mini-batch variance (divides by m, not m − 1)\n"
         "    x̂_i  = (x_i − μ_B) / √(σ²_B + ε)     normalise\n"
         "    y_i  = γ·x̂_i + β                     scale and shift (γ, β learnt)\n"
         "with ε = 1e-5. The batch: the pre-activations of two units for four examples.");
  const Mat X = tiny_X(), gamma = tiny_gamma(), beta = tiny_beta();
  ch.table(batch_table({{"x", X}}));
  ch.table(feature_table({{"γ", gamma}, {"β", beta}}));

  // The engine: the op (traced, drawn) and its math as a free function.
  Tensor tX = ctx.input(X, "X", true);
  Tensor tgamma = ctx.param(gamma, "gamma");
  Tensor tbeta = ctx.param(beta, "beta");
  Tensor C = ctx.input(tiny_dY(), "dY");
  Tensor L = tiny_loss(tX, tgamma, tbeta, C);
  L.backward();
  BatchNormCache<double> cache;
  const Mat Y_engine = batch_norm_forward<double>(X, gamma, beta, kEps, cache);

  const bool done = ch.part("your bn_forward on the tiny batch", [&] {
    const BnForward f = bn_forward(X, gamma, beta, kEps);
    ch.say("\nYour bn_forward, column by column:");
    ch.table(feature_table({{"μ_B", f.mu}, {"σ²_B", f.var}, {"√(σ²_B + ε)", (f.var.array() + kEps).sqrt().matrix()}}),
             "forward_stats.csv");
    ch.table(batch_table({{"x̂", f.Xhat}, {"y", f.Y}}), "forward.csv");
    const double diff = std::max({max_abs_diff(f.mu, cache.mean), max_abs_diff(f.var, cache.var),
                                  max_abs_diff(f.Xhat, cache.Xhat), max_abs_diff(f.Y, Y_engine)});
    ch.result("forward.mu1", f.mu(0, 0));
    ch.result("forward.mu2", f.mu(0, 1));
    ch.result("forward.var1", f.var(0, 0));
    ch.result("forward.var2", f.var(0, 1));
    ch.result("forward.xhat11", f.Xhat(0, 0));
    ch.result("forward.y11", f.Y(0, 0));
    ch.result("forward.y42", f.Y(3, 1));
    ch.result("forward.max_abs_diff_engine", diff);
    if (diff > kSameMath) {
      throw Error(fmt::format("your bn_forward differs from the engine's batch_norm by {:.3g}: compare the "
                              "tables above with the engine's y below", diff));
    }
  });
  if (!done) ch.table(batch_table({{"engine y", Y_engine}}), "forward.csv");

  // What normalising did to each column: mean 0, variance σ²/(σ² + ε) ≈ 1.
  const Mat xhat_mean = cache.Xhat.colwise().mean();
  const Mat xhat_var = cache.Xhat.array().square().colwise().mean();
  ch.say(fmt::format("\nEach column of x̂ has mean 0 and variance σ²/(σ² + ε), just under 1: {} and {}.\n"
                     "y = γ·x̂ + β then gives each column mean β and standard deviation ≈ γ: the layer can\n"
                     "learn any scale and shift back, even undo the normalisation (γ = σ, β = μ).",
                     num(xhat_var(0, 0)), num(xhat_var(0, 1))));
  ch.result("forward.xhat_mean_max_abs", xhat_mean.cwiseAbs().maxCoeff());
  ch.result("forward.xhat_var1", xhat_var(0, 0));

  DotOptions dot;
  dot.title = "batch norm on a batch of 4: L = Σ dY ⊙ BN(X)";
  dot.show_formulas = true;
  dot.legend = true;
  ch.write_graph("graph", to_dot(L, dot), true);
}

void backward_by_hand(book::Chapter& ch, Context& ctx) {
  ch.section("Backward, by hand: three paths from x_i to the loss");
  ch.say("dY = dL/dY arrives from the layer above; here L = Σ dY ⊙ Y, so it is exactly the matrix below.\n"
         "x_i reaches the loss through its own x̂_i, and also through μ_B and σ²_B, which every x̂ of\n"
         "its column uses. Following each path (the lesson text draws the graph):\n"
         "    dx̂_i  = dy_i · γ\n"
         "    dσ²_B = Σ_i dx̂_i·(x_i − μ_B) · (−½)(σ²_B + ε)^(−3/2)\n"
         "    dμ_B  = Σ_i dx̂_i · (−1/√(σ²_B + ε))  +  dσ²_B · (−2/m) Σ_i (x_i − μ_B)   (the 2nd sum is 0)\n"
         "    dx_i  = dx̂_i/√(σ²_B + ε)  +  dσ²_B · 2(x_i − μ_B)/m  +  dμ_B/m\n"
         "    dγ    = Σ_i dy_i·x̂_i,      dβ = Σ_i dy_i");
  const Mat X = tiny_X(), gamma = tiny_gamma(), dY = tiny_dY();
  ch.table(batch_table({{"dy", dY}}));

  // The engine: the op's gradients through the graph, and its math as a free function.
  Tensor tX = ctx.input(X, "X", true);
  Tensor tgamma = ctx.param(gamma, "gamma");
  Tensor tbeta = ctx.param(tiny_beta(), "beta");
  Tensor C = ctx.input(dY, "dY");
  Tensor L = tiny_loss(tX, tgamma, tbeta, C);
  L.backward();
  BatchNormCache<double> cache;
  batch_norm_forward<double>(X, gamma, tiny_beta(), kEps, cache);
  Mat dX_free, dgamma_free, dbeta_free;
  batch_norm_backward<double>(dY, cache, dX_free, dgamma_free, dbeta_free);

  // Central differences of the same L (the engine's gradcheck), and its verdict.
  const GradcheckResult numeric = gradcheck(
      [](const std::vector<Tensor>& in) { return tiny_loss(in[0], in[1], in[2], in[3]); },
      {{X, "X"}, {gamma, "gamma"}, {tiny_beta(), "beta"}, {dY, "dY", false}});
  ch.report_gradcheck("batch_norm_tiny_batch", numeric);
  const Mat dX_numeric = numeric_of(numeric, "X", shape_of(X));

  const bool done = ch.part("your bn_backward on the tiny batch", [&] {
    const BnGrads g = bn_backward(dY, X, gamma, kEps);
    ch.say("\nYour bn_backward, path by path:");
    ch.table(batch_table({{"dx̂", g.dXhat}, {"dx", g.dX}}), "backward.csv");
    ch.table(feature_table({{"dσ²_B", g.dvar}, {"dμ_B", g.dmu}, {"dγ", g.dgamma}, {"dβ", g.dbeta}}),
             "backward_params.csv");
    const double engine = std::max({max_abs_diff(g.dX, tX.grad()), max_abs_diff(g.dgamma, tgamma.grad()),
                                    max_abs_diff(g.dbeta, tbeta.grad()), max_abs_diff(g.dX, dX_free)});
    const double vs_numeric = max_abs_diff(g.dX, dX_numeric);
    ch.result("backward.dvar1", g.dvar(0, 0));
    ch.result("backward.dmu1", g.dmu(0, 0));
    ch.result("backward.dx11", g.dX(0, 0));
    ch.result("backward.dgamma1", g.dgamma(0, 0));
    ch.result("backward.dbeta1", g.dbeta(0, 0));
    ch.result("backward.dbeta2", g.dbeta(0, 1));
    ch.result("backward.max_abs_diff_engine", engine);
    ch.result("backward.max_abs_diff_numeric", vs_numeric);
    if (engine > kSameMath) {
      throw Error(fmt::format("your bn_backward differs from the engine's by {:.3g}: compare its dx column "
                              "with the engine's below", engine));
    }
  });
  if (!done) ch.table(batch_table({{"engine dx", tX.grad()}}), "backward.csv");
  ch.say(fmt::format("The engine (engine/ops/layers.cpp) writes the same dx in one line,\n"
                     "    dx = (γ/σ)·(dy − mean(dy) − x̂·mean(dy ⊙ x̂)),\n"
                     "and the central differences agree: max |engine − numeric| = {:.2g}.",
                     max_abs_diff(tX.grad(), dX_numeric)));

  // Two facts any correct dX obeys, and what forgetting the μ and σ² paths costs.
  const Mat col_sum = tX.grad().colwise().sum();
  const Mat col_sum_xhat = tX.grad().cwiseProduct(cache.Xhat).colwise().sum();
  const Mat naive = dY.array().rowwise() * (gamma.array() * cache.inv_std.array()).row(0);
  ch.say("\nEach column of dx sums to 0 (moving every x of a column by the same amount changes no y), and\n"
         "Σ_i dx_i·x̂_i is 0 up to a term of order ε (stretching a column changes no y either, but for ε).\n"
         "Treating μ_B and σ²_B as constants would give dx = dy·γ/σ, which breaks both:");
  ch.result("backward.col_sum_dx_max_abs", col_sum.cwiseAbs().maxCoeff());
  ch.result("backward.col_sum_dx_xhat_max_abs", col_sum_xhat.cwiseAbs().maxCoeff());
  ch.result("backward.constant_stats_error", max_abs_diff(naive, tX.grad()));

  // Scale invariance: BN(10·X) = BN(X) (up to ε), and its gradient is 10 times smaller.
  ch.section("Why larger learning rates are safe: BN(a·x) = BN(x)");
  BatchNormCache<double> cache10;
  const Mat Y1 = batch_norm_forward<double>(X, gamma, tiny_beta(), kEps, cache);
  const Mat Y10 = batch_norm_forward<double>(Mat(10.0 * X), gamma, tiny_beta(), kEps, cache10);
  Mat dX10, dg10, db10;
  batch_norm_backward<double>(dY, cache10, dX10, dg10, db10);
  const double ratio = dX10(0, 0) / dX_free(0, 0);
  ch.say(fmt::format("If x = a·W for the layer below, scaling W by 10 scales every x by 10: the mean and the\n"
                     "standard deviation scale with it, so y does not change (by {:.2g}, from ε alone), and dx\n"
                     "(hence dW) is divided by 10 (ratio {:.6f}). Large weights get small gradients and small\n"
                     "ones large: the lecture's \"the gradients' dependency on the scale of the weights is\n"
                     "reduced, so higher learning rates are possible\".",
                     max_abs_diff(Y1, Y10), ratio));
  ch.result("scale.y_change", max_abs_diff(Y1, Y10));
  ch.result("scale.dx_ratio", ratio);
}

}  // namespace sg::ch13
