// The Optimizer base's promises, for every optimiser: a failed step changes
// nothing, state round-trips bit for bit, frozen and gradient-less parameters
// stay put, options are validated, the trace shows the state by name.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <sstream>

#include "engine/core/random.hpp"
#include "engine/trace/sinks.hpp"
#include "engine/trace/trace.hpp"
#include "tests/engine/optim/golden.hpp"

using namespace sg;
using namespace sg::test;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two parameters (2x3 and 2x1) with seeded gradients, as in the golden file.
struct Pair {
  Context ctx;
  Generator gen{42};
  std::vector<Tensor> params;
  Pair() {
    params = {ctx.param(gen.normal_matrix(2, 3), "theta0"), ctx.param(gen.normal_matrix(2, 1), "theta1")};
  }
  void grads() {
    for (Tensor& p : params) p.grad_mut() = gen.normal_matrix(p.rows(), p.cols());
  }
};

void same_state(const OptimizerState& a, const OptimizerState& b) {
  CHECK(a.steps == b.steps);
  CHECK(a.lr == b.lr);
  CHECK(a.param_steps == b.param_steps);
  REQUIRE(a.buffers.size() == b.buffers.size());
  for (std::size_t j = 0; j < a.buffers.size(); ++j) {
    INFO(a.buffers[j].first);
    CHECK(a.buffers[j].first == b.buffers[j].first);
    CHECK(a.buffers[j].second == b.buffers[j].second);   // bit for bit
  }
}

}  // namespace

TEST_CASE("a NaN gradient in the second parameter leaves the first parameter and all state as they were",
          "[optim][atomic]") {
  for (const std::string& name : reproduced_cases()) {
    INFO("case " << name);
    Pair run;
    auto opt = make_case<double>(name, run.params);
    for (int k = 0; k < 2; ++k) {   // two good steps first, so the state is not all zero
      run.grads();
      opt->step();
    }
    const OptimizerState before = opt->state();
    const Mat theta0 = run.params[0].value(), theta1 = run.params[1].value();
    run.grads();
    run.params[1].grad_mut()(1, 0) = kNaN;
    CHECK_THROWS_WITH(opt->step(), Catch::Contains("the gradient of 'theta1' has nan at (1,0)") &&
                                       Catch::Contains("training diverged; try a smaller learning rate"));
    CHECK(run.params[0].value() == theta0);
    CHECK(run.params[1].value() == theta1);
    same_state(opt->state(), before);
  }
}

TEST_CASE("a step whose new value overflows is refused and changes nothing", "[optim][atomic]") {
  Context ctx;
  Tensor a = ctx.param(Mat::Constant(1, 2, 1.0), "a");
  Tensor w = ctx.param(Mat::Constant(2, 2, 1.0), "w");
  SGD<double> opt({a, w}, SGDOptions{.lr = 10.0, .momentum = 0.5});
  a.grad_mut() = Mat::Constant(1, 2, 1.0);
  w.grad_mut() = Mat::Constant(2, 2, 1e308);   // finite, but θ − 10·1e308 is −inf
  CHECK_THROWS_WITH(opt.step(), Catch::Contains("sgd: the new value of 'w' has -inf at (0,0)"));
  CHECK(a.value() == Mat::Constant(1, 2, 1.0));
  CHECK(w.value() == Mat::Constant(2, 2, 1.0));
  CHECK(opt.steps() == 0);
  CHECK(opt.state_of(0, "velocity") == Mat::Zero(1, 2));
}

TEST_CASE("a state that overflows while the value stays finite is refused and changes nothing", "[optim][atomic]") {
  // float: g = 1e20 is finite, g² = 1e40 is not; Adam's v becomes inf and its
  // step m/√v is 0, so the value alone would look fine while training stalls.
  Context ctx;
  TensorF w = ctx.param<float>(MatF::Constant(2, 2, 1.0f), "w");
  Adam<float> opt({w}, AdamOptions{.lr = 0.1});
  w.grad_mut() = MatF::Constant(2, 2, 1e20f);
  CHECK_THROWS_WITH(opt.step(), Catch::Contains("adam: the new v of 'w' has inf at (0,0)"));
  CHECK(w.value() == MatF::Constant(2, 2, 1.0f));
  CHECK(opt.steps() == 0);
  CHECK(opt.state_of(0, "v") == MatF::Zero(2, 2));
}

TEST_CASE("a parameter resized after the optimiser was made is refused, not written past its end", "[optim]") {
  Context ctx;
  Tensor w = ctx.param(Mat::Constant(2, 2, 1.0), "w");
  SGD<double> opt({w}, SGDOptions{.lr = 0.1, .momentum = 0.9});
  w.value_mut() = Mat::Constant(3, 2, 1.0);
  w.grad_mut() = Mat::Constant(3, 2, 1.0);
  CHECK_THROWS_WITH(opt.step(), Catch::Contains("parameter 'w' is (3,2) but was (2,2) when the optimiser was made"));
  CHECK(w.value() == Mat::Constant(3, 2, 1.0));
}

