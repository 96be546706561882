// The trace's JSON Lines sink: one event per node forward and backward, one
// update per parameter, schema version 1 (docs/trace-format.md), summaries of
// large tensors, levels, and byte-identical output for the same seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "engine/stepgrad.hpp"
#include "engine/trace/sinks.hpp"
#include "engine/ops/common.hpp"   // detail::make, for an op whose backward throws
#include "tests/support/files.hpp"

using namespace sg;
using Json = nlohmann::ordered_json;

namespace {

using sg::test::read_file;
using sg::test::TempDir;

// One SGD step (lr 0.5) of a 2-2-1 tanh MLP on XOR with a BCE-with-logits
// loss, traced at `level` into `sink` (the trace exists before the
// parameters). Returns the loss graph as it was after backward.
struct XorRun {
  GraphSnapshot graph;
  std::vector<std::int64_t> param_ids;
};
XorRun xor_step(std::uint64_t seed, TraceLevel level, std::shared_ptr<TraceSink> sink) {
  Trace trace(level);
  trace.add_sink(std::move(sink));
  Context ctx(&trace);
  Generator gen(seed);
  Linear<> l1(ctx, "l1", 2, 2, gen);
  Linear<> l2(ctx, "l2", 2, 1, gen);
  Mat x(4, 2), y(4, 1);
  x << 0, 0, 0, 1, 1, 0, 1, 1;
  y << 0, 1, 1, 0;
  Tensor X = ctx.input(x, "X");
  Tensor Y = ctx.input(y, "Y");
  Tensor L = bce_with_logits(l2(tanh(l1(X))), Y);
  L.backward();
  XorRun run{snapshot(L), {}};
  SGD<double> opt({l1.W, l1.b, l2.W, l2.b}, 0.5);
  for (const Tensor& p : opt.params()) run.param_ids.push_back(p.id());
  opt.step();
  trace.step(0, {{"loss", L.item()}});
  trace.flush();
  return run;
}

std::string xor_jsonl(std::uint64_t seed, TraceLevel level = TraceLevel::Ops) {
  std::ostringstream out;
  xor_step(seed, level, std::make_shared<JsonlSink>(out));
  return out.str();
}

std::vector<Json> parse_lines(const std::string& text) {
  std::vector<Json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  return lines;
}

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

bool is_json_number(const Json& x) {
  return x.is_number() || (x.is_string() && (x == "nan" || x == "inf" || x == "-inf"));
}

// A tensor: {"shape":[r,c],"data":[[...]]} or {"shape":[r,c],"summary":{...}}
void check_tensor(const Json& t) {
  REQUIRE(t.is_object());
  REQUIRE(t.contains("shape"));
  const Json& shape = t["shape"];
  REQUIRE(shape.is_array());
  REQUIRE(shape.size() == 2);
  REQUIRE(shape[0].is_number_integer());
  REQUIRE(shape[1].is_number_integer());
  if (t.contains("data")) {
    CHECK(keys_of(t) == std::vector<std::string>{"shape", "data"});
    REQUIRE(t["data"].size() == shape[0].get<std::size_t>());
    for (const Json& row : t["data"]) {
      REQUIRE(row.size() == shape[1].get<std::size_t>());
      for (const Json& x : row) CHECK(is_json_number(x));
    }
  } else {
    CHECK(keys_of(t) == std::vector<std::string>{"shape", "summary"});
    const Json& s = t["summary"];
    CHECK(keys_of(s) == std::vector<std::string>{"min", "max", "mean", "norm", "first"});
    for (const char* k : {"min", "max", "mean", "norm"}) CHECK(is_json_number(s[k]));
    REQUIRE(s["first"].is_array());
    for (const Json& x : s["first"]) CHECK(is_json_number(x));
  }
}

// Schema version 1, as docs/trace-format.md writes it: keys in this order.
void check_event_schema(const Json& j, std::uint64_t expected_seq) {
  REQUIRE(j.is_object());
  CHECK(j["v"] == 1);
  CHECK(j["seq"] == expected_seq);
  REQUIRE(j["kind"].is_string());
  const std::string kind = j["kind"];
  using Keys = std::vector<std::string>;
  if (kind == "forward") {
    CHECK(keys_of(j) == Keys{"v", "seq", "kind", "id", "op", "attr", "label", "scope", "role",
                             "requires_grad", "parents", "formulas", "value"});
    CHECK(j["id"].is_number_integer());
    for (const char* k : {"op", "attr", "label", "scope", "role"}) CHECK(j[k].is_string());
    CHECK(j["requires_grad"].is_boolean());
    for (const Json& p : j["parents"]) CHECK(p.is_number_integer());
    for (const Json& f : j["formulas"]) CHECK(f.is_string());
    CHECK(j["formulas"].size() == j["parents"].size());
    check_tensor(j["value"]);
  } else if (kind == "backward") {
    CHECK(keys_of(j) == Keys{"v", "seq", "kind", "id", "op", "label", "upstream", "contributions"});
    CHECK(j["id"].is_number_integer());
    CHECK(j["op"].is_string());
    CHECK(j["label"].is_string());
    if (!j["upstream"].is_null()) check_tensor(j["upstream"]);
    REQUIRE(j["contributions"].is_array());
    for (const Json& c : j["contributions"]) {
      CHECK(keys_of(c) == Keys{"parent", "formula", "value"});
      CHECK(c["parent"].is_number_integer());
      CHECK(c["formula"].is_string());
      check_tensor(c["value"]);
    }
  } else if (kind == "update") {
    CHECK(keys_of(j) == Keys{"v", "seq", "kind", "id", "label", "optimizer", "lr", "before",
                             "grad", "after", "state"});
    CHECK(j["id"].is_number_integer());
    CHECK(j["label"].is_string());
    CHECK(j["optimizer"].is_string());
    CHECK(is_json_number(j["lr"]));
    for (const char* k : {"before", "grad", "after"}) check_tensor(j[k]);
    REQUIRE(j["state"].is_object());
    for (const Json& t : j["state"]) check_tensor(t);
  } else if (kind == "step" || kind == "epoch") {
    CHECK(keys_of(j) == Keys{"v", "seq", "kind", "index", "metrics"});
    CHECK(j["index"].is_number_integer());
    REQUIRE(j["metrics"].is_object());
    for (const Json& m : j["metrics"]) CHECK(is_json_number(m));
  } else {
    FAIL("unknown kind " << kind);
  }
}

Mat data_of(const Json& t) {
  const auto rows = t["shape"][0].get<Index>(), cols = t["shape"][1].get<Index>();
  Mat m(rows, cols);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) m(r, c) = t["data"][r][c].get<double>();
  return m;
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("one XOR SGD step traced at ops: one forward and one backward event per node, one update per parameter",
          "[trace][jsonl]") {
  std::ostringstream out;
  const XorRun run = xor_step(7, TraceLevel::Ops, std::make_shared<JsonlSink>(out));
  const std::vector<Json> lines = parse_lines(out.str());
  REQUIRE_FALSE(lines.empty());

  std::vector<std::int64_t> graph_ids, forward_ids, backward_ids, update_ids;
  for (const NodeInfo& n : run.graph.nodes) graph_ids.push_back(n.id);
  int steps = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Json& j = lines[i];
    check_event_schema(j, i);
    const std::string kind = j["kind"];
    if (kind == "forward") {
      forward_ids.push_back(j["id"].get<std::int64_t>());
      const NodeInfo* n = run.graph.find(j["id"].get<std::int64_t>());
      REQUIRE(n != nullptr);
      CHECK(j["op"] == n->op);
      CHECK(j["parents"].get<std::vector<std::int64_t>>() == n->parents);
      CHECK(data_of(j["value"]) == n->value.whole);   // whole: 4x2 is under the threshold
    } else if (kind == "backward") {
      backward_ids.push_back(j["id"].get<std::int64_t>());
      const NodeInfo* n = run.graph.find(j["id"].get<std::int64_t>());
      REQUIRE(n != nullptr);
      // the upstream gradient is the node's gradient after the pass
      if (n->grad.empty()) {
        CHECK(j["upstream"].is_null());
      } else {
        CHECK(data_of(j["upstream"]) == n->grad.whole);
      }
      // one contribution per parent that needs a gradient, in operand order
      std::vector<std::int64_t> wanted, got;
      for (std::int64_t p : n->parents) {
        if (run.graph.find(p)->requires_grad) wanted.push_back(p);
      }
      for (const Json& c : j["contributions"]) got.push_back(c["parent"].get<std::int64_t>());
      CHECK(got == wanted);
    } else if (kind == "update") {
      update_ids.push_back(j["id"].get<std::int64_t>());
      CHECK(j["optimizer"] == "sgd");
      CHECK(j["lr"] == 0.5);
      const Mat before = data_of(j["before"]), grad = data_of(j["grad"]), after = data_of(j["after"]);
      CHECK(after.isApprox(before - 0.5 * grad));
    } else if (kind == "step") {
      ++steps;
    }
  }
  graph_ids = sorted(graph_ids);
  CHECK(sorted(forward_ids) == graph_ids);    // snapshot ids: every node, once
  CHECK(sorted(backward_ids) == graph_ids);
  CHECK(update_ids == run.param_ids);
  CHECK(update_ids.size() == 4);
  CHECK(steps == 1);
}

