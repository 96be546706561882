// Anomaly mode names the op, the node, the inputs and the step.
#include <catch2/catch.hpp>

#include <optional>

#include "engine/ops/ops.hpp"
#include "engine/optim/sgd.hpp"
#include "engine/train/anomaly.hpp"
#include "engine/trace/trace.hpp"

using namespace sg;

TEST_CASE("anomaly mode stops at log(0) in forward and names the op and its input", "[train][anomaly]") {
  Context ctx;
  AnomalyDetector anomaly(ctx);
  anomaly.set_step(7);
  Mat v(1, 2);
  v << 0.5, 0.0;
  Tensor x = ctx.input(v, "x");
  ctx.name_next("y");
  try {
    Tensor y = sg::log(x);
    FAIL("log(0) passed");
  } catch (const ValueError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("forward of op 'log' made -inf at (0,1) in node #1 'y' at training step 7"));
    CHECK_THAT(what, Catch::Contains("[0] #0 'x' (1,2) min 0 max 0.5 mean 0.25"));
  }
}

TEST_CASE("anomaly mode catches a gradient that blows up when the value did not", "[train][anomaly]") {
  // sqrt(0) = 0 is finite, but d sqrt/dx = 1/(2 sqrt x) is inf there.
  Context ctx;
  AnomalyDetector anomaly(ctx);
  Tensor x = ctx.param(Mat::Zero(1, 1), "x");
  Tensor L;
  {
    Scope s(ctx, "layer1");
    L = sum(sg::sqrt(x));
  }
  CHECK_THROWS_WITH(L.backward(), Catch::Contains("backward of op 'sqrt' at node #1 in scope 'layer1' sent inf") &&
                                      Catch::Contains("to its input #0"));
}

TEST_CASE("anomaly mode names the step where a huge learning rate blew the weights up", "[train][anomaly]") {
  Context ctx;
  AnomalyDetector anomaly(ctx);
  Tensor W = ctx.param(Mat::Constant(1, 1, 1.0), "W");
  const double lr = 1e308;   // W − lr·2 overflows to −inf at the first update
  const auto train_step = [&](std::int64_t step) {
    anomaly.set_step(step);
    W.zero_grad();
    Tensor L = mean(square(W));
    L.backward();
    W.value_mut() -= lr * W.grad();
  };
  train_step(0);
  CHECK_THROWS_WITH(train_step(1), Catch::Contains("forward of op 'square' made inf at (0,0)") &&
                                       Catch::Contains("at training step 1") &&
                                       Catch::Contains("[0] #0 'W' (1,1) min -inf max -inf"));
}

namespace {

std::uint64_t events_of_one_pass(bool with_anomaly) {
  Trace trace(TraceLevel::Ops);
  Context ctx(&trace);
  {
    std::optional<AnomalyDetector> anomaly;
    if (with_anomaly) {
      anomaly.emplace(ctx);
      CHECK(ctx.trace() == &*anomaly);
      CHECK(anomaly->previous() == &trace);
    }
    Tensor x = ctx.param(Mat::Constant(1, 1, 2.0), "x");
    Tensor L = sum(square(x));
    L.backward();
  }
  CHECK(ctx.trace() == &trace);
  return trace.events_written();
}

}  // namespace

TEST_CASE("anomaly mode passes every event on to the trace it replaced", "[train][anomaly]") {
  const std::uint64_t plain = events_of_one_pass(false);
  CHECK(plain >= 5);   // 3 forward events (x, square, sum) and the backward ones
  CHECK(events_of_one_pass(true) == plain);
}

TEST_CASE("behind anomaly mode, trace_of still finds the trace, so optimiser updates are traced", "[train][anomaly]") {
  Trace trace(TraceLevel::Steps);
  Context ctx(&trace);
  Tensor w = ctx.param(Mat::Constant(1, 1, 3.0), "w");
  AnomalyDetector detector(ctx);
  CHECK(ctx.trace() == &detector);
  CHECK(trace_of(ctx) == &trace);
  square(w).backward();
  SGD<double> opt({w}, 0.1);
  opt.step();
  CHECK(trace.events_written() == 1);   // the update (level steps records no op events)
}
