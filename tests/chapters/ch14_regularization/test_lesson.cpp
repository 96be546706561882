// Chapter 14's acceptance on the engine itself: EarlyStopping puts back the
// weights of the best epoch (every parameter equal to its value at the end of
// that epoch), and inverted dropout. The chapter prints the same facts as
// results (tests/chapters/ch14_regularization/checks.cmake); the exercises are
// graded in graded.cpp.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "engine/stepgrad.hpp"

using namespace sg;

TEST_CASE("ch14: early stopping restores the weights of the best epoch", "[ch14]") {
  Generator gen(3);
  const Dataset train = two_moons(30, 0.3, gen), val = two_moons(100, 0.3, gen);
  Context ctx;
  Generator init(14);
  Sequential<> net;
  net.emplace<Linear<>>(ctx, "fc1", 2, 16, init);
  net.emplace<Tanh<>>();
  net.emplace<Linear<>>(ctx, "fc2", 16, 16, init);
  net.emplace<Tanh<>>();
  net.emplace<Linear<>>(ctx, "out", 16, 2, init);
  Adam<double> opt(net.trainable_params(), {.lr = 0.05});
  auto early = std::make_shared<EarlyStopping<double>>(EarlyStoppingOptions{.patience = 5});
  // A snapshot of every parameter at the end of every epoch.
  std::vector<std::vector<Mat>> snapshots;
  auto record = std::make_shared<LambdaCallback<double>>();
  record->epoch_end = [&](TrainState<double>& s) {
    snapshots.emplace_back();
    for (const NamedParam<double>& p : s.model.named_params()) snapshots.back().push_back(p.tensor.value());
  };
  const LossFn<double> ce = losses::cross_entropy();
  const History h = fit(net, ce, opt, train, &val, {.epochs = 200, .batch_size = 30, .quiet = true}, gen,
                        {record, early});
  REQUIRE(early->stopped_epoch() >= 0);   // 30 noisy points: it overfits, and stops
  const auto best = static_cast<std::size_t>(early->best_epoch());
  CHECK(best + 1 < static_cast<std::size_t>(h.epochs()));   // the best is not the last epoch
  CHECK(h.best_epoch("val_loss") == early->best_epoch());
  std::size_t k = 0;
  for (const NamedParam<double>& p : net.named_params()) CHECK(p.tensor.value() == snapshots[best][k++]);
  // The same validation loss, bit for bit: the same weights and the same arithmetic.
  double restored = 0.0;
  for (const auto& [name, value] : evaluate(net, ce, val, {30, "val_"})) {
    if (name == "val_loss") restored = value;
  }
  CHECK(restored == h.series("val_loss")[best]);
  CHECK(restored < h.series("val_loss").back());
}

TEST_CASE("ch14: inverted dropout scales the kept units in training and is the identity in eval", "[ch14]") {
  Context ctx;
  Generator gen(5);
  Dropout<> drop(0.25, gen);
  const Mat X = Mat::Constant(4, 50, 3.0);
  const Mat Y = drop.forward(ctx.input(X)).value();
  const Mat& mask = drop.last_mask();
  CHECK((Y - X.cwiseProduct(mask) / 0.75).cwiseAbs().maxCoeff() < 1e-15);
  CHECK(mask.sum() > 100);   // about 150 of 200 kept
  drop.eval();
  CHECK(drop.forward(ctx.input(X)).value() == X);
}
