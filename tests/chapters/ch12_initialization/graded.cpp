// Graded tests of chapter 12's exercises (exercises/12_initialization/exercises.cpp):
// xavier_scale, he_scale, max_unit_difference, layer_stats. Expected values
// are the published formulas (Glorot & Bengio 2010, He et al. 2015) and the
// statistics worked out by hand here, never the solution's code. A stub
// throws sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <string>

#include "chapters/12_initialization/exercises.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch12;
using sg::graded::check_value;
using sg::test::matrix;

// ---- Exercise 12.1: xavier_scale ------------------------------------------------------

TEST_CASE("12.1 xavier_scale: the normal form for a 784 x 256 layer", "[ch12][ex12.1][points:1]") {
  check_value("xavier_scale(fan_in=784, fan_out=256, Normal)", std::sqrt(2.0 / 1040.0),
              xavier_scale(784, 256, Dist::Normal),
              "σ is the square root of Glorot and Bengio's variance, which uses both fans",
              {{2.0 / 1040.0, "this is the variance; σ is its square root"},
               {std::sqrt(1.0 / 784.0), "fan_in alone (1/fan_in) is LeCun's scale, lecture 002's \"Xavier\" for tanh; "
                                        "Glorot and Bengio average the forward and backward needs: both fans"},
               {std::sqrt(2.0 / 784.0), "2/fan_in is He's scale, for ReLU; Xavier uses fan_in + fan_out"},
               {std::sqrt(1.0 / 1040.0), "the 2 is missing: Var(w) = 2/(fan_in + fan_out), the harmonic mean of "
                                         "1/fan_in and 1/fan_out"}},
              1e-12);
}

TEST_CASE("12.1 xavier_scale: the uniform form has the same variance", "[ch12][ex12.1][points:1]") {
  const double sigma = std::sqrt(2.0 / 1040.0);
  check_value("xavier_scale(fan_in=784, fan_out=256, Uniform)", std::sqrt(6.0 / 1040.0),
              xavier_scale(784, 256, Dist::Uniform),
              "U[−a, a] has variance a²/3; choose a so that it equals the normal form's σ²",
              {{sigma, "a = σ gives U[−σ, σ] a variance of σ²/3, three times too small: a = √3·σ"},
               {std::sqrt(3.0 / 784.0), "√(3/fan_in) is LeCun's uniform, fan_in alone; Xavier uses both fans"},
               {3.0 * sigma, "a = 3σ gives a variance of 3σ², three times too big: the factor is √3"},
               {6.0 / 1040.0, "this is a², not a: take the square root"}},
              1e-12);
}

TEST_CASE("12.1 xavier_scale: a square layer gets variance 1/n", "[ch12][ex12.1][points:1]") {
  check_value("xavier_scale(fan_in=64, fan_out=64, Normal)", 0.125, xavier_scale(64, 64, Dist::Normal),
              "with fan_in = fan_out = n, 2/(n + n) = 1/n: σ = 1/8 for n = 64",
              {{1.0 / 64.0, "this is the variance 1/64; σ is its square root, 1/8"},
               {std::sqrt(2.0 / 64.0), "2/fan_in is He's scale; Xavier divides 2 by fan_in + fan_out"}},
              1e-12);
  check_value("xavier_scale(fan_in=2, fan_out=16, Uniform)", std::sqrt(6.0 / 18.0),
              xavier_scale(2, 16, Dist::Uniform), "the uniform form with the variance of Xavier's normal form",
              {{std::sqrt(2.0 / 18.0), "a = σ: a uniform's variance is a²/3, so a = √3·σ"}}, 1e-12);
}

// ---- Exercise 12.2: he_scale ----------------------------------------------------------

TEST_CASE("12.2 he_scale: the normal form", "[ch12][ex12.2][points:1]") {
  check_value("he_scale(fan_in=512, Normal)", 0.0625, he_scale(512, Dist::Normal),
              "He's variance makes up for the half of its inputs that ReLU zeroes; σ is the variance's square root",
              {{std::sqrt(1.0 / 512.0), "1/fan_in is LeCun's scale: ReLU zeroes half its inputs, and He doubles "
                                        "the variance to make up for it"},
               {2.0 / 512.0, "this is the variance; σ is its square root"}},
              1e-12);
}

TEST_CASE("12.2 he_scale: the uniform form", "[ch12][ex12.2][points:1]") {
  check_value("he_scale(fan_in=784, Uniform)", std::sqrt(6.0 / 784.0), he_scale(784, Dist::Uniform),
              "the uniform form with the variance of He's normal form",
              {{std::sqrt(2.0 / 784.0), "a = σ: a uniform's variance is a²/3, so a = √3·σ"},
               {std::sqrt(3.0 / 784.0), "√(3/fan_in) is LeCun's uniform: the variance is 2/fan_in for ReLU"},
               {6.0 / 784.0, "this is a², not a: take the square root"}},
              1e-12);
}

