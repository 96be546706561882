// stepgrad demo: a small network (2 inputs, --hidden tanh units, 1 output;
// 2-2-1 by default) learns XOR, and the engine shows its work.
//
// The first training step is traced event by event (forward, backward with
// the chain rule written out, the updates); the backward pass of that step is
// drawn as one frame per node; training goes on quietly; the final graph is
// drawn with its values and gradients.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "chapters/common/cli_checks.hpp"
#include "engine/diagram/dot.hpp"
#include "engine/stepgrad.hpp"
#include "engine/trace/sinks.hpp"

namespace fs = std::filesystem;
using namespace sg;

namespace {

struct Options {
  std::uint64_t seed = 2;
  int steps = 1000;
  double lr = 0.5;
  int hidden = 2;
  std::string trace = "ops";
  int trace_steps = 1;
  std::string trace_file;
  bool step = false;
  std::string out = "out/demo";
  std::string render = "svg";
  bool quiet = false;
};

// The four XOR cases and their targets.
struct XorData {
  Mat X{4, 2};
  Mat Y{4, 1};
  XorData() {
    X << 0, 0, 0, 1, 1, 0, 1, 1;
    Y << 0, 1, 1, 0;
  }
};

// x -> tanh(x·W1 + b1) -> ·W2 + b2 = logit; loss = BCE from logits.
struct Network {
  Linear<double> hidden;
  Linear<double> output;
  Network(Context& ctx, int width, Generator& gen)
      : hidden(ctx, "hidden", 2, width, gen), output(ctx, "output", width, 1, gen) {}
  Tensor logits(const Tensor& X) const { return output(tanh(hidden(X))); }
  std::vector<Tensor> params() const {
    return {hidden.W, hidden.b, output.W, output.b};
  }
};

void say(const Options& o, const std::string& line) {
  if (!o.quiet) std::cout << line << '\n';
}

// The backward pass of the first training step, one frame per node. The same
// seed rebuilds the same initial network in a Context of its own, so the
// frames carry the same node ids as the traced first step.
void draw_backward_frames(const Options& o, Format format) {
  Context ctx;
  Generator gen(o.seed);
  const Network net(ctx, o.hidden, gen);
  const XorData data;
  const Tensor X = ctx.input(data.X, "X");
  const Tensor Y = ctx.input(data.Y, "Y");
  Tensor loss = bce_with_logits(net.logits(X), Y).set_label("loss");
  BackwardRecorder recorder(loss);
  loss.backward();
  const std::vector<Frame> frames = recorder.frames();
  write_frames(frames, fs::path(o.out) / "frames", format);
  std::cout << fmt::format("wrote {}/frames/frame_000.{{dot,{}}} ... frame_{:03}: the backward pass of step 1\n",
                           o.out, to_string(format), frames.size() - 1);
}

// Trains, tracing the first o.trace_steps steps and nothing after them.
void train(Trace& trace, Network& net, const Tensor& X, const Tensor& Y, const Options& o) {
  SGD<double> opt(net.params(), o.lr);
  for (int step = 1; step <= o.steps; ++step) {
    if (step == o.trace_steps + 1) trace.set_level(TraceLevel::Off);
    opt.zero_grad();
    Tensor loss = bce_with_logits(net.logits(X), Y).set_label("loss");
    require_finite(loss.value(), fmt::format("step {}: the loss", step));
    loss.backward();
    opt.step();
    trace.step(step, {{"loss", loss.item()}});
    if (step % std::max(1, o.steps / 10) == 0) {
      say(o, fmt::format("step {:>6}  loss {:.6f} (before this step's update)", step, loss.item()));
    }
  }
  trace.set_level(TraceLevel::Off);
  trace.flush();
}

// What the trained network predicts for each case; returns how many are right.
int report_predictions(Context& ctx, const Network& net, const Tensor& X, const Tensor& Y,
                       const Options& o) {
  NoGrad no_grad(ctx);
  const Tensor logits = net.logits(X);
  const Tensor P = sigmoid(logits);
  int correct = 0;
  std::cout << " x1 x2 | target | p(y=1)\n";
  for (int i = 0; i < 4; ++i) {
    const double p = P.value()(i, 0);
    const double target = Y.value()(i, 0);
    correct += (p >= 0.5) == (target == 1.0);
    std::cout << fmt::format("  {:.0f}  {:.0f} |   {:.0f}    | {:.4f}\n", X.value()(i, 0), X.value()(i, 1),
                             target, p);
  }
  std::cout << fmt::format("loss after {} steps {:.6f}, {}/4 XOR cases right\n", o.steps,
                           bce_with_logits(logits, Y).item(), correct);
  return correct;
}

// The graph of the final loss, with values and gradients, one cluster per layer.
void draw_final_graph(const Network& net, const Tensor& X, const Tensor& Y, const Options& o,
                      Format format) {
  for (Tensor p : net.params()) p.zero_grad();   // the gradients of this pass alone
  Tensor loss = bce_with_logits(net.logits(X), Y).set_label("loss");
  loss.backward();
  DotOptions dot;
  dot.cluster_scopes = true;
  dot.legend = true;
  dot.title = fmt::format("XOR, 2-{}-1 network after {} steps (seed {})", o.hidden, o.steps, o.seed);
  const std::string text = to_dot(loss, dot);
  const fs::path dot_path = fs::path(o.out) / "graph.dot";
  const fs::path picture = fs::path(o.out) / fmt::format("graph.{}", to_string(format));
  sg::write_file(dot_path, text, "stepgrad_demo");
  render(text, format, picture);
  std::cout << fmt::format("wrote {} and {}\n", dot_path.string(), picture.string());
}

void run(const Options& o) {
  const Format format = parse_format(o.render);
  fs::create_directories(o.out);
  TraceSetup setup;
  // --quiet silences the terminal trace, not a trace file or the stepper.
  const bool silent = o.trace_steps == 0 || (o.quiet && o.trace_file.empty() && !o.step);
  setup.level = silent ? TraceLevel::Off : parse_trace_level(o.trace);
  if (!o.trace_file.empty()) setup.jsonl_path = o.trace_file;
  setup.step = o.step && o.trace_steps > 0;
  Trace trace = make_trace(setup, std::cin, std::cout, [](const GraphSnapshot& g) { return to_dot(g); });

  Context ctx(&trace);
  Generator gen(o.seed);
  Network net(ctx, o.hidden, gen);
  const XorData data;
  const Tensor X = ctx.input(data.X, "X");
  const Tensor Y = ctx.input(data.Y, "Y");

  train(trace, net, X, Y, o);
  if (report_predictions(ctx, net, X, Y, o) < 4) {
    std::cout << fmt::format(
        "Not all four right. If more --steps do not help, this start is stuck: a 2-{}-1 network\n"
        "on XOR has flat regions and local minima that plain gradient descent cannot leave.\n"
        "Try another --seed, or more --hidden units.\n", o.hidden);
  }
  draw_backward_frames(o, format);
  draw_final_graph(net, X, Y, o, format);
  if (!o.trace_file.empty()) std::cout << fmt::format("wrote {}\n", o.trace_file);
}

}  // namespace

