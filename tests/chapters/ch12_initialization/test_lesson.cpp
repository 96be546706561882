// Chapter 12's lesson math (chapters/12_initialization/lesson_math.hpp): the
// acceptance test that a network started from zeros, or from one constant,
// still has identical hidden units after training, while a random start does
// not; and the histogram behind the pictures. The exercises are graded in
// tests/chapters/ch12_initialization/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/12_initialization/lesson_math.hpp"

using namespace sg;
using namespace sg::ch12;

namespace {

// The chapter's problem, smaller: 40 points of two moons, 4 hidden units.

SmallNetRun train(Start start, int steps) {
  Generator gen(1);
  const Dataset data = two_moons(40, 0.15, gen);
  Context ctx;
  return train_small_net(ctx, data, small_net(start, 4, 1.0, gen), steps, 0.5);
}

}  // namespace

TEST_CASE("ch12: zero init leaves the hidden units identical after training", "[ch12]") {
  const SmallNetRun run = train(Start::Zeros, 50);
  CHECK(units_identical(run.end));
  // tanh(0) = 0: W2 gets no gradient, and through W2 = 0 neither does W1.
  CHECK(run.end.W1.cwiseAbs().maxCoeff() == 0.0);
  CHECK(run.end.W2.cwiseAbs().maxCoeff() == 0.0);
  CHECK(run.end.b1.cwiseAbs().maxCoeff() == 0.0);
  // Balanced classes: the output bias's gradient is 0 up to rounding, so the
  // loss stays ln 2 (1e-12: the rounding of 50 steps of a ~1e-17 gradient).
  CHECK(run.loss.back() == Approx(std::log(2.0)).margin(1e-12));
}

TEST_CASE("ch12: constant init leaves the hidden units identical after training", "[ch12]") {
  const SmallNetRun run = train(Start::Constant, 50);
  CHECK(units_identical(run.end));
  CHECK(run.end.W1 != run.start.W1);            // it did train ...
  CHECK(run.loss.back() < run.loss.front());    // ... and the loss fell
}

TEST_CASE("ch12: a random start breaks the symmetry", "[ch12]") {
  const SmallNetRun run = train(Start::Random, 50);
  CHECK_FALSE(units_identical(run.end));
  CHECK_FALSE(columns_identical(run.end.W1));
}

TEST_CASE("ch12: columns_identical compares columns, bit for bit", "[ch12]") {
  Mat M(2, 3);
  M << 1, 1, 1, -2, -2, -2;
  CHECK(columns_identical(M));
  M(1, 2) = -2.0 + 1e-15;
  CHECK_FALSE(columns_identical(M));
  CHECK(columns_identical(Mat(3, 1)));   // one unit
}

TEST_CASE("ch12: the histogram's fractions add up to the share of values in range", "[ch12]") {
  Mat A(1, 6);
  A << -1.0, -0.5, 0.0, 0.49, 1.0, 2.0;   // 2.0 is outside [-1, 1]
  const std::vector<double> h = histogram(A, -1.0, 1.0, 4);   // bins of width 0.5
  REQUIRE(h.size() == 4);
  constexpr double kSum = 1e-15;   // each bin adds 1/6 once or twice: one rounding
  CHECK(h[0] == Approx(1.0 / 6.0).margin(kSum));   // -1
  CHECK(h[1] == Approx(1.0 / 6.0).margin(kSum));   // -0.5
  CHECK(h[2] == Approx(2.0 / 6.0).margin(kSum));   // 0 and 0.49
  CHECK(h[3] == Approx(1.0 / 6.0).margin(kSum));   // 1 lands in the last bin
}
