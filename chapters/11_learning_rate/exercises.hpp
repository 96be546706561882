// Chapter 11's exercises: the learning-rate schedules of the lecture, the LR
// range test's sequence of rates, and how to read the test's curve. Plain
// double, no engine. The chapter compares each with the engine
// (engine/optim/schedule.hpp); `build/bin/grade --chapter 11` grades them.
#pragma once

#include <vector>

namespace sg::ch11 {

// Epochs count from 0: epoch 0 is the first, trained at the initial rate lr0.

// Exercise 11.1: the step-decay rate in epoch `epoch` (exercises/11_learning_rate/exercises.cpp).
double step_decay(double lr0, double drop, int every, int epoch);
// Exercise 11.2: the exponential-decay rate in epoch `epoch` (exercises/11_learning_rate/exercises.cpp).
double exponential_decay(double lr0, double k, int epoch);
// Exercise 11.3: the 1/t-decay rate in epoch `epoch` (exercises/11_learning_rate/exercises.cpp).
double inverse_time_decay(double lr0, double k, int epoch);

// Exercise 11.4: the LR range test's `steps` rates, from lo up to hi (exercises/11_learning_rate/exercises.cpp).
std::vector<double> range_test_lrs(double lo, double hi, int steps);

// What the range test's curve says: indices into its points, -1 for none.
struct RangeReading {
  int steepest = -1;   // the segment (k, k + 1) where the loss falls fastest per unit of ln lr: k
  int blowup = -1;     // the first point whose loss is not finite or more than 4 times the best before it
};
// Exercise 11.5: read the range test's points (lrs[k], losses[k]) (exercises/11_learning_rate/exercises.cpp).
RangeReading read_range_test(const std::vector<double>& lrs, const std::vector<double>& losses);

}  // namespace sg::ch11
