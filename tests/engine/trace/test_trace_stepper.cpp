// The trace's text sink, the interactive stepper (driven from a string, as a
// pipe would drive it) and make_trace's wiring of the chapter flags.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <sstream>
#include <type_traits>

#include "engine/stepgrad.hpp"
#include "engine/trace/sinks.hpp"
#include "tests/support/files.hpp"

using namespace sg;

namespace {

using sg::test::read_file;
using sg::test::TempDir;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// c = a ⊙ b with a = 3, b = 4, then backward and one SGD step (lr 0.5) and a
// step marker. Events: forward a, b, c; backward c, b, a; update a, b; step.
// By hand: dc/da = b = 4, dc/db = a = 3; after the step a = 3 - 0.5·4 = 1,
// b = 4 - 0.5·3 = 2.5.
void product_run(Trace& trace) {
  Context ctx(&trace);
  Tensor a = ctx.scalar(3.0, "a");
  Tensor b = ctx.scalar(4.0, "b");
  Tensor c = a * b;
  c.set_label("c");
  c.backward();
  SGD<double> opt({a, b}, 0.5);
  opt.step();
  trace.step(0, {{"loss", c.item()}});
}

std::string product_text(Colour colour = Colour::Off) {
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<TextSink>(out, colour));
  product_run(trace);
  return out.str();
}

// The injected DOT writer: ids and the (1,1) gradients it was given.
std::string tiny_dot(const GraphSnapshot& g) {
  std::string s = "digraph {";
  for (const NodeInfo& n : g.nodes) {
    s += n.grad.empty() ? fmt::format(" {}", n.id) : fmt::format(" {}:{}", n.id, n.grad.whole(0, 0));
  }
  return s + " }";
}

}  // namespace

TEST_CASE("the text sink shows ops, formulas, contributions, updates and markers", "[trace][text]") {
  const std::string text = product_text();
  const std::string mul(info::mul.name);
  CHECK_THAT(text, Catch::Contains(fmt::format("[2] forward #2 {} (1,1) ← #0 'a', #1 'b'  = 12", mul)));
  CHECK_THAT(text, Catch::Contains(fmt::format("[3] backward #2 {} 'c' (1,1)  upstream dY = 1", mul)));
  CHECK_THAT(text, Catch::Contains(fmt::format("  → #0 'a'  {}  = 4\n", info::mul.formulas[0])));
  CHECK_THAT(text, Catch::Contains(fmt::format("  → #1 'b'  {}  = 3\n", info::mul.formulas[1])));
  CHECK_THAT(text, Catch::Contains("backward #0 input 'a' (1,1)  grad = 4"));
  CHECK_THAT(text, Catch::Contains("update #0 'a' sgd lr=0.5\n  before = 3\n  grad   = 4\n  after  = 1\n"));
  CHECK_THAT(text, Catch::Contains("── step 0  loss=12 ──"));
  CHECK(text.find('\x1b') == std::string::npos);   // no colour unless asked
}

TEST_CASE("the text sink is deterministic and colours only when asked", "[trace][text]") {
  CHECK(product_text() == product_text());
  const std::string coloured = product_text(Colour::On);
  CHECK_THAT(coloured, Catch::Contains("\x1b["));
  CHECK(coloured != product_text());
}

TEST_CASE("the text format summarises large tensors and numbers use 6 significant digits", "[trace][text]") {
  TraceOptions options;   // threshold 16, first 4
  const Mat big = Mat::Constant(5, 4, 2.0);
  CHECK(format_tensor(record_tensor(big, options)) ==
        "summary (5,4) min=2 max=2 mean=2 norm=8.94427 first=[2, 2, 2, 2, …]");   // √(20·4)
  CHECK(record_tensor(big, options).whole.size() == 0);   // summarised at capture: no copy kept
  options.summarise = false;
  CHECK_THAT(format_tensor(record_tensor(big, options)), Catch::StartsWith("[[2, 2, 2, 2], [2, 2, 2, 2]"));
  CHECK(format_number(1.0 / 3.0) == "0.333333");
}

TEST_CASE("the stepper pauses after each event and runs n, p, dot, h, c", "[trace][stepper]") {
  TempDir dir("stepper");
  const std::filesystem::path dot_file = dir.path() / "graph.dot";
  // event 0 forward a: n | 1 forward b: (empty line) | 2 forward c: p 2, n
  // event 3 backward c: bogus, h, dot FILE, p a, next | 4 backward b: c
  std::istringstream in("n\n\np 2\nn\nbogus\nh\ndot " + dot_file.string() + "\np a\nnext\nc\n");
  std::ostringstream out;
  auto stepper = std::make_shared<Stepper>(in, out, tiny_dot);
  Trace trace(TraceLevel::Ops);
  trace.add_sink(stepper);
  product_run(trace);
  const std::string text = out.str();

  CHECK(count(text, "step> ") == 10);
  CHECK_THAT(text, Catch::Contains(fmt::format("#2  op {}  shape (1,1)  role intermediate  requires grad\n"
                                               "  parent 0: #0 'a'  {}\n", info::mul.name, info::mul.formulas[0])));
  CHECK_THAT(text, Catch::Contains("  value = 12\n  grad  = (none yet)\n"));
  CHECK_THAT(text, Catch::Contains("#0 'a'  op input  shape (1,1)  role input  requires grad\n  value = 3\n"));
  CHECK_THAT(text, Catch::Contains("unknown command 'bogus'"));
  CHECK_THAT(text, Catch::Contains(Stepper::help()));
  // at event 3 only c's backward has run: dc/dc = 1, a and b have no grad yet
  CHECK(read_file(dot_file) == "digraph { 0 1 2:1 }");
  CHECK_THAT(text, Catch::Contains("wrote the graph so far (3 nodes)"));
  // after `c` the remaining events are printed without a prompt
  CHECK_THAT(text, Catch::Contains("[5] backward #0 input 'a'"));
  CHECK_THAT(text, Catch::EndsWith("── step 0  loss=12 ──\n"));
  CHECK_FALSE(stepper->pausing());
}