TEST_CASE("the JSONL trace is byte-identical for the same seed and differs for another", "[trace][jsonl]") {
  const std::string a = xor_jsonl(7);
  const std::string b = xor_jsonl(7);
  const std::string c = xor_jsonl(8);
  CHECK_FALSE(a.empty());
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("a tensor over the summary threshold is summarised, under it written whole", "[trace][jsonl]") {
  // (5,4) = 20 elements > 16. Values -5, -4.5, ..., 4.5 row by row: mean -0.25,
  // Σx² = 0.25·Σ_{j=-10..9} j² = 0.25·670, first values = the first row.
  Mat big(5, 4);
  for (Index r = 0; r < 5; ++r)
    for (Index c = 0; c < 4; ++c) big(r, c) = 0.5 * static_cast<double>(r * 4 + c - 10);
  const Mat small = big.topRows(4);   // 16 elements: not over the threshold

  auto traced = [&](TraceLevel level) {
    std::ostringstream out;
    Trace trace(level);
    trace.add_sink(std::make_shared<JsonlSink>(out));
    Context ctx(&trace);
    ctx.input(big, "big");
    ctx.input(small, "small");
    return parse_lines(out.str());
  };

  const std::vector<Json> ops = traced(TraceLevel::Ops);
  REQUIRE(ops.size() == 2);
  check_event_schema(ops[0], 0);
  const Json& value = ops[0]["value"];
  REQUIRE(value.contains("summary"));
  CHECK(value["shape"] == Json::array({5, 4}));
  const Json& s = value["summary"];
  CHECK(s["min"].get<double>() == -5.0);
  CHECK(s["max"].get<double>() == 4.5);
  CHECK(s["mean"].get<double>() == Approx(-0.25).epsilon(1e-14));
  CHECK(s["norm"].get<double>() == Approx(std::sqrt(0.25 * 670.0)).epsilon(1e-14));
  CHECK(s["first"] == Json::array({-5.0, -4.5, -4.0, -3.5}));
  CHECK(data_of(ops[1]["value"]) == small);

  const std::vector<Json> full = traced(TraceLevel::Full);
  REQUIRE(full.size() == 2);
  check_event_schema(full[0], 0);
  CHECK(data_of(full[0]["value"]) == big);   // level full never summarises
}

TEST_CASE("NaN and infinities are written as the strings nan, inf, -inf", "[trace][jsonl]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Mat m(1, 3);
  m << std::numeric_limits<double>::quiet_NaN(), inf, -inf;
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<JsonlSink>(out));
  Context ctx(&trace);
  ctx.input(m, "m");
  trace.step(1, {{"loss", inf}});
  const std::vector<Json> lines = parse_lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["value"]["data"] == Json::array({Json::array({"nan", "inf", "-inf"})}));
  CHECK(lines[1]["metrics"]["loss"] == "inf");
}

