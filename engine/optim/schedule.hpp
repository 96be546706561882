// Learning-rate schedules: the lr to use in epoch t (t = 0 is the first),
// and the LR range test that picks a learning rate by trying them all.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace sg {

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual double lr_at(std::int64_t epoch) const = 0;
};

// α0·drop^⌊t/every⌋ (torch's StepLR with gamma = drop, step_size = every).
class StepDecay final : public Schedule {
 public:
  StepDecay(double lr0, double drop, std::int64_t every);
  double lr_at(std::int64_t epoch) const override;

 private:
  double lr0_, drop_;
  std::int64_t every_;
};

// α0·e^(−kt) (torch's ExponentialLR with gamma = e^(−k)).
class ExponentialDecay final : public Schedule {
 public:
  ExponentialDecay(double lr0, double k);
  double lr_at(std::int64_t epoch) const override;

 private:
  double lr0_, k_;
};

// α0/(1 + kt).
class InverseTimeDecay final : public Schedule {
 public:
  InverseTimeDecay(double lr0, double k);
  double lr_at(std::int64_t epoch) const override;

 private:
  double lr0_, k_;
};

// α_min + (α0 − α_min)·(1 + cos(πt/T))/2: torch's CosineAnnealingLR values.
// Beyond T it is NOT held at α_min: like torch it rises again, period 2T.
class CosineDecay final : public Schedule {
 public:
  CosineDecay(double lr0, std::int64_t T, double lr_min = 0.0);
  double lr_at(std::int64_t epoch) const override;

 private:
  double lr0_;
  std::int64_t T_;
  double lr_min_;
};

// The LR range test's schedule: lr_k = lo·(hi/lo)^(k/(steps−1)), k = 0..steps−1,
// exponentially increasing from lo to hi (held at hi beyond).
class LrRangeTest final : public Schedule {
 public:
  LrRangeTest(double lo, double hi, std::int64_t steps);
  double lr_at(std::int64_t k) const override;
  std::int64_t steps() const { return steps_; }

 private:
  double lo_, hi_;
  std::int64_t steps_;
};

struct LrRangeResult {
  std::vector<std::pair<double, double>> points;   // (lr, loss) of every step taken
  double best_lr = 0.0;                            // the lr of the lowest loss
  double best_loss = 0.0;
  bool diverged = false;                           // stopped early: loss > 4·best or not finite
};

// Runs the test: for k = 0, 1, …: set_lr(lr_k), then loss = train_step()
// (one training step at that lr, returning its loss). Stops after `steps`
// steps, or as soon as the loss exceeds 4× the best so far or is not finite
// (fastai's rule). A common pick is best_lr / 10.
LrRangeResult lr_range_test(const LrRangeTest& schedule, const std::function<void(double)>& set_lr,
                            const std::function<double()>& train_step);

}  // namespace sg
