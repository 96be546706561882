// Graded tests of chapter 11's exercises (exercises/11_learning_rate/exercises.cpp):
// step_decay, exponential_decay, inverse_time_decay, range_test_lrs,
// read_range_test. Expected values are the lecture's formulas written out
// here with their numbers (docs/book/11-learning-rate.md), never the
// solution's code. A stub throws sg::NotImplemented, which fails the case
// with the stub's message.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chapters/11_learning_rate/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch11;
using sg::graded::check_equal;
using sg::graded::check_value;

namespace {

Mat as_row(const std::vector<double>& v) {
  Mat m(1, static_cast<Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) m(0, static_cast<Index>(i)) = v[i];
  return m;
}

// Rates spread over many decades: compare them relative to their own size
// (check_value's tolerance is absolute below 1).
Mat relative_to(const Mat& got, const Mat& want) {
  if (got.rows() != want.rows() || got.cols() != want.cols()) return got;
  return got.cwiseQuotient(want);
}

// A range test curve, one point per decade from 1e-6 to 1e2: flat, falling
// (fastest from k = 2 to 3), lowest at k = 5, then up: 1.5 at k = 7 is more
// than 4 × 0.3, the best before it.
std::vector<double> decades() { return {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2}; }
std::vector<double> curve() { return {1.0, 0.99, 0.9, 0.6, 0.35, 0.3, 0.5, 1.5, 5.0}; }

}  // namespace

// ---- Exercise 11.1: step_decay ------------------------------------------------------

TEST_CASE("11.1 step_decay: by half every 10 epochs", "[ch11][ex11.1][points:2]") {
  const std::string hint = "the rate stays at lr0 for epochs 0 to every − 1, then is multiplied by drop once "
                           "for each whole period that has passed";
  check_value("step_decay(lr0=0.1, drop=0.5, every=10, epoch=0)", 0.1, step_decay(0.1, 0.5, 10, 0), hint);
  check_value("step_decay(lr0=0.1, drop=0.5, every=10, epoch=9)", 0.1, step_decay(0.1, 0.5, 10, 9), hint,
              {{0.1 * std::pow(0.5, 0.9), "the rate fell a little every epoch (0.5^(9/10)): the number of drops is "
                                          "a whole number, ⌊9/10⌋ = 0 at epoch 9"},
               {0.05, "the first drop came one epoch early: epochs 0 to 9 are the first period of 10"},
               {0.1 * std::pow(0.5, 9), "that is a drop every epoch; the drop comes once every `every` epochs"}});
  check_value("step_decay(lr0=0.1, drop=0.5, every=10, epoch=10)", 0.05, step_decay(0.1, 0.5, 10, 10), hint,
              {{0.1, "no drop at epoch 10: the first period is epochs 0 to 9, the second starts at 10"}});
  check_value("step_decay(lr0=0.1, drop=0.5, every=10, epoch=25)", 0.025, step_decay(0.1, 0.5, 10, 25), hint,
              {{0.1 * std::pow(0.5, 2.5), "the rate fell a little every epoch (0.5^2.5): count whole periods, "
                                          "⌊25/10⌋ = 2 drops"},
               {0.0125, "one drop too many: by epoch 25 two periods have ended (at 10 and 20)"}});
}

TEST_CASE("11.1 step_decay: a drop of 0.1 every 3 epochs", "[ch11][ex11.1][points:1]") {
  check_value("step_decay(lr0=1, drop=0.1, every=3, epoch=7)", 0.01, step_decay(1.0, 0.1, 3, 7),
              "two periods have ended by epoch 7, so drop applies twice: as a factor, not a subtraction",
              {{0.2, "drop × (number of drops): the drops multiply one after the other, they are a power"},
               {0.8, "lr0 − drop × (number of drops): a drop multiplies the rate, it is not subtracted"},
               {1.0 * std::pow(0.1, 7.0 / 3.0), "the rate fell a little every epoch: ⌊7/3⌋ = 2 whole drops"}});
}

// ---- Exercise 11.2: exponential_decay -----------------------------------------------

TEST_CASE("11.2 exponential_decay: lr0/e after 1/k epochs", "[ch11][ex11.2][points:1]") {
  const double want = 0.1 * std::exp(-1.0);   // 0.03679
  check_value("exponential_decay(lr0=0.1, k=0.1, epoch=10)", want, exponential_decay(0.1, 0.1, 10),
              "the lecture's α = α0·e^(−kt) with t = the epoch",
              {{0.1 * std::pow(0.1, 10), "k is not the factor per epoch (that is torch's gamma); the factor per "
                                         "epoch is e^(−k)"},
               {0.1 * std::pow(0.9, 10), "(1 − k)^t is only close to e^(−kt) for small k: use the exponential"},
               {0.1 * std::exp(-1.1), "one epoch too many: epoch 0 trains at lr0, so t = epoch"},
               {0.1 * std::exp(-0.1), "the epoch is missing from the exponent: −k·t"}});
}