TEST_CASE("numbers are written as the shortest text that reads back to the same double", "[trace][jsonl]") {
  // nlohmann's own printer wrote 0.6306166939835121 for this one
  const double tricky = std::stod("0.630616693983512");
  std::vector<std::pair<std::string, double>> metrics = {{"tricky", tricky}, {"one", 1.0}, {"minus_zero", -0.0},
                                                          {"tiny", 1e-300}, {"big", 1e300}};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int i = 0; i < 3000; ++i) metrics.emplace_back(fmt::format("r{}", i), u(rng) * std::pow(10.0, i % 40 - 20));
  std::ostringstream out;
  Trace trace(TraceLevel::Steps);
  trace.add_sink(std::make_shared<JsonlSink>(out));
  trace.step(1, metrics);
  const std::string line = out.str();
  CHECK(line.find("\"tricky\":0.630616693983512,") != std::string::npos);
  CHECK(line.find("\"one\":1.0,") != std::string::npos);
  CHECK(line.find("\"minus_zero\":-0.0,") != std::string::npos);
  const Json j = Json::parse(line);
  for (const auto& [name, value] : metrics) {
    INFO(name);
    const double back = j["metrics"][name].get<double>();
    CHECK(std::memcmp(&back, &value, sizeof value) == 0);   // the same bits, -0.0 included
    // written as fmt's shortest round-trip text (Dragonbox)
    const std::string shortest = fmt::format("{}", value);
    CHECK(line.find(fmt::format("\"{}\":{}", name, shortest)) != std::string::npos);
  }
}

