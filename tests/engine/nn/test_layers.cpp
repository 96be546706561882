// Module, the activation layers, Dropout, Sequential, freezing and summary().
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/nn/nn.hpp"

using namespace sg;

namespace {

// 2-16-1 MLP on input width 2: the model of the XOR test and the summary.
Sequential<> mlp(Context& ctx, Generator& gen) {
  Sequential<> model;
  model.emplace<Linear<>>(ctx, "fc1", 2, 16, gen);
  model.emplace<Tanh<>>();
  model.emplace<Linear<>>(ctx, "fc2", 16, 1, gen);
  return model;
}

}  // namespace

TEST_CASE("a layer given the wrong input width names itself, the shapes and the width it expects",
          "[nn][errors]") {
  Context ctx;
  Generator gen(1);
  Linear<> fc2(ctx, "fc2", 128, 10, gen);
  const Tensor X = ctx.input(Mat::Zero(64, 100), "X");
  CHECK_THROWS_AS(fc2(X), ShapeError);
  CHECK_THROWS_WITH(fc2(X), "fc2 (Linear 128→10): input is (64,100) but the layer expects 128 columns");
  BatchNorm1d<> bn(ctx, "bn1", 64);
  CHECK_THROWS_WITH(bn(X), "bn1 (BatchNorm1d 64): input is (64,100) but the layer expects 64 columns");
}

TEST_CASE("activation layers compute their op inside their scope and keep the shape", "[nn][layers]") {
  Context ctx;
  Mat Xv(2, 3);
  Xv << -1, 0.5, 2, 3, -0.2, 0;
  const Tensor X = ctx.input(Xv, "X");
  ReLU<> relu_layer("act");
  const Tensor Y = relu_layer(X);
  CHECK(Y.value() == Xv.cwiseMax(0.0));
  CHECK(Y.node().scope == "act");
  CHECK(relu_layer.kind() == "ReLU");
  CHECK(Sigmoid<>()(X).value().isApprox(sigmoid(X).value(), 1e-15));
  CHECK(Tanh<>()(X).value().isApprox(Xv.array().tanh().matrix(), 1e-15));
  CHECK(LeakyReLU<>(0.1)(X).value()(0, 0) == Approx(-0.1).epsilon(1e-15));
  const Mat P = Softmax<>()(X).value();
  CHECK(P.rowwise().sum().isApprox(Mat::Ones(2, 1), 1e-15));
  CHECK(Softmax<>().output_shape({5, 7}) == Shape{5, 7});
  CHECK_THROWS_AS(LeakyReLU<>(1.5), ValueError);
}

TEST_CASE("dropout: a seed fixes the mask, kept units are scaled by 1/(1-p), eval is the identity",
          "[nn][dropout]") {
  Context ctx;
  const Tensor X = ctx.input(Mat::Constant(4, 50, 2.0), "X");
  Generator g1(5), g2(5);
  Dropout<> d1(0.3, g1, "drop"), d2(0.3, g2, "drop");
  const Mat Y1 = d1(X).value();
  CHECK(Y1 == d2(X).value());                      // same seed, same mask
  CHECK(d1(X).value() != Y1);                      // the next batch draws a new mask
  for (Index i = 0; i < Y1.size(); ++i) {
    const double y = Y1.data()[i];
    CHECK((y == 0.0 || y == Approx(2.0 / 0.7).epsilon(1e-15)));
  }
  d1.eval();
  CHECK(d1(X).value() == X.value());
  Generator g3(5);
  Dropout<> none(0.0, g3);
  CHECK(none(X).value() == X.value());             // p = 0: identity in train mode too
  CHECK_THROWS_AS(Dropout<>(1.0, g3), ValueError);
  CHECK_THROWS_WITH(Dropout<>(-0.1, g3),
                    "Dropout: p is -0.1 but must be in [0, 1) (the probability of dropping a unit; "
                    "p = 1 would drop everything)");
}