TEST_CASE("state saved after 2 steps and loaded into a fresh optimiser continues bit for bit",
          "[optim][state]") {
  for (const std::string& name : reproduced_cases()) {
    INFO("case " << name);
    Pair first, second;   // same seed: the same parameters and gradients
    auto a = make_case<double>(name, first.params);
    for (int k = 0; k < 2; ++k) {
      first.grads();
      a->step();
    }
    const OptimizerState saved = a->state();
    const std::vector<Mat> values{first.params[0].value(), first.params[1].value()};
    for (int k = 0; k < 3; ++k) {
      first.grads();
      a->step();
    }
    // The second run starts from the saved values and the same remaining gradients.
    for (int k = 0; k < 2; ++k) second.grads();
    second.params[0].value_mut() = values[0];
    second.params[1].value_mut() = values[1];
    auto b = make_case<double>(name, second.params);
    b->load_state(saved);
    CHECK(b->steps() == 2);
    for (int k = 0; k < 3; ++k) {
      second.grads();
      b->step();
    }
    CHECK(second.params[0].value() == first.params[0].value());   // bit-identical
    CHECK(second.params[1].value() == first.params[1].value());
    same_state(b->state(), a->state());
  }
}

TEST_CASE("load_state refuses a state that does not fit, naming the buffer, and changes nothing",
          "[optim][state]") {
  Pair run;
  Adam<double> opt(run.params, {.lr = 1e-2});
  run.grads();
  opt.step();
  const OptimizerState good = opt.state();
  REQUIRE(good.buffers.size() == 4);
  CHECK(good.buffers[0].first == "0/m");
  CHECK(good.buffers[3].first == "1/v");

  OptimizerState shape = good;
  shape.buffers[3].second = Mat::Zero(3, 1);
  CHECK_THROWS_WITH(opt.load_state(shape), Catch::Contains("'1/v' is (3,1)") && Catch::Contains("(2,1)"));
  OptimizerState count = good;
  count.buffers.pop_back();
  CHECK_THROWS_WITH(opt.load_state(count), Catch::Contains("3 buffers"));
  OptimizerState renamed = good;
  renamed.buffers[1].first = "0/velocity";
  CHECK_THROWS_WITH(opt.load_state(renamed), Catch::Contains("'0/velocity', expected '0/v'"));
  OptimizerState other = good;
  other.optimizer = "sgd";
  CHECK_THROWS_AS(opt.load_state(other), ValueError);
  same_state(opt.state(), good);
}

TEST_CASE("adam's first step is -lr*sign(g) up to eps, whatever the gradient's size", "[optim][adam]") {
  Context ctx;
  Generator gen(3);
  Tensor w = ctx.param(gen.normal_matrix(4, 5), "w");
  Mat g = gen.normal_matrix(4, 5);
  g.row(0) *= 1e3;    // huge and
  g.row(1) *= 1e-3;   // small gradients move by the same lr
  const Mat before = w.value();
  Adam<double> opt({w}, {.lr = 0.1});
  w.grad_mut() = g;
  opt.step();
  for (Index r = 0; r < g.rows(); ++r) {
    for (Index c = 0; c < g.cols(); ++c) {
      const double sign = g(r, c) > 0 ? 1.0 : -1.0;
      // Δ = −lr·g/(|g| + eps): off from −lr·sign(g) by lr·eps/|g| ≤ 0.1·1e-8/1e-5
      CHECK(w.value()(r, c) - before(r, c) == Approx(-0.1 * sign).margin(0.1 * 1e-8 / std::abs(g(r, c)) + 1e-15));
    }
  }
}

TEST_CASE("a frozen parameter is not updated and its update event says so", "[optim][trace]") {
  std::ostringstream out;
  Trace trace(TraceLevel::Steps);
  trace.add_sink(std::make_shared<JsonlSink>(out));
  Context ctx(&trace);
  Tensor a = ctx.param(Mat::Constant(1, 2, 1.0), "a");
  Tensor frozen = ctx.param(Mat::Constant(1, 2, 2.0), "frozen");
  frozen.set_requires_grad(false);
  Adam<double> opt({a, frozen}, {.lr = 0.1});
  a.grad_mut() = Mat::Constant(1, 2, 0.5);
  frozen.grad_mut() = Mat::Constant(1, 2, 0.5);   // even a stale gradient does not move it
  opt.step();
  CHECK(frozen.value() == Mat::Constant(1, 2, 2.0));
  CHECK(a.value()(0, 0) == Approx(0.9).margin(1e-8));   // −lr·sign(g), up to eps
  const std::string s = out.str();
  CHECK(s.find("\"frozen: not updated\"") != std::string::npos);
  CHECK(s.find("\"label\":\"frozen\"") != std::string::npos);
  // a's event shows Adam's state by name, with the bias-corrected moments
  for (const char* name : {"\"m\"", "\"v\"", "\"m_hat\"", "\"v_hat\"", "\"adam\""}) {
    INFO(name);
    CHECK(s.find(name) != std::string::npos);
  }
  CHECK(std::count(s.begin(), s.end(), '\n') == 2);   // one event per parameter
}

