// Chapter 14, part 2: L1 against L2. The student's penalty (14.1) against the
// engine's l1_penalty and l2_penalty ops; then a network whose inputs are the
// two moon coordinates and eight features of pure noise, trained three ways:
// L2, L1 by subgradient steps, and L1 by the soft-threshold (proximal) step
// (the student's soft_threshold, 14.2). Only the last gives exact zeros.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "chapters/14_regularization/exercises.hpp"
#include "chapters/14_regularization/lesson.hpp"

namespace sg::ch14 {

namespace {

constexpr Index kNoiseInputs = 8;   // features that carry nothing about the class
constexpr Index kInputs = 2 + kNoiseInputs;
constexpr Index kHidden = 16;
constexpr double kLr = 0.5;         // plain full-batch SGD
constexpr std::uint64_t kL1L2InitSeed = 141;

// Two moons (noise 0.2) with eight N(0, 1) columns appended.
Dataset noisy_moons(Index n, Generator& gen) {
  Dataset d = two_moons(n, 0.2, gen);
  Mat X(n, kInputs);
  X.leftCols(2) = d.X;
  X.rightCols(kNoiseInputs) = gen.normal_matrix(n, kNoiseInputs);
  d.X = X;
  return d;
}

enum class Variant { L2, L1Subgradient, L1Proximal };

struct Result {
  std::string name;
  std::vector<Mat> weights;        // fc1.W (10,16) and out.W (16,2) at the end
  std::vector<double> trajectory;  // fc1.W(2,0): the first noise input's weight into unit 1, per epoch
  double val_accuracy = 0.0;
};

// Full-batch SGD for `epochs` epochs. L2 and L1Subgradient add the engine's
// penalty op of every weight matrix to the loss (biases are not penalised);
// L1Proximal steps on the data loss alone and then applies prox(W) to every
// weight matrix.
Result run(Variant v, const std::string& name, const Dataset& train, const Dataset& val, double lambda, int epochs,
           const std::function<Mat(const Mat&, double)>& prox) {
  Context ctx;
  Generator init(kL1L2InitSeed);
  Sequential<> net;
  Linear<>& fc1 = net.emplace<Linear<>>(ctx, "fc1", kInputs, kHidden, init);
  net.emplace<Tanh<>>();
  Linear<>& out = net.emplace<Linear<>>(ctx, "out", kHidden, 2, init);
  SGD<double> opt(net.trainable_params(), kLr);
  Result r{name, {}, {}, 0.0};
  for (int e = 0; e < epochs; ++e) {
    opt.zero_grad();
    Tensor L = cross_entropy(net.forward(ctx.input(train.X, "X")), train.labels);
    for (Linear<>* layer : {&fc1, &out}) {
      if (v == Variant::L2) L = L + l2_penalty(layer->W, lambda);
      if (v == Variant::L1Subgradient) L = L + l1_penalty(layer->W, lambda);
    }
    L.backward();
    opt.step();
    if (v == Variant::L1Proximal) {
      for (Linear<>* layer : {&fc1, &out}) layer->W.value_mut() = prox(layer->W.value(), kLr * lambda);
    }
    r.trajectory.push_back(fc1.W.value()(2, 0));
  }
  r.weights = {fc1.W.value(), out.W.value()};
  r.val_accuracy = accuracy(predict(net, val.X), val.labels);
  return r;
}

Index count(const std::vector<Mat>& Ws, const std::function<bool(double)>& pred) {
  Index n = 0;
  for (const Mat& W : Ws) n += static_cast<Index>(std::count_if(W.data(), W.data() + W.size(), pred));
  return n;
}

// The chapter's penalty example: W = [[0.5, −0.2], [0, 1.5]], λ = 0.1.
void penalty_example(book::Chapter& ch) {
  const Mat W = (Mat(2, 2) << 0.5, -0.2, 0.0, 1.5).finished();
  constexpr double lambda = 0.1;
  ch.say("The lecture (002, 004) adds λ·R(w) to the loss: L2 (ridge, weight decay) with R = ½Σ w², L1\n"
         "(the lasso) with R = Σ |w|. Lecture 002 writes L1 as (λ/2)Σ‖θ‖ too; the ½ is a convention that\n"
         "belongs to L2, where it cancels the 2 of the derivative (lecture 004 writes ridge as λΣw²: the same\n"
         "penalty with λ doubled). The engine: l2_penalty(W, λ) = (λ/2)ΣW² and l1_penalty(W, λ) = λΣ|W|.\n"
         "On W = [[0.5, −0.2], [0, 1.5]], λ = 0.1:");
  Context ctx;
  for (const auto& [norm, name] : {std::pair{Norm::L1, std::string("l1")}, {Norm::L2, std::string("l2")}}) {
    Tensor tW = ctx.param(W, "W");
    Tensor P = norm == Norm::L1 ? l1_penalty(tW, lambda) : l2_penalty(tW, lambda);
    P.backward();
    ch.part(fmt::format("your {} penalty against the engine's", name), [&] {
      const Penalty mine = penalty(W, lambda, norm);
      if (mine.grad.rows() != W.rows() || mine.grad.cols() != W.cols()) {
        throw Error(fmt::format("your penalty's gradient is {} for W {}: it needs W's shape",
                                to_string(shape_of(mine.grad)), to_string(shape_of(W))));
      }
      const double diff = std::max(std::abs(mine.value - P.item()), (mine.grad - tW.grad()).cwiseAbs().maxCoeff());
      ch.say(fmt::format("  {}: λ·R = {}, gradient [[{}, {}], [{}, {}]] (the engine's: {}, differs by {:.2g})",
                         name == "l1" ? "L1" : "L2", num(mine.value), num(mine.grad(0, 0)), num(mine.grad(0, 1)),
                         num(mine.grad(1, 0)), num(mine.grad(1, 1)), num(P.item()), diff));
      ch.result(fmt::format("penalty.{}.value", name), mine.value);
      ch.result(fmt::format("penalty.{}.grad11", name), mine.grad(0, 0));
      ch.result(fmt::format("penalty.{}.grad21", name), mine.grad(1, 0));
      ch.result(fmt::format("penalty.{}.max_abs_diff_engine", name), diff);
      if (diff > 1e-15) {
        throw Error(fmt::format("your {} penalty differs from the engine's {}_penalty by {:.3g}", name, name, diff));
      }
    });
  }
  ch.say("L2's gradient λw shrinks a weight in proportion to its size: it gets small, never 0. L1's gradient\n"
         "λ·sign(w) pushes every weight by the same amount whatever its size, small ones too.");
}

// What l1_trajectory.svg shows of one noise input's weight, in numbers.
void noise_weight_story(book::Chapter& ch, const std::vector<Result>& results) {
  const std::vector<double>& l2 = results[0].trajectory;
  const std::vector<double>& sub = results[1].trajectory;
  const double lo = std::min(sub[sub.size() - 2], sub.back()), hi = std::max(sub[sub.size() - 2], sub.back());
  const std::string subgradient =
      lo < 0.0 && hi > 0.0
          ? fmt::format("it ends jumping over 0, between {:.4f} and {:.4f}, epoch after epoch", lo, hi)
          : fmt::format("it ends at {:.4f}, not on 0", sub.back());
  std::string soft;
  if (results.size() > 2) {
    const std::vector<double>& t = results[2].trajectory;
    std::size_t from = t.size();   // the first epoch (0-based) from which the weight stays 0
    while (from > 0 && t[from - 1] == 0.0) --from;
    if (from == t.size()) {
      soft = fmt::format("; with the soft threshold it is at {:.4f}, not 0 (yet)", t.back());
    } else {
      soft = fmt::format("; with the soft threshold it is exactly 0 from epoch {} on", from + 1);
      ch.result("l1_soft_threshold.noise_weight_zero_from_epoch", static_cast<double>(from + 1));
    }
  }
  ch.say(fmt::format("The first noise input's weight into unit 1 (l1_trajectory.svg): under L2 it ends at {:.2f};\n"
                     "under L1 by subgradient steps {}{}.",
                     l2.back(), subgradient, soft));
  ch.result("l2.noise_weight_last", l2.back());
  ch.result("l1_subgradient.noise_weight_last_low", lo);
  ch.result("l1_subgradient.noise_weight_last_high", hi);
}

}  // namespace

void l1_vs_l2(book::Chapter& ch, const Settings& s) {
  ch.section("L1 and L2");
  penalty_example(ch);

  ch.section("How exact zeros arise");
  Generator gen = ch.generator();
  const Dataset train = noisy_moons(ch.quick() ? 100 : 200, gen), val = noisy_moons(200, gen);
  const int epochs = ch.quick() ? 40 : 400;
  const Index total = kInputs * kHidden + kHidden * 2;
  ch.say(fmt::format(
      "A network 10 → {} → tanh → 2 whose inputs are the two moon coordinates and {} columns of pure\n"
      "noise: {} weights, {} of them on the noise inputs, which can only hurt. {} training points,\n"
      "full-batch SGD, lr {}, {} epochs, λ = {} on both weight matrices (not on the biases), three ways:\n"
      "  L2                 the loss gets + (λ/2)ΣW²; SGD\n"
      "  L1, subgradient    the loss gets + λΣ|W|; SGD (the engine's l1_penalty: λ·sign(w), 0 at 0)\n"
      "  L1, soft-threshold SGD on the data loss alone, then each weight u ← the w minimising\n"
      "                     ½(w − u)² + lr·λ·|w| (the proximal step of L1: your soft_threshold, t = lr·λ = {})\n"
      "The penalty's part of a subgradient step moves every weight by lr·λ = {} towards 0 whatever its\n"
      "size: a weight near 0 jumps over it, and back, forever. The soft-threshold step stops at 0.",
      kHidden, kNoiseInputs, total, kNoiseInputs * kHidden, train.size(), kLr, epochs, s.lambda, kLr * s.lambda,
      kLr * s.lambda));

  std::vector<Result> results;
  results.push_back(run(Variant::L2, "L2", train, val, s.lambda, epochs, {}));
  results.push_back(run(Variant::L1Subgradient, "L1, subgradient", train, val, s.lambda, epochs, {}));
  ch.part("the L1 run with your soft_threshold", [&] {
    results.push_back(run(Variant::L1Proximal, "L1, soft-threshold", train, val, s.lambda, epochs,
                          [](const Mat& W, double t) { return soft_threshold(W, t); }));
  });

  const double t = kLr * s.lambda;
  book::Table tab({"training", "exactly 0", "0 < |w| ≤ lr·λ", "lr·λ < |w| < 0.1", "|w| ≥ 0.1",
                   "noise-input weights = 0", "val accuracy"});
  for (const Result& r : results) {
    const Index noise_zeros = count({r.weights[0].bottomRows(kNoiseInputs)}, [](double w) { return w == 0.0; });
    tab.add({r.name, std::to_string(count(r.weights, [](double w) { return w == 0.0; })),
             std::to_string(count(r.weights, [t](double w) { return w != 0.0 && std::abs(w) <= t; })),
             std::to_string(count(r.weights, [t](double w) { return std::abs(w) > t && std::abs(w) < 0.1; })),
             std::to_string(count(r.weights, [](double w) { return std::abs(w) >= 0.1; })),
             fmt::format("{} of {}", noise_zeros, kNoiseInputs * kHidden),
             fmt::format("{:.1f}%", 100 * r.val_accuracy)});
  }
  ch.table(tab, "weights.csv");
  const char* keys[] = {"l2", "l1_subgradient", "l1_soft_threshold"};
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    const Index zeros = count(r.weights, [](double w) { return w == 0.0; });
    ch.result(fmt::format("{}.exact_zeros", keys[i]), static_cast<double>(zeros));
    ch.result(fmt::format("{}.zero_fraction", keys[i]), static_cast<double>(zeros) / static_cast<double>(total));
    ch.result(fmt::format("{}.val_accuracy", keys[i]), r.val_accuracy);
  }
  ch.result("weights.total", static_cast<double>(total));
  ch.result("l1_subgradient.within_lr_lambda_of_0",
            static_cast<double>(count(results[1].weights, [t](double w) { return w != 0.0 && std::abs(w) <= t; })));
  ch.result("l2.smallest_abs_weight", std::min(results[0].weights[0].cwiseAbs().minCoeff(),
                                               results[0].weights[1].cwiseAbs().minCoeff()));
  noise_weight_story(ch, results);