int main(int argc, char** argv) {
  sg::keep_freed_memory();   // engine/core/memory.hpp: a step frees its graph; keep the memory for the next
  Options o;
  CLI::App app{
      "stepgrad demo: a 2-H-1 network (H = --hidden) learns XOR while the engine shows its work.\n"
      "Traces the first step (forward, backward with the chain rule, updates), draws\n"
      "the backward pass frame by frame and the trained graph into --out."};
  app.add_option("--seed", o.seed, "Seed of the generator that initialises the weights")->capture_default_str();
  app.add_option("--steps", o.steps, "Training steps")->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--lr", o.lr, "Learning rate of plain SGD")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--hidden", o.hidden, "Hidden units")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--trace", o.trace, "Trace level for the traced steps: off, steps, ops, full")
      ->check(CLI::IsMember({"off", "steps", "ops", "full"}))->capture_default_str();
  app.add_option("--trace-steps", o.trace_steps, "How many of the first steps to trace")
      ->check(CLI::Range(0, 1000000))->capture_default_str();
  app.add_option("--trace-file", o.trace_file, "Write the trace as JSON Lines to this file (docs/trace-format.md)");
  app.add_flag("--step", o.step, "Pause after every traced event (n: next, c: continue, q: quit, h: help)");
  app.add_option("--out", o.out, "Directory for the diagrams")->capture_default_str();
  app.add_option("--render", o.render, "Picture format: svg, png or pdf")
      ->check(CLI::IsMember({"svg", "png", "pdf"}))->capture_default_str();
  app.add_flag("--quiet", o.quiet, "Results only: no terminal trace, no progress lines");
  sg::book::add_value_checks(app);   // --lr nan, --seed -1
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);   // prints help, or the error and a hint
    return code == 0 ? 0 : 2;
  }
  try {
    run(o);
    return 0;
  } catch (const StepperQuit&) {
    std::cout << "stopped at your request\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
