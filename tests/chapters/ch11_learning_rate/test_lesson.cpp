// Chapter 11's closed forms: the engine's schedules (engine/optim/schedule.hpp),
// which make every rate the chapter prints, at given epochs against the
// lecture's formulas worked out by hand, and the chapter's helpers
// (chapters/11_learning_rate/lesson_math.hpp). The exercises are graded in
// tests/chapters/ch11_learning_rate/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/11_learning_rate/lesson_math.hpp"
#include "engine/optim/schedule.hpp"

using namespace sg;
using namespace sg::ch11;

// The schedules compute with pow/exp and one division: a few ulps at most.
constexpr double kUlps = 1e-14;

TEST_CASE("ch11: step decay halves the rate every 15 epochs, on the 15th", "[ch11]") {
  const StepDecay s(0.5, 0.5, 15);   // the chapter's --quick run: 60 epochs, every 60/4
  CHECK(s.lr_at(0) == 0.5);
  CHECK(s.lr_at(14) == 0.5);
  CHECK(s.lr_at(15) == 0.25);
  CHECK(s.lr_at(30) == 0.125);
  CHECK(s.lr_at(59) == 0.0625);   // 0.5 · 0.5^3: the rate every schedule ends at
}

TEST_CASE("ch11: exponential decay is lr0 e^(-kt): lr0/e at t = 1/k", "[ch11]") {
  const ExponentialDecay s(0.1, 0.1);
  CHECK(s.lr_at(0) == 0.1);
  CHECK(s.lr_at(10) == Approx(0.1 / std::exp(1.0)).epsilon(kUlps));
  CHECK(s.lr_at(20) == Approx(0.1 / std::exp(2.0)).epsilon(kUlps));
}

TEST_CASE("ch11: 1/t decay is lr0/(1 + kt): half at t = 1/k, a third at 2/k", "[ch11]") {
  const InverseTimeDecay s(0.1, 0.5);
  CHECK(s.lr_at(0) == 0.1);
  CHECK(s.lr_at(2) == Approx(0.05).epsilon(kUlps));
  CHECK(s.lr_at(4) == Approx(0.1 / 3.0).epsilon(kUlps));
}

TEST_CASE("ch11: the range test's rates go up one decade per step from 1e-4 to 1", "[ch11]") {
  const LrRangeTest s(1e-4, 1.0, 5);
  for (int k = 0; k < 5; ++k) CHECK(s.lr_at(k) == Approx(std::pow(10.0, k - 4)).epsilon(kUlps));
  CHECK(s.lr_at(4) == 1.0);   // the last is hi exactly
  CHECK(s.lr_at(9) == 1.0);   // and held there
}

TEST_CASE("ch11: the decay constants that end every schedule at the same rate", "[ch11]") {
  // The chapter ends exponential and 1/t decay at step decay's last rate, 1/8 of lr0, at epoch 59.
  const double k_exp = exponential_k_for(0.125, 59), k_inv = inverse_time_k_for(0.125, 59);
  CHECK(k_exp == Approx(std::log(8.0) / 59.0).epsilon(kUlps));
  CHECK(k_inv == Approx(7.0 / 59.0).epsilon(kUlps));
  CHECK(ExponentialDecay(0.5, k_exp).lr_at(59) == Approx(0.0625).epsilon(kUlps));
  CHECK(InverseTimeDecay(0.5, k_inv).lr_at(59) == Approx(0.0625).epsilon(kUlps));
}

TEST_CASE("ch11: rises counts the epochs whose loss went up", "[ch11]") {
  CHECK(rises({}) == 0);
  CHECK(rises({1.0}) == 0);
  CHECK(rises({1.0, 0.9, 0.95, 0.8, 0.8, 0.85}) == 2);   // an equal loss is not a rise
}
