// Chapter 11's parts, in the order main() runs them, and the one problem
// they all train on.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch11 {

// The command line's settings.
struct Settings {
  double lr = 0.5;   // the "right" rate of part 1
  double lr0 = 3.5;  // α0, the starting rate of every schedule in part 2
  int epochs = 0;    // epochs of each run; 0: the chapter's default (150, or 30 with --quick)
  int batch = 0;     // the mini-batch of part 2; 0: 20 (50 with --quick)
};

// The problem: two moons (200 points, 100 with --quick; noise 0.2) and a
// 2-16-16-2 tanh network with cross-entropy. Every run starts from the same
// weights.
inline constexpr Index kPoints = 200, kQuickPoints = 100;
inline constexpr double kNoise = 0.2;
inline constexpr Index kHidden = 16;

struct Problem {
  Dataset data;
  std::uint64_t model_seed = 0;   // the weights every run starts from
  int epochs = 0;                 // of every run
  Index batch = 0;                // part 2's mini-batch
};
Problem make_problem(const book::Chapter& ch, const Settings& s);

// A fresh network on the problem and plain SGD at `lr` (θ ← θ − lr·∂L/∂θ).
// With `trace`, the graph of every step goes to it (the chapter's --trace).
class Trainer {
 public:
  Trainer(const Problem& p, double lr, GraphObserver* trace = nullptr);
  ~Trainer();
  // One step on rows `rows` of the data (all of them when empty): the loss
  // before the step. Returns NaN, and leaves the weights as they were, when
  // the step would make a weight or the loss non-finite.
  double step(const std::vector<Index>& rows = {});
  // The loss and accuracy on all the data, without a graph.
  double loss() const;
  double accuracy() const;
  void set_lr(double lr);
  // The loss tensor of a forward pass on all the data (for the graph).
  Tensor loss_tensor();
  // The engine's gradient check of the whole network on all the data.
  GradcheckResult check_gradients();

 private:
  const Problem& p_;
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<Sequential<>> model_;
  std::unique_ptr<SGD<double>> opt_;
};

// The loss after each epoch of a run: loss[0] before training, loss[e] after
// epoch e (on all the data in part 1; the mean over the epoch's batches in
// part 2). A run that diverges stops there: diverged_at is the epoch whose
// step failed, and loss ends with the last finite value.
struct Curve {
  std::vector<double> loss;
  int diverged_at = -1;
  double accuracy = 0.0;
};

// What a constant-rate run did: "too large: diverged" (it failed, or ends no
// lower than it started), "too large: unstable" (the loss rose in more than a
// tenth of the epochs), "too small: slow" (less than half the loss gone), or
// "right".
std::string verdict(const Curve& c);

// The parts of the lesson.
void describe_problem(book::Chapter& ch, const Problem& p);
void three_learning_rates(book::Chapter& ch, const Problem& p, const Settings& s);
void decay_schedules(book::Chapter& ch, const Problem& p, const Settings& s);
void range_test(book::Chapter& ch, const Problem& p, const Settings& s);

}  // namespace sg::ch11
