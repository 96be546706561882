// Graded tests of chapter 17's exercises (exercises/17_hyperparameter_search/exercises.cpp):
// kfold_rows, log_uniform, border_side. Expected values are worked out by hand
// here, never taken from the solution's code. A stub throws
// sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch17;
using sg::graded::check_equal;
using sg::graded::check_value;

namespace {

std::vector<int> as_ints(const std::vector<long>& v) { return std::vector<int>(v.begin(), v.end()); }

}  // namespace

// ---- Exercise 17.1: kfold_rows ------------------------------------------------------

TEST_CASE("17.1 kfold_rows: 10 rows in 5 folds", "[ch17][ex17.1][points:1]") {
  const std::vector<FoldRows> f = kfold_rows(10, 5);
  REQUIRE(f.size() == 5);
  check_equal("kfold_rows(10, 5)[0].val", {0, 1}, as_ints(f[0].val),
              "part 0 is the first 10/5 = 2 rows, in order (no shuffling)");
  check_equal("kfold_rows(10, 5)[2].val", {4, 5}, as_ints(f[2].val), "part 2: the next rows after parts 0 and 1");
  check_equal("kfold_rows(10, 5)[2].train", {0, 1, 2, 3, 6, 7, 8, 9}, as_ints(f[2].train),
              "a fold trains on every row it does not validate on, in increasing order");
  check_equal("kfold_rows(10, 5)[4].val", {8, 9}, as_ints(f[4].val), "the last part ends with the last row, 9");
}

TEST_CASE("17.1 kfold_rows: the remainder goes to the first parts", "[ch17][ex17.1][points:2]") {
  // 10 rows, 3 folds: parts of 4, 3 and 3 rows (10 = 3·3 + 1, the one extra row to part 0).
  const std::vector<FoldRows> f = kfold_rows(10, 3);
  REQUIRE(f.size() == 3);
  check_value("kfold_rows(10, 3)[0].val.size()", 4.0, static_cast<double>(f[0].val.size()),
              "parts differ in size by at most one, the longer ones first (lesson \"k-fold cross-validation\")",
              {{3.0, "every part got 10/3 = 3 rows, rounded down: the remainder is lost or piled up elsewhere"}});
  check_value("kfold_rows(10, 3)[2].val.size()", 3.0, static_cast<double>(f[2].val.size()),
              "the last part gets the same share as the others, or one less",
              {{4.0, "the remainder was piled onto the last part: give the extra rows to the first parts, one each"},
               {1.0, "the last part got only the leftover row: parts must differ in size by at most one"}});
  check_equal("kfold_rows(10, 3)[2].val", {7, 8, 9}, as_ints(f[2].val),
              "row 9 must be validated too: every row is validated in exactly one fold");
  check_equal("kfold_rows(10, 3)[1].train", {0, 1, 2, 3, 7, 8, 9}, as_ints(f[1].train),
              "fold 1 trains on parts 0 and 2");
  // Every row once: 17 rows in 4 folds, 5 + 4 + 4 + 4.
  const std::vector<FoldRows> g = kfold_rows(17, 4);
  REQUIRE(g.size() == 4);
  std::vector<int> seen(17, 0);
  for (const FoldRows& fold : g) {
    check_equal("kfold_rows(17, 4): rows of one fold", 17, static_cast<long long>(fold.train.size() + fold.val.size()),
                "each fold's train and val rows together are all 17 rows");
    for (long r : fold.val) {
      if (r >= 0 && r < 17) ++seen[static_cast<std::size_t>(r)];
    }
  }
  check_equal("kfold_rows(17, 4): times each row is validated", std::vector<int>(17, 1), seen,
              "every row validated exactly once");
}

TEST_CASE("17.1 kfold_rows: k outside 2..n is an error", "[ch17][ex17.1][points:1]") {
  REQUIRE(kfold_rows(3, 3).size() == 3);   // leave-one-out is fine
  CHECK_THROWS_AS(kfold_rows(10, 1), ValueError);   // one fold: nothing to train on
  CHECK_THROWS_AS(kfold_rows(3, 4), ValueError);    // a part would be empty
}

// ---- Exercise 17.2: log_uniform -----------------------------------------------------

TEST_CASE("17.2 log_uniform: the ends and the middle of [1e-4, 1]", "[ch17][ex17.2][points:2]") {
  const char* hint = "log(value) must be uniform between log lo and log hi (lesson \"Sampling on a log scale\")";
  check_value("log_uniform(1e-4, 1, 0)", 1e-4, log_uniform(1e-4, 1.0, 0.0), "u = 0 is the low end, lo", {}, 1e-12);
  check_value("log_uniform(1e-4, 1, 1)", 1.0, log_uniform(1e-4, 1.0, 1.0), "u = 1 is the high end, hi", {}, 1e-12);
  // Relative tolerance 1e-9 on values far below 1: compare the ratios.
  check_value("log_uniform(1e-4, 1, 0.5) / 0.01", 1.0, log_uniform(1e-4, 1.0, 0.5) / 0.01, hint,
              {{0.50005 / 0.01, "this is lo + u·(hi − lo): uniform in the value, not in its logarithm"},
               {std::pow(1e4, 0.5) / 0.01, "the factor lo is missing: u = 0 must give lo, not 1"}});
  check_value("log_uniform(1e-4, 1, 0.25) / 0.001", 1.0, log_uniform(1e-4, 1.0, 0.25) / 0.001, hint,
              {{(1e-4 + 0.25 * (1 - 1e-4)) / 0.001, "this is lo + u·(hi − lo): uniform in the value, not in its logarithm"}});
}

