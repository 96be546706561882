// Chapter 17's exercises: the rows of k-fold cross-validation, a random
// log-uniform sample, and the "best value on the border" rule. Plain C++, no
// engine. The chapter compares each with its own (engine/data/split.hpp's
// stratified_kfold, chapters/17_hyperparameter_search/lesson_math.hpp);
// `build/bin/grade --chapter 17` grades them.
#pragma once

#include <vector>

namespace sg::ch17 {

// One fold of k-fold cross-validation: the rows it trains on and the rows it
// validates on, each in increasing order.
struct FoldRows {
  std::vector<long> train;
  std::vector<long> val;
};
// Exercise 17.1: the k folds of n rows taken in order, without shuffling (exercises/17_hyperparameter_search/exercises.cpp).
std::vector<FoldRows> kfold_rows(long n, long k);

// Exercise 17.2: the value in [lo, hi] that a uniform number u in [0, 1] stands for on a log scale (exercises/17_hyperparameter_search/exercises.cpp).
double log_uniform(double lo, double hi, double u);

// Exercise 17.3: where the best of the trials lies in the searched range [lo, hi]: -1 on the low border, +1 on the high border, 0 inside (exercises/17_hyperparameter_search/exercises.cpp).
int border_side(const std::vector<double>& values, const std::vector<double>& scores, double lo, double hi,
                double edge);

}  // namespace sg::ch17
