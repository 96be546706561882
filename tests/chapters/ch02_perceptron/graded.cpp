// Graded tests of chapter 2's exercises (solutions/02_perceptron/exercises.cpp;
// the student's copy is exercises/02_perceptron/exercises.cpp). Expected
// values are worked out here by hand, in the comments.
#include <array>
#include <string>

#include "chapters/02_perceptron/exercises.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch02;
using sg::graded::check_equal;
using sg::graded::check_value;
using sg::test::column;

namespace {

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kUnit = "docs/book/02-perceptron.md, section \"1. A threshold unit\"";
const std::string kRule = "docs/book/02-perceptron.md, section \"2. Rosenblatt's rule\"";
const std::string kXor = "docs/book/02-perceptron.md, section \"3. XOR: no line will do\"";

Eigen::Matrix<double, 4, 2> gate_inputs() {
  Eigen::Matrix<double, 4, 2> X;
  X << 0, 0, 0, 1, 1, 0, 1, 1;
  return X;
}

}  // namespace

// ---- Exercise 2.1 ---------------------------------------------------------------

TEST_CASE("2.1 predict: the AND unit on its four cases", "[ch02][ex2.1][points:2]") {
  // w = (1, 1), b = −1.5: z = −1.5, −0.5, −0.5, 0.5, so y = 0, 0, 0, 1.
  const Eigen::Vector2d w(1.0, 1.0);
  const Eigen::Matrix<double, 4, 2> X = gate_inputs();
  const std::array<double, 4> expected = {0, 0, 0, 1};
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector2d x = X.row(i).transpose();
    check_value("predict(w=(1, 1), b=-1.5, x=(" + graded::show(x.x()) + ", " + graded::show(x.y()) + "))",
                expected[static_cast<std::size_t>(i)], predict(w, -1.5, x),
                "checked: the AND unit's output, 1 or 0, on each of the four cases; what the unit computes: " +
                    kUnit,
                {{w.dot(x) - 1.5, "this is the weighted input z itself; the unit outputs 1 or 0"}});
  }
}

TEST_CASE("2.1 predict: z = 0 exactly fires, step(0) = 1", "[ch02][ex2.1][points:1]") {
  // w = (1, 1), b = −1, x = (1, 0): z = 1 − 1 = 0.
  check_value("predict(w=(1, 1), b=-1, x=(1, 0))", 1.0, predict({1.0, 1.0}, -1.0, {1.0, 0.0}),
              "checked: a point exactly on the line, where z = 0: the lesson's step counts it as 1; " + kUnit,
              {{0.0, "z = 0 here and step(0) = 1: a strict comparison leaves the points on the line out"}});
}

TEST_CASE("2.1 predict: outputs 0 or 1, never z", "[ch02][ex2.1][points:1]") {
  // w = (2, −3), b = 0.5: x = (1, 1) gives z = −0.5, so 0; x = (1, 0) gives z = 2.5, so 1.
  check_value("predict(w=(2, -3), b=0.5, x=(1, 1))", 0.0, predict({2.0, -3.0}, 0.5, {1.0, 1.0}),
              "checked: x = (1, 1), whose weighted input, bias included, is −0.5: below the threshold; " + kUnit,
              {{-0.5, "this is the weighted input z; the unit outputs 1 or 0"},
               {1.0, "z = −0.5 < 0 here: was the bias subtracted? The lesson adds it"}});
  check_value("predict(w=(2, -3), b=0.5, x=(1, 0))", 1.0, predict({2.0, -3.0}, 0.5, {1.0, 0.0}),
              "checked: x = (1, 0), whose weighted input, bias included, is 2.5: the unit fires; " + kUnit,
              {{2.5, "this is the weighted input z; the unit outputs 1 or 0"}});
}

// ---- Exercise 2.2 ---------------------------------------------------------------

TEST_CASE("2.2 rosenblatt_update: nothing changes when the unit is right", "[ch02][ex2.2][points:1]") {
  for (const double t : {0.0, 1.0}) {
    Eigen::Vector2d w(0.5, -1.0);
    double b = 0.25;
    rosenblatt_update(w, b, {1.0, 1.0}, t, t, 0.7);
    const std::string call = "rosenblatt_update(w=(0.5, -1), b=0.25, x=(1, 1), t=y=" + graded::show(t) + ", lr=0.7)";
    check_value(call + ": w", column({0.5, -1.0}), Mat(w), "checked: t = y, the unit was right, so w must stay; " + kRule);
    check_value(call + ": b", 0.25, b, "checked: t = y, the unit was right, so b must stay; " + kRule,
                {{0.0, "b was reset; it must stay"}});
  }
}

