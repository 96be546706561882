// Chapter 1's parts, in the order main() runs them.
#pragma once

#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"

namespace sg::ch01 {

constexpr double kTolerance = 1e-3;   // "converged": |x| < 0.001
constexpr double kBound = 1e6;        // "diverged": |x| > 1,000,000 (before it overflows)
constexpr double kH = 1e-5;           // h of the central difference

// The command line's settings.
struct Settings {
  double lr = 0.1;
  double x0 = 5.0;
  int steps = 500;
};

// One run of gradient descent on f(x) = x²: x_0 = x0, x_1, ..., x_n.
struct Run {
  enum class Outcome { Converged, Diverged, OutOfSteps };
  std::vector<double> x;
  Outcome outcome = Outcome::OutOfSteps;
  int steps() const { return static_cast<int>(x.size()) - 1; }
};

// Gradient descent by the engine (backward through x·x, then SGD), untraced:
// stops when |x| < kTolerance, when |x| > kBound, or after max_steps steps.
Run descend(double x0, double lr, int max_steps);
// "converged at step 39", "diverged at step 67", "not within 500 steps".
std::string describe(const Run& run);

// The parts of the lesson.
void plot_function(book::Chapter& ch, const Settings& s);
void derivative_three_ways(book::Chapter& ch);
void traced_descent(book::Chapter& ch, const Settings& s);
void learning_rate_sweep(book::Chapter& ch, const Settings& s);
void ill_conditioned_bowl(book::Chapter& ch);
void check_gradients(book::Chapter& ch, const Settings& s);

}  // namespace sg::ch01
