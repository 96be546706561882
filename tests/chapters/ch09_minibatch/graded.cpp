// Graded tests of chapter 9's exercises (exercises/09_minibatch/exercises.cpp):
// iterations_per_epoch, batch_rows, line_gradient, run_epoch. The problem is
// the line ŷ = w·x + b, θ = (w, b), with the batch loss
// L = (1/|batch|) Σ (w·x_i + b − y_i)². Expected values are written out here
// (with the arithmetic next to them), or come from the small reference loop
// below, which also replays the classic mistakes so that a wrong answer can
// be named. A stub throws sg::NotImplemented, which fails the case with the
// stub's message.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

#include "chapters/09_minibatch/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch09;
using sg::graded::check_value;

namespace {

// Compares two lists of rows; a wrong list that is one of `mistakes` is named.
void check_rows(const std::string& call, const std::vector<Index>& expected, const std::vector<Index>& got,
                const std::string& hint, const std::vector<std::pair<std::vector<Index>, std::string>>& mistakes = {}) {
  if (expected == got) {
    SUCCEED(call);
    return;
  }
  std::string message = fmt::format("{}: expected [{}], got [{}]", call, fmt::join(expected, ", "), fmt::join(got, ", "));
  std::string meaning = ". Hint: " + hint;
  for (const auto& [rows, what] : mistakes) {
    if (rows == got) meaning = ": " + what;
  }
  FAIL_CHECK(message + meaning);
}

Mat as_mat(const Eigen::Vector2d& v) { return v; }

// The five points of the run_epoch tests and their order.
Eigen::VectorXd five_x() { return (Eigen::VectorXd(5) << 1, 2, 3, 4, 5).finished(); }
Eigen::VectorXd five_y() { return (Eigen::VectorXd(5) << 2, 4, 5, 8, 9).finished(); }
std::vector<Index> five_order() { return {3, 0, 4, 1, 2}; }

// The reference epoch, and the classic ways to get it wrong.
enum class Way { Right, GradientsAtStart, SumNotMean, LossAfterUpdate, DropLastBatch };
Epoch reference_epoch(Eigen::Vector2d t, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                      const std::vector<Index>& order, Index B, double lr, Way way) {
  Epoch e;
  const Eigen::Vector2d start = t;
  const Index N = static_cast<Index>(order.size());
  const Index batches = way == Way::DropLastBatch ? N / B : (N + B - 1) / B;
  for (Index i = 0; i < batches; ++i) {
    const Index stop = std::min(N, (i + 1) * B);
    const Eigen::Vector2d at = way == Way::GradientsAtStart ? start : t;
    Eigen::Vector2d g = Eigen::Vector2d::Zero();
    double loss = 0.0;
    for (Index k = i * B; k < stop; ++k) {
      const Index r = order[static_cast<std::size_t>(k)];
      const double res = at(0) * x(r) + at(1) - y(r);
      g += Eigen::Vector2d(2 * res * x(r), 2 * res);
      const double res_now = t(0) * x(r) + t(1) - y(r);
      loss += res_now * res_now;
    }
    const double n = static_cast<double>(stop - i * B);
    if (way != Way::SumNotMean) g /= n;
    if (way != Way::LossAfterUpdate) e.losses.push_back(loss / n);
    t -= lr * g;
    if (way == Way::LossAfterUpdate) {
      double after = 0.0;
      for (Index k = i * B; k < stop; ++k) {
        const Index r = order[static_cast<std::size_t>(k)];
        after += (t(0) * x(r) + t(1) - y(r)) * (t(0) * x(r) + t(1) - y(r));
      }
      e.losses.push_back(after / n);
    }
    e.thetas.push_back(t);
  }
  return e;
}

Mat thetas_of(const Epoch& e) {
  Mat m(static_cast<Index>(e.thetas.size()), 2);
  for (std::size_t k = 0; k < e.thetas.size(); ++k) m.row(static_cast<Index>(k)) = e.thetas[k].transpose();
  return m;
}

Mat losses_of(const Epoch& e) {
  Mat m(1, static_cast<Index>(e.losses.size()));
  for (std::size_t k = 0; k < e.losses.size(); ++k) m(0, static_cast<Index>(k)) = e.losses[k];
  return m;
}

}  // namespace

