// Chapter 17's exercises (declared in chapters/17_hyperparameter_search/exercises.hpp).
// Read docs/book/17-hyperparameter-search.md first: each block below names the
// section it belongs to. Write the body, then check it:
//   build/bin/grade --chapter 17        all three
//   build/bin/grade --exercise 17.1     one
// The chapter (build/bin/ch17_hyperparameter_search) puts your results next
// to its own and skips what is not written yet.
#include "chapters/17_hyperparameter_search/exercises.hpp"

#include <cmath>
#include <string>

#include "engine/core/error.hpp"

namespace sg::ch17 {

// ---- Exercise 17.1 (kfold_rows) -------------------------------------------------
// k-fold cross-validation of the rows 0 .. n−1, taken in order (no
// shuffling; scikit-learn's KFold without shuffle): cut them into k
// consecutive parts whose sizes differ by at most one, the longer parts
// first. Fold i validates on part i and trains on all the other rows; both
// lists in increasing order. Throw sg::ValueError when k < 2 or k > n (a
// part would be empty).
// Lesson: "k-fold cross-validation".
// Check: every row is validated exactly once; n = 10, k = 5 gives parts of 2.
// The classic mistake: parts of n/k rows each, which loses the remainder (the
// last rows are never validated) or piles it all onto one part.
// Check: build/bin/grade --exercise 17.1
std::vector<FoldRows> kfold_rows(long n, long k) {
  // BEGIN SOLUTION 17.1 kfold_rows: k consecutive parts whose sizes differ by at most one (the longer first), so that every row is validated once; try n = 10, k = 3 by hand
  if (k < 2 || k > n) {
    throw ValueError("kfold_rows: k = " + std::to_string(k) + " for n = " + std::to_string(n) +
                     " rows; k-fold needs 2 <= k <= n");
  }
  std::vector<FoldRows> folds(static_cast<std::size_t>(k));
  long start = 0;
  for (long i = 0; i < k; ++i) {
    const long size = n / k + (i < n % k ? 1 : 0);
    FoldRows& f = folds[static_cast<std::size_t>(i)];
    for (long r = 0; r < n; ++r) (r >= start && r < start + size ? f.val : f.train).push_back(r);
    start += size;
  }
  return folds;
  // END SOLUTION
}

// ---- Exercise 17.2 (log_uniform) ------------------------------------------------
// Random search on a log scale: map u, uniform in [0, 1], to a value in
// [lo, hi] so that the LOGARITHM of the value is uniform: u = 0 gives lo,
// u = 1 gives hi, and every decade of the range receives the same share of
// the samples. Throw sg::ValueError unless 0 < lo < hi (a log scale has no
// place for 0 or negative values).
// Lesson: "Sampling on a log scale".
// Check: lo = 1e-4, hi = 1 and u = 0.5 give the middle of the range on a log
// scale, and u = 0.25 the top of its first decade.
// The classic mistake: interpolating lo and hi themselves, which puts 90 % of
// the samples of [1e-4, 1] into its top decade.
// Check: build/bin/grade --exercise 17.2
double log_uniform(double lo, double hi, double u) {
  // BEGIN SOLUTION 17.2 log_uniform: interpolate between lo and hi on a log scale, not between lo and hi themselves; lo = 1e-4, hi = 1, u = 0.5 gives 0.01
  if (!(lo > 0.0 && hi > lo)) {
    throw ValueError("log_uniform: the range [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "] needs 0 < lo < hi for a log scale");
  }
  return lo * std::pow(hi / lo, u);
  // END SOLUTION
}

// ---- Exercise 17.3 (border_side) ------------------------------------------------
// Lecture 003's warning, as a rule. values[i] is trial i's value of one
// hyperparameter, searched in [lo, hi] on a log scale, and scores[i] its
// validation accuracy (higher is better; of equal scores the first counts).
// Place the best trial's value in the range on a LOG scale, as a fraction
// from 0 (at lo) to 1 (at hi). Return −1 when that fraction is at most
// `edge`, +1 when it is at least 1 − edge, and 0 otherwise. Throw
// sg::ValueError when values is empty or scores has another size.
// Lesson: "The best value on the border".
// Check: in [1e-4, 1] with edge 0.1, a best value of 1e-2 is inside and one
// of 0.5 is on the high border.
// The classic mistakes: the fraction measured on a linear scale (then 1e-2 in
// [1e-4, 1] looks like the low border), and taking the lowest score as the best.
// Check: build/bin/grade --exercise 17.3
int border_side(const std::vector<double>& values, const std::vector<double>& scores, double lo, double hi,
                double edge) {
  // BEGIN SOLUTION 17.3 border_side: find the best score, then place its value between lo and hi on a log scale (0 at lo, 1 at hi) and compare with edge; 1e-2 in [1e-4, 1] sits in the middle
  if (values.empty() || values.size() != scores.size()) {
    throw ValueError("border_side: " + std::to_string(values.size()) + " values and " +
                     std::to_string(scores.size()) + " scores; needs one score per value, at least one");
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < scores.size(); ++i) {
    if (scores[i] > scores[best]) best = i;
  }
  const double t = std::log(values[best] / lo) / std::log(hi / lo);
  if (t <= edge) return -1;
  if (t >= 1.0 - edge) return 1;
  return 0;
  // END SOLUTION
}

}  // namespace sg::ch17
