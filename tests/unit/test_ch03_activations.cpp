// Chapter 3's math (chapters/03_activations/activations.hpp) against values
// worked out by hand: the forward and backward of each activation, the kink
// conventions, and the collapse of two linear layers.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/03_activations/activations.hpp"

using namespace sg;
using namespace sg::ch03;

namespace {
Mat one(double v) { return Mat::Constant(1, 1, v); }
}  // namespace

TEST_CASE("ch03 sigmoid is one half at 0 with slope one quarter") {
  CHECK(sigmoid_forward(one(0.0))(0, 0) == 0.5);
  CHECK(sigmoid_backward(one(0.0), one(1.0))(0, 0) == 0.25);
}

TEST_CASE("ch03 sigmoid of a large negative input is finite") {
  // e^-x overflows for x = -1000; the formula must not compute it.
  CHECK(sigmoid_forward(one(-1000.0))(0, 0) == 0.0);
  CHECK(std::isfinite(sigmoid_backward(one(-1000.0), one(1.0))(0, 0)));
}

TEST_CASE("ch03 tanh has slope 1 at 0 and 1 - tanh squared elsewhere") {
  CHECK(tanh_backward(one(0.0), one(1.0))(0, 0) == 1.0);
  const double t = std::tanh(0.7);
  CHECK(tanh_backward(one(0.7), one(1.0))(0, 0) == Approx(1.0 - t * t).epsilon(1e-15));
}

TEST_CASE("ch03 relu passes the gradient for positive inputs only, 0 at the kink") {
  Mat X(1, 3);
  X << -1.0, 0.0, 2.0;
  const Mat dX = relu_backward(X, Mat::Ones(1, 3));
  CHECK(dX(0, 0) == 0.0);
  CHECK(dX(0, 1) == 0.0);   // the engine's convention relu'(0) = 0
  CHECK(dX(0, 2) == 1.0);
  CHECK(relu_forward(X)(0, 2) == 2.0);
}

TEST_CASE("ch03 leaky relu has slope alpha below 0 and at the kink") {
  Mat X(1, 3);
  X << -2.0, 0.0, 3.0;
  const Mat Y = leaky_relu_forward(X, 0.1);
  const Mat dX = leaky_relu_backward(X, Mat::Ones(1, 3), 0.1);
  CHECK(Y(0, 0) == Approx(-0.2));
  CHECK(Y(0, 2) == 3.0);
  CHECK(dX(0, 0) == 0.1);
  CHECK(dX(0, 1) == 0.1);   // the engine's convention leaky_relu'(0) = α
  CHECK(dX(0, 2) == 1.0);
}

TEST_CASE("ch03 backward multiplies the local derivative by the upstream gradient") {
  CHECK(sigmoid_backward(one(0.0), one(4.0))(0, 0) == 1.0);
  CHECK(tanh_backward(one(0.0), one(-3.0))(0, 0) == -3.0);
  CHECK(relu_backward(one(1.0), one(5.0))(0, 0) == 5.0);
  CHECK(leaky_relu_backward(one(-1.0), one(5.0), 0.01)(0, 0) == Approx(0.05));
  CHECK(linear_backward(one(7.0), one(2.0))(0, 0) == 2.0);
}

TEST_CASE("ch03 central difference of x squared is 2x") {
  const Mat X = one(3.0);
  const Mat d = central_difference([](const Mat& Z) { return Mat(Z.array().square()); }, X, 1e-5);
  CHECK(d(0, 0) == Approx(6.0).epsilon(1e-9));
}

TEST_CASE("ch03 two linear layers collapse into W1 times W2 and b1 times W2 plus b2") {
  LinearLayer first{Mat(2, 2), Mat(1, 2)};
  first.W << 1, 2, 3, 4;
  first.b << 1, -1;
  LinearLayer second{Mat(2, 1), Mat(1, 1)};
  second.W << 1, 1;
  second.b << 0.5;
  const LinearLayer one_layer = collapse(first, second);
  CHECK(one_layer.W(0, 0) == 3.0);   // row 1 of W1 times W2: 1 + 2
  CHECK(one_layer.W(1, 0) == 7.0);   // 3 + 4
  CHECK(one_layer.b(0, 0) == 0.5);   // 1 - 1 + 0.5
  Mat X(2, 2);
  X << 1, 0, -2, 5;
  const Mat two = linear_layer(linear_layer(X, first), second);
  CHECK((two - linear_layer(X, one_layer)).cwiseAbs().maxCoeff() == 0.0);
}
