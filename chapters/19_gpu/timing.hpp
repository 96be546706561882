// Wall-clock timing of CPU work, the way the chapter reports it: the median
// of a few rounds, each long enough for the clock to resolve it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace sg::ch19 {

// How long to measure: `rounds` rounds of at least `round_ms` each.
struct TimingBudget {
  double round_ms = 50.0;
  int rounds = 5;
};

// Milliseconds per call of fn: one untimed warm-up call (caches, page
// faults, thread start-up), then the median over budget.rounds rounds of
// enough calls to fill budget.round_ms. The median, not the mean: on a
// shared machine one round can be hit by another process.
template <typename Fn>
double median_ms_per_call(Fn&& fn, TimingBudget budget) {
  using Clock = std::chrono::steady_clock;
  const auto ms_since = [](Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  const Clock::time_point t0 = Clock::now();
  fn();
  const double first = std::max(ms_since(t0), 1e-6);
  const int calls = std::max(1, static_cast<int>(std::ceil(budget.round_ms / first)));
  std::vector<double> per_call;
  for (int r = 0; r < budget.rounds; ++r) {
    const Clock::time_point t = Clock::now();
    for (int c = 0; c < calls; ++c) fn();
    per_call.push_back(ms_since(t) / calls);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

}  // namespace sg::ch19
