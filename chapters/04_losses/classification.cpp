// Classification: why we train on cross-entropy and not on accuracy, what a
// uniform guess costs, and computing log Σ exp without overflow.
#include <fmt/format.h>

#include <cmath>

#include "chapters/04_losses/exercises.hpp"
#include "chapters/04_losses/lesson.hpp"
#include "chapters/04_losses/losses.hpp"

namespace sg::ch04 {

namespace {
constexpr double kT0 = -3.0, kT1 = 5.0;   // the plot's range of the true class's logit
constexpr int kPlotPoints = 801;

// inf, -inf and nan as such (a NaN's sign bit depends on how it was made).
std::string shown(double v) { return std::isnan(v) ? "nan" : fmt::format("{:.10g}", v); }

// The logits [t, 1, 0]; the true class is 0.
Mat logits_for(double t) {
  Mat Z(1, 3);
  Z << t, 1.0, 0.0;
  return Z;
}
}  // namespace

void accuracy_vs_cross_entropy(book::Chapter& ch, Context& ctx, double t) {
  ch.section("Why cross-entropy and not accuracy");
  book::Plot p("accuracy_vs_cross_entropy", "Logits [t, 1, 0], true class 0",
               "t, the true class's logit", "loss / accuracy");
  book::Series acc{"accuracy (steps: gradient 0)", {}, {}, "lines lw 2"};
  book::Series ce{"cross-entropy (smooth)", {}, {}, "lines lw 2"};
  Context plot_ctx;   // the engine's loss for the curve, untraced: --step walks the lesson, not 801 points
  for (int i = 0; i < kPlotPoints; ++i) {
    const double ti = kT0 + (kT1 - kT0) * i / (kPlotPoints - 1);
    acc.x.push_back(ti);
    acc.y.push_back(accuracy(logits_for(ti), {0}));
    ce.x.push_back(ti);
    ce.y.push_back(sg::cross_entropy(plot_ctx.input(logits_for(ti)), std::vector<int>{0}).item());
  }
  p.series = {acc, ce};
  p.extra = {"set grid", fmt::format("set arrow 1 from {0},graph 0 to {0},graph 1 nohead dt 2", t)};
  ch.write_plot(p);

  // In the engine: accuracy of this one sample is step(t - 1)·step(t - 0), "t
  // beats both other logits"; step is flat, so its backward sends back 0.
  Tensor tt = ctx.scalar(t, "t");
  const Tensor beats_1 = step(tt - 1.0).set_label("t beats 1");
  const Tensor beats_0 = step(tt - 0.0).set_label("t beats 0");
  Tensor correct = (beats_1 * beats_0).set_label("accuracy");
  correct.backward();
  const double acc_grad = tt.grad()(0, 0);
  tt.zero_grad();
  // z = t·e₀ + [0, 1, 0] = [t, 1, 0], built so that the gradient reaches t.
  const Tensor e0 = ctx.input(logits_for(1.0) - logits_for(0.0), "e₀");
  const Tensor rest = ctx.input(logits_for(0.0), "[0, 1, 0]");
  const Tensor Z = (tt * e0 + rest).set_label("z");
  Tensor loss = sg::cross_entropy(Z, std::vector<int>{0}).set_label("loss");
  loss.backward();
  ch.say(fmt::format(
      "Accuracy counts right answers: as t moves it jumps from 0 to 1 at t = 1 and is flat\n"
      "everywhere else, so its derivative is 0 wherever it exists (the engine's step op sends\n"
      "back exactly 0). At t = {} the guess is wrong, and accuracy's gradient says nothing about\n"
      "which way to go; cross-entropy's, p₀ - 1, says: raise t. accuracy_vs_cross_entropy.svg\n"
      "shows both (the dashed line is t = {}).", t, t));
  ch.result("accuracy_at_t", correct.item());
  ch.result("accuracy_grad_at_t", acc_grad);
  ch.result("cross_entropy_at_t", loss.item());
  ch.result("cross_entropy_grad_at_t", tt.grad()(0, 0));
}

void uniform_guess(book::Chapter& ch, Context& ctx, int classes) {
  ch.section("A uniform guess");
  const Mat Z = Mat::Zero(1, classes);
  const Tensor loss = sg::cross_entropy(ctx.param(Z, "z"), std::vector<int>{0}).set_label("loss");
  ch.say(fmt::format(
      "Equal logits give p = 1/C for every class, so the loss is -log(1/C) = ln C, whatever the\n"
      "label: the loss an untrained classifier should start near. For C = {}: ln {} = {:.10g};\n"
      "a first loss far above it means the initial logits are too large.",
      classes, classes, std::log(classes)));
  ch.result("classes", classes);
  ch.result("uniform_loss", loss.item());
  ch.part("a uniform guess with your cross_entropy", [&] { ch.result("uniform_loss_formula", cross_entropy(Z, {0})); });
  ch.result("uniform_loss_minus_ln_c", loss.item() - std::log(classes));
}

void log_sum_exp(book::Chapter& ch, Context& ctx) {
  ch.section("Log-sum-exp without overflow");
  const Mat big = (Mat(1, 3) << 1000.0, 1001.0, 1002.0).finished();
  const Mat small = -big;
  ch.say("log Σ exp(z) for z = [1000, 1001, 1002]: e^1000 is beyond the largest double (~1.8e308),\n"
         "so the naive formula gives log(inf) = inf and softmax gives inf/inf = nan. Shifting by\n"
         "the max, m + log Σ exp(z - m), gives 1002 + log(e^-2 + e^-1 + 1). For [-1000, -1001, -1002]\n"
         "every e^z underflows to 0 and the naive log gives -inf.");
  ch.result("lse_naive", shown(logsumexp_naive(big)(0, 0)));
  ch.result("softmax_naive_first", shown(softmax_naive(big)(0, 0)));
  ch.result("lse_naive_negative", shown(logsumexp_naive(small)(0, 0)));
  ch.part("your stable logsumexp", [&] {
    ch.result("lse_stable", fmt::format("{:.8f}", logsumexp(big)(0, 0)));
    ch.result("softmax_stable_first", softmax(big)(0, 0));
    ch.result("lse_stable_negative", fmt::format("{:.8f}", logsumexp(small)(0, 0)));
  });
  const Tensor loss = sg::cross_entropy(ctx.param(big, "z"), std::vector<int>{2}).set_label("loss");
  ch.say("The engine's cross_entropy uses the stable form: with label 2 its loss is lse - 1002.");
  ch.result("engine_cross_entropy_of_large_logits", loss.item());
}

}  // namespace sg::ch04
