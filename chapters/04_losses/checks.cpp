// Every loss on a small fixed example: its value and its gradient from the
// lesson's formulas (the student's exercises.hpp, and losses.hpp), from the
// engine, and by central differences.
#include <fmt/format.h>

#include "chapters/04_losses/exercises.hpp"
#include "chapters/04_losses/lesson.hpp"
#include "chapters/04_losses/losses.hpp"

namespace sg::ch04 {

namespace {
constexpr double kH = 1e-6;   // step of the central differences

std::string num(double v) { return fmt::format("{:.6g}", v); }
Mat column(std::initializer_list<double> values) {
  Mat m(static_cast<Index>(values.size()), 1);
  Index i = 0;
  for (double v : values) m(i++, 0) = v;
  return m;
}

// The fixed examples, stated in docs/book/04-losses.md.
struct Examples {
  Mat Yhat = column({2.5, 0.0, 2.0, 8.0});    // regression: predictions
  Mat Y = column({3.0, -0.5, 2.0, 7.0});      //   and targets
  Mat P = column({0.9, 0.2, 0.6, 0.4});       // binary: probabilities
  Mat T = column({1.0, 0.0, 1.0, 0.0});       //   and targets
  Mat Z = (P.array() / (1.0 - P.array())).log().matrix();   // the same as logits
  Mat logits{2, 3};                           // categorical: 2 samples, 3 classes
  std::vector<int> labels{0, 1};
  Examples() { logits << 2.0, 1.0, 0.1, 0.5, 2.5, -1.0; }
};

// One loss: the lesson's forward and gradient, and the engine's version
// (prediction, target) -> loss.
struct LossCase {
  std::string name;
  std::string convention;
  Mat prediction;
  Mat target;
  std::function<double(const Mat&)> forward;
  std::function<Mat(const Mat&)> backward;
  std::function<Tensor(const Tensor&, const Tensor&)> engine;
};

std::vector<LossCase> cases() {
  const Examples e;
  const Mat Y = e.Y, T = e.T, onehot = one_hot(e.labels, 3);
  const std::vector<int> labels = e.labels;
  return {
      {"mse", "mean over all N elements", e.Yhat, Y, [Y](const Mat& Yh) { return mse(Yh, Y); },
       [Y](const Mat& Yh) { return mse_backward(Yh, Y); },
       [](const Tensor& Yh, const Tensor& Y) { return sg::mse(Yh, Y); }},
      {"rmse", "sqrt of the mean", e.Yhat, Y, [Y](const Mat& Yh) { return rmse(Yh, Y); },
       [Y](const Mat& Yh) { return rmse_backward(Yh, Y); },
       [](const Tensor& Yh, const Tensor& Y) { return sg::rmse(Yh, Y); }},
      {"half_squared_error", "½ · sum (no mean)", e.Yhat, Y, [Y](const Mat& Yh) { return half_squared_error(Yh, Y); },
       [Y](const Mat& Yh) { return half_squared_error_backward(Yh, Y); },
       // No op of its own: built from the engine's primitives.
       [](const Tensor& Yh, const Tensor& Y) { return 0.5 * sum(square(Yh - Y)); }},
      {"bce", "mean over all N elements", e.P, T, [T](const Mat& P) { return bce(P, T); },
       [T](const Mat& P) { return bce_backward(P, T); },
       [](const Tensor& P, const Tensor& T) { return sg::bce(P, T); }},
      {"bce_with_logits", "mean over all N elements", e.Z, T, [T](const Mat& Z) { return bce_with_logits(Z, T); },
       [T](const Mat& Z) { return bce_with_logits_backward(Z, T); },
       [](const Tensor& Z, const Tensor& T) { return sg::bce_with_logits(Z, T); }},
      {"cross_entropy", "mean over the B rows, sum over C", e.logits, onehot,
       [labels](const Mat& Z) { return cross_entropy(Z, labels); },
       [labels](const Mat& Z) { return cross_entropy_backward(Z, labels); },
       [labels](const Tensor& Z, const Tensor&) { return sg::cross_entropy(Z, labels); }},
      {"cross_entropy_onehot", "mean over the B rows, sum over C", e.logits, onehot,
       [labels](const Mat& Z) { return cross_entropy(Z, labels); },
       [labels](const Mat& Z) { return cross_entropy_backward(Z, labels); },
       [](const Tensor& Z, const Tensor& Y) { return sg::cross_entropy(Z, Y); }},
  };
}
}  // namespace

void draw_main_graph(book::Chapter& ch, Context& ctx) {
  ch.section("Softmax cross-entropy, op by op");
  const Examples e;
  Tensor Z = ctx.param(e.logits.row(0), "z");
  const Tensor Y = ctx.input(one_hot({0}, 3), "y (one-hot)");
  const Tensor P = softmax(Z).set_label("p");
  Tensor L = (-sum(Y * log(P))).set_label("loss");
  L.backward();
  const Tensor fused = sg::cross_entropy(ctx.input(e.logits.row(0), "z"), std::vector<int>{0});
  ch.say(fmt::format(
      "z = [2, 1, 0.1], true class 0: p = softmax(z) = [{:.4f}, {:.4f}, {:.4f}],\n"
      "loss = -Σ y log p = -log p₀ = {:.10g}. Backward through log and softmax gives\n"
      "dz = p - y = [{:.4f}, {:.4f}, {:.4f}]: graph.svg shows every step with its formula.\n"
      "The engine's fused cross_entropy computes the same loss in one op.",
      P.value()(0, 0), P.value()(0, 1), P.value()(0, 2), L.item(), Z.grad()(0, 0), Z.grad()(0, 1),
      Z.grad()(0, 2)));
  ch.result("graph_loss", L.item());
  ch.result("graph_vs_fused_abs_diff", std::abs(L.item() - fused.item()));
  DotOptions o;
  o.show_formulas = true;
  o.legend = true;
  o.title = "loss = -Σ y ⊙ log softmax(z), 3 classes";
  ch.write_graph("graph", to_dot(L, o), true);
  ch.part("the graph's gradient against your cross_entropy_backward", [&] {
    ch.result("graph_grad_vs_formula_max_abs_diff",
              (Z.grad() - cross_entropy_backward(e.logits.row(0), {0})).cwiseAbs().maxCoeff());
  });
}

void check_losses(book::Chapter& ch, Context& ctx) {
  ch.section("Each loss, three ways");
  ch.say("Ŷ = [2.5, 0, 2, 8], Y = [3, -0.5, 2, 7] (regression); P = [0.9, 0.2, 0.6, 0.4],\n"
         "Y = [1, 0, 1, 0] (binary, and the same as logits Z = log(P/(1-P))); logits\n"
         "[[2, 1, 0.1], [0.5, 2.5, -1]] with labels [0, 1] (categorical). Value and gradient with\n"
         "respect to the prediction from the formula, from the engine, and numerically (h = 1e-6).");
  book::Table t({"loss", "convention", "value", "|Δ| engine", "max |Δ grad| engine", "max |Δ grad| numeric"});
  for (const LossCase& c : cases()) {
    Tensor pred = ctx.param(c.prediction, "prediction");
    const Tensor target = ctx.input(c.target, "target");
    Tensor L = c.engine(pred, target).set_label(c.name);
    L.backward();
    // A loss that is still a stub leaves its row out; the others go on.
    ch.part("the row of " + c.name, [&] {
      const double value = c.forward(c.prediction);
      const Mat grad = c.backward(c.prediction);
      const double value_diff = std::abs(value - L.item());
      const double grad_engine = (grad - pred.grad()).cwiseAbs().maxCoeff();
      const double grad_numeric = (grad - numerical_gradient(c.forward, c.prediction, kH)).cwiseAbs().maxCoeff();
      t.add({c.name, c.convention, fmt::format("{:.10g}", value), num(value_diff), num(grad_engine), num(grad_numeric)});
      ch.result(c.name, value);
      ch.result(c.name + "_value_engine_diff", value_diff);
      ch.result(c.name + "_grad_engine_diff", grad_engine);
      ch.result(c.name + "_grad_numeric_diff", grad_numeric);
    });
  }
  ch.table(t, "losses.csv");
}

void gradcheck_losses(book::Chapter& ch) {
  ch.section("Gradient check");
  for (const LossCase& c : cases()) {
    const auto engine = c.engine;
    const GradcheckResult r = gradcheck([engine](const std::vector<Tensor>& in) { return engine(in[0], in[1]); },
                                        std::vector<GradcheckInput>{{c.prediction, "prediction"}, {c.target, "target", false}});
    ch.report_gradcheck(c.name, r);
  }
  // The main graph's op-by-op softmax cross-entropy.
  const Examples e;
  ch.report_gradcheck("softmax_log_graph", gradcheck([](const std::vector<Tensor>& in) {
    return -sum(in[1] * log(softmax(in[0])));
  }, std::vector<GradcheckInput>{{e.logits, "Z"}, {one_hot(e.labels, 3), "Y", false}}));
}

}  // namespace sg::ch04
