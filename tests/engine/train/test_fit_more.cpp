// fit with buffers and randomness in the model (BatchNorm, Dropout), in
// float, and every option error.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "engine/optim/adam.hpp"
#include "engine/optim/sgd.hpp"
#include "engine/train/state.hpp"
#include "fit_support.hpp"

using namespace sg;
using namespace sg::test;
namespace fs = std::filesystem;

namespace {

// 2 → 16 → BatchNorm → ReLU → Dropout(0.2) → 2: buffers to save, and a
// generator the forward pass draws from (the run's own).
std::unique_ptr<Sequential<>> noisy_net(Context& ctx, Generator& gen) {
  auto model = std::make_unique<Sequential<>>();
  model->emplace<Linear<>>(ctx, "fc1", 2, 16, gen);
  model->emplace<BatchNorm1d<>>(ctx, "bn1", 16);
  model->emplace<ReLU<>>();
  model->emplace<Dropout<>>(0.2, gen, "drop");
  model->emplace<Linear<>>(ctx, "fc2", 16, 2, gen);
  return model;
}

}  // namespace

TEST_CASE("resume is bit-exact with batch-norm buffers and dropout drawing from the run's generator", "[train][fit]") {
  const Moons data = moons();
  const fs::path path = scratch_path("noisy.sgck");
  Context ctx_a;
  Generator gen_a(21);
  auto model_a = noisy_net(ctx_a, gen_a);
  Adam<double> opt_a(model_a->trainable_params(), {.lr = 0.01});
  fit(*model_a, losses::cross_entropy(), opt_a, data.train, &data.val, quiet_options(3), gen_a);
  {
    Context ctx_b;
    Generator gen_b(21);
    auto model_b = noisy_net(ctx_b, gen_b);
    Adam<double> opt_b(model_b->trainable_params(), {.lr = 0.01});
    auto saver = std::make_shared<Checkpointer<double>>(path);
    fit(*model_b, losses::cross_entropy(), opt_b, data.train, &data.val, quiet_options(1), gen_b, {saver});
    CHECK(saver->saves() == 1);
  }
  Context ctx_c;
  Generator gen_c(1234);
  auto model_c = noisy_net(ctx_c, gen_c);
  Adam<double> opt_c(model_c->trainable_params(), {.lr = 0.01});
  const RunPosition at = load_training(path, *model_c, opt_c, gen_c);
  FitOptions rest = quiet_options(3);
  rest.start_epoch = at.epoch;
  rest.start_step = at.step;
  fit(*model_c, losses::cross_entropy(), opt_c, data.train, &data.val, rest, gen_c);
  CHECK(snapshot_of(*model_c) == snapshot_of(*model_a));
  CHECK(snapshot_of(*model_a).buffers.size() == 2);
}

TEST_CASE("fit trains a float model too", "[train][fit]") {
  const Moons data = moons();
  const DatasetF train = data.train.cast<float>(), val = data.val.cast<float>();
  Context ctx;
  Generator gen(11);
  Sequential<float> model;
  model.emplace<Linear<float>>(ctx, "fc1", 2, 16, gen);
  model.emplace<Tanh<float>>();
  model.emplace<Linear<float>>(ctx, "fc2", 16, 2, gen);
  Adam<float> opt(model.trainable_params(), {.lr = 0.02});
  const History h = fit(model, losses::cross_entropy<float>(), opt, train, &val, quiet_options(30), gen);
  CHECK(h.series("val_accuracy").back() >= 0.97);
  CHECK(h.series("loss").back() < h.series("loss").front());
}

TEST_CASE("bad fit options and callbacks are refused before anything trains", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  const Snapshot before = snapshot_of(*model);
  FitOptions o = quiet_options(2);
  o.start_epoch = 3;
  CHECK_THROWS_WITH(fit(*model, losses::cross_entropy(), opt, data.train, nullptr, o, gen),
                    "fit: epochs = 2 and start_epoch = 3: need 0 ≤ start_epoch ≤ epochs (start_epoch counts the "
                    "epochs a checkpoint already did)");
  CHECK(snapshot_of(*model) == before);
  CHECK_THROWS_WITH(Checkpointer<double>("x.sgck", 0), "Checkpointer: every must be ≥ 1 epoch, got 0");
  CHECK_THROWS_WITH(EarlyStopping<double>({.patience = -1}), Catch::StartsWith("EarlyStopping: patience must be ≥ 0"));
  Sequential<> empty;
  CHECK_THROWS_WITH(fit(empty, losses::cross_entropy(), opt, data.train, nullptr, quiet_options(1), gen),
                    Catch::StartsWith("fit: the model '' has no parameters"));
}

TEST_CASE("the ready-made losses say which part of the batch they need", "[train][fit]") {
  Context ctx;
  Tensor Z = ctx.input(Mat::Zero(2, 1), "Z");
  Batch<double> unlabelled;
  unlabelled.X = Mat::Zero(2, 2);
  CHECK_THROWS_WITH(losses::cross_entropy()(Z, unlabelled),
                    "losses::cross_entropy: the batch has no labels: use mse() for a regression dataset");
  CHECK_THROWS_WITH(losses::mse()(Z, unlabelled), Catch::StartsWith("losses::mse: the batch has no targets"));
  CHECK_THROWS_WITH(losses::bce_with_logits()(Z, unlabelled),
                    Catch::StartsWith("losses::bce_with_logits: the batch has neither targets nor labels"));
  Batch<double> labelled = unlabelled;
  labelled.labels = {0, 1};
  // log 2: bce of logit 0 against either label.
  CHECK(losses::bce_with_logits()(Z, labelled).item() == Approx(std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("a callback can stop the run mid-epoch, the reason is printed and the epoch still recorded", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  auto stopper = std::make_shared<LambdaCallback<double>>();
  std::int64_t batches = 0;
  stopper->batch_end = [&](TrainState<double>& s) {
    ++batches;
    if (s.step == 5) {
      s.stop = true;
      s.stop_reason = "stopped by the test at step 5";
    }
  };
  std::ostringstream out;
  FitOptions o = quiet_options(4, 100);
  o.quiet = false;
  o.out = &out;
  const History h = fit(*model, losses::cross_entropy(), opt, data.train, nullptr, o, gen, {stopper});
  CHECK(batches == 6);        // steps 0..5: the second epoch's second batch
  CHECK(h.epochs() == 2);
  CHECK_THAT(out.str(), Catch::EndsWith("stopped by the test at step 5\n"));
}
