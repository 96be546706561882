// Chapter 17's search arithmetic, header-only so that
// tests/chapters/ch17_hyperparameter_search/test_lesson.cpp can run it: the
// log-spaced grid, the log-uniform sample, and the border rule (the
// chapter's own answers, which the student's exercises are compared with).
#pragma once

#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace sg::ch17 {

// A value's place in [lo, hi] on a log scale: 0 at lo, 1 at hi.
inline double log_position(double v, double lo, double hi) { return std::log(v / lo) / std::log(hi / lo); }

// n values from lo to hi, both included, evenly spaced on a log scale
// (lecture 003: "0.01, 0.001, 0.0001"): a grid's values for one hyperparameter.
inline std::vector<double> log_grid(double lo, double hi, int n) {
  if (!(lo > 0.0 && hi > lo) || n < 2) throw ValueError("log_grid: needs 0 < lo < hi and n >= 2");
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1)));
  return v;
}

// The value a uniform u in [0, 1] stands for when log(value) is uniform on
// [log lo, log hi]: every decade of the range gets the same share of samples.
inline double log_sample(double lo, double hi, double u) {
  if (!(lo > 0.0 && hi > lo)) throw ValueError("log_sample: needs 0 < lo < hi (a log scale starts above 0)");
  return std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)));
}

// Where the best trial lies. `best` indexes the highest score (the first of
// equal ones); `position` is its value's place in [lo, hi] on a log scale;
// `side` is −1 when that is within `edge` of the low end, +1 within `edge`
// of the high end, 0 inside. On the border, the best value may lie outside
// the range searched (lecture 003: "careful with best values on border").
struct Border {
  std::size_t best = 0;
  double position = 0.0;
  int side = 0;
};
inline Border border(const std::vector<double>& values, const std::vector<double>& scores, double lo, double hi,
                     double edge) {
  if (values.empty() || values.size() != scores.size()) {
    throw ValueError("border: needs one score per value, and at least one trial");
  }
  Border b;
  for (std::size_t i = 1; i < scores.size(); ++i) {
    if (scores[i] > scores[b.best]) b.best = i;
  }
  b.position = log_position(values[b.best], lo, hi);
  b.side = b.position <= edge ? -1 : b.position >= 1.0 - edge ? 1 : 0;
  return b;
}

inline std::string side_name(int side) { return side < 0 ? "low" : side > 0 ? "high" : "inside"; }

// How many different values a list holds: the learning rates a search really tried.
inline std::size_t distinct(const std::vector<double>& v) { return std::set<double>(v.begin(), v.end()).size(); }

}  // namespace sg::ch17
