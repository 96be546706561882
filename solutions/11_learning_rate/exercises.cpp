// Chapter 11's exercises (declared in chapters/11_learning_rate/exercises.hpp).
// Read docs/book/11-learning-rate.md first: each block below names the
// section with the derivation. Write the body, then check it:
//   build/bin/grade --chapter 11        all five
//   build/bin/grade --exercise 11.1     one
// The chapter (build/bin/ch11_learning_rate) puts your numbers next to the
// engine's schedules (engine/optim/schedule.hpp) and skips what is not
// written yet.
#include "chapters/11_learning_rate/exercises.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "engine/core/error.hpp"

namespace sg::ch11 {

// ---- Exercise 11.1 (step_decay) ----------------------------------------------
// The lecture's step decay: the rate starts at lr0 and is multiplied by
// `drop` (0.5 for "by half") once every `every` epochs, and stays constant
// in between. Epoch 0 is the first epoch; the first drop happens at the
// start of epoch `every`, not before. Lesson: "Decay schedules".
// Check it against the staircase in schedules_lr.svg: flat for `every`
// epochs, then one step down. lr0 = 0.1, drop = 0.5, every = 10 gives 0.1
// for epochs 0 to 9 and 0.05 for epochs 10 to 19.
// The classic mistake: a rate that falls a little every epoch instead of in
// whole steps (the count of drops so far is a whole number).
// Check: build/bin/grade --exercise 11.1
double step_decay(double lr0, double drop, int every, int epoch) {
  // BEGIN SOLUTION 11.1 step_decay: count the drops that have happened by this epoch (a whole number), then apply them all
  return lr0 * std::pow(drop, static_cast<double>(epoch / every));
  // END SOLUTION
}

// ---- Exercise 11.2 (exponential_decay) ---------------------------------------
// The lecture's exponential decay with decay constant k ≥ 0 (lecture 002,
// written with α for the rate and t for the epoch). Epoch 0 trains at lr0
// exactly; every epoch multiplies the rate by the same factor, which is
// less than 1 for k > 0. Lesson: "Decay schedules", where the factor per
// epoch is worked out.
// Check: after 1/k epochs the rate is lr0/e (e = 2.718...).
// The classic mistake: k is not the factor per epoch (that would be torch's
// gamma); the factor follows from k.
// Check: build/bin/grade --exercise 11.2
double exponential_decay(double lr0, double k, int epoch) {
  // BEGIN SOLUTION 11.2 exponential_decay: write the lecture's formula with t = epoch; k is a rate in the exponent, not the factor per epoch
  return lr0 * std::exp(-k * static_cast<double>(epoch));
  // END SOLUTION
}

// ---- Exercise 11.3 (inverse_time_decay) --------------------------------------
// The lecture's 1/t decay with constant k ≥ 0: the rate is lr0 at epoch 0
// and halves by epoch 1/k; it keeps falling, ever more slowly, and never
// reaches 0. Lesson: "Decay schedules".
// Check: finite at epoch 0 (a plain 1/t would divide by zero there), and
// lr0/3 at epoch 2/k.
// The classic mistake: dividing by k·t alone (infinite at the start), or
// applying k outside the fraction.
// Check: build/bin/grade --exercise 11.3
double inverse_time_decay(double lr0, double k, int epoch) {
  // BEGIN SOLUTION 11.3 inverse_time_decay: the lecture's 1/t decay; the denominator is 1 at epoch 0
  return lr0 / (1.0 + k * static_cast<double>(epoch));
  // END SOLUTION
}

// ---- Exercise 11.4 (range_test_lrs) ------------------------------------------
// The LR range test tries `steps` ≥ 2 rates, one training step each, from
// lo up to hi (0 < lo < hi), spaced evenly on a LOG scale: every rate is the
// previous one times the same factor. The first is lo, the last is hi
// exactly. Lesson: "The LR range test", where the factor is derived.
// Check: lo = 1e-4, hi = 1, steps = 5 gives 1e-4, 1e-3, 1e-2, 1e-1, 1.
// The classic mistake: even spacing on a linear scale, which spends almost
// every step near hi; or a factor that never quite reaches hi (count the
// gaps between the rates, not the rates).
// Check: build/bin/grade --exercise 11.4
std::vector<double> range_test_lrs(double lo, double hi, int steps) {
  // BEGIN SOLUTION 11.4 range_test_lrs: the same ratio between neighbours; there are steps − 1 gaps from lo to hi
  std::vector<double> lrs(static_cast<std::size_t>(steps));
  for (int k = 0; k < steps; ++k) {
    lrs[static_cast<std::size_t>(k)] =
        k == steps - 1 ? hi : lo * std::pow(hi / lo, static_cast<double>(k) / static_cast<double>(steps - 1));
  }
  return lrs;
  // END SOLUTION
}

// ---- Exercise 11.5 (read_range_test) -----------------------------------------
// Reading the range test: points (lrs[k], losses[k]), k = 0..n−1, with the
// rates increasing. Return two indices (-1 for "none"):
//   blowup    the first k ≥ 1 whose loss is not finite, or more than 4 times
//             the LOWEST loss among the points before it (fastai's rule, the
//             one the engine's lr_range_test stops at);
//   steepest  the k whose segment from point k to point k + 1 has the most
//             negative slope measured per unit of ln(lr) (the x axis of the
//             plot is logarithmic), among the segments that end before the
//             blow-up point (all segments when there is none); -1 when no
//             segment falls at all.
// Lesson: "Reading the range test".
// Check: on the chapter's run your two indices must be the points marked in
// range_test.svg.
// Classic mistakes: the steepest point is not the lowest loss (that one is
// further right, where the curve bottoms out); a slope per unit of lr
// rather than of ln(lr) favours the smallest rates; and "4 times the best"
// compares with the best so far, not with the first loss.
// Check: build/bin/grade --exercise 11.5
RangeReading read_range_test(const std::vector<double>& lrs, const std::vector<double>& losses) {
  // BEGIN SOLUTION 11.5 read_range_test: find the blow-up first (keep the best loss so far), then the most negative slope on the log-lr axis before it
  if (lrs.size() != losses.size()) {
    throw ValueError("read_range_test: lrs and losses must have one entry per point");
  }
  RangeReading r;
  const int n = static_cast<int>(losses.size());
  double best = std::numeric_limits<double>::infinity();
  for (int k = 0; k < n; ++k) {
    const double loss = losses[static_cast<std::size_t>(k)];
    if (k > 0 && (!std::isfinite(loss) || loss > 4.0 * best)) {
      r.blowup = k;
      break;
    }
    best = std::min(best, loss);
  }
  const int end = r.blowup >= 0 ? r.blowup : n;   // points 0..end−1 are before the blow-up
  double steepest = 0.0;
  for (int k = 0; k + 1 < end; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const double slope = (losses[i + 1] - losses[i]) / (std::log(lrs[i + 1]) - std::log(lrs[i]));
    if (slope < steepest) {
      steepest = slope;
      r.steepest = k;
    }
  }
  return r;
  // END SOLUTION
}

}  // namespace sg::ch11