// ---- Exercise 12.3: max_unit_difference -----------------------------------------------

TEST_CASE("12.3 max_unit_difference: equal columns are identical units", "[ch12][ex12.3][points:1]") {
  // Three units with the same weights; the rows (inputs) differ.
  const Eigen::MatrixXd W = matrix(2, 3, {1.0, 1.0, 1.0, -2.0, -2.0, -2.0});
  check_value("max_unit_difference([[1, 1, 1], [-2, -2, -2]])", 0.0, max_unit_difference(W),
              "units are the columns: here every column is (1, -2), so the units are copies",
              {{3.0, "you compared the rows (the inputs); the units are the columns of W (fan_in, units)"}});
}

TEST_CASE("12.3 max_unit_difference: the largest gap to column 0", "[ch12][ex12.3][points:1]") {
  const Eigen::MatrixXd W = matrix(2, 3, {0.5, 0.5, 0.7, 1.0, 1.0, 1.0});
  check_value("max_unit_difference([[0.5, 0.5, 0.7], [1, 1, 1]])", 0.2, max_unit_difference(W),
              "unit 2's first weight is 0.7 against unit 0's 0.5",
              {{0.5, "you compared the rows (the inputs); the units are the columns"},
               {0.0, "unit 2 differs from unit 0 in its first weight: compare every column, not just the first two"}},
              1e-12);
}

TEST_CASE("12.3 max_unit_difference: a difference in either direction counts", "[ch12][ex12.3][points:1]") {
  const Eigen::MatrixXd b = matrix(1, 2, {1.0, 0.2});
  check_value("max_unit_difference([[1, 0.2]])", 0.8, max_unit_difference(b),
              "the size of the largest difference, whichever unit is bigger",
              {{-0.8, "take the absolute value of each difference"},
               {0.0, "a difference below column 0 is still a difference: take its absolute value"}},
              1e-12);
  check_value("max_unit_difference(one column)", 0.0, max_unit_difference(matrix(3, 1, {1.0, 2.0, 3.0})),
              "a single unit has nothing to differ from: 0");
}

// ---- Exercise 12.4: layer_stats -------------------------------------------------------

// Four examples (rows), three ReLU units (columns): unit 0 never fires, unit
// 1 fires for three examples, unit 2 for one; example 2 fires nothing.
Eigen::MatrixXd relu_layer() {
  return matrix(4, 3, {0.0, 1.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.5});
}

TEST_CASE("12.4 layer_stats: mean and population std", "[ch12][ex12.4][points:1]") {
  const LayerStats s = layer_stats(relu_layer());
  const double mean = 6.5 / 12.0;                           // 0.5417
  const double var = 14.25 / 12.0 - mean * mean;            // E[a²] − mean² = 0.8941
  check_value("layer_stats(A 4×3).mean", mean, s.mean, "the mean over all 12 elements",
              {{6.5 / 4.0, "divided by the 4 rows only: the mean is over every element"},
               {6.5 / 3.0, "divided by the 3 columns only: the mean is over every element"}},
              1e-12);
  check_value("layer_stats(A 4×3).std", std::sqrt(var), s.std, "√(mean of (a − mean)²) over all 12 elements",
              {{std::sqrt(var * 12.0 / 11.0), "that divides by n − 1 (the sample std); the health table divides by "
                                              "the count n"},
               {var, "this is the variance; the std is its square root"},
               {std::sqrt(14.25 / 12.0), "the mean was not subtracted: this is √E[a²]"}},
              1e-12);
}

TEST_CASE("12.4 layer_stats: dead units", "[ch12][ex12.4][points:1]") {
  const LayerStats s = layer_stats(relu_layer());
  check_value("layer_stats(A 4×3).dead", 1.0 / 3.0, s.dead,
              "a unit is a column; it is dead when no example (row) makes it > 0: here only unit 0",
              {{8.0 / 12.0, "that counts zero ELEMENTS; a dead unit is a whole column that is never > 0"},
               {0.25, "that counts examples (rows) with no active unit; a unit is a column"},
               {1.0, "that counts units with at least one zero; a unit is dead only when it is never > 0"}},
              1e-12);
}

TEST_CASE("12.4 layer_stats: negative activations are never > 0 either", "[ch12][ex12.4][points:1]") {
  const LayerStats s = layer_stats(matrix(2, 2, {-0.5, 0.5, -1.0, 0.0}));
  check_value("layer_stats([[-0.5, 0.5], [-1, 0]]).dead", 0.5, s.dead,
              "unit 0 is −0.5 and −1, never > 0: dead; unit 1 is 0.5 once: alive",
              {{0.0, "a unit whose values are all ≤ 0 is dead, negative ones included: test > 0, not == 0"},
               {0.75, "that counts elements ≤ 0; a dead unit is a whole column never > 0"}},
              1e-12);
  check_value("layer_stats([[-0.5, 0.5], [-1, 0]]).mean", -0.25, s.mean, "the mean over all 4 elements");
}