TEST_CASE("17.2 log_uniform: another range", "[ch17][ex17.2][points:1]") {
  // [1e-5, 1e-1]: four decades; u = 0.75 lands three decades up.
  check_value("log_uniform(1e-5, 0.1, 0.75) / 0.01", 1.0, log_uniform(1e-5, 0.1, 0.75) / 0.01,
              "u = 0.75 is three quarters of the way from log lo to log hi",
              {{(1e-5 + 0.75 * (0.1 - 1e-5)) / 0.01, "this is lo + u·(hi − lo): uniform in the value, not in its logarithm"}});
}

TEST_CASE("17.2 log_uniform: a log scale needs 0 < lo < hi", "[ch17][ex17.2][points:1]") {
  CHECK_THROWS_AS(log_uniform(0.0, 1.0, 0.5), ValueError);
  CHECK_THROWS_AS(log_uniform(-1.0, 1.0, 0.5), ValueError);
  CHECK_THROWS_AS(log_uniform(1.0, 0.1, 0.5), ValueError);
}

// ---- Exercise 17.3: border_side -----------------------------------------------------

TEST_CASE("17.3 border_side: the best value at the top of the range", "[ch17][ex17.3][points:1]") {
  // The lecture's range, 1e-5 to 1e-3 in 5 steps, the score rising with η.
  const std::vector<double> v = {1e-5, 3.16e-5, 1e-4, 3.16e-4, 1e-3};
  check_equal("border_side(rising scores over [1e-5, 1e-3])", 1,
              border_side(v, {0.1, 0.2, 0.3, 0.4, 0.5}, 1e-5, 1e-3, 0.1),
              "the best score is at η = 1e-3, the top of the range: +1");
  check_equal("border_side(falling scores over [1e-5, 1e-3])", -1,
              border_side(v, {0.5, 0.4, 0.3, 0.2, 0.1}, 1e-5, 1e-3, 0.1),
              "the best score is at η = 1e-5, the bottom of the range: -1 (the best is the highest score)");
}

TEST_CASE("17.3 border_side: inside on a log scale", "[ch17][ex17.3][points:2]") {
  // 1e-2 in [1e-4, 1] is at log position 0.5; linearly it would be at 0.0099.
  const int side = border_side({1e-2, 0.9, 2e-4}, {0.8, 0.7, 0.6}, 1e-4, 1.0, 0.1);
  check_value("border_side(best 1e-2 in [1e-4, 1], edge 0.1)", 0.0, side,
              "place the best value between lo and hi on a log scale (lesson \"The best value on the border\")",
              {{-1.0, "either 1e-2 was placed on a linear scale, where it sits at 0.0099 of [1e-4, 1] (on a log "
                      "scale it is in the middle), or the lowest score (0.6, at 2e-4) was taken as the best"},
               {1.0, "the largest value tried (0.9) was taken; the best is the trial with the highest score (0.8)"}});
  // 0.3 is inside on either scale; the lowest score sits at the low border:
  // taking it as the best says -1.
  check_value("border_side(best 0.3 in [1e-4, 1], worst at 1.1e-4)", 0.0,
              border_side({1.1e-4, 0.3, 0.05}, {0.2, 0.9, 0.6}, 1e-4, 1.0, 0.1),
              "the best trial is the one with the highest score",
              {{-1.0, "this is where the LOWEST score lies: accuracy is better when higher"}});
}

TEST_CASE("17.3 border_side: the edge is a share of the log range", "[ch17][ex17.3][points:1]") {
  // [1e-4, 1] has 4 decades; edge 0.25 is the outer decade at each end. 0.2 is
  // at log position 0.825: inside for edge 0.1, on the border for edge 0.25.
  check_equal("border_side(best 0.2 in [1e-4, 1], edge 0.1)", 0, border_side({0.2, 1e-3}, {0.9, 0.1}, 1e-4, 1.0, 0.1),
              "0.2 is at 0.825 of the log range: more than 0.1 from either end");
  check_equal("border_side(best 0.2 in [1e-4, 1], edge 0.25)", 1, border_side({0.2, 1e-3}, {0.9, 0.1}, 1e-4, 1.0, 0.25),
              "0.2 is at 0.825 of the log range: within 0.25 of the top");
  CHECK_THROWS_AS(border_side({}, {}, 1e-4, 1.0, 0.1), ValueError);
  CHECK_THROWS_AS(border_side({1e-3, 1e-2}, {0.5}, 1e-4, 1.0, 0.1), ValueError);
}
