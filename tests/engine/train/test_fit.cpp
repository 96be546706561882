// fit / evaluate / predict: resume bit for bit, every optimiser learns the
// moons, the trace and progress see the run, bad runs stop clearly.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "engine/optim/adam.hpp"
#include "engine/optim/adaptive.hpp"
#include "engine/optim/sgd.hpp"
#include "engine/trace/trace.hpp"
#include "engine/train/state.hpp"
#include "fit_support.hpp"

using namespace sg;
using namespace sg::test;
namespace fs = std::filesystem;

TEST_CASE("resuming from a checkpoint after 2 epochs gives the same parameters as 4 straight", "[train][fit]") {
  const Moons data = moons();
  const fs::path path = scratch_path("resume.sgck");

  // 4 epochs in one go.
  Context ctx_a;
  Generator gen_a(3);
  auto model_a = moons_net(ctx_a, gen_a);
  Adam<double> opt_a(model_a->trainable_params(), {.lr = 0.01});
  fit(*model_a, losses::cross_entropy(), opt_a, data.train, &data.val, quiet_options(4), gen_a);

  // 2 epochs, a checkpoint, then fresh objects (other initial weights, another seed) load it.
  {
    Context ctx_b;
    Generator gen_b(3);
    auto model_b = moons_net(ctx_b, gen_b);
    Adam<double> opt_b(model_b->trainable_params(), {.lr = 0.01});
    fit(*model_b, losses::cross_entropy(), opt_b, data.train, &data.val, quiet_options(2), gen_b);
    save_training(path, *model_b, opt_b, gen_b, {2, 26});
  }
  Context ctx_c;
  Generator gen_c(999);
  auto model_c = moons_net(ctx_c, gen_c);
  Adam<double> opt_c(model_c->trainable_params(), {.lr = 0.01});
  const RunPosition at = load_training(path, *model_c, opt_c, gen_c);
  CHECK(at.epoch == 2);
  CHECK(at.step == 26);
  FitOptions rest = quiet_options(4);
  rest.start_epoch = at.epoch;
  rest.start_step = at.step;
  const History h = fit(*model_c, losses::cross_entropy(), opt_c, data.train, &data.val, rest, gen_c);
  CHECK(h.epochs() == 2);
  const std::vector<Mat> a = snapshot_of(*model_a).params, c = snapshot_of(*model_c).params;
  REQUIRE(a.size() == c.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i] == c[i]);   // bit for bit, not approximately
  CHECK(opt_c.steps() == opt_a.steps());
  CHECK(gen_c.state() == gen_a.state());
}

TEST_CASE("restoring into another architecture or optimiser is refused and changes nothing", "[train][fit]") {
  const fs::path path = scratch_path("arch.sgck");
  Context ctx;
  Generator gen(1);
  auto model = moons_net(ctx, gen);
  Adam<double> adam(model->trainable_params(), {.lr = 0.01});
  save_training(path, *model, adam, gen, {1, 13});

  Sequential<> other;
  other.emplace<Linear<>>(ctx, "fc1", 2, 8, gen);
  Adam<double> other_adam(other.trainable_params(), {.lr = 0.01});
  const Mat W_before = other.named_params()[0].tensor.value();
  CHECK_THROWS_WITH(load_training(path, other, other_adam, gen),
                    Catch::Contains(path.string() + ": byte ") &&
                        Catch::Contains("entry 'model/fc1.W' is (2,16) but the model's is (2,8)"));
  CHECK(other.named_params()[0].tensor.value() == W_before);

  auto same = moons_net(ctx, gen);
  SGD<double> sgd(same->trainable_params(), {.lr = 0.1});
  CHECK_THROWS_WITH(load_training(path, *same, sgd, gen),
                    Catch::Contains("holds the state of optimiser 'adam' but this run uses 'sgd'"));
}

