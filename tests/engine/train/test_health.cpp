// Per-layer health numbers on small matrices worked out by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/train/health.hpp"

using namespace sg;

TEST_CASE("activation mean, std, saturation and dead units", "[train][health]") {
  Mat A(2, 3);
  A << 0.995, 0.0, -0.5,  //
      -0.999, 0.0, 0.5;
  CHECK(activation_mean(A) == Approx(-0.004 / 6).margin(1e-15));   // rounding of six sums
  CHECK(saturation_fraction(A, Activation::Tanh) == Approx(2.0 / 6).epsilon(1e-15));
  Mat S(1, 4);
  S << 0.005, 0.5, 0.995, 0.01;
  CHECK(saturation_fraction(S, Activation::Sigmoid) == 0.5);
  Mat R(3, 4);
  R << 0, 1, 0, 0,  //
      0, 0, 0, 2,   //
      0, 0, 0, 0;
  CHECK(dead_relu_fraction(R) == 0.5);   // columns 0 and 2 never fire
  Mat C(1, 2);
  C << 1, 3;
  CHECK(activation_std(C) == 1.0);       // population std of {1, 3}
  CHECK_THROWS_AS(saturation_fraction(R, Activation::Relu), ValueError);
}

TEST_CASE("update ratio, vanishing and exploding flags", "[train][health]") {
  Mat W(1, 2), W2(1, 2), g(1, 2);
  W << 3, 4;
  W2 << 3.003, 4.004;
  g << 0.3, 0.4;
  CHECK(update_ratio(W, W2) == Approx(1e-3).epsilon(1e-9));   // 0.005/5, up to rounding of 3.003
  LayerHealth h = layer_health("fc1", W, Activation::Relu, W, W2, g);
  CHECK(h.grad_norm == Approx(0.5).epsilon(1e-15));
  CHECK_FALSE(h.vanishing);
  CHECK_FALSE(h.exploding);
  Mat tiny = g * 1e-9;
  CHECK(layer_health("fc2", W, Activation::None, W, W, tiny).vanishing);
  Mat big = g * 1e4;
  CHECK(layer_health("fc3", W, Activation::None, W, W2, big).exploding);
  Mat nan = g;
  nan(0, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK(layer_health("fc4", W, Activation::None, W, W2, nan).exploding);
  CHECK(update_ratio(Mat(Mat::Zero(1, 2)), W) == std::numeric_limits<double>::infinity());
  CHECK_THROWS_AS(update_ratio(W, Mat(Mat::Zero(2, 2))), ShapeError);
}

TEST_CASE("health rows print as a table, as CSV and as trace metrics", "[train][health]") {
  Mat A(2, 2), W(1, 2), W2(1, 2), g(1, 2);
  A << 0, 1, 0, 2;
  W << 3, 4;
  W2 << 3, 4;
  g << 0, 0;
  const std::vector<LayerHealth> rows = {layer_health("fc1", A, Activation::Relu, W, W2, g)};
  const std::string table = health_table(rows);
  CHECK_THAT(table, Catch::StartsWith("layer   act mean"));
  CHECK_THAT(table, Catch::Contains("vanishing, dead 50%"));
  CHECK(health_csv(rows) ==
        "layer,act_mean,act_std,saturation,dead,grad_norm,param_norm,update_ratio,vanishing,exploding\n"
        "fc1,0.75,0.82915619758884995,nan,0.5,0,5,0,1,0\n");
  const Metrics m = health_metrics(rows);
  REQUIRE(m.size() == 5);
  CHECK(m[2].first == "fc1.dead");
  CHECK(m[4] == std::pair<std::string, double>{"fc1.update_ratio", 0.0});
}
