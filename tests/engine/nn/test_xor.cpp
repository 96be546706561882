// Acceptance: a 2-16-1 MLP built from Sequential learns XOR with
// bce_with_logits and the engine's Adam, for five seeds out of five.
#include <catch2/catch.hpp>

#include "engine/nn/nn.hpp"
#include "engine/optim/adam.hpp"

using namespace sg;

TEST_CASE("a 2-16-1 Sequential MLP trained with Adam on XOR reaches a loss below 0.01 for 5 seeds of 5",
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
    Adam<double> opt(model.trainable_params(), {.lr = 0.05});
    int steps = 0;
    for (double loss = 1.0; steps < 1000 && loss >= 0.01; ++steps) {
      opt.zero_grad();
      Tensor L = bce_with_logits(model(X), Y);
      L.backward();
      opt.step();
      loss = L.item();
    }
    INFO("seed " << seed << " after " << steps << " steps");
    NoGrad no_grad(ctx);
    CHECK(bce_with_logits(model(X), Y).item() < 0.01);   // the trained model, evaluated again
    CHECK(steps < 1000);
  }
}