// ---- Exercise 9.1: iterations_per_epoch ------------------------------------------------

TEST_CASE("9.1 iterations_per_epoch: B divides N", "[ch09][ex9.1][points:1]") {
  check_value("iterations_per_epoch(N=1000, B=10)", 100, static_cast<double>(iterations_per_epoch(1000, 10)),
              "1000 examples, 10 per batch", {{101, "N/B + 1 counts an empty batch when B divides N"}});
  check_value("iterations_per_epoch(N=1000, B=1)", 1000, static_cast<double>(iterations_per_epoch(1000, 1)),
              "B = 1 is stochastic gradient descent: one update per example");
  check_value("iterations_per_epoch(N=1000, B=1000)", 1, static_cast<double>(iterations_per_epoch(1000, 1000)),
              "B = N is batch gradient descent: one update per epoch", {{2, "N/B + 1 counts an empty batch"}});
}

TEST_CASE("9.1 iterations_per_epoch: the last, smaller batch counts", "[ch09][ex9.1][points:1]") {
  // The lecture's Keras run: 100 examples, batch_size=32: 32 + 32 + 32 + 4.
  check_value("iterations_per_epoch(N=100, B=32)", 4, static_cast<double>(iterations_per_epoch(100, 32)),
              "3 full batches of 32 and one of 4",
              {{3, "this is N/B in integer arithmetic: it drops the last batch of 4 examples, which the "
                   "DataLoader keeps (drop_last = false); round up"}});
  check_value("iterations_per_epoch(N=1000, B=32)", 32, static_cast<double>(iterations_per_epoch(1000, 32)),
              "31 full batches of 32 and one of 8", {{31, "integer division drops the last batch of 8: round up"}});
  check_value("iterations_per_epoch(N=7, B=2)", 4, static_cast<double>(iterations_per_epoch(7, 2)),
              "2 + 2 + 2 + 1", {{3, "integer division drops the last batch of 1: round up"}});
}

TEST_CASE("9.1 iterations_per_epoch: a batch larger than N, and bad arguments", "[ch09][ex9.1][points:1]") {
  check_value("iterations_per_epoch(N=10, B=32)", 1, static_cast<double>(iterations_per_epoch(10, 32)),
              "B > N: the one batch holds all 10 examples (the loader caps B at N)",
              {{0, "integer division gives 0 iterations, an epoch that shows the model nothing: round up"}});
  INFO("iterations_per_epoch(N=10, B=0) and (N=0, B=4) must throw sg::ValueError: a batch of no examples, "
       "an epoch of no examples");
  CHECK_THROWS_AS(iterations_per_epoch(10, 0), ValueError);
  CHECK_THROWS_AS(iterations_per_epoch(0, 4), ValueError);
}

// ---- Exercise 9.2: batch_rows -----------------------------------------------------------

TEST_CASE("9.2 batch_rows: the first and a middle batch", "[ch09][ex9.2][points:1]") {
  const std::vector<Index> order = {7, 2, 9, 4, 0, 5, 8, 1, 3, 6};
  check_rows("batch_rows(order=[7 2 9 4 0 5 8 1 3 6], B=4, i=0)", {7, 2, 9, 4}, batch_rows(order, 4, 0),
             "batch 0 is the first B entries of order",
             {{{0, 1, 2, 3}, "these are positions 0..3; return the rows order holds there"}});
  check_rows("batch_rows(order=[7 2 9 4 0 5 8 1 3 6], B=4, i=1)", {0, 5, 8, 1}, batch_rows(order, 4, 1),
             "batch 1 is order's entries 4..7",
             {{{2, 9, 4, 0}, "batch 1 starts at position i·B = 4, not at i = 1"},
              {{4, 5, 6, 7}, "these are positions 4..7; return the rows order holds there"}});
}

