// Graded tests of chapter 14's exercises (exercises/14_regularization/exercises.cpp):
// penalty, soft_threshold, inverted_dropout, early_stopping. Expected values
// are worked out here by hand, element by element, or by brute force (a grid
// search, central differences); never from the solution. A stub throws
// sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chapters/14_regularization/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch14;
using sg::graded::check_equal;
using sg::graded::check_value;

namespace {

Mat W23() { return (Mat(2, 3) << 0.3, -1.2, 0.0, 2.0, -0.05, 0.7).finished(); }
Mat sign_of(const Mat& W) {
  Mat S(W.rows(), W.cols());
  for (Index k = 0; k < W.size(); ++k) S(k) = W(k) > 0 ? 1.0 : W(k) < 0 ? -1.0 : 0.0;
  return S;
}
Mat sign_with_zero_as_one(const Mat& W) {
  Mat S = sign_of(W);
  for (Index k = 0; k < W.size(); ++k) S(k) = W(k) >= 0 ? 1.0 : -1.0;
  return S;
}

// Central differences of the penalty's value, to check its gradient.
Mat numeric_grad(const Mat& W, double lambda, Norm norm) {
  constexpr double h = 1e-6;
  Mat G(W.rows(), W.cols());
  for (Index k = 0; k < W.size(); ++k) {
    Mat up = W, down = W;
    up(k) += h;
    down(k) -= h;
    G(k) = (penalty(up, lambda, norm).value - penalty(down, lambda, norm).value) / (2 * h);
  }
  return G;
}

std::string seq(const std::vector<double>& v) {
  std::string s = "{";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + sg::graded::show(v[i]);
  return s + "}";
}

}  // namespace

// ---- Exercise 14.1: penalty -----------------------------------------------------------

TEST_CASE("14.1 penalty: L1, the value and the gradient", "[ch14][ex14.1][points:1]") {
  const Mat W = W23();
  const Penalty p = penalty(W, 0.2, Norm::L1);
  const double sum_abs = 0.3 + 1.2 + 0.0 + 2.0 + 0.05 + 0.7;   // 4.25
  check_value("penalty(W = [[0.3, -1.2, 0], [2, -0.05, 0.7]], λ = 0.2, L1).value", 0.2 * sum_abs, p.value,
              "λ·Σ|w| over every weight",
              {{0.1 * sum_abs, "this is (λ/2)Σ|w|, as lecture 002 writes L1; the ½ is a convention of L2 only (it "
                               "cancels the 2 of w²'s derivative): L1 is λ·Σ|w|, as the engine's l1_penalty"},
               {0.1 * W.squaredNorm(), "this is the L2 penalty, (λ/2)Σw²"}});
  check_value("penalty(..., L1).grad", Mat(0.2 * sign_of(W)), p.grad,
              "d(λ|w|)/dw = λ for w > 0, −λ for w < 0, and 0 at w = 0 (the engine's convention); W's shape",
              {{Mat(0.2 * W), "this is L2's gradient λ·w: the slope of |w| does not depend on w's size"},
               {Mat(0.2 * sign_with_zero_as_one(W)), "at w = 0 the derivative is taken to be 0 (|w| has a kink "
                                                     "there; the engine and this exercise use 0)"}});
}

TEST_CASE("14.1 penalty: L2, the value and the gradient", "[ch14][ex14.1][points:1]") {
  const Mat W = W23();
  const Penalty p = penalty(W, 0.2, Norm::L2);
  const double sum_sq = 0.09 + 1.44 + 0.0 + 4.0 + 0.0025 + 0.49;   // 6.0225
  check_value("penalty(W = [[0.3, -1.2, 0], [2, -0.05, 0.7]], λ = 0.2, L2).value", 0.1 * sum_sq, p.value,
              "(λ/2)·Σw² over every weight",
              {{0.2 * sum_sq, "the ½ is missing: L2 is (λ/2)Σw², as the lecture and the engine's l2_penalty write it"},
               {0.2 * std::sqrt(sum_sq), "this is λ times the norm ‖W‖; the penalty uses the squares"}});
  check_value("penalty(..., L2).grad", Mat(0.2 * W), p.grad, "the derivative of (λ/2)w², one per weight",
              {{Mat(0.4 * W), "a factor 2 too many: the ½ of (λ/2)w² cancels the 2 of the derivative"},
               {Mat(0.2 * sign_of(W)), "this is L1's gradient, λ·sign(w)"}});
}

TEST_CASE("14.1 penalty: both gradients against central differences", "[ch14][ex14.1][points:1]") {
  const Mat W = (Mat(3, 2) << 0.8, -0.35, 1.7, 0.05, -2.2, 0.6).finished();   // no zeros: no kink crossed
  for (Norm norm : {Norm::L1, Norm::L2}) {
    const std::string name = norm == Norm::L1 ? "L1" : "L2";
    check_value("penalty(W (3×2), λ = 0.05, " + name + ").grad against (value(w + h) − value(w − h))/2h",
                numeric_grad(W, 0.05, norm), penalty(W, 0.05, norm).grad,
                "the gradient must be the derivative of your own value, element by element", {},
                1e-8);   // central differences of |w| and w² are exact but for rounding, ~1e-10
  }
}