TEST_CASE("dropout keeps the expected value: the mean over 100,000 units is the input's", "[nn][dropout]") {
  Context ctx;
  Generator gen(17);
  Dropout<> drop(0.5, gen);
  const Tensor X = ctx.input(Mat::Constant(100, 1000, 3.0), "X");
  const Mat Y = drop(X).value();
  // Each unit is 0 or 6 with probability 1/2: σ = 3 per unit, so the mean of
  // 100,000 has standard error 3/√100000 ≈ 0.0095; 0.05 is over five of them.
  CHECK(Y.mean() == Approx(3.0).margin(0.05));
  const double kept = (Y.array() > 0).cast<double>().mean();
  CHECK(kept == Approx(0.5).margin(0.01));         // standard error 0.0016
}

TEST_CASE("dropout's gradient flows through the kept units only, scaled", "[nn][dropout]") {
  Context ctx;
  Generator gen(2);
  Dropout<> drop(0.25, gen);
  const Tensor X = ctx.param(Mat::Ones(3, 8), "X");
  sum(drop(X)).backward();
  CHECK(X.grad().isApprox(drop.last_mask() / 0.75, 1e-15));
}

TEST_CASE("sequential runs its layers in order, names unnamed ones and lists parameters in order",
          "[nn][sequential]") {
  Context ctx;
  Generator gen(1), gen2(1);
  Sequential<> model = mlp(ctx, gen);
  CHECK(model.size() == 3);
  CHECK(model.at(1).name() == "tanh_1");
  CHECK(model.at(0).kind() == "Linear");
  CHECK_THROWS_WITH(model.at(3), "Sequential::at(3): the model has 3 layers (0 to 2)");
  std::vector<std::string> names;
  for (const NamedParam<double>& p : model.named_params()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"fc1.W", "fc1.b", "fc2.W", "fc2.b"});
  CHECK(model.params().size() == 4);
  CHECK(model.parameter_count() == 2 * 16 + 16 + 16 + 1);
  CHECK(model.output_shape({8, 2}) == Shape{8, 1});

  const Linear<> l1(ctx, "a", 2, 16, gen2), l2(ctx, "b", 16, 1, gen2);
  const Tensor X = ctx.input(gen2.uniform_matrix(5, 2, -1, 1), "X");
  const Tensor Z = model(X);
  CHECK(Z.shape() == Shape{5, 1});
  CHECK(Z.value().isApprox(l2(tanh(l1(X))).value(), 1e-14));   // same seed, same weights
  CHECK_THROWS_AS(Sequential<>()(X), ValueError);
}

TEST_CASE("a named sequential prefixes its parameters and opens a scope", "[nn][sequential]") {
  Context ctx;
  Generator gen(1);
  Sequential<> model("mlp");
  model.emplace<Linear<>>(ctx, "fc1", 3, 2, gen);
  CHECK(model.named_params()[0].name == "mlp.fc1.W");
  const Tensor Y = model(ctx.input(Mat::Ones(1, 3)));
  CHECK(Y.node().scope == "mlp/fc1");
}

TEST_CASE("train() and eval() reach every layer of nested sequentials", "[nn][sequential]") {
  Context ctx;
  Generator gen(1);
  Sequential<> outer;
  Sequential<>& inner = outer.emplace<Sequential<>>("block");
  Dropout<>& drop = inner.emplace<Dropout<>>(0.5, gen);
  BatchNorm1d<>& bn = outer.emplace<BatchNorm1d<>>(ctx, "bn", 4);
  CHECK(drop.training());
  outer.eval();
  CHECK(outer.mode() == Mode::Eval);
  CHECK(inner.mode() == Mode::Eval);
  CHECK_FALSE(drop.training());
  CHECK_FALSE(bn.training());
  outer.train();
  CHECK(drop.training());
  CHECK(bn.mode() == Mode::Train);
  CHECK(outer.named_buffers().size() == 2);
  CHECK(outer.named_buffers()[1].name == "bn.running_var");
}