TEST_CASE("9.2 batch_rows: the last batch is smaller", "[ch09][ex9.2][points:1]") {
  const std::vector<Index> order = {7, 2, 9, 4, 0, 5, 8, 1, 3, 6};
  check_rows("batch_rows(order=[7 2 9 4 0 5 8 1 3 6], B=4, i=2)", {3, 6}, batch_rows(order, 4, 2),
             "batch 2 is what is left: order's entries 8 and 9",
             {{{}, "the last batch has 2 rows, not none: stop at the end of order, do not drop it"},
              {{3, 6, 7, 2}, "the last batch wraps around to the start of order: it is just smaller"},
              {{1, 3, 6}, "batch 2 starts at position i·B = 8"}});
  check_rows("batch_rows(order=[4 0 3 1 2], B=2, i=2)", {2}, batch_rows({4, 0, 3, 1, 2}, 2, 2),
             "5 rows in batches of 2: the last batch is one row", {{{}, "the last batch has 1 row, not none"}});
}

TEST_CASE("9.2 batch_rows: B larger than N is one batch of everything", "[ch09][ex9.2][points:1]") {
  const std::vector<Index> order = {2, 0, 1};
  check_rows("batch_rows(order=[2 0 1], B=32, i=0)", {2, 0, 1}, batch_rows(order, 32, 0),
             "one batch: all three rows, in order's order", {{{0, 1, 2}, "keep order's (shuffled) order"}});
}

TEST_CASE("9.2 batch_rows: a batch that does not exist throws", "[ch09][ex9.2][points:1]") {
  const std::vector<Index> order = {7, 2, 9, 4, 0, 5, 8, 1, 3, 6};
  check_rows("batch_rows(order, B=5, i=1)", {5, 8, 1, 3, 6}, batch_rows(order, 5, 1), "order's entries 5..9");
  INFO("batch_rows(order of 10, B=4, i=3), (i=-1) and (B=0) must throw sg::ValueError: there are batches 0, 1, 2 only");
  CHECK_THROWS_AS(batch_rows(order, 4, 3), ValueError);
  CHECK_THROWS_AS(batch_rows(order, 4, -1), ValueError);
  CHECK_THROWS_AS(batch_rows(order, 0, 0), ValueError);
}

// ---- Exercise 9.3: line_gradient ---------------------------------------------------------

TEST_CASE("9.3 line_gradient: a batch of three rows", "[ch09][ex9.3][points:2]") {
  const Eigen::Vector2d theta(0.5, -1.0);
  const Eigen::VectorXd x = (Eigen::VectorXd(4) << 1, 2, 3, 4).finished();
  const Eigen::VectorXd y = (Eigen::VectorXd(4) << 1, 3, 2, 5).finished();
  // rows 0, 2, 3: residuals w·x + b − y = −1.5, −1.5, −4;
  // dL/dw = (2/3)(−1.5·1 − 1.5·3 − 4·4) = −44/3, dL/db = (2/3)(−1.5 − 1.5 − 4) = −14/3.
  const Eigen::Vector2d want(-44.0 / 3, -14.0 / 3);
  check_value("line_gradient(θ=(0.5, -1), x=(1,2,3,4), y=(1,3,2,5), rows={0,2,3})", as_mat(want),
              as_mat(line_gradient(theta, x, y, {0, 2, 3})),
              "the mean over the batch of each example's derivative of (w·x + b − y)²",
              {{as_mat(3.0 * want), "this is the sum over the batch; the loss is the batch's MEAN, so divide by "
                                    "its size (else the step grows with B)"},
               {as_mat(0.5 * want), "a factor 2 is missing: d(r²)/dr = 2r"},
               {as_mat(-want), "the sign is flipped: the residual is w·x + b − y, prediction minus target"},
               {as_mat(Eigen::Vector2d(-14.0, -5.0)), "this is the gradient over all four rows; use only `rows`"}});
}

