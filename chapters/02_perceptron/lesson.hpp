// Chapter 2's parts, in the order main() runs them.
#pragma once

#include <Eigen/Core>

#include <array>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"

namespace sg::ch02 {

// The command line's settings.
struct Settings {
  int epochs = 20;
  double lr = 1.0;
};

// A two-input logic gate: its name and its targets for the inputs
// (0,0), (0,1), (1,0), (1,1), in that order.
struct Gate {
  std::string name;
  std::array<double, 4> t;
};

// The four inputs, one per row, in the order of Gate::t.
Eigen::Matrix<double, 4, 2> inputs();

// One case shown to the unit during training: the weights before, the case,
// the engine's prediction y, and the weights after the engine's update.
struct Visit {
  Eigen::Vector2d w = Eigen::Vector2d::Zero();
  double b = 0.0;
  Eigen::Vector2d x = Eigen::Vector2d::Zero();
  double t = 0.0;
  double y = 0.0;
  Eigen::Vector2d w_after = Eigen::Vector2d::Zero();
  double b_after = 0.0;
};

// What training a perceptron on one gate gave.
struct Training {
  Eigen::Vector2d w = Eigen::Vector2d::Zero();
  double b = 0.0;
  bool converged = false;
  int epochs = 0;                    // epochs run; when converged, the clean one included
  std::vector<int> errors;           // mistakes made during each epoch
  std::vector<Eigen::Vector3d> starts;   // (w1, w2, b) at the start of each epoch
  std::vector<Visit> visits;         // every case shown, in order
};

// A line w·x + b = 0 and how many of a gate's four cases it gets right.
struct Line {
  Eigen::Vector2d w = Eigen::Vector2d::Zero();
  double b = 0.0;
  int right = 0;
};

// The best of the 9³ = 729 lines with w1, w2, b in {-2, -1.5, ..., 2}: the most
// cases right, then the widest margin (the smallest |w·x + b| / ‖w‖ over the
// cases it gets right), then the first in that order.
Line best_line(const Gate& gate);

// The engine's unit step(X·w + b) on every row of X (untraced): 1 or 0 per row.
Eigen::VectorXd fire(const Eigen::Vector2d& w, double b, const Eigen::Matrix<double, Eigen::Dynamic, 2>& X);
// How many of the gate's four cases the engine's unit (w, b) gets right.
int cases_right(const Gate& gate, const Eigen::Vector2d& w, double b);

// The parts of the lesson.
void threshold_unit(book::Chapter& ch);
Training train(book::Chapter& ch, const Gate& gate, const Settings& s);
void report(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs);
void compare_with_yours(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs,
                        const Settings& s);
void plot_gate(book::Chapter& ch, const Gate& gate, const Training& run);
void plot_errors(book::Chapter& ch, const std::vector<Gate>& gates, const std::vector<Training>& runs);
void why_not_xor(book::Chapter& ch, const Gate& xor_gate, const Training& run);
void draw_unit(book::Chapter& ch, const Training& run);
void check_gradients(book::Chapter& ch, const Training& run);
void history(book::Chapter& ch);

}  // namespace sg::ch02