TEST_CASE("2.2 rosenblatt_update: a missed 1 moves w towards x and b up", "[ch02][ex2.2][points:1]") {
  // t − y = +1, η = 0.5: w = 0 + 0.5·(1, 0) = (0.5, 0), b = 0 + 0.5 = 0.5.
  Eigen::Vector2d w = Eigen::Vector2d::Zero();
  double b = 0.0;
  rosenblatt_update(w, b, {1.0, 0.0}, 1.0, 0.0, 0.5);
  const std::string call = "rosenblatt_update(w=(0, 0), b=0, x=(1, 0), t=1, y=0, lr=0.5)";
  check_value(call + ": w", column({0.5, 0.0}), Mat(w),
              "checked: w after a missed 1 (t = 1, y = 0): it moves towards x, by an amount the learning rate "
              "scales; " + kRule + " states the rule, and " + kUnit + " derives it",
              {{column({-0.5, 0.0}), "the sign is flipped: after a missed 1, w moves towards x, not away from it"},
               {column({1.0, 0.0}), "the learning rate is missing"}});
  check_value(call + ": b", 0.5, b, "checked: b after a missed 1: it goes up; " + kRule,
              {{0.0, "b did not move: the bias learns too, as the weight of an input that is always 1"},
               {-0.5, "the sign is flipped: after a missed 1, b goes up"},
               {1.0, "the learning rate is missing from b's update"}});
}

TEST_CASE("2.2 rosenblatt_update: a false 1 moves w away from x and b down", "[ch02][ex2.2][points:1]") {
  // t − y = −1, η = 0.5: w = (0.5, 0) − 0.5·(0, 1) = (0.5, −0.5), b = 0.5 − 0.5 = 0.
  Eigen::Vector2d w(0.5, 0.0);
  double b = 0.5;
  rosenblatt_update(w, b, {0.0, 1.0}, 0.0, 1.0, 0.5);
  const std::string call = "rosenblatt_update(w=(0.5, 0), b=0.5, x=(0, 1), t=0, y=1, lr=0.5)";
  check_value(call + ": w", column({0.5, -0.5}), Mat(w),
              "checked: w after a false 1 (t = 0, y = 1): it moves away from x; " + kRule,
              {{column({0.5, 0.5}), "the sign is flipped: after a false 1, w moves away from x, not towards it"},
               {column({0.0, -0.5}), "w was replaced: add the step to w (+=), do not assign it"}});
  check_value(call + ": b", 0.0, b, "checked: b after a false 1: it goes down; " + kRule,
              {{1.0, "the sign is flipped: after a false 1, b goes down"}, {0.5, "b did not move"}});
}

TEST_CASE("2.2 rosenblatt_update: the learning rate scales the move", "[ch02][ex2.2][points:1]") {
  // t − y = +1, η = 0.25: w = (1, 2) + 0.25·(1, 1) = (1.25, 2.25), b = −1 + 0.25 = −0.75.
  Eigen::Vector2d w(1.0, 2.0);
  double b = -1.0;
  rosenblatt_update(w, b, {1.0, 1.0}, 1.0, 0.0, 0.25);
  const std::string call = "rosenblatt_update(w=(1, 2), b=-1, x=(1, 1), t=1, y=0, lr=0.25)";
  check_value(call + ": w", column({1.25, 2.25}), Mat(w),
              "checked: w after a missed 1 with lr = 0.25: the learning rate scales the move; " + kRule,
              {{column({2.0, 3.0}), "the learning rate is missing"},
               {column({0.25, 0.25}), "w was replaced by the step: use +=, not ="}});
  check_value(call + ": b", -0.75, b, "checked: b after a missed 1 with lr = 0.25; " + kRule,
              {{0.0, "the learning rate is missing from b's update"},
               {0.25, "b was replaced by the step: use +=, not ="}});
}

// ---- Exercise 2.3 ---------------------------------------------------------------

TEST_CASE("2.3 count_errors: the AND unit makes no mistake", "[ch02][ex2.3][points:1]") {
  // w = (1, 1), b = −1.5 is AND: every case right.
  check_equal("count_errors(w=(1, 1), b=-1.5, AND)", 0,
              count_errors({1.0, 1.0}, -1.5, gate_inputs(), {0, 0, 0, 1}),
              "count the rows whose prediction differs from the target (4 means you counted the right ones); "
              "the lesson counts them in " + kXor);
}

TEST_CASE("2.3 count_errors: w = 0, b = 0 fires on every case", "[ch02][ex2.3][points:1]") {
  // z = 0 everywhere, step(0) = 1: predictions 1, 1, 1, 1 against AND's 0, 0, 0, 1: 3 wrong.
  check_equal("count_errors(w=(0, 0), b=0, AND)", 3, count_errors({0.0, 0.0}, 0.0, gate_inputs(), {0, 0, 0, 1}),
              "every z is 0 and step(0) = 1, so all four are predicted 1 (1 wrong means z > 0 was used; "
              "1 right means you counted the right ones)");
}

TEST_CASE("2.3 count_errors: the best line for XOR gets one case wrong", "[ch02][ex2.3][points:1]") {
  // w = (1, 1), b = −0.5: z = −0.5, 0.5, 0.5, 1.5 → 0, 1, 1, 1 against XOR's 0, 1, 1, 0.
  check_equal("count_errors(w=(1, 1), b=-0.5, XOR)", 1,
              count_errors({1.0, 1.0}, -0.5, gate_inputs(), {0, 1, 1, 0}),
              "row i of X is a case with target t[i]: only (1, 1) is wrong here (3 means you counted the "
              "right ones); " + kXor);
}
