// The parts of chapter 9's lesson, called in order by main(), and the
// problem they share: a line ŷ = w·x + b fitted to N noisy points by the mean
// squared error, θ = (w, b). Its loss is an exact quadratic in θ, so the
// optimum θ*, the loss floor L*, the curvature and the largest stable
// learning rate of batch gradient descent are all closed forms the chapter
// prints next to what training measures.
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch09 {

// The data: x ~ N(1, 1), y = 2x − 1 + 0.5·ε, ε ~ N(0, 1) (N = 500 by
// default). Training starts at θ0 = (0, 0). Since the line that made the data
// is known, so is the loss on data never seen: E[(w·x + b − y)²] over the
// whole distribution, in closed form (Problem::true_loss).
constexpr double kSlope = 2.0, kIntercept = -1.0, kNoise = 0.5, kMeanX = 1.0;
// The learning rate of the "larger learning rate" race, as a share of batch
// gradient descent's limit 2/λmax: still stable for B = N, too much for B = 1.
constexpr double kLargeLrShare = 0.8;
// The race's target: the gap down to 2% of the start's (above SGD's noise floor at lr = 0.05).
constexpr double kTargetShare = 0.02;
// "diverged": the loss gap past this (the start's gap is about 5).
constexpr double kDivergedGap = 1e6;

struct Settings {
  Index examples = 500;    // N
  Index batch = 32;        // B of the mini-batch run
  int epochs = 20;         // E (--quick: 2)
  double lr = 0.05;
};

struct Problem {
  Eigen::VectorXd x, y;             // training set, N points
  Dataset train;                    // the same points for the engine: X (N,1), targets (N,1)
  Eigen::Vector2d theta_star;       // the least-squares line (w*, b*)
  double loss_star = 0.0;           // L(θ*), the floor no θ goes below
  Eigen::Matrix2d A;                // L(θ) − L* = (θ − θ*)ᵀ A (θ − θ*): A = [[mean x², mean x], [mean x, 1]]
  // The loss on the training set, and the expected loss on new data from the
  // same line: E[((w − 2)x + (b + 1) − 0.5ε)²] = (w−2)²·E[x²] + 2(w−2)(b+1)·E[x] + (b+1)² + 0.25.
  double loss(const Eigen::Vector2d& theta) const;
  static double true_loss(const Eigen::Vector2d& theta);
  // L(θ) − L*, computed from A (no cancellation near the optimum).
  double gap(const Eigen::Vector2d& theta) const;
  // 2/λmax of the Hessian 2A: batch gradient descent converges below it.
  double lr_limit() const;
};
Problem make_problem(Index n, Generator& gen);

// One training run by the engine (DataLoader + Linear + mse + SGD).
struct Run {
  std::string name;                    // "B = 32"
  Index B = 0;
  Index iterations_per_epoch = 0;
  std::vector<Eigen::Vector2d> theta;  // θ_0 (the start), θ_1, ... after each update
  std::vector<double> gap;             // L(θ_k) − L* on the whole training set
  std::vector<double> seconds;         // training time (wall clock) up to update k
  std::vector<Index> first_order;      // the rows in the order of the first epoch
  bool diverged = false;
  Index updates() const { return static_cast<Index>(theta.size()) - 1; }
};
// E epochs from θ0 = (0, 0) in `mode` (B is used in MiniBatch mode), each
// epoch with a fresh shuffle from a generator seeded with --seed. When
// `traced`, the chapter's trace shows its first --trace-steps updates (the
// race's runs are; the later sections' repeats are not). lr_decay > 0: the
// learning rate of epoch t is lr/(1 + lr_decay·t) (the engine's
// InverseTimeDecay). Stops early when the gap passes kDivergedGap.
Run train(book::Chapter& ch, const Problem& p, BatchMode mode, Index B, double lr, int epochs, bool traced,
          double lr_decay = 0.0);

// The race: E epochs of the engine's loop for B = 1, 8, --batch, 128 and N
// (sorted, each once), run before the sections that show them.
struct RaceResult {
  std::vector<Run> runs;
  const Run& of(Index B) const;   // the run with batch size B (the first run when none has it)
};
RaceResult run_race(book::Chapter& ch, const Problem& p, const Settings& s);

// Helpers the race's sections share (race.cpp).
constexpr std::size_t kCurvePoints = 300;   // points per curve in the loss figures
BatchMode mode_of(Index B, Index N);         // Stochastic for B = 1, Batch for B = N, else MiniBatch
// The batch sizes of the race: 1, 8, --batch, 128 and N, in order, each once.
std::vector<Index> race_sizes(const Settings& s);
// Indices 0..n-1 to plot: all of them when few, else `points` of them spread
// evenly (log-spaced when `log`), the first and the last always included.
std::vector<std::size_t> thin(std::size_t n, std::size_t points, bool log);
// Examples the run has seen after update k: whole epochs, then B per batch.
double examples_after(const Run& r, Index k, Index N);
// The first update whose gap is at most `target`; -1 when none is.
Index first_below(const Run& r, double target);
// The mean gap over the run's last epoch: one number for where a noisy run settles.
double last_epoch_gap(const Run& r);
// Share of the updates after which the loss on the whole training set went up.
double share_up(const Run& r);

// The parts of the lesson.
void show_problem(book::Chapter& ch, const Problem& p);
void iterations_per_epoch_table(book::Chapter& ch, const Settings& s);
void slicing_an_epoch(book::Chapter& ch);
void one_batch_one_gradient(book::Chapter& ch, const Problem& p, const Settings& s);
// The first epoch of the race's runs with B = 1, --batch and N, against the student's run_epoch.
void the_epoch_loop(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race);
void three_modes(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race);
struct NoiseResult {
  std::vector<Index> B;
  std::vector<double> measured, predicted;   // E‖g_B − g‖² at θ*, where g = 0
};
NoiseResult gradient_noise(book::Chapter& ch, const Problem& p, const Settings& s);
struct LargeLrResult {
  double lr = 0.0;                 // kLargeLrShare of the batch limit
  std::vector<Index> B;
  std::vector<int> diverged;       // 1 or 0, one per B
};
LargeLrResult larger_learning_rate(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race);
struct DecayResult {
  double constant_gap = 0.0, decayed_gap = 0.0;   // B = 1 after E epochs
};
DecayResult decaying_learning_rate(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race);
void batch_size_advice(book::Chapter& ch, const Problem& p, const Settings& s, const RaceResult& race,
                       const NoiseResult& noise, const LargeLrResult& large, const DecayResult& decay);

// "0.25", "1.5e-06": the chapter's numbers in prose and tables.
std::string num(double v);

}  // namespace sg::ch09
