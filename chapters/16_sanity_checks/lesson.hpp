// Chapter 16's parts, in the order main() runs them.
#pragma once

#include <string>
#include <vector>

#include "chapters/16_sanity_checks/lesson_math.hpp"
#include "chapters/common/chapter.hpp"

namespace sg::ch16 {

// The command line's settings; 0 means "the default of this mode" (full or --quick).
struct Settings {
  std::string data_dir{kFashionMnistDir};
  Index train = 0;     // training images read: 10000, 1000 with --quick
  int pool = 0;        // k: average k×k pixel blocks (1: none): 1, 4 with --quick
  Index hidden = 0;    // units of the hidden layer: 100, 32 with --quick
  double lr = 0.0;     // SGD's learning rate (momentum 0.9) in checks 4 and 5: 0.02 in both modes
  int steps = 0;       // training steps before checks 4 and 5: 100, 30 with --quick
};

// What one set-up's five checks found.
struct Outcome {
  double initial_loss = 0.0;                 // 1: at λ = 0, over every image read
  std::vector<double> reg_losses;            // 2: the initial loss at each of kLambdas
  std::vector<double> overfit_curve;         // 3: the loss on the 20 images, step by step
  double overfit_accuracy = 0.0;             //    of the 20, at the end
  GradcheckResult at_init, after_steps;      // 4: before and after the training steps
  double ratio_fc1 = 0.0, ratio_out = 0.0;   // 5: ‖ΔW‖/‖W‖ of the last training step
  std::vector<double> fc1_ratios, out_ratios;   //    of every step
  Mat fc1_before, fc1_after;                 //    fc1.W around that step (exercise 16.2)
  std::string diverged;                      // "" or where the training steps blew up
  std::string overfit_diverged;              // the same for the 20-image run
  bool pass[5] = {false, false, false, false, false};
};

// The λ values of check 2, in increasing order.
inline const std::vector<double> kLambdas = {0.0, 1e-3, 1e-2, 1e-1};

// The defaults of this run (full or --quick) for the settings left at 0.
Settings resolved(const Settings& s, bool quick);
// The training images read, pooled; exits 1 with the file's name when they are missing or damaged.
DatasetT<double> load(book::Chapter& ch, const Settings& s);
// The five checks on one set-up. With `trace`, the training steps are traced.
Outcome run_checks(book::Chapter& ch, const DatasetT<double>& data, const Settings& s, const Setup& setup,
                   GraphObserver* trace);
// The lesson: the five checks on the healthy set-up, one section each.
Outcome healthy(book::Chapter& ch, const DatasetT<double>& data, const Settings& s);
// Each planted breakage, every check on it, and the table of verdicts.
void breakages(book::Chapter& ch, const DatasetT<double>& data, const Settings& s, const Outcome& healthy);

}  // namespace sg::ch16
