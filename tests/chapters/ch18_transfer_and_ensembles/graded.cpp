// Graded tests of chapter 18's exercises (exercises/18_transfer_and_ensembles/exercises.cpp):
// few_shot_rows, trainable_parameters, ensemble_probabilities. Expected values
// are worked out by hand here, never taken from the solution's code. A stub
// throws sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <vector>

#include "chapters/18_transfer_and_ensembles/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch18;
using sg::graded::check_equal;
using sg::graded::check_value;
using sg::test::matrix;

namespace {

std::vector<int> as_ints(const std::vector<std::int64_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

// ---- Exercise 18.1: few_shot_rows --------------------------------------------------------

TEST_CASE("18.1 few_shot_rows: one of each held-out class, relabelled", "[ch18][ex18.1][points:1]") {
  // Rows 0..5 have labels 6 9 7 6 8 9: the first of each of 6, 7, 8, 9 are rows 0, 2, 4, 1.
  const FewShot f = few_shot_rows({6, 9, 7, 6, 8, 9}, {6, 7, 8, 9}, 1);
  check_equal("few_shot_rows({6, 9, 7, 6, 8, 9}, {6, 7, 8, 9}, 1).rows", {0, 1, 2, 4}, as_ints(f.rows),
              "the first row of each class, all four listed in the order they come in the labels (lesson \"Two "
              "tasks\")");
  if (f.labels == std::vector<int>{6, 9, 7, 8}) {
    FAIL_CHECK("few_shot_rows(...).labels: these are the labels of the file; the small task's network has four "
               "outputs, 0..3: a label is the position of its class in `classes`");
  } else {
    check_equal("few_shot_rows({6, 9, 7, 6, 8, 9}, {6, 7, 8, 9}, 1).labels", {0, 3, 1, 2}, f.labels,
                "each row's label in the small task: where its class stands in `classes`");
  }
}

TEST_CASE("18.1 few_shot_rows: per_class of EACH class, skipping the others", "[ch18][ex18.1][points:1]") {
  // Labels 0 7 7 7 1 6 7 6 6: classes {7, 6}, 2 each → 7 at rows 1, 2 and 6 at rows 5, 7.
  const FewShot f = few_shot_rows({0, 7, 7, 7, 1, 6, 7, 6, 6}, {7, 6}, 2);
  const std::vector<int> rows = as_ints(f.rows);
  if (rows == std::vector<int>{1, 2, 3, 5}) {
    FAIL_CHECK("few_shot_rows(..., {7, 6}, 2).rows: these are the first 2·2 rows of the two classes together, "
               "three of class 7 and one of class 6; count the rows of each class separately");
  } else {
    check_equal("few_shot_rows({0, 7, 7, 7, 1, 6, 7, 6, 6}, {7, 6}, 2).rows", {1, 2, 5, 7}, rows,
                "2 rows of class 7 and 2 of class 6, the first of each, in the order they come; rows of other "
                "classes are never taken");
  }
  check_equal("few_shot_rows({0, 7, 7, 7, 1, 6, 7, 6, 6}, {7, 6}, 2).labels", {0, 0, 1, 1}, f.labels,
              "class 7 is classes[0], so its label is 0; class 6 is classes[1]");
}

TEST_CASE("18.1 few_shot_rows: too few examples of a class is an error", "[ch18][ex18.1][points:1]") {
  // Class 8 appears once: 2 per class cannot be had.
  CHECK_THROWS_AS(few_shot_rows({6, 8, 6, 6}, {6, 8}, 2), ValueError);
  CHECK_THROWS_AS(few_shot_rows({1, 2, 3}, {9}, 1), ValueError);
  CHECK(few_shot_rows({6, 8, 6, 8}, {6, 8}, 2).rows.size() == 4);
}

// ---- Exercise 18.2: trainable_parameters --------------------------------------------------

TEST_CASE("18.2 trainable_parameters: one layer, weights and biases", "[ch18][ex18.2][points:1]") {
  // W (3,2) has 6 numbers, b (1,2) has 2.
  check_value("trainable_parameters({3 → 2})", 8.0, static_cast<double>(trainable_parameters({{3, 2, false}})),
              "a dense layer's weight matrix and its bias vector (lesson \"Freeze the body, re-initialise the head\")",
              {{6.0, "that is the weight matrix alone: a layer also has one bias per output"},
               {12.0, "that is (in + 1)·(out + 1): the bias adds one number per output, not a row and a column"}});
  check_value("trainable_parameters({3 → 2 frozen})", 0.0, static_cast<double>(trainable_parameters({{3, 2, true}})),
              "a frozen layer gives the optimiser nothing to update",
              {{8.0, "the frozen layer was counted: frozen parameters stay in the model, but the optimiser never "
                     "sees them"}});
}

TEST_CASE("18.2 trainable_parameters: the chapter's frozen body and new head", "[ch18][ex18.2][points:1]") {
  // 49 → 64 → 32 frozen (3200 + 2080 parameters), head 32 → 4 (128 + 4).
  const std::vector<DenseLayer> frozen = {{49, 64, true}, {64, 32, true}, {32, 4, false}};
  check_value("trainable_parameters({49 → 64 frozen, 64 → 32 frozen, 32 → 4})", 132.0,
              static_cast<double>(trainable_parameters(frozen)),
              "only the head is trainable: what summary() prints as \"Trainable params\"",
              {{5412.0, "that counts every layer, the frozen body too: that is parameter_count(), not what the "
                        "optimiser updates"},
               {5280.0, "that counts the frozen layers and not the trainable one: the other way round"},
               {128.0, "the head's biases are missing"}});
  const std::vector<DenseLayer> all = {{49, 64, false}, {64, 32, false}, {32, 4, false}};
  check_value("trainable_parameters({49 → 64, 64 → 32, 32 → 4}, none frozen)", 5412.0,
              static_cast<double>(trainable_parameters(all)), "fine-tuning: every layer is trainable again",
              {{5312.0, "the biases are missing (64 + 32 + 4 of them)"}});
}

// ---- Exercise 18.3: ensemble_probabilities ------------------------------------------------

TEST_CASE("18.3 ensemble_probabilities: the softmax of each member, then the mean", "[ch18][ex18.3][points:2]") {
  // Member A is sure of class 0 (logits 4, 0 → 0.98201, 0.01799); member B
  // slightly prefers class 1 (0, 1 → 0.26894, 0.73106). The mean: 0.62548, 0.37452.
  const double a = 1.0 / (1.0 + std::exp(-4.0)), b = 1.0 / (1.0 + std::exp(-1.0));
  const Eigen::MatrixXd got = ensemble_probabilities({matrix(1, 2, {4, 0}), matrix(1, 2, {0, 1})});
  const double ml = 1.0 / (1.0 + std::exp(-1.5));   // softmax of the mean logits (2, 0.5)
  check_value("ensemble_probabilities({(4, 0)}, {(0, 1)})", matrix(1, 2, {(a + 1 - b) / 2, (1 - a + b) / 2}), got,
              "turn each member's logits into probabilities first, then average the members (lesson \"An "
              "ensemble\")",
              {{matrix(1, 2, {ml, 1 - ml}),
                "that is the softmax of the mean logits: averaging logits lets one member's large logits outvote "
                "the others' probabilities"},
               {matrix(1, 2, {0.5, 0.5}), "those are the members' votes (argmaxes) averaged: how sure each was is lost"},
               {matrix(1, 2, {a + 1 - b, 1 - a + b}), "the probabilities were added, not averaged: a row must sum to 1"}},
              1e-9);
}

TEST_CASE("18.3 ensemble_probabilities: rows sum to 1, large logits stay finite", "[ch18][ex18.3][points:1]") {
  // Three members, two examples, three classes; logits of 1000 overflow exp()
  // unless the row's largest is subtracted first.
  const Eigen::MatrixXd got = ensemble_probabilities(
      {matrix(2, 3, {1000, 0, 0, 1, 2, 3}), matrix(2, 3, {0, 1000, 0, 3, 2, 1}), matrix(2, 3, {0, 0, 1000, 2, 2, 2})});
  REQUIRE(got.rows() == 2);
  REQUIRE(got.cols() == 3);
  check_value("ensemble_probabilities(logits of 1000), row 0", matrix(1, 3, {1.0 / 3, 1.0 / 3, 1.0 / 3}), got.row(0),
              "each member is sure of a different class: the mean is a third each; exp(1000) overflows a double, "
              "so shift each row by its largest logit before exp (the softmax does not change)",
              {}, 1e-12);
  // Row 1: softmax(1, 2, 3) = (0.090, 0.245, 0.665), softmax(3, 2, 1) the same reversed, softmax(2, 2, 2) a third each.
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  const double lo = std::exp(1.0) / z, mid = std::exp(2.0) / z, hi = std::exp(3.0) / z;
  const double ends = (lo + hi + 1.0 / 3) / 3, centre = (2 * mid + 1.0 / 3) / 3;
  check_value("ensemble_probabilities(...), row 1", matrix(1, 3, {ends, centre, ends}), got.row(1),
              "the mean of (0.090, 0.245, 0.665), (0.665, 0.245, 0.090) and a third each",
              {{matrix(1, 3, {1.0 / 3, 1.0 / 3, 1.0 / 3}),
                "that is the softmax of the mean logits (2, 2, 2): average the probabilities, not the logits"}},
              1e-12);
}

TEST_CASE("18.3 ensemble_probabilities: no members, or members that disagree on the shape", "[ch18][ex18.3][points:1]") {
  CHECK_THROWS_AS(ensemble_probabilities({}), ValueError);
  CHECK_THROWS_AS(ensemble_probabilities({matrix(1, 2, {0, 0}), matrix(1, 3, {0, 0, 0})}), ValueError);
}
