// Chapter 13, part 3: train mode and eval mode. A BatchNorm1d layer fed a
// stream of training batches keeps running statistics; evaluation uses them
// instead of the batch's own. The student's running_update (13.3) replays the
// layer's updates and bn_eval (13.4) its evaluation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "chapters/13_batch_norm/exercises.hpp"
#include "chapters/13_batch_norm/lesson.hpp"

namespace sg::ch13 {

namespace {

// The stream the layer is trained on: feature 1 ~ N(3, 2²), feature 2 ~ N(−1, 0.5²).
constexpr double kMean1 = 3.0, kStd1 = 2.0, kMean2 = -1.0, kStd2 = 0.5;
constexpr Index kBatch = 8;

Mat draw_batch(Generator& gen, Index rows) {
  Mat X(rows, 2);
  for (Index i = 0; i < rows; ++i) {
    X(i, 0) = gen.normal(kMean1, kStd1);
    X(i, 1) = gen.normal(kMean2, kStd2);
  }
  return X;
}

double max_abs(const Mat& M) { return M.cwiseAbs().maxCoeff(); }

}  // namespace

void train_and_eval(book::Chapter& ch, const ModeSettings& s) {
  ch.section("Train mode and eval mode: running statistics");
  ch.say(fmt::format(
      "In training, BN normalises with the batch's own μ_B and σ²_B. At test time that is wrong twice:\n"
      "one example alone has no variance, and a prediction should not depend on which other examples\n"
      "share its batch. So in training the layer also keeps running averages (momentum = {}):\n"
      "    running_mean ← (1 − momentum)·running_mean + momentum·μ_B\n"
      "    running_var  ← (1 − momentum)·running_var  + momentum·σ²_B·m/(m − 1)   (unbiased)\n"
      "and in eval mode it uses them in Algorithm 1 instead of μ_B and σ²_B. They start at 0 and 1.\n"
      "The lecture (000) says BN \"learns 4 parameters: β, ε, running mean, running variance\". It learns\n"
      "two per feature, γ and β, by gradient descent; ε is a constant that keeps √ away from 0; the\n"
      "running mean and variance are averaged, not learnt: the engine keeps them as buffers, not\n"
      "parameters (so do PyTorch, and Keras as non-trainable weights).\n"
      "The layer sees {} batches of m = {} from x1 ~ N({}, {}²), x2 ~ N({}, {}²):",
      s.momentum, s.batches, kBatch, kMean1, kStd1, kMean2, kStd2));

  Context ctx;   // untraced: 50 forward passes of the layer
  Generator gen = ch.generator();
  BatchNorm1d<> bn(ctx, "bn", 2, s.momentum, kEps);
  std::vector<Mat> batches;
  book::Table t({"after batch k", "μ_B 1", "running_mean 1", "running_var 1", "running_mean 2", "running_var 2"});
  for (int k = 1; k <= s.batches; ++k) {
    batches.push_back(draw_batch(gen, kBatch));
    bn.forward(ctx.input(batches.back(), "X"));
    if (k <= 3 || k == 5 || k % 10 == 0 || k == s.batches) {
      t.add({std::to_string(k), num(batches.back().col(0).mean()), num(bn.running_mean(0, 0)),
             num(bn.running_var(0, 0)), num(bn.running_mean(0, 1)), num(bn.running_var(0, 1))});
    }
  }
  ch.table(t, "running_stats.csv");
  const double left = std::pow(1.0 - s.momentum, s.batches);
  ch.say(fmt::format("After k batches the starting values still weigh (1 − momentum)^k: {} here. After one\n"
                     "batch running_mean is only momentum·μ_B: a model evaluated that early is off.",
                     num(left)));
  ch.result("running.mean1", bn.running_mean(0, 0));
  ch.result("running.var1", bn.running_var(0, 0));
  ch.result("running.mean2", bn.running_mean(0, 1));
  ch.result("running.var2", bn.running_var(0, 1));
  ch.result("running.start_weight_left", left);

  ch.part("your running_update against the layer's", [&] {
    RunningStats mine{Mat::Zero(1, 2), Mat::Ones(1, 2)};
    for (const Mat& X : batches) mine = running_update(mine, X, s.momentum);
    const double diff = std::max(max_abs(mine.mean - bn.running_mean), max_abs(mine.var - bn.running_var));
    ch.say(fmt::format("Your running_update, replayed over the same {} batches, ends {:.2g} from the layer.",
                       s.batches, diff));
    ch.result("running.max_abs_diff_exercise", diff);
    if (diff > 1e-12) {   // the same arithmetic in the same order, up to rounding
      throw Error(fmt::format("your running_update drifts {:.3g} from the BatchNorm1d layer's running "
                              "statistics: compare the table above with yours, batch by batch", diff));
    }
  });

  // Eval mode, with a learnt-looking γ and β so that the numbers say something.
  bn.gamma.value_mut() = tiny_gamma();
  bn.beta.value_mut() = tiny_beta();
  const Mat test = draw_batch(gen, 4);
  Mat other = draw_batch(gen, 4);
  other.row(0) = test.row(0);   // the same example in another batch
  const double train_diff =
      max_abs(Mat(batch_norm(ctx.input(test), bn.gamma, bn.beta, kEps).value().row(0) -
                  batch_norm(ctx.input(other), bn.gamma, bn.beta, kEps).value().row(0)));
  bn.eval();
  const Mat Y_test = bn.forward(ctx.input(test)).value();
  const double eval_diff = max_abs(Mat(Y_test.row(0) - bn.forward(ctx.input(other)).value().row(0)));
  ch.say(fmt::format("\nOne example in two different batches of 4: in train mode its output moves by {} (the\n"
                     "batches' statistics differ); in eval mode by {}.", num(train_diff), num(eval_diff)));
  ch.result("eval.same_row_train_mode_diff", train_diff);
  ch.result("eval.same_row_eval_mode_diff", eval_diff);

  // Eval maps the running mean to β and one running standard deviation above it to γ + β.
  Mat probe(2, 2);
  probe.row(0) = bn.running_mean;
  probe.row(1) = bn.running_mean.array() + (bn.running_var.array() + kEps).sqrt();
  const Mat Y_probe = bn.forward(ctx.input(probe)).value();
  const double at_mean = max_abs(Mat(Y_probe.row(0) - bn.beta.value()));
  const double one_std = max_abs(Mat(Y_probe.row(1) - (bn.gamma.value() + bn.beta.value())));
  ch.say(fmt::format("Eval mode uses the running statistics: the running mean comes out as β (off by {:.2g}) and\n"
                     "one running standard deviation above it as γ + β (off by {:.2g}).", at_mean, one_std));
  ch.result("eval.running_mean_to_beta", at_mean);
  ch.result("eval.one_running_std_to_gamma_plus_beta", one_std);

  // A batch of one: refused in train mode, fine in eval mode.
  bn.train();
  std::string refused = "accepted";
  try {
    bn.forward(ctx.input(Mat(test.topRows(1))));
  } catch (const ValueError& e) {
    refused = "refused";
    ch.say(fmt::format("One example in train mode: {}", e.what()));
  }
  bn.eval();
  const Mat Y_one = bn.forward(ctx.input(Mat(test.topRows(1)))).value();
  ch.say(fmt::format("In eval mode the same example gives ({}, {}), what it gave inside the batch of 4.",
                     num(Y_one(0, 0)), num(Y_one(0, 1))));
  ch.result("eval.one_row_in_train_mode", refused);
  ch.result("eval.one_row_vs_in_batch", max_abs(Mat(Y_one.row(0) - Y_test.row(0))));

  ch.part("your bn_eval against the layer in eval mode", [&] {
    const Mat mine = bn_eval(test, bn.gamma.value(), bn.beta.value(), {bn.running_mean, bn.running_var}, kEps);
    if (mine.rows() != Y_test.rows() || mine.cols() != Y_test.cols()) {
      throw Error(fmt::format("your bn_eval returns {} for a batch of {}: it must return one row per example",
                              to_string(shape_of(mine)), to_string(shape_of(test))));
    }
    const double diff = max_abs(mine - Y_test);
    ch.table(batch_table({{"x", test}, {"your y", mine}}), "eval.csv");
    ch.result("eval.max_abs_diff_exercise", diff);
    if (diff > 1e-12) {
      throw Error(fmt::format("your bn_eval differs from BatchNorm1d in eval mode by {:.3g}: which statistics "
                              "does eval mode use?", diff));
    }
  });
  ch.say("Forgetting model.eval() before predicting is the classic bug: the predictions then depend on the\n"
         "batch, a batch of one fails, and every test batch moves the running statistics.");
}

}  // namespace sg::ch13
