// Graded tests of chapter 16's exercises (exercises/16_sanity_checks/exercises.cpp):
// expected_initial_loss, update_to_param_ratio, ratio_is_healthy. Expected
// values are worked out by hand here, never taken from the solution's code.
// A stub throws sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <string>

#include "chapters/16_sanity_checks/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch16;
using sg::graded::check_equal;
using sg::graded::check_value;
using sg::test::matrix;

// ---- Exercise 16.1: expected_initial_loss ------------------------------------------------

TEST_CASE("16.1 expected_initial_loss: ten classes, the lecture's 2.302", "[ch16][ex16.1][points:1]") {
  // −ln(1/10) = ln 10 = 2.302585093 (the lecture's "2.302").
  check_value("expected_initial_loss(10)", 2.302585092994046, expected_initial_loss(10),
              "every class gets the same probability; the loss is the cross-entropy of the correct class's "
              "probability, in nats (lesson \"Check 1: the initial loss is ln 10\")",
              {{1.0, "this is log10(10): the cross-entropy uses the natural logarithm"},
               {3.321928094887362, "this is log2(10), the loss in bits: the engine's loss is in nats"},
               {-2.302585092994046, "the sign: the loss is minus the log of a probability, so it is positive"},
               {0.1, "this is the probability of the correct class, not its loss"}});
}

TEST_CASE("16.1 expected_initial_loss: other class counts", "[ch16][ex16.1][points:1]") {
  // Two classes: a fair coin, ln 2 = 0.6931471806; 1000 classes: ln 1000 = 6.907755279.
  check_value("expected_initial_loss(2)", 0.6931471805599453, expected_initial_loss(2),
              "two classes with probability 1/2 each: the loss of a fair coin, in nats",
              {{0.3010299956639812, "this is log10(2): the cross-entropy uses the natural logarithm"},
               {1.0, "this is log2(2), a loss in bits: the engine's loss is in nats"},
               {0.5, "this is the probability, not its loss"}});
  check_value("expected_initial_loss(1000)", 6.907755278982137, expected_initial_loss(1000),
              "1000 equally likely classes (ImageNet's count)",
              {{3.0, "this is log10(1000): the cross-entropy uses the natural logarithm"},
               {0.001, "this is the probability, not its loss"}});
  CHECK_THROWS_AS(expected_initial_loss(1), ValueError);
  CHECK_THROWS_AS(expected_initial_loss(0), ValueError);
}

// ---- Exercise 16.2: update_to_param_ratio ------------------------------------------------

TEST_CASE("16.2 update_to_param_ratio: a step of a thousandth", "[ch16][ex16.2][points:1]") {
  // [[3, 4]] → [[3.003, 4.004]]: ‖ΔW‖ = ‖(0.003, 0.004)‖ = 0.005, ‖W‖ = 5, ratio 1e-3.
  const double got = update_to_param_ratio(matrix(1, 2, {3, 4}), matrix(1, 2, {3.003, 4.004}));
  check_value("update_to_param_ratio([[3, 4]], [[3.003, 4.004]])", 1e-3, got,
              "the size of the update against the size of the weights before it, both as Frobenius norms "
              "(lesson \"Check 5\")",
              {{1.001, "this is ‖after‖/‖before‖, the ratio of the two norms: it is about 1 for any small step"},
               {1000.0, "this is the lecture's way round, weights over update: the rule of thumb is update over weights"}},
              1e-9);
}

TEST_CASE("16.2 update_to_param_ratio: a step that turns the weights", "[ch16][ex16.2][points:1]") {
  // [[1, 0], [0, 0]] → [[0.6, 0.8], [0, 0]]: the norm stays 1; ‖ΔW‖ = ‖(−0.4, 0.8)‖ = √0.8 = 0.894427191.
  const double got = update_to_param_ratio(matrix(2, 2, {1, 0, 0, 0}), matrix(2, 2, {0.6, 0.8, 0, 0}));
  check_value("update_to_param_ratio([[1, 0], [0, 0]], [[0.6, 0.8], [0, 0]])", std::sqrt(0.8), got,
              "the norm of the difference after − before, over the norm of before: a step that keeps the norm "
              "is still a step",
              {{0.0, "this is the change of the norm, ‖after‖ − ‖before‖: a step that turns the weights "
                     "without growing them has an update of size √0.8, not 0"},
               {1.0, "this is ‖after‖/‖before‖, the ratio of the two norms, not the size of the update"},
               {1.2, "this is the sum of |ΔW| (an L1 norm): use the Frobenius norm, the root of the sum of squares"},
               {0.8, "this is ‖ΔW‖², the square of the update's norm: take the square root"}});
}