TEST_CASE("a moons classifier reaches 97% validation accuracy with each optimiser", "[train][fit]") {
  const Moons data = moons();
  struct Case {
    const char* name;
    std::function<std::unique_ptr<Optimizer<double>>(std::vector<Tensor>)> make;
  };
  // Learning rates tuned by hand for this net, batch 32, 30 epochs; see docs/engine/train.md.
  const std::vector<Case> cases = {
      {"sgd", [](auto p) { return std::make_unique<SGD<double>>(p, SGDOptions{.lr = 0.5}); }},
      {"momentum", [](auto p) { return std::make_unique<SGD<double>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9}); }},
      {"nesterov", [](auto p) {
         return std::make_unique<SGD<double>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true});
       }},
      {"adagrad", [](auto p) { return std::make_unique<Adagrad<double>>(p, AdagradOptions{.lr = 0.3}); }},
      {"adadelta", [](auto p) { return std::make_unique<Adadelta<double>>(p, AdadeltaOptions{.lr = 4.0}); }},
      {"rmsprop", [](auto p) { return std::make_unique<RMSProp<double>>(p, RMSPropOptions{.lr = 0.01}); }},
      {"adam", [](auto p) { return std::make_unique<Adam<double>>(p, AdamOptions{.lr = 0.02}); }},
      {"nadam", [](auto p) { return std::make_unique<Nadam<double>>(p, NadamOptions{.lr = 0.02}); }},
  };
  for (const Case& c : cases) {
    Context ctx;
    Generator gen(11);
    auto model = moons_net(ctx, gen);
    auto opt = c.make(model->trainable_params());
    const auto t0 = std::chrono::steady_clock::now();
    const History h = fit(*model, losses::cross_entropy(), *opt, data.train, &data.val, quiet_options(30), gen);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(c.name << ": val_accuracy " << h.series("val_accuracy").back() << " in " << seconds << " s");
    CHECK(h.series("val_accuracy").back() >= 0.97);
    if (std::getenv("SG_SHOW_MOONS")) std::printf("%-9s lr %-5g val_accuracy %.3f  %.3f s\n", c.name, opt->lr(), h.series("val_accuracy").back(), seconds);
    CHECK(evaluate(*model, losses::cross_entropy(), data.val)[1].second == h.series("val_accuracy").back());
  }
}

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best weights", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  // A scripted val_loss: best at epoch 2, then worse.
  const std::vector<double> scripted = {0.9, 0.5, 0.6, 0.7, 0.4, 0.3};
  std::vector<Mat> at_best;
  auto script = std::make_shared<LambdaCallback<double>>();
  script->epoch_end = [&](TrainState<double>& s) {
    for (auto& [name, value] : s.metrics) {
      if (name == "val_loss") value = scripted[static_cast<std::size_t>(s.epoch)];
    }
    if (s.epoch == 1) at_best = snapshot_of(s.model).params;
  };
  auto early = std::make_shared<EarlyStopping<double>>(EarlyStoppingOptions{.monitor = "val_loss", .patience = 2});
  const History h = fit(*model, losses::cross_entropy(), opt, data.train, &data.val, quiet_options(6),
                        gen, {script, early});
  CHECK(h.epochs() == 4);   // epochs 3 and 4 did not improve on 0.5
  CHECK(early->best_epoch() == 1);
  CHECK(early->stopped_epoch() == 3);
  CHECK(snapshot_of(*model).params == at_best);
  CHECK(h.best_epoch("val_loss") == 1);
}

TEST_CASE("early stopping on a metric the run does not have says which there are", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  auto early = std::make_shared<EarlyStopping<double>>();
  CHECK_THROWS_WITH(fit(*model, losses::cross_entropy(), opt, data.train, nullptr, quiet_options(2), gen, {early}),
                    "EarlyStopping: no metric 'val_loss' at the end of epoch 1; there are: loss, accuracy (for "
                    "val_* metrics, pass fit() a validation set)");
}

TEST_CASE("a NaN loss stops fit naming epoch and batch, with the last checkpoint intact", "[train][fit]") {
  const Moons data = moons();
  const fs::path path = scratch_path("nan.sgck");
  fs::remove(path);
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  int calls = 0;
  const LossFn<double> poisoned = [&](const Tensor& Z, const Batch<double>& b) {
    Tensor L = cross_entropy(Z, b.labels);
    return ++calls == 2 * 4 + 2 ? mul_scalar(L, std::numeric_limits<double>::quiet_NaN()) : L;
  };
  std::vector<Mat> last_good;
  auto watch = std::make_shared<LambdaCallback<double>>();
  watch->batch_end = [&](TrainState<double>& s) { last_good = snapshot_of(s.model).params; };
  auto saver = std::make_shared<Checkpointer<double>>(path);
  CHECK_THROWS_WITH(fit(*model, poisoned, opt, data.train, nullptr, quiet_options(5, 100), gen, {watch, saver}),
                    Catch::StartsWith("fit: the loss is nan at epoch 3, batch 2 of 4 (step 9): training diverged"));
  CHECK(snapshot_of(*model).params == last_good);
  const Checkpoint ck = load_checkpoint(path);
  CHECK(ck.scalar("epoch") == 2.0);
  CHECK(ck.scalar("step") == 8.0);
}