TEST_CASE("the stepper's dot says why a file cannot be written, and the session goes on", "[trace][stepper]") {
  TempDir dir("stepper");
  std::istringstream in("dot " + dir.path().string() + "\nn\nc\n");   // a folder is not a file
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<Stepper>(in, out, tiny_dot));
  product_run(trace);
  CHECK_THAT(out.str(), Catch::Contains("dot: could not write '" + dir.path().string() + "': Is a directory\n"));
  CHECK_THAT(out.str(), Catch::Contains("[5] backward #0 input 'a'"));
}

TEST_CASE("the stepper takes node ids as the trace prints them, with or without #", "[trace][stepper]") {
  std::istringstream in("p #0\nn\np 1\np #\np #x\nc\n");   // n: b exists from event 1
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<Stepper>(in, out));
  product_run(trace);
  const std::string text = out.str();
  CHECK_THAT(text, Catch::Contains("#0 'a'  op input"));
  CHECK_THAT(text, Catch::Contains("#1 'b'  op input"));
  CHECK_THAT(text, Catch::Contains("no node '#'"));
  CHECK_THAT(text, Catch::Contains("no node '#x'"));
}

TEST_CASE("the stepper's q throws StepperQuit, which is not an sg::Error", "[trace][stepper]") {
  STATIC_REQUIRE_FALSE(std::is_base_of_v<Error, StepperQuit>);
  std::istringstream in("p 99999999999999999999\nn\nq\n");
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<Stepper>(in, out));
  CHECK_THROWS_AS(product_run(trace), StepperQuit);
  CHECK_THAT(out.str(), Catch::Contains("[1] forward #1 input 'b'"));
  CHECK_THAT(out.str(), !Catch::Contains("[2]"));
  CHECK_THAT(out.str(), Catch::Contains("print: no node '99999999999999999999'"));
}

TEST_CASE("the stepper carries on without pausing at the end of its input", "[trace][stepper]") {
  std::istringstream in("n\n");
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<Stepper>(in, out));
  product_run(trace);
  CHECK(count(out.str(), "step> ") == 2);
  CHECK_THAT(out.str(), Catch::Contains("end of input"));
  CHECK_THAT(out.str(), Catch::EndsWith("── step 0  loss=12 ──\n"));
}

TEST_CASE("the stepper rebuilds the graph with gradients and updated parameters", "[trace][stepper]") {
  std::istringstream in;   // empty: never pauses
  std::ostringstream out;
  auto stepper = std::make_shared<Stepper>(in, out);
  Trace trace(TraceLevel::Ops);
  trace.add_sink(stepper);
  Context ctx(&trace);
  Tensor a = ctx.scalar(3.0, "a");
  Tensor b = ctx.scalar(4.0, "b");
  Tensor c = a * b;
  c.backward();
  const GraphSnapshot engine = snapshot(c);
  GraphSnapshot seen = stepper->graph();
  REQUIRE(seen.nodes.size() == engine.nodes.size());
  for (std::size_t i = 0; i < seen.nodes.size(); ++i) {
    CHECK(seen.nodes[i].id == engine.nodes[i].id);
    CHECK(seen.nodes[i].parents == engine.nodes[i].parents);
    CHECK(seen.nodes[i].grad.whole == engine.nodes[i].grad.whole);
  }
  CHECK(seen.root == c.id());

  SGD<double> opt({a, b}, 0.5);
  opt.step();
  CHECK(stepper->graph().find(a.id())->value.whole(0, 0) == 1.0);   // 3 - 0.5·4

  // After a step marker the next graph replaces the op nodes; leaves stay.
  trace.step(0);
  Tensor d = a + b;
  seen = stepper->graph();
  std::vector<std::int64_t> ids;
  for (const NodeInfo& n : seen.nodes) ids.push_back(n.id);
  CHECK(ids == std::vector<std::int64_t>{a.id(), b.id(), d.id()});
}

TEST_CASE("make_trace wires level, trace file and step flags to sinks", "[trace][setup]") {
  TempDir dir("stepper");
  std::istringstream in;
  {
    std::ostringstream out;
    Trace trace = make_trace({TraceLevel::Ops, std::nullopt, false}, in, out);
    product_run(trace);
    CHECK_THAT(out.str(), Catch::Contains("backward #2"));   // text to the terminal
  }
  {
    std::ostringstream out;
    const auto path = dir.path() / "run.jsonl";
    {
      Trace trace = make_trace({TraceLevel::Steps, path, false}, in, out);
      product_run(trace);
    }
    CHECK(out.str().empty());                                // the file instead
    CHECK(count(read_file(path), "\"v\":1,") == 3);          // 2 updates, 1 step
  }
  {
    std::ostringstream out;
    Trace trace = make_trace({TraceLevel::Off, std::nullopt, true}, in, out);
    CHECK(trace.level() == TraceLevel::Ops);                 // stepping needs events
    product_run(trace);
    CHECK_THAT(out.str(), Catch::Contains("end of input"));
  }
  {
    std::ostringstream out;
    Trace trace = make_trace({}, in, out);
    product_run(trace);
    CHECK(out.str().empty());
  }
}