TEST_CASE("trace level off writes nothing", "[trace][levels]") {
  std::ostringstream out;
  xor_step(7, TraceLevel::Off, std::make_shared<JsonlSink>(out));
  CHECK(out.str().empty());

  Trace trace(TraceLevel::Off);   // and the Trace itself counts no event
  Context ctx(&trace);
  Tensor a = ctx.scalar(2.0, "a");
  Tensor b = a * a;
  b.backward();
  trace.step(0);
  CHECK(trace.events_written() == 0);
}

TEST_CASE("trace level steps writes only updates and step markers", "[trace][levels]") {
  const std::vector<Json> lines = parse_lines(xor_jsonl(7, TraceLevel::Steps));
  int updates = 0, steps = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    check_event_schema(lines[i], i);
    const std::string kind = lines[i]["kind"];
    CHECK((kind == "update" || kind == "step"));
    updates += kind == "update";
    steps += kind == "step";
  }
  CHECK(updates == 4);
  CHECK(steps == 1);
}

TEST_CASE("a JSONL sink writes to a file, and one that cannot be opened names the path", "[trace][jsonl]") {
  TempDir dir("trace");
  const std::filesystem::path good = dir.path() / "run.jsonl";
  {
    auto sink = std::make_shared<JsonlSink>(good);
    xor_step(7, TraceLevel::Ops, sink);
  }
  std::ifstream in(good, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == xor_jsonl(7));

  const std::filesystem::path bad = dir.path() / "no_such_dir" / "run.jsonl";
  CHECK_THROWS_AS(JsonlSink(bad), Error);
  CHECK_THROWS_WITH(JsonlSink(bad), Catch::Contains(bad.string()) && Catch::Contains("cannot open"));
}

TEST_CASE("a backward that throws still writes its event, with what it sent before", "[trace]") {
  static const OpInfo half_info{"half_then_throw", {"dA += dY", "dB += ? (throws)"}};
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<JsonlSink>(out));
  Context ctx(&trace);
  Tensor a = ctx.scalar(1.0, "a");
  Tensor b = ctx.scalar(2.0, "b");
  Tensor y = detail::make<double>(half_info, a.value() + b.value(), {a, b}, [](Node<double>& self) {
    self.accumulate(0, self.grad);
    throw ValueError("half_then_throw: gave up after the first operand");
  });
  CHECK_THROWS_AS(y.backward(), ValueError);
  std::istringstream lines(out.str());
  std::string line, last;
  while (std::getline(lines, line)) last = line;
  const Json event = Json::parse(last);
  CHECK(event["kind"] == "backward");
  CHECK(event["id"] == y.id());
  REQUIRE(event["contributions"].size() == 1);
  CHECK(event["contributions"][0]["parent"] == a.id());
}

TEST_CASE("a node named with name_next has its name in its own forward event", "[trace][labels]") {
  std::ostringstream out;
  Trace trace(TraceLevel::Ops);
  trace.add_sink(std::make_shared<JsonlSink>(out));
  Context ctx(&trace);
  Tensor a = ctx.scalar(0.5, "a");
  ctx.name_next("y");
  Tensor y = sigmoid(a);
  std::istringstream lines(out.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  const Json event = Json::parse(second);
  CHECK(event["kind"] == "forward");
  CHECK(event["op"] == "sigmoid");
  CHECK(event["label"] == "y");
}
