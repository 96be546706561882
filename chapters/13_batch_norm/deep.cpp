// Chapter 13, part 4: a deep sigmoid network on two moons, without and with
// batch norm (Linear → BN → sigmoid, as the lecture places it), at a
// learning rate both can use and at a larger one that only the normalised
// network survives. Loss curves, the gradient reaching each layer at the
// start, validation accuracy.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "chapters/13_batch_norm/lesson.hpp"

namespace sg::ch13 {

namespace {

constexpr Index kWidth = 16;        // units per hidden layer
constexpr Index kBatchSize = 32;
constexpr double kNoise = 0.15;     // two moons' noise
constexpr std::uint64_t kModelSeed = 13;   // both networks start from the same weights

struct Net {
  std::unique_ptr<Sequential<>> model;
  std::vector<Linear<>*> linears;   // fc1 ... fcD, out
};

// Linear(2,16) [→ BN] → sigmoid, then depth − 1 times Linear(16,16) [→ BN] → sigmoid,
// then Linear(16,2): logits for cross-entropy. Xavier weights from kModelSeed, so
// the plain and the normalised network start from the same W and b.
Net build(Context& ctx, int depth, bool bn) {
  Generator gen(kModelSeed);
  Net net{std::make_unique<Sequential<>>(), {}};
  Index in = 2;
  for (int l = 1; l <= depth; ++l) {
    net.linears.push_back(&net.model->emplace<Linear<>>(ctx, fmt::format("fc{}", l), in, kWidth, gen, Init::Xavier));
    if (bn) net.model->emplace<BatchNorm1d<>>(ctx, fmt::format("bn{}", l), kWidth);
    net.model->emplace<Sigmoid<>>();
    in = kWidth;
  }
  net.linears.push_back(&net.model->emplace<Linear<>>(ctx, "out", in, 2, gen, Init::Xavier));
  return net;
}

struct Run {
  std::string name;
  std::vector<double> loss;          // mean training loss of each epoch
  std::optional<int> diverged_at;    // the epoch whose step failed (1-based)
  double val_accuracy = 0.0;
  double weight_growth = 0.0;        // the hidden layers' Σ‖W‖ after training / before
};

// The hidden layers' ‖W‖ (fc1 ... fcD, not the output layer), summed.
double hidden_weight_norm(const Net& net) {
  double total = 0.0;
  for (std::size_t l = 0; l + 1 < net.linears.size(); ++l) total += net.linears[l]->W.value().norm();
  return total;
}

// Mini-batch SGD for `epochs` epochs; the loss of an epoch is the mean of its
// batch losses (each before its step). A non-finite loss or gradient ends
// the run as diverged. With `traced`, the chapter's trace sees the first steps.
Run train(book::Chapter& ch, Context& ctx, Net& net, const Dataset& data, const Dataset& val, double lr,
          int epochs, const std::string& name, bool traced) {
  Run run{name, {}, std::nullopt, 0.0, 0.0};
  const double start_norm = hidden_weight_norm(net);
  SGD<double> opt(net.model->trainable_params(), lr);
  Generator gen(ch.options().seed);   // the same batches for every run
  DataLoader<double> loader(data, kBatchSize, gen);
  std::int64_t step = 0;
  for (int e = 1; e <= epochs && !run.diverged_at; ++e) {
    net.model->train();
    double total = 0.0;
    for (const Batch<double>& b : loader) {
      opt.zero_grad();
      Tensor L = cross_entropy(net.model->forward(ctx.input(b.X, "X")), b.labels);
      const double loss = L.item();
      if (!std::isfinite(loss)) { run.diverged_at = e; break; }
      L.backward();
      try {
        opt.step();
      } catch (const ValueError&) {   // a non-finite gradient or weight: nothing was changed
        run.diverged_at = e;
        break;
      }
      total += loss * static_cast<double>(b.X.rows());
      if (traced) ch.trace_step(++step, {{"loss", loss}});
    }
    if (!run.diverged_at) run.loss.push_back(total / static_cast<double>(data.size()));
  }
  if (traced) ch.restore_trace();
  run.val_accuracy = accuracy(predict(*net.model, val.X), val.labels);
  run.weight_growth = hidden_weight_norm(net) / start_norm;
  return run;
}

// ‖dW‖ of every Linear layer after one backward pass over the whole training
// set, from the untrained network; and the largest |db| of fc1.
struct Gradients {
  std::vector<double> norms;
  double first_bias = 0.0;
};
Gradients gradients_at_start(Context& ctx, Net& net, const Dataset& data) {
  Tensor L = cross_entropy(net.model->forward(ctx.input(data.X, "X")), data.labels);
  L.backward();
  Gradients g;
  for (const Linear<>* layer : net.linears) g.norms.push_back(layer->W.grad().norm());
  g.first_bias = net.linears.front()->b.grad().cwiseAbs().maxCoeff();
  return g;
}

std::string final_loss(const Run& r) {
  return r.diverged_at ? fmt::format("diverged (epoch {})", *r.diverged_at) : num(r.loss.back());
}

}  // namespace

void deep_networks(book::Chapter& ch, Context& traced, const DeepSettings& s) {
  ch.section(fmt::format("A deep sigmoid network: {} hidden layers of {}, without and with batch norm", s.depth, kWidth));
  Generator data_gen = ch.generator();
  const Dataset data = two_moons(ch.quick() ? 128 : 400, kNoise, data_gen);
  const Dataset val = two_moons(200, kNoise, data_gen);
  ch.say(fmt::format("Two moons ({} training points, noise {}), mini-batches of {}, plain SGD, cross-entropy.\n"
                     "Each hidden layer is Linear → sigmoid, or Linear → BN → sigmoid (the lecture: \"after fully\n"
                     "connected layers, before the non-linearity\"). Both start from the same Xavier weights.",
                     data.size(), kNoise, kBatchSize));
  {
    Context c;
    Net shown = build(c, 2, true);
    ch.say("The normalised network with two hidden layers, as summary() shows it:\n" + summary(*shown.model, {kBatchSize, 2}));
  }

  // Gradients at the start: σ' ≤ 1/4 at every sigmoid shrinks them layer by layer.
  Context c_plain, c_bn;
  Net plain0 = build(c_plain, s.depth, false), bn0 = build(c_bn, s.depth, true);
  const Gradients g_plain = gradients_at_start(c_plain, plain0, data);
  const Gradients g_bn = gradients_at_start(c_bn, bn0, data);
  book::Table t({"layer", "‖dW‖ plain", "‖dW‖ with BN"});
  for (std::size_t l = 0; l < g_plain.norms.size(); ++l) {
    t.add({plain0.linears[l]->name(), fmt::format("{:.3e}", g_plain.norms[l]), fmt::format("{:.3e}", g_bn.norms[l])});
  }
  ch.say("\nThe gradient that reaches each layer before training (one backward pass over the training set):");
  ch.table(t, "gradients_at_start.csv");
  const double ratio_plain = g_plain.norms.front() / g_plain.norms.back();
  const double ratio_bn = g_bn.norms.front() / g_bn.norms.back();
  ch.say(fmt::format("fc1 gets {:.2g} of the output layer's gradient without BN and {:.2g} with it. With BN, fc1's\n"
                     "bias gets no gradient at all (largest |db| {:.2g}): BN subtracts the batch mean, which\n"
                     "removes any constant the layer adds; β does the bias's job.",
                     ratio_plain, ratio_bn, g_bn.first_bias));
  ch.result("deep.grad_ratio_fc1_out_plain", ratio_plain);
  ch.result("deep.grad_ratio_fc1_out_bn", ratio_bn);
  ch.result("deep.bias_grad_before_bn", g_bn.first_bias);

  // Four runs: each network at each learning rate, the same batches for all.
  std::vector<Run> runs;
  {
    Context c1, c3, c4;
    Net n1 = build(c1, s.depth, false), n2 = build(traced, s.depth, true);
    Net n3 = build(c3, s.depth, false), n4 = build(c4, s.depth, true);
    runs.push_back(train(ch, c1, n1, data, val, s.lr, s.epochs, fmt::format("plain, lr {}", s.lr), false));
    runs.push_back(train(ch, traced, n2, data, val, s.lr, s.epochs, fmt::format("BN, lr {}", s.lr), true));
    runs.push_back(train(ch, c3, n3, data, val, s.large_lr, s.epochs, fmt::format("plain, lr {}", s.large_lr), false));
    runs.push_back(train(ch, c4, n4, data, val, s.large_lr, s.epochs, fmt::format("BN, lr {}", s.large_lr), false));
  }
  book::Table r({"network", "loss after epoch 1", fmt::format("loss after epoch {}", s.epochs), "val accuracy",
                 "hidden ‖W‖ growth"});
  book::Plot p("loss_curves", fmt::format("{} sigmoid layers on two moons: training loss", s.depth), "epoch",
               "mean training loss (log scale)");
  p.logy = true;
  for (const Run& run : runs) {
    r.add({run.name, run.loss.empty() ? "-" : num(run.loss.front()), final_loss(run),
           fmt::format("{:.1f}%", 100 * run.val_accuracy), fmt::format("×{:.2f}", run.weight_growth)});
    if (run.loss.empty()) continue;   // diverged in its first epoch: nothing to draw
    book::Series curve{run.name, {}, run.loss, "lines lw 2"};
    for (std::size_t e = 0; e < run.loss.size(); ++e) curve.x.push_back(static_cast<double>(e + 1));
    p.series.push_back(curve);
  }
  ch.say("");
  ch.table(r, "deep_runs.csv");
  ch.write_plot(p);
  const auto last = [](const Run& run) {
    return run.diverged_at || run.loss.empty() ? std::numeric_limits<double>::infinity() : run.loss.back();
  };
  ch.result("deep.plain.final_loss", last(runs[0]));
  ch.result("deep.bn.final_loss", last(runs[1]));
  ch.result("deep.plain.val_accuracy", runs[0].val_accuracy);
  ch.result("deep.bn.val_accuracy", runs[1].val_accuracy);
  ch.result("large_lr.plain.final_loss", last(runs[2]));
  ch.result("large_lr.bn.final_loss", last(runs[3]));
  ch.result("large_lr.plain.val_accuracy", runs[2].val_accuracy);
  ch.result("large_lr.bn.val_accuracy", runs[3].val_accuracy);
  ch.result("large_lr.bn.weight_growth", runs[3].weight_growth);
  ch.result("deep.bn.weight_growth", runs[1].weight_growth);
  ch.say(fmt::format(
      "At lr {0} the plain network sits on the plateau at ln 2 = {1} for most of the run: its first layers\n"
      "get almost no gradient. With BN every layer's input is centred and scaled, the sigmoids work in\n"
      "their steep middle, and the loss falls from the first epoch. At lr {2} every step of the plain\n"
      "network overshoots: its loss jumps around, above ln 2, to the end. The normalised network's first\n"
      "epoch is as wild, then it learns: its hidden weights grew ×{3:.2f}, and since BN(a·x) = BN(x) each\n"
      "gradient shrank by that factor and each step relative to the weights by its square. The\n"
      "normalisation turns the learning rate down by itself where the weights grow.",
      s.lr, num(std::log(2.0)), s.large_lr, runs[3].weight_growth));
  ch.result("ln2", std::log(2.0));

  if (ch.gradcheck_requested()) {
    Context c;
    Net net = build(c, s.depth, true);
    const Mat X = data.X.topRows(kBatchSize);
    const std::vector<int> labels(data.labels.begin(), data.labels.begin() + kBatchSize);
    ch.report_gradcheck("deep_bn_network", gradcheck_network(
        [&] { return cross_entropy(net.model->forward(c.input(X, "X")), labels); }, net.model->params()));
  }
}

}  // namespace sg::ch13
