// Chapter 11's small helpers that are not exercises: plain double, no engine,
// header-only (tests/chapters/ch11_learning_rate/test_lesson.cpp tests them).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace sg::ch11 {

// How many times a loss curve goes up from one point to the next.
inline int rises(const std::vector<double>& loss) {
  int n = 0;
  for (std::size_t k = 1; k < loss.size(); ++k) n += loss[k] > loss[k - 1] ? 1 : 0;
  return n;
}

// The k of an exponential decay lr0·e^(−kt) that reaches lr0·ratio at epoch t
// (ratio in (0, 1], t ≥ 1): k = −ln(ratio)/t.
inline double exponential_k_for(double ratio, int t) { return -std::log(ratio) / static_cast<double>(t); }
// The k of a 1/t decay lr0/(1 + kt) that reaches lr0·ratio at epoch t: k = (1/ratio − 1)/t.
inline double inverse_time_k_for(double ratio, int t) { return (1.0 / ratio - 1.0) / static_cast<double>(t); }

}  // namespace sg::ch11