TEST_CASE("9.3 line_gradient: matches a central difference of the batch loss", "[ch09][ex9.3][points:1]") {
  const Eigen::VectorXd x = (Eigen::VectorXd(6) << -1.5, 0.2, 0.7, 1.1, 2.4, 3.0).finished();
  const Eigen::VectorXd y = (Eigen::VectorXd(6) << -3.8, -0.4, 0.3, 1.5, 3.9, 5.2).finished();
  const std::vector<Index> rows = {5, 1, 4, 1};   // a repeated row counts twice
  const Eigen::Vector2d theta(1.3, 0.4);
  auto loss = [&](const Eigen::Vector2d& t) {
    double s = 0.0;
    for (Index r : rows) s += (t(0) * x(r) + t(1) - y(r)) * (t(0) * x(r) + t(1) - y(r));
    return s / static_cast<double>(rows.size());
  };
  constexpr double h = 1e-6;
  Eigen::Vector2d want;
  for (int j = 0; j < 2; ++j) {
    Eigen::Vector2d e = Eigen::Vector2d::Zero();
    e(j) = h;
    want(j) = (loss(theta + e) - loss(theta - e)) / (2 * h);
  }
  check_value("line_gradient(θ=(1.3, 0.4), rows={5,1,4,1}) against (L(θ + h) − L(θ − h))/2h", as_mat(want),
              as_mat(line_gradient(theta, x, y, rows)),
              "the batch's mean of each example's gradient; a repeated row counts each time it appears",
              {{as_mat(4.0 * want), "this is the sum over the batch; the loss is its mean"},
               {as_mat(-want), "the sign is flipped: the residual is prediction minus target"}},
              1e-6);   // a central difference of a quadratic is exact up to rounding, ~1e-9 here
}

TEST_CASE("9.3 line_gradient: one example, and an empty batch", "[ch09][ex9.3][points:1]") {
  const Eigen::VectorXd x = (Eigen::VectorXd(2) << 2.0, -1.0).finished();
  const Eigen::VectorXd y = (Eigen::VectorXd(2) << 1.0, 0.0).finished();
  // θ = (1, 0.5), row 0: residual 1·2 + 0.5 − 1 = 1.5, gradient (2·1.5·2, 2·1.5) = (6, 3).
  check_value("line_gradient(θ=(1, 0.5), x=(2,-1), y=(1,0), rows={0})", as_mat(Eigen::Vector2d(6.0, 3.0)),
              as_mat(line_gradient(Eigen::Vector2d(1.0, 0.5), x, y, {0})),
              "one example: 2·r·(x, 1) with r = w·x + b − y",
              {{as_mat(Eigen::Vector2d(3.0, 1.5)), "a factor 2 is missing: d(r²)/dr = 2r"},
               {as_mat(Eigen::Vector2d(6.0, 6.0)), "dL/db has no factor x: d(w·x + b)/db = 1"}});
  INFO("line_gradient(..., rows={}) must throw sg::ValueError: the mean over no examples is undefined");
  CHECK_THROWS_AS(line_gradient(Eigen::Vector2d(1.0, 0.5), x, y, {}), ValueError);
}

// ---- Exercise 9.4: run_epoch --------------------------------------------------------------