  // log10|w| histograms, exact zeros in a bar of their own at the left.
  constexpr double kLo = -8.0, kHi = 1.0, kBin = 0.5, kZeroAt = -9.0;
  book::Plot h("weights_histogram", "The weights after training: log10|w| (exact zeros at the far left)",
               "log10 |w|   (the bar at -9: w = 0 exactly)", "number of weights");
  for (const Result& r : results) {
    const int bins = static_cast<int>((kHi - kLo) / kBin);
    std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
    double zeros = 0.0;
    for (const Mat& W : r.weights) {
      for (Index k = 0; k < W.size(); ++k) {
        if (W(k) == 0.0) { zeros += 1; continue; }
        const double x = std::clamp(std::log10(std::abs(W(k))), kLo, kHi - 1e-9);
        counts[static_cast<std::size_t>((x - kLo) / kBin)] += 1;
      }
    }
    book::Series sr{r.name, {kZeroAt}, {zeros}, "histeps lw 2"};
    sr.x.push_back(kZeroAt + kBin);
    sr.y.push_back(0.0);
    for (int b = 0; b < bins; ++b) {
      sr.x.push_back(kLo + (b + 0.5) * kBin);
      sr.y.push_back(counts[static_cast<std::size_t>(b)]);
    }
    h.series.push_back(sr);
  }
  h.key = "top left";
  ch.write_plot(h);

  book::Plot tr("l1_trajectory", "One noise input's weight, epoch by epoch", "epoch", "w (first noise input → unit 1)");
  for (const Result& r : results) {
    book::Series sr{r.name, {}, r.trajectory, "lines lw 1.5"};
    for (std::size_t e = 0; e < r.trajectory.size(); ++e) sr.x.push_back(static_cast<double>(e + 1));
    tr.series.push_back(sr);
  }
  ch.write_plot(tr);
}

}  // namespace sg::ch14