TEST_CASE("16.2 update_to_param_ratio: zero weights and wrong shapes", "[ch16][ex16.2][points:1]") {
  check_value("update_to_param_ratio(zeros, zeros)", 0.0, update_to_param_ratio(matrix(1, 2, {0, 0}), matrix(1, 2, {0, 0})),
              "nothing changed and the weights are 0: the ratio is 0, not NaN (0/0)");
  const double inf = update_to_param_ratio(matrix(1, 2, {0, 0}), matrix(1, 2, {0.1, 0}));
  check_equal("update_to_param_ratio(zeros, [[0.1, 0]]) is +inf", 1, std::isinf(inf) && inf > 0 ? 1 : 0,
              "weights that were 0 and moved: an update infinitely large next to them, +inf");
  CHECK_THROWS_AS(update_to_param_ratio(matrix(1, 2, {1, 2}), matrix(2, 1, {1, 2})), ShapeError);
}

// ---- Exercise 16.3: ratio_is_healthy -----------------------------------------------------

TEST_CASE("16.3 ratio_is_healthy: within a factor of 10 of 1e-3", "[ch16][ex16.3][points:1]") {
  const char* hint = "a factor of 10 either side of 1e-3: from 1e-4 to 1e-2, both ends included (lesson \"Check 5\")";
  check_equal("ratio_is_healthy(1e-3)", 1, ratio_is_healthy(1e-3), hint);
  check_equal("ratio_is_healthy(5e-4)", 1, ratio_is_healthy(5e-4), hint);
  check_equal("ratio_is_healthy(8e-3)", 1, ratio_is_healthy(8e-3), hint);
  check_equal("ratio_is_healthy(1e-2) (the upper end)", 1, ratio_is_healthy(1e-2), hint);
  check_equal("ratio_is_healthy(1e-4) (the lower end)", 1, ratio_is_healthy(1e-4), hint);
  check_equal("ratio_is_healthy(0.05) (a learning rate far too big)", 0, ratio_is_healthy(0.05), hint);
  check_equal("ratio_is_healthy(0.5)", 0, ratio_is_healthy(0.5), hint);
}

TEST_CASE("16.3 ratio_is_healthy: a layer that does not move fails", "[ch16][ex16.3][points:1]") {
  // |r − 1e-3| <= 9e-3 (a difference, not a factor) accepts every r in [0, 1e-2]: the
  // layers that learn nothing pass.
  const std::string linear = "a ratio this small means a layer that barely learns; measured as a difference "
                             "from 1e-3, everything between 0 and 1e-2 looks close: 'a factor of 10' is a "
                             "ratio, compare on a multiplicative scale";
  check_equal("ratio_is_healthy(1e-6)", 0, ratio_is_healthy(1e-6), linear);
  check_equal("ratio_is_healthy(5e-5)", 0, ratio_is_healthy(5e-5), linear);
  check_equal("ratio_is_healthy(0) (a layer that never moves)", 0, ratio_is_healthy(0.0), linear);
  check_equal("ratio_is_healthy(-1e-3) (a ratio of norms is never negative)", 0, ratio_is_healthy(-1e-3),
              "a negative ratio cannot come from norms: it is not healthy");
  check_equal("ratio_is_healthy(NaN)", 0, ratio_is_healthy(std::nan("")),
              "a NaN ratio means the training blew up: never healthy");
  check_equal("ratio_is_healthy(inf)", 0, ratio_is_healthy(INFINITY),
              "an infinite ratio: weights that were 0 and moved, or a blow-up: never healthy");
}