TEST_CASE("9.4 run_epoch: mini-batches of 2, the last of 1", "[ch09][ex9.4][points:2]") {
  const Epoch got = run_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05);
  const Epoch want = reference_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05, Way::Right);
  check_value("run_epoch(θ=(0,0), 5 points, order=[3 0 4 1 2], B=2, lr=0.05): updates", 3,
              static_cast<double>(got.thetas.size()), "batches {3,0}, {4,1}, {2}: three updates",
              {{2, "the last batch of one row was skipped: every example is seen once per epoch"}});
  check_value("run_epoch(..., B=2): θ after each update", thetas_of(want), thetas_of(got),
              "one update per batch, each at the θ the previous update left",
              {{thetas_of(reference_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05,
                                          Way::GradientsAtStart)),
                "every batch's gradient was taken at the starting θ: compute each batch's gradient after the "
                "previous update"},
               {thetas_of(reference_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05,
                                          Way::SumNotMean)),
                "the updates use the batch's summed gradient; the loss is the batch's mean"}});
  check_value("run_epoch(..., B=2): the batch losses", losses_of(want), losses_of(got),
              "each batch's mean squared error at θ before its update",
              {{losses_of(reference_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05,
                                          Way::LossAfterUpdate)),
                "these are the losses after each update; record the loss before it, the one the gradient is of"}});
}

TEST_CASE("9.4 run_epoch: B = 1 is stochastic gradient descent", "[ch09][ex9.4][points:1]") {
  const Epoch got = run_epoch(Eigen::Vector2d(0.5, 0.5), five_x(), five_y(), five_order(), 1, 0.02);
  const Epoch want = reference_epoch(Eigen::Vector2d(0.5, 0.5), five_x(), five_y(), five_order(), 1, 0.02, Way::Right);
  check_value("run_epoch(θ=(0.5,0.5), order=[3 0 4 1 2], B=1, lr=0.02): θ after each update", thetas_of(want),
              thetas_of(got), "five updates, one example each, in order's order",
              {{thetas_of(reference_epoch(Eigen::Vector2d(0.5, 0.5), five_x(), five_y(), five_order(), 1, 0.02,
                                          Way::GradientsAtStart)),
                "every gradient was taken at the starting θ: SGD moves after every example"}});
}

TEST_CASE("9.4 run_epoch: B = N is one step of batch gradient descent", "[ch09][ex9.4][points:1]") {
  const Epoch got = run_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 5, 0.01);
  // One batch of all five: residuals −y, dL/dw = (2/5)Σ(−y·x) = (2/5)(−2 − 8 − 15 − 32 − 45) = −40.8,
  // dL/db = (2/5)(−28) = −11.2; θ = −0.01·(−40.8, −11.2) = (0.408, 0.112); its loss mean(y²) = 38.
  Mat want(1, 2);
  want << 0.408, 0.112;
  check_value("run_epoch(θ=(0,0), 5 points, B=5, lr=0.01): θ after the update", want, thetas_of(got),
              "one batch, one update: θ − lr·(full-data gradient)",
              {{Mat(Eigen::RowVector2d(2.04, 0.56)), "the update used the summed gradient; divide by the batch size"},
               {Mat(Eigen::RowVector2d(-0.408, -0.112)), "the step went uphill: θ ← θ − lr·g"}});
  Mat loss(1, 1);
  loss << 38.0;   // mean(4, 16, 25, 64, 81)
  check_value("run_epoch(..., B=5): the batch loss", loss, losses_of(got),
              "the mean squared error of all five points at θ = (0, 0), before the update");
}

TEST_CASE("9.4 run_epoch: two epochs chain", "[ch09][ex9.4][points:1]") {
  const Epoch first = run_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05);
  REQUIRE(!first.thetas.empty());
  const std::vector<Index> order2 = {1, 4, 2, 0, 3};
  const Epoch second = run_epoch(first.thetas.back(), five_x(), five_y(), order2, 2, 0.05);
  const Epoch want1 = reference_epoch(Eigen::Vector2d::Zero(), five_x(), five_y(), five_order(), 2, 0.05, Way::Right);
  const Epoch want2 = reference_epoch(want1.thetas.back(), five_x(), five_y(), order2, 2, 0.05, Way::Right);
  check_value("run_epoch from the first epoch's last θ, order=[1 4 2 0 3], B=2: θ after each update",
              thetas_of(want2), thetas_of(second), "start from the θ you are given, not from (0, 0)");
}
