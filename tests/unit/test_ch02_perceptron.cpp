// Chapter 2's lesson math (chapters/02_perceptron/lesson_math.hpp).
#include <catch2/catch.hpp>

#include "chapters/02_perceptron/lesson_math.hpp"

using namespace sg::ch02;

TEST_CASE("ch02: the unit fires when w.x + b is at least 0", "[ch02]") {
  const Eigen::Vector2d w(1.0, 1.0);
  CHECK(predict(w, -1.5, Eigen::Vector2d(1.0, 1.0)) == 1.0);
  CHECK(predict(w, -1.5, Eigen::Vector2d(1.0, 0.0)) == 0.0);
  CHECK(predict(w, -1.0, Eigen::Vector2d(1.0, 0.0)) == 1.0);   // z = 0: step(0) = 1
}

TEST_CASE("ch02: the rule leaves the weights alone when the unit is right", "[ch02]") {
  Eigen::Vector2d w(0.5, -1.0);
  double b = 0.25;
  rosenblatt_update(w, b, Eigen::Vector2d(1.0, 1.0), 1.0, 1.0, 0.7);
  CHECK(w == Eigen::Vector2d(0.5, -1.0));
  CHECK(b == 0.25);
}

TEST_CASE("ch02: the rule moves the weights towards x on a missed 1 and away on a false 1", "[ch02]") {
  Eigen::Vector2d w = Eigen::Vector2d::Zero();
  double b = 0.0;
  rosenblatt_update(w, b, Eigen::Vector2d(1.0, 0.0), 1.0, 0.0, 0.5);   // t − y = +1
  CHECK(w == Eigen::Vector2d(0.5, 0.0));
  CHECK(b == 0.5);
  rosenblatt_update(w, b, Eigen::Vector2d(0.0, 1.0), 0.0, 1.0, 0.5);   // t − y = −1
  CHECK(w == Eigen::Vector2d(0.5, -0.5));
  CHECK(b == 0.0);
}
