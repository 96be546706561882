// Activations inside networks: a ReLU unit that never comes back, two linear
// layers that are really one, and the gradient checks.
#include <fmt/format.h>

#include <sstream>

#include "chapters/03_activations/activations.hpp"
#include "chapters/03_activations/lesson.hpp"

namespace sg::ch03 {

namespace {
constexpr Index kSamples = 16;   // the dead-ReLU data: 16 points in [-1, 1]²

struct Run {
  std::vector<double> losses;
  std::vector<double> max_z;  // the largest pre-activation over the inputs, per step
  double weight_change = 0;   // max |θ_after - θ_before| over W and b
  double max_grad = 0;        // largest |gradient| seen in any step
};

// One unit, relu or leaky relu of X·W + b, trained by SGD on mse to Y.
Run train_unit(book::Chapter& ch, Context& ctx, const Settings& s, bool leaky, const Mat& X_data,
               const Mat& Y_data, const Mat& W0, const Mat& b0) {
  const Tensor X = ctx.input(X_data, "X");
  const Tensor Y = ctx.input(Y_data, "Y");
  Tensor W = ctx.param(W0, "W");
  Tensor b = ctx.param(b0, "b");
  SGD<double> opt({W, b}, s.lr);
  Run run;
  for (int step = 1; step <= s.steps; ++step) {
    opt.zero_grad();
    Tensor Z = (matmul(X, W) + b).set_label("Z");
    Tensor A = (leaky ? leaky_relu(Z, s.alpha) : relu(Z)).set_label("A");
    Tensor loss = mse(A, Y).set_label("loss");
    loss.backward();
    run.max_grad = std::max({run.max_grad, W.grad().cwiseAbs().maxCoeff(), b.grad().cwiseAbs().maxCoeff()});
    opt.step();
    run.losses.push_back(loss.item());
    run.max_z.push_back(Z.value().maxCoeff());
    ch.trace_step(step, {{"loss", loss.item()}});
  }
  ch.restore_trace();
  run.weight_change = std::max((W.value() - W0).cwiseAbs().maxCoeff(), (b.value() - b0).cwiseAbs().maxCoeff());
  return run;
}
}  // namespace

void dead_relu(book::Chapter& ch, Context& ctx, const Settings& s) {
  ch.section("A dead ReLU");
  Generator gen = ch.generator();
  const Mat X = gen.uniform_matrix(kSamples, 2, -1.0, 1.0);
  Mat w_true(2, 1);
  w_true << 1.0, -2.0;
  const Mat Y = (X * w_true).array() + 1.0;
  const Mat W0 = gen.normal_matrix(2, 1, 0.0, 0.5);
  // A bias so negative that no input in [-1, 1]² can lift X·W + b above 0.
  const Mat b0 = Mat::Constant(1, 1, -(W0.cwiseAbs().sum() + 1.0));
  const double max_z = ((X * W0).array() + b0(0, 0)).maxCoeff();
  ch.say(fmt::format(
      "One unit relu(X·W + b) fits Y = X·[1, -2]ᵀ + 1 on {} points, starting from b = {:.4f}:\n"
      "the pre-activation is at most {:.4f} < 0 on every input. relu'(z) = 0 for z < 0, so\n"
      "dW = Xᵀ·(relu'(Z) ⊙ dA) = 0 and db = 0 in every step: {} steps of SGD (lr {}) leave it\n"
      "exactly where it was. Leaky ReLU from the same start still gets α·dA and moves.",
      kSamples, b0(0, 0), max_z, s.steps, s.lr));
  ch.result("dead_relu_max_preactivation", max_z);
  const Run dead = train_unit(ch, ctx, s, false, X, Y, W0, b0);
  const Run alive = train_unit(ch, ctx, s, true, X, Y, W0, b0);
  ch.result("dead_relu_max_grad", dead.max_grad);
  ch.result("dead_relu_weight_change", dead.weight_change);
  ch.result("dead_relu_loss_first", dead.losses.front());
  ch.result("dead_relu_loss_last", dead.losses.back());
  ch.result("leaky_relu_weight_change", alive.weight_change);
  ch.result("leaky_relu_loss_first", alive.losses.front());
  ch.result("leaky_relu_loss_last", alive.losses.back());
  book::Plot p("dead_relu", "The same start: ReLU stays dead, leaky ReLU climbs back towards z = 0",
               "SGD step", "largest pre-activation max z");
  book::Series r{"relu (gradient 0)", {}, {}, "linespoints pt 7 ps 0.6"};
  book::Series l{fmt::format("leaky relu (α = {})", s.alpha), {}, {}, "linespoints pt 5 ps 0.6"};
  for (std::size_t i = 0; i < dead.losses.size(); ++i) {
    r.x.push_back(static_cast<double>(i + 1));
    r.y.push_back(dead.max_z[i]);
    l.x.push_back(static_cast<double>(i + 1));
    l.y.push_back(alive.max_z[i]);
  }
  p.series = {r, l};
  p.key = "center right";
  p.extra = {"set grid"};
  ch.write_plot(p);
}

void collapse_linear_layers(book::Chapter& ch, Context& ctx) {
  ch.section("Why a nonlinearity: two linear layers are one");
  Generator gen = ch.generator();
  const Mat X_data = gen.normal_matrix(5, 3);
  const LinearLayer first{gen.normal_matrix(3, 4), gen.normal_matrix(1, 4)};
  const LinearLayer second{gen.normal_matrix(4, 2), gen.normal_matrix(1, 2)};
  const LinearLayer one = collapse(first, second);
  ch.say("X (5,3) -> linear (3,4) -> linear (4,2), random weights from --seed. Rows of X are\n"
         "samples and multiply from the left (X·W), so (X·W1 + b1)·W2 + b2 = X·(W1·W2) + (b1·W2 + b2):\n"
         "the single layer W = W1·W2 (written W2W1 in the column convention y = Wx), b = b1·W2 + b2.");
  const Tensor X = ctx.input(X_data, "X");
  const Tensor W1 = ctx.param(first.W, "W1"), b1 = ctx.param(first.b, "b1");
  const Tensor W2 = ctx.param(second.W, "W2"), b2 = ctx.param(second.b, "b2");
  const Tensor W = ctx.param(one.W, "W"), b = ctx.param(one.b, "b");
  const Tensor H = (matmul(X, W1) + b1).set_label("H");
  const Tensor two_layers = (matmul(H, W2) + b2).set_label("Y2");
  const Tensor one_layer = (matmul(X, W) + b).set_label("Y1");
  const Tensor with_tanh = (matmul(tanh(H), W2) + b2).set_label("Yt");
  const double collapsed = (two_layers.value() - one_layer.value()).cwiseAbs().maxCoeff();
  const double not_collapsed = (with_tanh.value() - one_layer.value()).cwiseAbs().maxCoeff();
  const double plain = (linear_layer(linear_layer(X_data, first), second) - linear_layer(X_data, one))
                           .cwiseAbs().maxCoeff();
  std::ostringstream shown;
  shown << one.W.format(Eigen::IOFormat(6, 0, "  ", "\n", "  [", "]"));
  ch.say("W = W1·W2 =\n" + shown.str());
  ch.result("collapse_max_abs_diff", collapsed);
  ch.result("collapse_max_abs_diff_plain_eigen", plain);
  ch.say("Put tanh between them and no single matrix does it any more: the difference from the\n"
         "collapsed layer is of the size of the outputs themselves.");
  ch.result("tanh_collapse_max_abs_diff", not_collapsed);
}

void check_gradients(book::Chapter& ch, double alpha) {
  ch.section("Gradient check");
  Mat X(2, 3);
  X << -2.0, -0.7, -0.1, 0.2, 0.9, 3.0;   // no element at the kink
  for (const Activation& a : activations(alpha)) {
    const GradcheckResult r =
        gradcheck([&a](const std::vector<Tensor>& in) { return a.op(in[0]); }, std::vector<GradcheckInput>{{X, "X"}});
    ch.report_gradcheck(a.name, r);
  }
  Generator gen = ch.generator();
  const std::vector<GradcheckInput> net{{gen.normal_matrix(5, 3), "X", false},
                                        {gen.normal_matrix(3, 4), "W1"}, {gen.normal_matrix(1, 4), "b1"},
                                        {gen.normal_matrix(4, 2), "W2"}, {gen.normal_matrix(1, 2), "b2"}};
  ch.report_gradcheck("two_layers_with_tanh", gradcheck([](const std::vector<Tensor>& in) {
    return matmul(tanh(matmul(in[0], in[1]) + in[2]), in[3]) + in[4];
  }, net));
}

}  // namespace sg::ch03
