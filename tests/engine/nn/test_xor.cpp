// Acceptance: a 2-16-1 MLP built from Sequential learns XOR with
// bce_with_logits. The nn tests link no later folder than engine/nn, so the
// optimiser is a local loop: SGD with heavy-ball momentum, the update of
// engine/optim/sgd.hpp (v ← μ·v + g; θ ← θ − lr·v).
#include <catch2/catch.hpp>

#include "engine/nn/nn.hpp"

using namespace sg;

namespace {

void sgd_momentum_step(const std::vector<Tensor>& params, std::vector<Mat>& velocity, double lr, double mu) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    Tensor p = params[i];
    if (!p.has_grad()) continue;
    velocity[i] = mu * velocity[i] + p.grad();
    p.value_mut() -= lr * velocity[i];
    p.zero_grad();
  }
}

}  // namespace

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
    const std::vector<Tensor> params = model.params();
    std::vector<Mat> velocity;
    for (const Tensor& p : params) velocity.push_back(Mat::Zero(p.rows(), p.cols()));
    int steps = 0;
    for (double loss = 1.0; steps < 2000 && loss >= 0.01; ++steps) {
      Tensor L = bce_with_logits(model(X), Y);
      L.backward();
      sgd_momentum_step(params, velocity, 0.5, 0.9);
      loss = L.item();
    }
    INFO("seed " << seed << " after " << steps << " steps");
    NoGrad no_grad(ctx);
    CHECK(bce_with_logits(model(X), Y).item() < 0.01);   // the trained model, evaluated again
  }
}
