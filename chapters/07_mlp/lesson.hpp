// The parts of chapter 7's lesson, called in order by main().
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch07 {

// ---- XOR with one hidden layer (xor.cpp) ----------------------------------------
// The network of apps/stepgrad_demo.cpp: Linear(2,H) → tanh → Linear(H,1) →
// bce_with_logits, initialised from Generator(seed) (Xavier uniform, hidden
// layer first), trained by plain full-batch gradient descent on XOR's four
// points until the loss is below kSolvedLoss or the steps run out.
constexpr double kSolvedLoss = 0.01;
constexpr std::uint64_t kLuckySeed = 2;    // the demo's default seed: solves XOR
constexpr std::uint64_t kStuckSeed = 1;    // the demo's unlucky seed: gets stuck

struct XorSettings {
  std::uint64_t seed = kLuckySeed;   // --xor-seed
  int hidden = 2;                    // --hidden
  double lr = 2.0;                   // --lr
  int steps = 5000;                  // the most steps of one run
  int stuck_steps = 5000;            // how long the unlucky seed is given (150 with --quick)
  int survey_seeds = 20;             // seeds 1..N in the survey (fewer with --quick)
  std::vector<int> survey_widths = {2, 3, 4};
};

// Every XOR run's outcome by (seed, hidden units): the steps it took to solve
// XOR, or -1. The survey reuses the runs the lesson has already made.
using XorLog = std::map<std::pair<std::uint64_t, int>, int>;

// Trains the lesson's network (traced: the first steps, the graph and the
// backward frames of step 1), compares the student's forward and backward
// with the engine's at step 1, draws the boundary before and after and the
// hidden space, and returns the loss curve.
std::vector<double> solve_xor(book::Chapter& ch, const XorSettings& s, XorLog& log);
// Seed kStuckSeed: where it stops, why (the hidden units saturate, the
// Hessian), and that one more hidden unit gets out; the loss curves.
void stuck_seed(book::Chapter& ch, const XorSettings& s, const std::vector<double>& lucky_curve, XorLog& log);
// How many seeds of 1..N solve XOR with 2, 3 and 4 hidden units.
void seed_survey(book::Chapter& ch, const XorSettings& s, XorLog& log);

// ---- width, depth, universality (shapes.cpp) --------------------------------------
struct ShapeSettings {
  int steps = 1500;          // full-batch Adam steps per classifier (fewer with --quick)
  double lr = 0.03;
  Index points = 300;        // examples per data set
  int ua_steps = 3000;       // full-batch Adam steps per curve fit
  double ua_lr = 0.1;
  int grid = 81;             // grid points a side of a shaded decision boundary
  bool moons = true;         // the two moons too (--quick: the spirals only)
  std::vector<Index> ua_widths = {1, 2, 3, 8};   // the widths trained (of 1, 2, 3, 8)
};
// Narrow, wide and deep ReLU networks on two moons and on three spirals:
// accuracy table and one decision-boundary picture per network.
void width_vs_depth(book::Chapter& ch, const ShapeSettings& s);
// One hidden layer of more and more units fits a 1-D curve: by construction
// (pairs of steep sigmoids) and by training.
void universal_approximation(book::Chapter& ch, const ShapeSettings& s);

// ---- the lecture's multiclass network (multiclass.cpp) -----------------------------
// x = (1, lectures, hours) as in chapter 5, three outcomes (1 fail, 2 pass,
// 3 distinction); the truth is kTarget.
constexpr double kLectures = 4.0;
constexpr double kHours = 6.0;
constexpr int kTarget = 2;
constexpr std::array<double, 6> kAlpha = {-1.0, 0.5, -0.2, 0.5, -0.3, 0.4};   // chapter 5's α (2,3), row by row
constexpr std::array<double, 6> kBeta = {1.5, -1.0, -0.5, 1.2, 0.2, 0.4};     // β (3,2), row by row
void multiclass_network(book::Chapter& ch);

}  // namespace sg::ch07