// ---- Exercise 14.2: soft_threshold ----------------------------------------------------

TEST_CASE("14.2 soft_threshold: big weights shrink by t, small ones become exactly 0", "[ch14][ex14.2][points:2]") {
  const Mat U = (Mat(2, 3) << 1.5, -0.3, 0.05, -2.0, 0.2, -0.1).finished();
  const Mat want = (Mat(2, 3) << 1.25, -0.05, 0.0, -1.75, 0.0, 0.0).finished();
  const Mat crossed = (Mat(2, 3) << 1.25, -0.05, -0.2, -1.75, -0.05, 0.15).finished();
  const Mat hard = (Mat(2, 3) << 1.5, -0.3, 0.0, -2.0, 0.0, 0.0).finished();
  check_value("soft_threshold([[1.5, -0.3, 0.05], [-2, 0.2, -0.1]], t = 0.25)", want, soft_threshold(U, 0.25),
              "the minimiser of ½(w − u)² + t|w|: look for it on w > 0, on w < 0 (where |w| is smooth) and at "
              "w = 0 (the lesson's \"How exact zeros arise\")",
              {{crossed, "the small weights crossed 0 (0.05 → −0.2, −0.1 → 0.15): that is a subgradient step, u − t·sign(u); the "
                         "proximal step stops at 0, which is where L1's exact zeros come from"},
               {hard, "a hard threshold: the small weights are 0, but the others must also move towards 0 by t"},
               {U, "nothing changed: every weight moves towards 0 by t, and stops at 0"}});
}

TEST_CASE("14.2 soft_threshold: it minimises ½(w − u)² + t|w|", "[ch14][ex14.2][points:1]") {
  const Mat U = (Mat(1, 5) << -0.9, -0.12, 0.07, 0.31, 1.4).finished();
  constexpr double t = 0.15;
  const Mat got = soft_threshold(U, t);
  Mat best(1, 5);
  for (Index k = 0; k < U.size(); ++k) {   // brute force on a grid of step 1e-4 (0 and u ± t are on it)
    double best_w = 0.0, best_f = std::numeric_limits<double>::infinity();
    for (int i = -20000; i <= 20000; ++i) {
      const double w = i * 1e-4;
      const double f = 0.5 * (w - U(k)) * (w - U(k)) + t * std::abs(w);
      if (f < best_f) {
        best_f = f;
        best_w = w;
      }
    }
    best(k) = best_w;
  }
  check_value("soft_threshold([-0.9, -0.12, 0.07, 0.31, 1.4], t = 0.15) against a grid search of ½(w − u)² + t|w|",
              best, got, "for each u, the w with the smallest ½(w − u)² + t|w|", {},
              1e-6);   // the grid's step is 1e-4 and holds the exact minimisers up to rounding
}

TEST_CASE("14.2 soft_threshold: t = 0 changes nothing", "[ch14][ex14.2][points:1]") {
  const Mat U = (Mat(2, 2) << 0.4, -1e-9, 0.0, -3.0).finished();
  check_value("soft_threshold([[0.4, -1e-9], [0, -3]], t = 0)", U, soft_threshold(U, 0.0),
              "with no threshold the proximal step is the identity");
}

// ---- Exercise 14.3: inverted_dropout --------------------------------------------------

TEST_CASE("14.3 inverted_dropout: the mask and the scaled output", "[ch14][ex14.3][points:2]") {
  const Mat X = (Mat(2, 4) << 0.6, -1.2, 0.3, 2.4, 1.5, 0.9, -0.6, 0.15).finished();
  const Mat U = (Mat(2, 4) << 0.10, 0.80, 0.25, 0.55, 0.30, 0.05, 0.99, 0.20).finished();
  constexpr double p = 0.25;   // dropped where u < 0.25
  const DropoutPass got = inverted_dropout(X, U, p);
  const Mat mask = (Mat(2, 4) << 0, 1, 1, 1, 1, 0, 1, 0).finished();
  const Mat kept = X.cwiseProduct(mask);
  check_value("inverted_dropout(X (2×4), U, p = 0.25).mask", mask, got.mask,
              "1 where the unit is kept (u ≥ p), 0 where it is dropped (u < p); X's shape",
              {{Mat(Mat::Ones(2, 4) - mask), "the mask is inverted: p is the probability of DROPPING, so a unit "
                                             "is dropped when u < p"}});
  check_value("inverted_dropout(X (2×4), U, p = 0.25).Y", Mat(kept / 0.75), got.Y,
              "the kept units, scaled so that each unit's expected output is x: E[mask] = 1 − p",
              {{kept, "the kept units are not scaled: in training the next layer would then see, on average, "
                      "(1 − p)·x, and in evaluation x"},
               {Mat(kept * 0.75), "scaled by 1 − p: that is what the original dropout does at TEST time; inverted "
                                  "dropout divides by 1 − p in training"},
               {Mat(kept * 0.25), "scaled by p; the expected output must be x, and E[mask] = 1 − p"},
               {Mat(kept / 0.25), "divided by p; the keep probability is 1 − p"}});
}