TEST_CASE("11.2 exponential_decay: epoch 0 and k = 0 give lr0", "[ch11][ex11.2][points:1]") {
  check_value("exponential_decay(lr0=0.3, k=0.5, epoch=0)", 0.3, exponential_decay(0.3, 0.5, 0),
              "epoch 0 trains at lr0: e^0 = 1",
              {{0.3 * std::exp(-0.5), "one epoch too many: epoch 0 trains at lr0, so t = epoch"}});
  check_value("exponential_decay(lr0=0.3, k=0, epoch=50)", 0.3, exponential_decay(0.3, 0.0, 50),
              "k = 0 means no decay at all", {{0.0, "k = 0 means no decay: the factor per epoch is e^0 = 1"}});
  check_value("exponential_decay(lr0=2, k=0.05, epoch=30)", 2.0 * std::exp(-1.5), exponential_decay(2.0, 0.05, 30),
              "α0·e^(−kt)", {{2.0 * std::pow(0.05, 30), "k is not the factor per epoch; e^(−k) is"}});
}

// ---- Exercise 11.3: inverse_time_decay ----------------------------------------------

TEST_CASE("11.3 inverse_time_decay: lr0/3 at epoch 2/k", "[ch11][ex11.3][points:1]") {
  check_value("inverse_time_decay(lr0=0.1, k=0.5, epoch=4)", 0.1 / 3.0, inverse_time_decay(0.1, 0.5, 4),
              "the lecture's α = α0/(1 + kt) with t = the epoch",
              {{0.05, "α0/(k·t) leaves out the 1: the lecture's denominator is 1 + kt"},
               {0.1 / std::pow(1.5, 4), "(1 + k)^t is a power; the 1/t decay divides by 1 + k·t"},
               {0.1 / 3.5, "one epoch too many: epoch 0 trains at lr0, so t = epoch"},
               {0.5 * 0.1 / 5.0, "k goes with t inside the denominator, not in front of the fraction"}});
  check_value("inverse_time_decay(lr0=0.1, k=0.5, epoch=2)", 0.05, inverse_time_decay(0.1, 0.5, 2),
              "α0/(1 + kt): at t = 1/k the rate has halved");
}

TEST_CASE("11.3 inverse_time_decay: finite at epoch 0", "[ch11][ex11.3][points:1]") {
  const double got = inverse_time_decay(0.2, 0.3, 0);
  if (std::isinf(got)) {
    FAIL_CHECK("inverse_time_decay(lr0=0.2, k=0.3, epoch=0): expected 0.2, got inf: α0/(k·t) is infinite at "
               "epoch 0; the lecture's denominator has a 1 in it");
  } else {
    check_value("inverse_time_decay(lr0=0.2, k=0.3, epoch=0)", 0.2, got,
                "epoch 0 trains at lr0: the denominator is 1 at epoch 0",
                {{0.2 / 1.3, "one epoch too many: epoch 0 trains at lr0, so t = epoch"}});
  }
  check_value("inverse_time_decay(lr0=0.2, k=0, epoch=100)", 0.2, inverse_time_decay(0.2, 0.0, 100),
              "k = 0 means no decay");
}

// ---- Exercise 11.4: range_test_lrs --------------------------------------------------

TEST_CASE("11.4 range_test_lrs: one decade per step from 1e-4 to 1", "[ch11][ex11.4][points:2]") {
  const Mat want = as_row({1e-4, 1e-3, 1e-2, 1e-1, 1.0});
  const Mat got = as_row(range_test_lrs(1e-4, 1.0, 5));
  check_value("range_test_lrs(lo=1e-4, hi=1, steps=5), each divided by the expected rate", Mat::Ones(1, 5),
              relative_to(got, want), "each rate is the one before it times the same factor; 4 gaps from lo to hi",
              {{relative_to(as_row({1e-4, 0.250075, 0.50005, 0.750025, 1.0}), want),
                "these are evenly spaced on a linear scale: the range test spaces them evenly on a log scale "
                "(the same factor between neighbours)"},
               {relative_to(as_row({1e-4, 1e-4 * std::pow(1e4, 0.2), 1e-4 * std::pow(1e4, 0.4),
                                    1e-4 * std::pow(1e4, 0.6), 1e-4 * std::pow(1e4, 0.8)}),
                            want),
                "the last rate falls short of hi: 5 rates have 4 gaps between them, not 5"}});
}

