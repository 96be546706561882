// Chapter 11, the problem every part trains on, and part 1: one learning rate
// too small, one right, one too large, on the same network from the same
// weights.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "chapters/11_learning_rate/lesson.hpp"
#include "chapters/11_learning_rate/lesson_math.hpp"

namespace sg::ch11 {

namespace {

constexpr int kEpochs = 150, kQuickEpochs = 30;
constexpr Index kBatch = 20, kQuickBatch = 50;
// Part 1's rates, as multiples of the right one (--lr).
constexpr double kTooSmall = 0.01, kTooLarge = 20.0;

using book::num;

}  // namespace

Problem make_problem(const book::Chapter& ch, const Settings& s) {
  Generator gen = ch.generator();
  Problem p;
  p.data = two_moons(ch.quick() ? kQuickPoints : kPoints, kNoise, gen);
  p.model_seed = gen.next_u64();
  p.epochs = s.epochs > 0 ? s.epochs : (ch.quick() ? kQuickEpochs : kEpochs);
  p.batch = s.batch > 0 ? s.batch : (ch.quick() ? kQuickBatch : kBatch);
  return p;
}

Trainer::Trainer(const Problem& p, double lr, GraphObserver* trace)
    : p_(p), ctx_(std::make_unique<Context>(trace)), model_(std::make_unique<Sequential<>>()) {
  Generator gen(p.model_seed);
  model_->emplace<Linear<>>(*ctx_, "fc1", 2, kHidden, gen);
  model_->emplace<Tanh<>>();
  model_->emplace<Linear<>>(*ctx_, "fc2", kHidden, kHidden, gen);
  model_->emplace<Tanh<>>();
  model_->emplace<Linear<>>(*ctx_, "out", kHidden, 2, gen);
  opt_ = std::make_unique<SGD<double>>(model_->params(), lr);
}

Trainer::~Trainer() = default;

double Trainer::step(const std::vector<Index>& rows) {
  Dataset subset;
  const Dataset& batch = rows.empty() ? p_.data : (subset = p_.data.subset(rows));
  opt_->zero_grad();
  const Tensor X = ctx_->input(batch.X, "X");
  Tensor L = cross_entropy((*model_)(X), batch.labels).set_label("loss").set_role(Role::Loss);
  const double loss = L.item();
  if (!std::isfinite(loss)) return std::numeric_limits<double>::quiet_NaN();
  L.backward();
  try {
    opt_->step();   // refuses a non-finite gradient or weight, changing nothing
  } catch (const ValueError&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return loss;
}

double Trainer::loss() const {
  NoGrad no_grad(*ctx_);
  return cross_entropy((*model_)(ctx_->input(p_.data.X)), p_.data.labels).item();
}

double Trainer::accuracy() const {
  NoGrad no_grad(*ctx_);
  return sg::accuracy((*model_)(ctx_->input(p_.data.X)).value(), p_.data.labels);
}

void Trainer::set_lr(double lr) { opt_->set_lr(lr); }

Tensor Trainer::loss_tensor() {
  const Tensor X = ctx_->input(p_.data.X, "X");
  return cross_entropy((*model_)(X), p_.data.labels).set_label("loss").set_role(Role::Loss);
}

GradcheckResult Trainer::check_gradients() {
  const Tensor X = ctx_->input(p_.data.X, "X");
  return gradcheck_network([&] { return cross_entropy((*model_)(X), p_.data.labels); }, model_->params());
}

std::string verdict(const Curve& c) {
  const double first = c.loss.front(), last = c.loss.back();
  if (c.diverged_at >= 0 || last >= first) return "too large: diverged";
  if (rises(c.loss) > 0.1 * static_cast<double>(c.loss.size() - 1)) return "too large: unstable";
  if (last > 0.5 * first) return "too small: slow";
  return "right";
}

void describe_problem(book::Chapter& ch, const Problem& p) {
  ch.section("The problem");
  ch.say(fmt::format(
      "Two moons ({} points, noise {}), a 2-{}-{}-2 network with tanh and cross-entropy,\n"
      "trained by plain gradient descent, θ ← θ − η·∂L/∂θ (the lecture's update, lecture 002).\n"
      "Every run below starts from the same weights, so the learning rate is the only thing\n"
      "that changes. Each run lasts {} epochs.",
      p.data.size(), kNoise, kHidden, kHidden, p.epochs));
  Trainer t(p, 1.0);
  Tensor L = t.loss_tensor();
  L.backward();
  DotOptions dot;
  dot.view = DotOptions::View::Collapsed;
  dot.show_value = false;
  dot.show_grad = false;
  dot.legend = true;
  dot.title = "the network of every run: 2-16-16-2, tanh, cross-entropy";
  ch.write_graph("network", to_dot(L, dot), true);
  ch.result("problem.initial_loss", L.item());
  if (ch.gradcheck_requested()) ch.report_gradcheck("network", t.check_gradients());
  ch.result("problem.epochs", static_cast<double>(p.epochs));
}

void three_learning_rates(book::Chapter& ch, const Problem& p, const Settings& s) {
  ch.section("Too small, too large, right");
  const std::vector<std::pair<std::string, double>> runs = {
      {"small", kTooSmall * s.lr}, {"right", s.lr}, {"large", kTooLarge * s.lr}};
  ch.say(fmt::format(
      "Full-batch gradient descent with η = {}, {} and {} ({}×, 1× and {}× --lr). The loss is\n"
      "measured on all {} points at every epoch (one epoch = one step here). The run with\n"
      "η = {} is traced (--trace ops, --step).",
      num(runs[0].second), num(runs[1].second), num(runs[2].second), kTooSmall, kTooLarge, p.data.size(),
      num(s.lr)));
  book::Plot plot("lr_compare", "The same network, three learning rates", "epoch", "loss on all the points");
  plot.logy = true;
  std::vector<std::vector<std::string>> rows(runs.size());
  for (std::size_t r : {std::size_t{1}, std::size_t{0}, std::size_t{2}}) {   // the traced run first
    const auto& [name, lr] = runs[r];
    Trainer t(p, lr, r == 1 ? &ch.trace() : nullptr);
    // Full batch: the loss a step computes before its update is the loss on
    // all the data at that epoch, so the curve needs no extra passes.
    Curve c;
    for (int e = 1; e <= p.epochs; ++e) {
      const double before = t.step();
      if (r == 1) ch.trace_step(e, {{"loss", before}});
      if (std::isnan(before)) {
        c.diverged_at = e;
        break;
      }
      c.loss.push_back(before);
    }
    if (c.diverged_at < 0) c.loss.push_back(t.loss());
    if (r == 1) ch.restore_trace();
    c.accuracy = t.accuracy();
    double lowest = c.loss.front();
    for (double v : c.loss) lowest = std::min(lowest, v);
    const std::string v = verdict(c);
    rows[r] = {name, num(lr), num(c.loss.front()), num(c.loss.back()), num(lowest), num(c.accuracy), v};
    book::Series series{fmt::format("η = {} ({})", num(lr), v), {}, c.loss, "lines lw 2"};
    for (std::size_t e = 0; e < c.loss.size(); ++e) series.x.push_back(static_cast<double>(e));
    plot.series.push_back(std::move(series));
    ch.result(fmt::format("{}.lr", name), lr);
    ch.result(fmt::format("{}.final_loss", name), c.loss.back());
    ch.result(fmt::format("{}.lowest_loss", name), lowest);
    ch.result(fmt::format("{}.rises", name), static_cast<double>(rises(c.loss)));
    ch.result(fmt::format("{}.accuracy", name), c.accuracy);
    ch.result(fmt::format("{}.verdict", name), v);
  }
  book::Table table({"run", "η", "loss at start", "loss at end", "lowest loss", "accuracy", "verdict"});
  for (std::vector<std::string>& row : rows) table.add(std::move(row));
  ch.table(table, "lr_runs.csv");
  ch.write_plot(plot);
  ch.say("Too small: every step goes downhill, but so little that the loss has hardly moved.\n"
         "Too large: the steps overshoot the valley, the loss jumps up and down and ends where\n"
         "it started, or worse. Right: fast at first, then steady: no epoch undoes the last.");
}

}  // namespace sg::ch11
