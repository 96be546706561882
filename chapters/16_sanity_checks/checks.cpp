// Chapter 16: lecture 003's sanity checks, run before trusting a network. The
// five checks on one set-up (run_checks), the lesson on the healthy set-up
// (healthy: a section per check, with the student's exercises next to the
// chapter's numbers) and the planted breakages (breakages: each check seen
// failing).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "chapters/16_sanity_checks/exercises.hpp"
#include "chapters/16_sanity_checks/lesson.hpp"

namespace sg::ch16 {

namespace {

using book::num;

constexpr int kClasses = 10;
constexpr Index kTiny = 20;             // check 3: the lecture's "e.g. 20 examples"
constexpr int kOverfitSteps = 100;      // full-batch steps on them, with Adam
constexpr double kOverfitLr = 0.02;     // Adam's learning rate there
constexpr Index kBatch = 32;            // the training steps of checks 4 and 5
constexpr Index kGradcheckRows = 16;    // examples in the gradient check's loss
constexpr Index kGraphRows = 4;         // examples in the main graph
constexpr double kMomentum = 0.9;

// The rules, each with why its threshold is where it is.
// 1. With logits of standard deviation s the loss exceeds ln C by about s²/2
//    (a second-order expansion of log Σ e^z): 0.05 allows s ≈ 0.3, ten times
//    what the small weights give, and catches σ = 1 by far.
constexpr double kInitialTolerance = 0.05;
// 3. "~0": a mean loss below 0.01 leaves every one of the 20 a probability
//    above e^−0.2 = 0.82 on its own label (its loss is at most 20 · 0.01).
constexpr double kOverfitLoss = 0.01;
// 5. CS231n's rule of thumb: ‖ΔW‖/‖W‖ ≈ 1e-3, within a factor of 10 either way.
constexpr double kRatioTarget = 1e-3, kRatioFactor = 10.0;

// 4. The engine's network check (random directions through all parameters)
//    with a tolerance of 1e-5 instead of 1e-6: the small output weights make
//    fc1's gradients small, so the central difference's rounding weighs more
//    (1.2e-6 at initialisation with --quick --seed 1); a real bug gives 1e-2 and more.
GradcheckOptions gradcheck_options() {
  GradcheckOptions g = network_gradcheck_options();
  g.tolerance = 1e-5;
  return g;
}

bool ratio_rule(double r) { return std::isfinite(r) && r >= kRatioTarget / kRatioFactor && r <= kRatioTarget * kRatioFactor; }

const char* verdict(bool pass) { return pass ? "PASS" : "FAIL"; }

// Rows `rows` of the data; the labels of those rows, or, with the shuffled-labels
// bug, the labels of other rows drawn at random (the images and the labels
// shuffled with two different permutations).
struct Rows {
  Mat X;
  std::vector<int> labels;
};
Rows take(const DatasetT<double>& d, const std::vector<Index>& rows, bool shuffled, Generator& gen) {
  Rows r;
  r.X.resize(static_cast<Index>(rows.size()), d.features());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    r.X.row(static_cast<Index>(i)) = d.X.row(rows[i]);
    const Index from = shuffled ? static_cast<Index>(gen.below(static_cast<std::uint64_t>(d.size()))) : rows[i];
    r.labels.push_back(d.labels[static_cast<std::size_t>(from)]);
  }
  return r;
}

double accuracy(const Mat& Z, const std::vector<int>& labels) {
  Index right = 0;
  for (Index i = 0; i < Z.rows(); ++i) {
    Index best = 0;
    Z.row(i).maxCoeff(&best);
    right += best == labels[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  return static_cast<double>(right) / static_cast<double>(Z.rows());
}

double largest(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::isfinite(x) ? std::max(m, x) : INFINITY;
  return m;
}

std::vector<Index> first(Index n) {
  std::vector<Index> r(static_cast<std::size_t>(n));
  std::iota(r.begin(), r.end(), Index{0});
  return r;
}

}  // namespace

Settings resolved(const Settings& s, bool quick) {
  Settings r = s;
  // --quick is what the tests run, in a build without optimisation and with
  // the sanitizers: six set-ups × five checks on 7×7 images in a few seconds.
  if (r.train == 0) r.train = quick ? 1000 : 10000;
  if (r.pool == 0) r.pool = quick ? 4 : 1;
  if (r.hidden == 0) r.hidden = quick ? 32 : 100;
  if (r.lr == 0.0) r.lr = 0.02;
  if (r.steps == 0) r.steps = quick ? 30 : 100;
  return r;
}

DatasetT<double> load(book::Chapter& ch, const Settings& s) {
  ch.section("The data and the model");
  DatasetT<double> d = fashion_mnist<double>(MnistSplit::Train, s.data_dir, s.train);
  if (s.pool > 1) d.X = average_pool(d.X, 28, Index{s.pool});
  const Index side = 28 / s.pool;
  ch.say(fmt::format(
      "{} Fashion-MNIST training images from {} (chapter 15's data),\n"
      "{}×{} pixels ({} inputs), ten classes. The model is chapter 15's first MLP in double precision:\n"
      "a Dense layer with a ReLU ({} units, He initialisation; the ReLU's backward is written by hand\n"
      "here, so that a bug can be planted in it later), then 10 logits from an output layer whose\n"
      "weights are small, N(0, 0.01²). SGD with momentum {}, learning rate {}.",
      d.size(), s.data_dir, side, side, d.features(), s.hidden, kMomentum, num(s.lr)));
  const auto net = build_net(Setup{}, d.features(), s.hidden, kClasses, ch.options().seed);
  ch.say(summary(net->model, {kBatch, d.features()}));
  ch.result("data.images", static_cast<double>(d.size()));
  ch.result("data.inputs", static_cast<double>(d.features()));
  ch.result("model.params", static_cast<double>(net->model.parameter_count()));
  return d;
}

Outcome run_checks(book::Chapter& ch, const DatasetT<double>& data, const Settings& s, const Setup& setup,
                   GraphObserver* trace) {
  Outcome o;
  const std::uint64_t seed = ch.options().seed;
  Generator gen(seed + 1);   // batches and shuffled labels; the weights come from `seed`
  const double lr = s.lr * setup.lr_factor;

  // 1 and 2: the loss of the untrained network, without and with regularisation.
  {
    const auto net = build_net(setup, data.features(), s.hidden, kClasses, seed);
    const Tensor X = net->ctx->input(data.X, "X");
    const Tensor data_loss = cross_entropy(net->model(X), data.labels);   // one forward pass for every λ
    for (const double lambda : kLambdas) {
      o.reg_losses.push_back(with_penalty(data_loss, *net, lambda, setup.penalty_sign).item());
    }
    o.initial_loss = o.reg_losses.front();
    o.pass[0] = std::abs(o.initial_loss - std::log(kClasses)) < kInitialTolerance;
    o.pass[1] = true;
    for (std::size_t i = 1; i < o.reg_losses.size(); ++i) o.pass[1] = o.pass[1] && o.reg_losses[i] > o.reg_losses[i - 1];
  }

  // 3: overfit the first 20 images, full batch, λ = 0.
  {
    const auto net = build_net(setup, data.features(), s.hidden, kClasses, seed);
    Adam<double> opt(net->model.trainable_params(), AdamOptions{.lr = kOverfitLr * setup.lr_factor});
    Rows tiny = take(data, first(kTiny), false, gen);
    try {
      for (int step = 1; step <= kOverfitSteps; ++step) {
        const Rows b = setup.shuffled_labels ? take(data, first(kTiny), true, gen) : tiny;
        opt.zero_grad();
        Tensor L = regularised_loss(*net, net->ctx->input(b.X, "X"), b.labels, 0.0);
        o.overfit_curve.push_back(L.item());
        L.backward();
        opt.step();
      }
      o.overfit_accuracy = accuracy(net->model(net->ctx->input(tiny.X, "X")).value(), tiny.labels);
    } catch (const Error& e) {
      o.overfit_diverged = fmt::format("diverged at step {}", o.overfit_curve.size());
    }
    const double last = o.overfit_curve.empty() ? INFINITY : o.overfit_curve.back();
    o.pass[2] = o.overfit_diverged.empty() && std::isfinite(last) && last < kOverfitLoss;
  }

  // 4 and 5: a few mini-batch steps on all the images, with the gradient
  // check before and after them and the update ratio of every step.
  {
    const auto net = build_net(setup, data.features(), s.hidden, kClasses, seed, trace);
    SGD<double> opt(net->model.trainable_params(), SGDOptions{.lr = lr, .momentum = kMomentum});
    const Rows check_rows = take(data, first(std::min(kGradcheckRows, data.size())), false, gen);
    auto check_loss = [&] { return regularised_loss(*net, net->ctx->input(check_rows.X, "X"), check_rows.labels, 0.0); };
    o.at_init = gradcheck_network(check_loss, net->model.params(), gradcheck_options());
    std::vector<Index> order;
    std::size_t next = 0;
    o.ratio_fc1 = o.ratio_out = NAN;
    try {
      for (int step = 1; step <= s.steps; ++step) {
        std::vector<Index> rows;
        while (static_cast<Index>(rows.size()) < std::min(kBatch, data.size())) {
          if (next == order.size()) order = permutation(data.size(), gen), next = 0;
          rows.push_back(order[next++]);
        }
        const Rows b = take(data, rows, setup.shuffled_labels, gen);
        opt.zero_grad();
        Tensor L = regularised_loss(*net, net->ctx->input(b.X, "X"), b.labels, 0.0);
        L.backward();
        const Mat w1 = net->fc1->W.value(), w2 = net->out->W.value();
        opt.step();
        o.fc1_before = w1;
        o.fc1_after = net->fc1->W.value();
        o.ratio_fc1 = update_ratio(w1, o.fc1_after);
        o.ratio_out = update_ratio(w2, net->out->W.value());
        o.fc1_ratios.push_back(o.ratio_fc1);
        o.out_ratios.push_back(o.ratio_out);
        if (trace != nullptr) ch.trace_step(step, {{"loss", L.item()}, {"ratio_fc1", o.ratio_fc1}, {"ratio_out", o.ratio_out}});
      }
    } catch (const Error& e) {
      o.diverged = fmt::format("diverged: {}", e.what());
    }
    if (trace != nullptr) {
      net->ctx->set_trace(nullptr);
      ch.restore_trace();
    }
    if (o.diverged.empty()) o.after_steps = gradcheck_network(check_loss, net->model.params(), gradcheck_options());
    o.pass[3] = o.diverged.empty() && o.at_init.passed && o.after_steps.passed;
    o.pass[4] = o.diverged.empty() && !o.fc1_ratios.empty() && ratio_rule(largest(o.fc1_ratios));

    if (trace != nullptr) {   // the main graph: the trained network on a few images
      const Rows few = take(data, first(std::min(kGraphRows, data.size())), false, gen);
      net->ctx->set_trace(nullptr);
      Tensor L = regularised_loss(*net, net->ctx->input(few.X, "X"), few.labels, 0.0);
      opt.zero_grad();
      L.backward();
      DotOptions dot;
      dot.cluster_scopes = true;
      dot.legend = true;
      dot.title = fmt::format("The healthy network after {} steps, on {} images: values and dL/d·", s.steps, few.X.rows());
      ch.write_graph("graph", to_dot(L, dot), true);
      if (ch.gradcheck_requested()) ch.report_gradcheck("healthy_after_steps", o.after_steps);
    }
  }
  return o;
}

namespace {

// One cell of the verdict table: the verdict and the number it rests on.
std::string cell(const Outcome& o, int check) {
  const bool p = o.pass[check];
  switch (check) {
    case 0: return fmt::format("{} {:.4f}", verdict(p), o.initial_loss);
    case 1: return fmt::format("{} {:+.4f}", verdict(p), o.reg_losses.back() - o.reg_losses.front());
    case 2:
      return o.overfit_diverged.empty() ? fmt::format("{} {:.2e}", verdict(p), o.overfit_curve.back())
                                        : fmt::format("{} diverged", verdict(p));
    case 3:
      if (!o.diverged.empty()) return fmt::format("{} diverged", verdict(p));
      return fmt::format("{} {:.0e} → {:.0e}", verdict(p), o.at_init.max_rel_error, o.after_steps.max_rel_error);
    default:
      if (!o.diverged.empty()) return fmt::format("{} diverged", verdict(p));
      return fmt::format("{} {:.1e}", verdict(p), largest(o.fc1_ratios));
  }
}

const char* kCheckNames[5] = {"1 initial loss ≈ ln 10", "2 λ raises the loss", "3 overfit 20 images",
                              "4 gradient check", "5 update ratio ≈ 1e-3 (fc1)"};

}  // namespace

Outcome healthy(book::Chapter& ch, const DatasetT<double>& data, const Settings& s) {
  const Outcome o = run_checks(ch, data, s, Setup{.key = "healthy", .name = "nothing broken"}, &ch.trace());
  const double ln_c = std::log(kClasses);

  ch.section("Check 1: the initial loss is ln 10");
  ch.say("Lecture 003: with the regularisation at zero, an untrained softmax classifier over 10 classes should\n"
         "give every class about the same probability, 0.1, so its loss, the negative log-probability of the\n"
         "correct class, starts at −ln(0.1) = ln 10 = 2.3026 (the lecture writes 2.302: cut, not rounded).\n"
         "Small output weights make the logits nearly equal; a start far from ln 10 means the weights are\n"
         "too big, or the loss is not what you think.");
  ch.result("initial.expected", ln_c);
  ch.result("initial.loss", o.initial_loss);
  ch.result("initial.excess", o.initial_loss - ln_c);
  ch.result("check.1", verdict(o.pass[0]));
  ch.part("your expected_initial_loss against the measured loss", [&] {
    const double yours = expected_initial_loss(kClasses);
    ch.result("initial.your_expected", yours);
    ch.result("initial.your_expected_agrees", std::abs(yours - ln_c) < 1e-12 ? "yes" : "no");
  });

  ch.section("Check 2: raising the regularisation raises the loss");
  ch.say("Add the L2 penalty (λ/2)·(‖W_fc1‖² + ‖W_out‖²) to the same untrained network and raise λ: the\n"
         "loss must rise, by exactly the penalty. If it does not, the penalty is not in the loss you minimise.");
  book::Table t({"λ", "loss", "rise over λ = 0"});
  for (std::size_t i = 0; i < kLambdas.size(); ++i) {
    t.add({fmt::format("{:g}", kLambdas[i]), fmt::format("{:.6f}", o.reg_losses[i]),
           fmt::format("{:+.6f}", o.reg_losses[i] - o.reg_losses[0])});
    ch.result(fmt::format("reg.loss.{:g}", kLambdas[i]), o.reg_losses[i]);
  }
  ch.table(t, "regularisation.csv");
  {   // the rise is the penalty: (λ/2)·Σ W² of the same initial weights
    const auto net = build_net(Setup{}, data.features(), s.hidden, kClasses, ch.options().seed);
    const double sq = net->fc1->W.value().squaredNorm() + net->out->W.value().squaredNorm();
    const double rise = o.reg_losses.back() - o.reg_losses.front(), penalty = kLambdas.back() / 2.0 * sq;
    ch.result("reg.sum_of_squared_weights", sq);
    ch.result("reg.rise_is_the_penalty", std::abs(rise - penalty) <= 1e-9 * std::max(1.0, penalty) ? "yes" : "no");
  }
  ch.result("check.2", verdict(o.pass[1]));

  ch.section("Check 3: overfit 20 images");
  ch.say(fmt::format(
      "Lecture 003: before the whole data set, train on a tiny part (20 examples), λ = 0, and make sure\n"
      "the loss goes to zero. A network that cannot memorise 20 images will not learn 60 000. Here:\n"
      "{} full-batch steps of Adam (learning rate {}) on the first 20 images; the rule is a final\n"
      "loss below {}.",
      kOverfitSteps, num(kOverfitLr), kOverfitLoss));
  ch.result("overfit.first_loss", o.overfit_curve.front());
  ch.result("overfit.final_loss", o.overfit_curve.back());
  ch.result("overfit.accuracy", o.overfit_accuracy);
  ch.result("check.3", verdict(o.pass[2]));

  ch.section("Check 4: the gradient check, after a few steps");
  ch.say(fmt::format(
      "Chapter 8's gradient check on the whole network (directional: random directions through all\n"
      "parameters, central differences), on {} images, at initialisation and again after {} training\n"
      "steps. The second one matters: at initialisation the biases are 0, activations are small and\n"
      "some code paths are not exercised yet; a bug can hide there.",
      kGradcheckRows, s.steps));
  ch.result("gradcheck.at_init.max_rel_error", o.at_init.max_rel_error);
  ch.result("gradcheck.after.max_rel_error", o.after_steps.max_rel_error);
  ch.result("check.4", verdict(o.pass[3]));

  ch.section("Check 5: the update/parameter ratio is about 1e-3");
  ch.say(fmt::format(
      "Lecture 003 lists the \"ratio of weights to weight updates\" among the things to track; the usual\n"
      "rule (CS231n) is the other way round, the update over the weights: ‖ΔW‖/‖W‖ ≈ 1e-3 per step\n"
      "(the lecture's way round, it would be about 1000). Much lower: the learning rate is too small;\n"
      "much higher: too large. The rule here: the hidden layer's largest ratio over the {} steps lies\n"
      "within a factor of 10 of 1e-3. The output layer's ratio starts far higher: its weights are tiny on\n"
      "purpose (check 1), and any step is large next to them; it settles as they grow (ratios.svg).",
      s.steps));
  ch.result("ratio.fc1_largest", largest(o.fc1_ratios));
  ch.result("ratio.fc1_last", o.ratio_fc1);
  ch.result("ratio.out_first", o.out_ratios.front());
  ch.result("ratio.out_last", o.ratio_out);
  ch.result("check.5", verdict(o.pass[4]));
  ch.part("your update_to_param_ratio against the engine's update_ratio", [&] {
    const double yours = update_to_param_ratio(o.fc1_before, o.fc1_after);
    ch.result("ratio.your_fc1", yours);
    ch.result("ratio.your_ratio_agrees", std::abs(yours - o.ratio_fc1) <= 1e-12 * o.ratio_fc1 ? "yes" : "no");
  });
  ch.part("your ratio_is_healthy against the chapter's rule", [&] {
    bool agrees = true;
    for (double r : {o.ratio_fc1, o.ratio_out, 1e-5, 2e-4, 5e-3, 0.05, 0.0}) agrees = agrees && ratio_is_healthy(r) == ratio_rule(r);
    ch.result("ratio.your_rule_agrees", agrees ? "yes" : "no");
  });

  ch.section("The healthy set-up: all five");
  bool all = true;
  for (int c = 0; c < 5; ++c) {
    ch.say(fmt::format("  {:<26} {}", kCheckNames[c], cell(o, c)));
    all = all && o.pass[c];
  }
  ch.result("healthy.all_pass", all ? "yes" : "no");
  return o;
}

void breakages(book::Chapter& ch, const DatasetT<double>& data, const Settings& s, const Outcome& healthy) {
  ch.section("Breaking it on purpose");
  ch.say("A check is only worth something if you know what its failure looks like. Five set-ups, each\n"
         "with one thing broken, and all five checks on each:");
  const std::vector<Setup> setups = {
      {.key = "big_weights", .name = "output weights N(0, 1), not small", .out_sigma = 1.0},
      {.key = "penalty_subtracted", .name = "the L2 penalty subtracted from the loss", .penalty_sign = -1.0},
      {.key = "shuffled_labels", .name = "images and labels shuffled apart", .shuffled_labels = true},
      {.key = "lr_x100", .name = "the learning rate 100× too large", .lr_factor = 100.0},
      {.key = "layer_bug", .name = "a bug in the layer: the ReLU mask forgets b", .layer_bug = true},
  };
  book::Table t({"set-up", kCheckNames[0], kCheckNames[1], kCheckNames[2], kCheckNames[3], kCheckNames[4]});
  t.add({"healthy", cell(healthy, 0), cell(healthy, 1), cell(healthy, 2), cell(healthy, 3), cell(healthy, 4)});
  book::Plot curves("overfit", "Check 3: the loss on 20 images, full batch", "step", "cross-entropy loss");
  curves.logy = true;
  curves.extra = {"set format y '%g'"};
  auto add_curve = [&](const std::string& title, const Outcome& o) {
    book::Series series{title, {}, {}, "lines"};
    for (std::size_t i = 0; i < o.overfit_curve.size() && std::isfinite(o.overfit_curve[i]) && o.overfit_curve[i] < 1e6; ++i) {
      series.x.push_back(static_cast<double>(i + 1));
      series.y.push_back(std::max(o.overfit_curve[i], 1e-6));
    }
    curves.series.push_back(std::move(series));
  };
  add_curve("healthy", healthy);
  book::Plot ratios("ratios", "Check 5: ‖ΔW‖/‖W‖ of every training step", "step", "update / parameter ratio");
  ratios.logy = true;
  ratios.extra = {"set format y '%g'"};
  auto add_ratio = [&](const std::string& title, const std::vector<double>& r) {
    book::Series series{title, {}, {}, "lines"};
    for (std::size_t i = 0; i < r.size() && std::isfinite(r[i]) && r[i] > 0.0; ++i) {
      series.x.push_back(static_cast<double>(i + 1));
      series.y.push_back(r[i]);
    }
    ratios.series.push_back(std::move(series));
  };
  add_ratio("fc1 (the rule reads it)", healthy.fc1_ratios);
  add_ratio("out (tiny weights at first)", healthy.out_ratios);
  for (const Setup& setup : setups) {
    const Outcome o = run_checks(ch, data, s, setup, nullptr);
    t.add({setup.key, cell(o, 0), cell(o, 1), cell(o, 2), cell(o, 3), cell(o, 4)});
    std::string failed;
    for (int c = 0; c < 5; ++c) {
      ch.result(fmt::format("{}.check{}", setup.key, c + 1), verdict(o.pass[c]));
      if (!o.pass[c]) failed += fmt::format("{}{}", failed.empty() ? "" : ",", c + 1);
    }
    ch.result(fmt::format("{}.failed", setup.key), failed.empty() ? "none" : failed);
    if (setup.key == "big_weights") ch.result("big_weights.initial_loss", o.initial_loss);
    if (setup.key == "penalty_subtracted") ch.result("penalty_subtracted.rise", o.reg_losses.back() - o.reg_losses.front());
    if (setup.key == "shuffled_labels") ch.result("shuffled_labels.overfit_loss", o.overfit_curve.back());
    if (setup.key == "lr_x100") ch.result("lr_x100.fc1_ratio_largest", largest(o.fc1_ratios));
    if (setup.key == "layer_bug") {
      ch.result("layer_bug.gradcheck_at_init", verdict(o.at_init.passed));
      ch.result("layer_bug.gradcheck_after.max_rel_error", o.after_steps.max_rel_error);
    }
    if (setup.key != "penalty_subtracted" && setup.key != "big_weights") add_curve(setup.name, o);
    if (setup.key == "lr_x100") add_ratio("fc1, learning rate ×100", o.fc1_ratios);
  }
  ch.table(t, "verdicts.csv");
  ch.write_plot(curves);
  const double n = static_cast<double>(s.steps);
  ratios.series.push_back({"the rule's band, 1e-4 to 1e-2", {1.0, n, n, 1.0, 1.0},
                           {kRatioTarget / kRatioFactor, kRatioTarget / kRatioFactor, kRatioTarget * kRatioFactor,
                            kRatioTarget * kRatioFactor, kRatioTarget / kRatioFactor}, "lines dt 2 lc rgb 'gray'"});
  ch.write_plot(ratios);
}

}  // namespace sg::ch16