TEST_CASE("14.3 inverted_dropout: the mean output over many units is the input", "[ch14][ex14.3][points:1]") {
  constexpr Index n = 1000;
  Mat U(1, n);
  for (Index k = 0; k < n; ++k) U(0, k) = (static_cast<double>(k) + 0.5) / n;   // evenly spread: 60% are ≥ 0.4
  const DropoutPass got = inverted_dropout(Mat::Constant(1, n, 2.0), U, 0.4);
  check_value("the mean of inverted_dropout(1000 units of 2, evenly spread u, p = 0.4).Y", 2.0,
              got.Y.size() == n ? got.Y.mean() : std::numeric_limits<double>::quiet_NaN(),
              "600 units are kept; scaled so that the mean stays 2",
              {{1.2, "the kept units are not scaled: the mean falls to (1 − p)·2"}});
}

TEST_CASE("14.3 inverted_dropout: p = 0 keeps everything unchanged", "[ch14][ex14.3][points:1]") {
  const Mat X = (Mat(1, 3) << 0.5, -0.25, 4.0).finished();
  const Mat U = (Mat(1, 3) << 0.0, 0.5, 0.999).finished();
  const DropoutPass got = inverted_dropout(X, U, 0.0);
  check_value("inverted_dropout(X, U (u = 0 included), p = 0).Y", X, got.Y,
              "no unit is dropped (u ≥ 0 always) and the scale is 1");
}

// ---- Exercise 14.4: early_stopping ------------------------------------------------------

TEST_CASE("14.4 early_stopping: patience counts the epochs without improvement", "[ch14][ex14.4][points:1]") {
  const std::vector<double> v = {1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69, 0.7};
  const EarlyStop two = early_stopping(v, 2, 0.0);
  check_equal("early_stopping(" + seq(v) + ", patience 2).best_epoch", 2, two.best_epoch,
              "the epoch (0-based) of the lowest loss seen before stopping: 0.7 at epoch 2");
  check_equal("early_stopping(" + seq(v) + ", patience 2).stop_epoch", 4, two.stop_epoch,
              "epochs 3 and 4 do not improve on 0.7: after 2 epochs without improvement it stops at the end of "
              "epoch 4 (an off-by-one gives 3 or 5)");
  const EarlyStop three = early_stopping(v, 3, 0.0);
  check_equal("early_stopping(" + seq(v) + ", patience 3).stop_epoch", 5, three.stop_epoch,
              "epochs 3, 4 and 5 do not improve on 0.7: it stops at the end of epoch 5, before 0.69 at epoch 6");
}

TEST_CASE("14.4 early_stopping: a run that keeps improving never stops", "[ch14][ex14.4][points:1]") {
  const std::vector<double> v = {0.9, 0.8, 0.75, 0.74, 0.7};
  const EarlyStop e = early_stopping(v, 1, 0.0);
  check_equal("early_stopping(" + seq(v) + ", patience 1).stop_epoch", -1, e.stop_epoch,
              "every epoch improves, so the patience is never used up: −1, the run ends by itself");
  check_equal("early_stopping(" + seq(v) + ", patience 1).best_epoch", 4, e.best_epoch, "the last epoch is the best");
}

TEST_CASE("14.4 early_stopping: a tie is not an improvement", "[ch14][ex14.4][points:1]") {
  const std::vector<double> v = {0.5, 0.5, 0.5, 0.5, 0.5};
  const EarlyStop e = early_stopping(v, 2, 0.0);
  check_equal("early_stopping(" + seq(v) + ", patience 2).best_epoch", 0, e.best_epoch,
              "an epoch improves only when its loss is strictly below the best by more than min_delta: the "
              "first 0.5 stays the best");
  check_equal("early_stopping(" + seq(v) + ", patience 2).stop_epoch", 2, e.stop_epoch,
              "epochs 1 and 2 only tie: it stops at the end of epoch 2 (with ≤ a plateau would run forever)");
}

TEST_CASE("14.4 early_stopping: min_delta, and a NaN", "[ch14][ex14.4][points:1]") {
  const std::vector<double> v = {1.0, 0.96, 0.94, 0.93, 0.92, 0.91};
  const EarlyStop e = early_stopping(v, 3, 0.05);
  check_equal("early_stopping(" + seq(v) + ", patience 3, min_delta 0.05).best_epoch", 2, e.best_epoch,
              "an improvement must beat the best by more than min_delta: 0.96 is not below 1.0 − 0.05, 0.94 is");
  check_equal("early_stopping(" + seq(v) + ", patience 3, min_delta 0.05).stop_epoch", 5, e.stop_epoch,
              "after 0.94, an improvement needs a loss below 0.89: epochs 3, 4, 5 bring none");
  const std::vector<double> n = {0.5, std::numeric_limits<double>::quiet_NaN(), 0.4};
  const EarlyStop f = early_stopping(n, 5, 0.0);
  check_equal("early_stopping({0.5, nan, 0.4}, patience 5).best_epoch", 2, f.best_epoch,
              "a NaN loss never improves (and every comparison with NaN is false): 0.4 at epoch 2 is the best");
}