TEST_CASE("fit sends a step event per batch and an epoch event per epoch to the trace", "[train][fit]") {
  struct Counter : TraceSink {
    int steps = 0, epochs = 0;
    Metrics last_epoch, last_step;
    void write(const Event& e, const TraceOptions&) override {
      if (const auto* st = std::get_if<StepEvent>(&e.data)) {
        ++steps;
        last_step = st->metrics;
      }
      if (const auto* ep = std::get_if<EpochEvent>(&e.data)) {
        ++epochs;
        last_epoch = ep->metrics;
      }
    }
  };
  auto counter = std::make_shared<Counter>();
  Trace trace(TraceLevel::Steps);
  trace.add_sink(counter);
  const Moons data = moons();
  Context ctx(&trace);
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  fit(*model, losses::cross_entropy(), opt, data.train, &data.val, quiet_options(2, 100), gen);
  CHECK(counter->steps == 8);
  CHECK(counter->epochs == 2);
  CHECK(counter->last_step.size() == 2);   // loss, lr
  REQUIRE(counter->last_epoch.size() == 4);
  CHECK(counter->last_epoch[2].first == "val_loss");
}

TEST_CASE("fit's progress goes to the stream it is given, one plain line per epoch", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  std::ostringstream out;
  double now = 0.0;
  FitOptions o = quiet_options(2, 100);
  o.quiet = false;
  o.out = &out;
  o.clock = [&now] { return now += 0.25; };
  fit(*model, losses::cross_entropy(), opt, data.train, nullptr, o, gen);
  const std::string text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK_THAT(text, Catch::StartsWith("epoch 1/2 4/4 loss "));
  CHECK_THAT(text, Catch::Contains("\nepoch 2/2 4/4 loss ") && Catch::Contains(" 1600 ex/s in 0s accuracy "));
}

TEST_CASE("predict and evaluate run in eval mode and put the mode back", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  model->train();
  const Mat Z = predict(*model, data.val.X, 64);
  CHECK(model->training());
  REQUIRE(Z.rows() == 200);
  const Metrics m = evaluate(*model, losses::cross_entropy(), data.val, {.batch_size = 64, .prefix = "test_"});
  CHECK(m[0].first == "test_loss");
  CHECK(m[1].second == accuracy(Z, data.val.labels));
  CHECK(ctx.grad_enabled());
  Sequential<> empty;
  CHECK_THROWS_WITH(predict(empty, data.val.X), Catch::Contains("has no parameters"));
}

TEST_CASE("fit in anomaly mode names the op that made the first NaN and the step", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  const LossFn<double> log_of_zero = [](const Tensor& Z, const Batch<double>&) {
    return mean(sg::log(mul_scalar(square(Z), 0.0)));
  };
  FitOptions o = quiet_options(1, 100);
  o.anomaly = true;
  CHECK_THROWS_WITH(fit(*model, log_of_zero, opt, data.train, nullptr, o, gen),
                    Catch::Contains("anomaly: forward of op 'log' made -inf") &&
                        Catch::Contains("at training step 0"));
  CHECK(ctx.trace() == nullptr);   // the detector is gone with the run
}

TEST_CASE("the lr scheduler and the health monitor see every epoch and batch", "[train][fit]") {
  const Moons data = moons();
  Context ctx;
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 1.0});
  StepDecay schedule(0.2, 0.5, 1);
  auto lr = std::make_shared<LrScheduler<double>>(schedule);
  auto health = std::make_shared<HealthMonitor<double>>(1, true);
  const History h = fit(*model, losses::cross_entropy(), opt, data.train, nullptr, quiet_options(3, 100), gen,
                        {lr, health});
  CHECK(h.series("lr") == std::vector<double>{0.2, 0.1, 0.05});
  REQUIRE(health->rows().size() == 6);   // fc1..fc3, W and b
  CHECK(health->rows()[0].name == "fc1.W");
  CHECK(health->rows()[0].update_ratio > 0.0);
  CHECK(h.has("fc3.b.grad_norm"));
  CHECK_THAT(health->table(), Catch::Contains("fc2.W"));
}

TEST_CASE("the health monitor's rows go into the trace's step events", "[train][fit]") {
  struct LastStep : TraceSink {
    Metrics metrics;
    void write(const Event& e, const TraceOptions&) override {
      if (const auto* st = std::get_if<StepEvent>(&e.data)) metrics = st->metrics;
    }
  };
  auto sink = std::make_shared<LastStep>();
  Trace trace(TraceLevel::Steps);
  trace.add_sink(sink);
  const Moons data = moons();
  Context ctx(&trace);
  Generator gen(5);
  auto model = moons_net(ctx, gen);
  SGD<double> opt(model->trainable_params(), {.lr = 0.1});
  auto health = std::make_shared<HealthMonitor<double>>(1, true);
  fit(*model, losses::cross_entropy(), opt, data.train, nullptr, quiet_options(1, 100), gen, {health});
  REQUIRE(sink->metrics.size() == 2 + 6 * 2);   // loss, lr; per parameter grad norm, update ratio
  CHECK(sink->metrics[0].first == "loss");
  CHECK(sink->metrics[2].first == "fc1.W.grad_norm");
  CHECK(sink->metrics[3].first == "fc1.W.update_ratio");
  CHECK(sink->metrics[3].second == health->rows()[0].update_ratio);
}