TEST_CASE("a parameter without a gradient is skipped and keeps its own step count", "[optim]") {
  Context ctx;
  Tensor a = ctx.param(Mat::Constant(1, 1, 1.0), "a");
  Tensor b = ctx.param(Mat::Constant(1, 1, 1.0), "b");
  Adam<double> opt({a, b}, {.lr = 0.1});
  a.grad_mut() = Mat::Constant(1, 1, 1.0);   // b has none: not reached by backward
  opt.step();
  CHECK(b.value()(0, 0) == 1.0);
  CHECK(a.value()(0, 0) < 1.0);
  CHECK(opt.state().param_steps == std::vector<std::int64_t>{1, 0});
  CHECK(opt.steps() == 1);
}

TEST_CASE("every option is validated: a bad value, NaN included, names the option and the rule",
          "[optim][options]") {
  Context ctx;
  std::vector<Tensor> p{ctx.param(Mat::Zero(1, 1), "w")};
  CHECK_THROWS_WITH(Adam<double>(p, {.lr = kNaN}), Catch::Contains("adam: lr must be a finite number > 0, got nan"));
  CHECK_THROWS_WITH(Adam<double>(p, {.lr = 0.0}), Catch::Contains("lr must be"));
  CHECK_THROWS_WITH(Adam<double>(p, {.beta1 = 1.0}), Catch::Contains("beta1 must be in [0, 1), got 1"));
  CHECK_THROWS_WITH(Adam<double>(p, {.beta2 = kNaN}), Catch::Contains("beta2 must be in [0, 1)"));
  CHECK_THROWS_WITH(Adam<double>(p, {.eps = 0.0}), Catch::Contains("eps must be"));
  CHECK_THROWS_WITH(Nadam<double>(p, {.momentum_decay = -1.0}), Catch::Contains("momentum_decay"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .momentum = 1.0}), Catch::Contains("momentum must be in [0, 1)"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .dampening = kNaN}), Catch::Contains("dampening"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .nesterov = true}), Catch::Contains("nesterov needs momentum > 0"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .weight_decay = -0.1}), Catch::Contains("weight_decay must be"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .clip_norm = kNaN}), Catch::Contains("clip_norm must be"));
  CHECK_THROWS_WITH(SGD<double>(p, {.lr = 0.1, .clip_value = -1}), Catch::Contains("clip_value must be"));
  CHECK_THROWS_WITH(Adagrad<double>(p, {.lr_decay = -1}), Catch::Contains("lr_decay"));
  CHECK_THROWS_WITH(Adadelta<double>(p, {.rho = 1.0}), Catch::Contains("rho must be in [0, 1)"));
  CHECK_THROWS_WITH(RMSProp<double>(p, {.alpha = -0.1}), Catch::Contains("alpha must be in [0, 1)"));
  CHECK_THROWS_WITH(RMSProp<double>(p, {.momentum = 1.5}), Catch::Contains("momentum must be"));
  SGD<double> opt(p, 0.1);
  CHECK_THROWS_WITH(opt.set_lr(-1.0), Catch::Contains("sgd: lr must be"));
  CHECK(opt.lr() == 0.1);
}

TEST_CASE("the float instantiation of every optimiser compiles and descends a quadratic", "[optim][float]") {
  for (const std::string& name : reproduced_cases()) {
    INFO("case " << name);
    Context ctx;
    TensorF w = ctx.param<float>(MatF::Constant(2, 2, 1.0f), "w");
    auto opt = make_case<float>(name, {w});
    REQUIRE(opt);
    const float start = w.value().squaredNorm();
    for (int k = 0; k < 20; ++k) {
      w.grad_mut() = 2.0f * w.value();   // d‖w‖²/dw
      opt->step();
    }
    CHECK(w.value().allFinite());
    CHECK(w.value().squaredNorm() < start);
  }
}

TEST_CASE("zero_grad, steps, name and params do what they say", "[optim]") {
  Pair run;
  RMSProp<double> opt(run.params, {.momentum = 0.5});
  CHECK(opt.name() == "rmsprop");
  CHECK(opt.params().size() == 2);
  run.grads();
  opt.step();
  opt.step();
  CHECK(opt.steps() == 2);
  opt.zero_grad();
  CHECK(run.params[0].grad() == Mat::Zero(2, 3));
  CHECK(opt.state_of(1, "velocity").rows() == 2);
  CHECK_THROWS_WITH(opt.state_of(0, "m"), Catch::Contains("no state buffer 'm'"));
}

TEST_CASE("an optimiser can be moved (held by value by its owner) and keeps its state", "[optim]") {
  Pair run;
  Adam<double> a(run.params, {.lr = 0.1});
  run.grads();
  a.step();
  const OptimizerState before = a.state();
  Adam<double> b = std::move(a);
  same_state(b.state(), before);
  b.step();
  CHECK(b.steps() == 2);
}
