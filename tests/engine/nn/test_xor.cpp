// Acceptance: a 2-16-1 MLP built from Sequential learns XOR with
// bce_with_logits and plain SGD with momentum (engine/optim/sgd.hpp).
#include <catch2/catch.hpp>

#include "engine/nn/nn.hpp"
#include "engine/optim/sgd.hpp"

using namespace sg;

TEST_CASE("a 2-16-1 Sequential MLP trained on XOR reaches a loss below 0.01 for 5 seeds of 5",
          "[nn][xor]") {
  Mat Xv(4, 2), Yv(4, 1);
  Xv << 0, 0, 0, 1, 1, 0, 1, 1;
  Yv << 0, 1, 1, 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Context ctx;
    Generator gen(seed);
    Sequential<> model;
    model.emplace<Linear<>>(ctx, "fc1", 2, 16, gen);
    model.emplace<Tanh<>>();
    model.emplace<Linear<>>(ctx, "fc2", 16, 1, gen);
    const Tensor X = ctx.input(Xv, "X");
    const Tensor Y = ctx.input(Yv, "Y");
    SGD<double> sgd(model.params(), 0.5, 0.9);
    double loss = 1.0;
    for (int step = 0; step < 1000 && loss >= 0.01; ++step) {
      sgd.zero_grad();
      Tensor L = bce_with_logits(model(X), Y);
      L.backward();
      sgd.step();
      loss = L.item();
    }
    INFO("seed " << seed);
    // the loss after the last step, evaluated again
    NoGrad no_grad(ctx);
    CHECK(bce_with_logits(model(X), Y).item() < 0.01);
    CHECK(loss < 0.01);
  }
}