TEST_CASE("11.4 range_test_lrs: the chapter's 100 steps from 1e-5 to 100", "[ch11][ex11.4][points:1]") {
  const std::vector<double> lrs = range_test_lrs(1e-5, 100.0, 100);
  check_equal("range_test_lrs(lo=1e-5, hi=100, steps=100).size()", 100, static_cast<long long>(lrs.size()),
              "one rate per step");
  if (lrs.size() != 100) return;
  const double factor = std::pow(1e7, 1.0 / 99.0);   // 7 decades in 99 gaps: 1.177
  check_value("range_test_lrs(...)[0]", 1.0, lrs[0] / 1e-5, "the first rate is lo (shown divided by lo)");
  check_value("range_test_lrs(...)[99] / 100", 1.0, lrs[99] / 100.0, "the last rate is hi exactly",
              {{std::pow(1e7, 0.99), "the last rate falls short of hi: 100 rates have 99 gaps between them"}});
  check_value("range_test_lrs(...)[50] / range_test_lrs(...)[49]", factor, lrs[50] / lrs[49],
              "the same factor between any two neighbours, and 99 gaps from lo to hi",
              {{std::pow(1e7, 1.0 / 100.0), "100 rates have 99 gaps, not 100"}});
}

// ---- Exercise 11.5: read_range_test -------------------------------------------------

TEST_CASE("11.5 read_range_test: the steepest descent point", "[ch11][ex11.5][points:2]") {
  const RangeReading r = read_range_test(decades(), curve());
  // Slopes per decade: −0.01, −0.09, −0.3, −0.25, −0.05, +0.2: the steepest is from k = 2 to 3.
  check_equal("read_range_test(one point per decade, losses 1 .99 .9 .6 .35 .3 .5 1.5 5).steepest", 2, r.steepest,
              r.steepest == 5   ? "k = 5 is the lowest loss, where the curve bottoms out: the steepest descent is "
                                  "earlier, where it falls fastest"
              : r.steepest == 0 ? "a slope per unit of lr (not of ln lr) makes the smallest rates look steepest: "
                                  "divide the loss difference by the difference of ln(lr)"
              : r.steepest == 3 ? "that is the right point of the steepest segment; return its left point k"
                                : "the segment k → k + 1 whose loss falls the most per unit of ln(lr)");
}

TEST_CASE("11.5 read_range_test: the blow-up point", "[ch11][ex11.5][points:1]") {
  const RangeReading r = read_range_test(decades(), curve());
  // The best before k = 7 is 0.3 (k = 5), and 1.5 > 4 × 0.3 = 1.2.
  check_equal("read_range_test(one point per decade, losses 1 .99 .9 .6 .35 .3 .5 1.5 5).blowup", 7, r.blowup,
              r.blowup == 8   ? "5 > 4 × 1 compares with the FIRST loss: the rule compares with the lowest loss "
                                "before the point (0.3 here)"
              : r.blowup == 6 ? "0.5 is not more than 4 × 0.3 = 1.2: the loss has risen, but not blown up yet"
                              : "the first point whose loss is more than 4 × the lowest loss before it");
}

TEST_CASE("11.5 read_range_test: a NaN blows up, a curve that never falls has no steepest point",
          "[ch11][ex11.5][points:1]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const RangeReading r = read_range_test({1e-3, 1e-2, 1e-1, 1.0}, {0.7, 0.4, 0.3, nan});
  check_equal("read_range_test(lrs 1e-3 1e-2 1e-1 1, losses .7 .4 .3 nan).blowup", 3, r.blowup,
              "a loss that is not finite is a blow-up (NaN > anything is false: test for it)");
  check_equal("read_range_test(lrs 1e-3 1e-2 1e-1 1, losses .7 .4 .3 nan).steepest", 0, r.steepest,
              "only segments before the blow-up: 0 → 1 falls by 0.3, 1 → 2 by 0.1");
  const RangeReading flat = read_range_test({1e-3, 1e-2, 1e-1, 1.0}, {0.5, 0.5, 0.6, 0.7});
  check_equal("read_range_test(losses .5 .5 .6 .7).steepest", -1, flat.steepest,
              "no segment falls, so there is no steepest descent point: -1");
  check_equal("read_range_test(losses .5 .5 .6 .7).blowup", -1, flat.blowup,
              "0.7 is not more than 4 × 0.5: no blow-up, -1");
}
