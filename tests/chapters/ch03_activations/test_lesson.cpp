// Chapter 3's helpers (chapters/03_activations/activations.hpp) against values
// worked out by hand: the identity, the central difference, and the collapse
// of two linear layers. The four activations are exercises, graded in
// tests/chapters/ch03_activations/graded.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "chapters/03_activations/activations.hpp"

using namespace sg;
using namespace sg::ch03;

namespace {
Mat one(double v) { return Mat::Constant(1, 1, v); }
}  // namespace

TEST_CASE("ch03 the linear activation passes the upstream gradient unchanged") {
  CHECK(linear_forward(one(7.0))(0, 0) == 7.0);
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
