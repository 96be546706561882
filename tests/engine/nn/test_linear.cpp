// The Linear layer, initialisers and scopes.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/stepgrad.hpp"

using namespace sg;

TEST_CASE("linear layer computes X W + b with parameters in its scope", "[nn]") {
  Context ctx;
  Generator gen(1);
  Linear<double> layer(ctx, "hidden", 3, 2, gen);
  CHECK(layer.W.shape() == Shape{3, 2});
  CHECK(layer.b.shape() == Shape{1, 2});
  CHECK(layer.W.node().scope == "hidden");
  CHECK(layer.W.label() == "W_hidden");
  Mat Xv(4, 3);
  Xv << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
  layer.b.value_mut() << 0.5, -0.5;
  Tensor Y = layer(ctx.input(Xv, "X"));
  const Mat expected = (Xv * layer.W.value()).rowwise() + layer.b.value().row(0);
  CHECK(Y.value().isApprox(expected));
  CHECK(Y.node().scope == "hidden");
}

TEST_CASE("xavier initialisation stays within its limit, He has the right spread", "[nn]") {
  Generator gen(9);
  const Mat xavier = init_matrix(Init::Xavier, 100, 50, gen);
  const double limit = std::sqrt(6.0 / 150.0);
  CHECK(xavier.maxCoeff() <= limit);
  CHECK(xavier.minCoeff() >= -limit);
  const Mat he = init_matrix(Init::He, 200, 200, gen);
  const double sd = std::sqrt((he.array() - he.mean()).square().mean());
  CHECK(sd == Approx(std::sqrt(2.0 / 200.0)).epsilon(0.03));   // 40,000 samples: ~0.4% error
  CHECK(init_matrix(Init::Zeros, 2, 2, gen).isZero());
}

TEST_CASE("scopes nest and restore", "[nn]") {
  Context ctx;
  {
    Scope outer(ctx, "mlp");
    {
      Scope inner(ctx, "layer1");
      CHECK(ctx.scope() == "mlp/layer1");
    }
    CHECK(ctx.scope() == "mlp");
  }
  CHECK(ctx.scope().empty());
}

