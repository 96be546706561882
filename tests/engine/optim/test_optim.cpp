// SGD: golden values computed by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/stepgrad.hpp"

using namespace sg;

TEST_CASE("sgd moves a parameter against its gradient by lr times the gradient", "[optim]") {
  Context ctx;
  Tensor w = ctx.scalar(3.0, "w");
  SGD<double> opt({w}, 0.1);
  square(w).backward();          // dw = 2w = 6
  opt.step();
  CHECK(w.item() == Approx(3.0 - 0.1 * 6.0));
  opt.zero_grad();
  CHECK(w.grad()(0, 0) == 0.0);
}

TEST_CASE("sgd with momentum follows v = mu v + g, w -= lr v", "[optim]") {
  Context ctx;
  Tensor w = ctx.scalar(1.0, "w");
  SGD<double> opt({w}, 0.1, 0.9);
  double w_ref = 1.0, v_ref = 0.0;
  for (int i = 0; i < 3; ++i) {
    opt.zero_grad();
    square(w).backward();
    opt.step();
    v_ref = 0.9 * v_ref + 2 * w_ref;
    w_ref -= 0.1 * v_ref;
    CHECK(w.item() == Approx(w_ref).epsilon(1e-12));
  }
}

TEST_CASE("sgd refuses a non-finite gradient, names the parameter and keeps its value", "[optim]") {
  Context ctx;
  Tensor w = ctx.scalar(0.0, "w1");
  SGD<double> opt({w}, 0.1);
  log(w).backward();             // d log(w)/dw at 0 is inf
  CHECK_THROWS_WITH(opt.step(), Catch::Contains("'w1'") && Catch::Contains("inf"));
  CHECK(w.item() == 0.0);
}

TEST_CASE("sgd rejects a non-positive learning rate", "[optim]") {
  Context ctx;
  Tensor w = ctx.scalar(1.0, "w");
  CHECK_THROWS_AS(SGD<double>({w}, 0.0), ValueError);
  CHECK_THROWS_AS(SGD<double>({w}, -1.0), ValueError);
  CHECK_THROWS_AS(SGD<double>({w}, 0.1, 1.0), ValueError);
}

TEST_CASE("a failed sgd step leaves every parameter as it was", "[optim]") {
  Context ctx;
  Tensor a = ctx.scalar(2.0, "a");
  Tensor w = ctx.scalar(0.0, "w");
  SGD<double> opt({a, w}, 0.1);
  (square(a) + log(w)).backward();   // a's gradient is fine, w's is inf
  CHECK_THROWS_AS(opt.step(), ValueError);
  CHECK(a.item() == 2.0);
  CHECK(w.item() == 0.0);
}