TEST_CASE("a frozen layer's parameters get no gradient, the others do", "[nn][freeze]") {
  Context ctx;
  Generator gen(3);
  Sequential<> model = mlp(ctx, gen);
  model.at(0).freeze();
  CHECK_FALSE(model.params()[0].requires_grad());
  CHECK(model.trainable_params().size() == 2);
  const Tensor X = ctx.input(gen.uniform_matrix(4, 2, -1, 1), "X");
  const Tensor Y = ctx.input(Mat::Ones(4, 1), "Y");
  bce_with_logits(model(X), Y).backward();
  const std::vector<Tensor> p = model.params();
  CHECK_FALSE(p[0].has_grad());
  CHECK_FALSE(p[1].has_grad());
  CHECK(p[2].has_grad());
  CHECK(p[3].has_grad());
  model.unfreeze();
  CHECK(model.trainable_params().size() == 4);
  model.freeze("fc2.b");
  CHECK(model.trainable_parameter_count() == model.parameter_count() - 1);
  CHECK_THROWS_WITH(model.freeze("fc3.W"),
                    "freeze: Sequential has no parameter named \"fc3.W\": its parameters are fc1.W, "
                    "fc1.b, fc2.W, fc2.b");
}

TEST_CASE("summary prints the Keras table: frozen params are non-trainable, buffers are not params",
          "[nn][summary]") {
  Context ctx;
  Generator gen(1);
  Sequential<> model("mlp");
  model.emplace<Linear<>>(ctx, "fc1", 784, 128, gen);
  model.emplace<BatchNorm1d<>>(ctx, "bn1", 128);
  model.emplace<ReLU<>>();
  model.emplace<Dropout<>>(0.2, gen);
  model.emplace<Linear<>>(ctx, "fc2", 128, 10, gen);
  model.at(0).freeze();
  const std::string expected =
      "Model: \"mlp\"\n"
      "_________________________________________________________________\n"
      " Layer (type)                Output Shape              Param #\n"
      "=================================================================\n"
      " fc1 (Linear)                (None, 128)               100,480\n"
      " bn1 (BatchNorm1d)           (None, 128)               256\n"
      " relu_2 (ReLU)               (None, 128)               0\n"
      " dropout_3 (Dropout)         (None, 128)               0\n"
      " fc2 (Linear)                (None, 10)                1,290\n"
      "=================================================================\n"
      "Total params: 102,026\n"
      "Trainable params: 1,546\n"
      "Non-trainable params: 100,480\n"
      "Buffers (running statistics, not params): 256\n"
      "_________________________________________________________________\n";
  CHECK(summary(model, {32, 784}) == expected);
  CHECK_THROWS_WITH(summary(model, {32, 100}),
                    "fc1 (Linear 784→128): input is (32,100) but the layer expects 784 columns");
  CHECK(thousands(1234567) == "1,234,567");
  CHECK(thousands(999) == "999");
}

TEST_CASE("layers exist for float too", "[nn][float]") {
  Context ctx;
  Generator gen(1);
  Sequential<float> model;
  model.emplace<Linear<float>>(ctx, "fc1", 3, 4, gen);
  model.emplace<ReLU<float>>();
  model.emplace<BatchNorm1d<float>>(ctx, "bn", 4);
  const TensorF Y = model(ctx.input<float>(MatF::Ones(2, 3)));
  CHECK(Y.shape() == Shape{2, 4});
}

TEST_CASE("layer constructors reject sizes and settings that cannot work", "[nn][errors]") {
  Context ctx;
  Generator gen(1);
  CHECK_THROWS_WITH(Linear<>(ctx, "fc", 0, 3, gen), "Linear fc: in = 0 and out = 3 must both be >= 1");
  CHECK_THROWS_WITH(BatchNorm1d<>(ctx, "bn", 0), "BatchNorm1d bn: features is 0 but must be >= 1");
  CHECK_THROWS_WITH(BatchNorm1d<>(ctx, "bn", 4, -0.1), "BatchNorm1d bn: momentum is -0.1 but must be in [0, 1]");
  CHECK_THROWS_WITH(BatchNorm1d<>(ctx, "bn", 4, 0.1, 0.0), "BatchNorm1d bn: eps is 0 but must be > 0");
  CHECK_THROWS_WITH(LeakyReLU<>(-0.5), "LeakyReLU: α is -0.5 but must be in [0, 1) (the slope for x < 0)");
  Sequential<> model;
  CHECK_THROWS_WITH(model.add(nullptr), "Sequential::add: the layer is null");
  CHECK_THROWS_WITH(model.unfreeze("W"),
                    "unfreeze: Sequential has no parameter named \"W\": its parameters are (none)");
  CHECK_THROWS_WITH(model(ctx.input(Mat::Ones(1, 1))),
                    "Sequential::forward: the model has no layers: add some first");
}
