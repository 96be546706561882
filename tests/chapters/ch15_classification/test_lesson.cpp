// Chapter 15's helpers that are not exercises (chapters/15_classification/lesson_math.hpp):
// the two losses the lecture's sigmoid output gets. The
// chapter's numbers are checked in checks.cmake; the exercises in graded.cpp.
#include <catch2/catch.hpp>

#include "chapters/15_classification/lesson_math.hpp"

using namespace sg;
using namespace sg::ch15;

TEST_CASE("ch15: the lecture's loss as written ignores the wrong classes' outputs", "[ch15]") {
  // L = −(1/N) Σ y log(ŷ + ε): only the true class's output has a gradient,
  // −1/(N (ŷ + ε)); the wrong classes' outputs get exactly 0.
  Context ctx;
  MatF Pv(2, 3);
  Pv << 0.5f, 0.9f, 0.9f, 0.2f, 0.4f, 0.8f;
  TensorT<float> P = ctx.param<float>(Pv, "P");
  Batch<float> b;
  b.labels = {0, 2};
  TensorT<float> L = literal_cross_entropy()(P, b);
  L.backward();
  const MatF& dP = P.grad();
  CHECK(dP(0, 1) == 0.0f);
  CHECK(dP(0, 2) == 0.0f);
  CHECK(dP(1, 0) == 0.0f);
  CHECK(dP(1, 1) == 0.0f);
  CHECK(dP(0, 0) == Approx(-1.0 / (2 * 0.5)).epsilon(1e-5));   // float arithmetic: 1e-5 relative
  CHECK(dP(1, 2) == Approx(-1.0 / (2 * 0.8)).epsilon(1e-5));
}

TEST_CASE("ch15: Keras's categorical cross-entropy divides each row by its sum first", "[ch15]") {
  // Row (0.5, 0.9, 0.9), true class 0: −log(0.5/2.3); the wrong classes now get a
  // positive gradient, 1/(N·Σ) each: raising them raises the loss.
  Context ctx;
  MatF Pv(1, 3);
  Pv << 0.5f, 0.9f, 0.9f;
  TensorT<float> P = ctx.param<float>(Pv, "P");
  Batch<float> b;
  b.labels = {0};
  TensorT<float> L = keras_cross_entropy()(P, b);
  CHECK(L.item() == Approx(-std::log(0.5 / 2.3)).epsilon(1e-5));   // float, and ε = 1e-7 added: 1e-5 relative
  L.backward();
  CHECK(P.grad()(0, 1) == Approx(1.0 / 2.3).epsilon(1e-5));
  CHECK(P.grad()(0, 2) == Approx(1.0 / 2.3).epsilon(1e-5));
}
