#include "engine/optim/schedule.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "engine/optim/optimizer.hpp"

namespace sg {

namespace {
void require_epoch(const char* who, std::int64_t t) {
  if (t < 0) throw ValueError(fmt::format("{}: epoch must be ≥ 0, got {}", who, t));
}
}  // namespace

StepDecay::StepDecay(double lr0, double drop, std::int64_t every) : lr0_(lr0), drop_(drop), every_(every) {
  detail::require_positive("StepDecay", "lr0", lr0);
  detail::require_positive("StepDecay", "drop", drop);
  if (every < 1) throw ValueError(fmt::format("StepDecay: every must be ≥ 1 epoch, got {}", every));
}
double StepDecay::lr_at(std::int64_t t) const {
  require_epoch("StepDecay", t);
  return lr0_ * std::pow(drop_, static_cast<double>(t / every_));
}

ExponentialDecay::ExponentialDecay(double lr0, double k) : lr0_(lr0), k_(k) {
  detail::require_positive("ExponentialDecay", "lr0", lr0);
  detail::require_nonnegative("ExponentialDecay", "k", k);
}
double ExponentialDecay::lr_at(std::int64_t t) const {
  require_epoch("ExponentialDecay", t);
  return lr0_ * std::exp(-k_ * static_cast<double>(t));
}

InverseTimeDecay::InverseTimeDecay(double lr0, double k) : lr0_(lr0), k_(k) {
  detail::require_positive("InverseTimeDecay", "lr0", lr0);
  detail::require_nonnegative("InverseTimeDecay", "k", k);
}
double InverseTimeDecay::lr_at(std::int64_t t) const {
  require_epoch("InverseTimeDecay", t);
  return lr0_ / (1.0 + k_ * static_cast<double>(t));
}

CosineDecay::CosineDecay(double lr0, std::int64_t T, double lr_min) : lr0_(lr0), T_(T), lr_min_(lr_min) {
  detail::require_positive("CosineDecay", "lr0", lr0);
  if (T < 1) throw ValueError(fmt::format("CosineDecay: T must be ≥ 1 epoch, got {}", T));
  if (!(lr_min >= 0 && lr_min < lr0))
    throw ValueError(fmt::format("CosineDecay: lr_min must be in [0, lr0 = {}), got {}", lr0, lr_min));
}
double CosineDecay::lr_at(std::int64_t t) const {
  require_epoch("CosineDecay", t);
  const double phase = std::numbers::pi * static_cast<double>(t) / static_cast<double>(T_);
  return lr_min_ + (lr0_ - lr_min_) * (1.0 + std::cos(phase)) / 2.0;
}

LrRangeTest::LrRangeTest(double lo, double hi, std::int64_t steps) : lo_(lo), hi_(hi), steps_(steps) {
  detail::require_positive("LrRangeTest", "lo", lo);
  detail::require_positive("LrRangeTest", "hi", hi);
  if (!(hi > lo)) throw ValueError(fmt::format("LrRangeTest: hi must be > lo, got lo {} and hi {}", lo, hi));
  if (steps < 2) throw ValueError(fmt::format("LrRangeTest: steps must be ≥ 2, got {}", steps));
}
double LrRangeTest::lr_at(std::int64_t k) const {
  require_epoch("LrRangeTest", k);
  if (k >= steps_ - 1) return hi_;
  return lo_ * std::pow(hi_ / lo_, static_cast<double>(k) / static_cast<double>(steps_ - 1));
}

LrRangeResult lr_range_test(const LrRangeTest& schedule, const std::function<void(double)>& set_lr,
                            const std::function<double()>& train_step) {
  constexpr double kDivergence = 4.0;   // fastai: stop when the loss exceeds 4× the best
  LrRangeResult r;
  for (std::int64_t k = 0; k < schedule.steps(); ++k) {
    const double lr = schedule.lr_at(k);
    set_lr(lr);
    const double loss = train_step();
    r.points.emplace_back(lr, loss);
    if (!std::isfinite(loss) || (k > 0 && loss > kDivergence * r.best_loss)) {
      r.diverged = true;
      break;
    }
    if (k == 0 || loss < r.best_loss) {
      r.best_loss = loss;
      r.best_lr = lr;
    }
  }
  return r;
}

}  // namespace sg
