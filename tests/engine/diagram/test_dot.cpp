// Graphviz diagrams: record contents, escaping, colours, clusters, the
// collapsed and cut-down views past the node budget, backward frames with a
// fixed layout, determinism, and rendering (the `dot` command and in-process).
#include <catch2/catch.hpp>

#include <graphviz/cgraph.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine/diagram/dot.hpp"
#include "engine/stepgrad.hpp"
#include "tests/support/files.hpp"

using namespace sg;
namespace fs = std::filesystem;

namespace {

using sg::test::read_file;
using sg::test::TempDir;

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Runs a Graphviz command on `dot` and returns the SVG it wrote ("" on failure).
std::string svg_from_command(const std::string& program, const std::string& flags, const std::string& dot,
                             const TempDir& dir) {
  const fs::path in = dir.path() / "in.dot", out = dir.path() / "out.svg";
  write_file(in, dot);
  fs::remove(out);
  const std::string cmd = "\"" + program + "\" " + flags + " -Tsvg \"" + in.string() + "\" -o \"" +
                          out.string() + "\" 2>/dev/null";
  if (std::system(cmd.c_str()) != 0 || !fs::exists(out)) return "";
  return read_file(out);
}

// Every diagram must render with the `dot` command and in-process to all formats.
void check_renders(const std::string& dot, const TempDir& dir, bool all_formats = true) {
  const std::string svg = svg_from_command(SG_DOT_EXECUTABLE, "", dot, dir);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(render_to_string(dot, Format::Svg).find("<svg") != std::string::npos);
  if (!all_formats) return;
  CHECK(render_to_string(dot, Format::Png).rfind("\x89PNG", 0) == 0);
  CHECK(render_to_string(dot, Format::Pdf).rfind("%PDF", 0) == 0);
}

// Node count as Graphviz itself reads the DOT text.
int graphviz_node_count(const std::string& dot) {
  Agraph_t* g = agmemread(dot.c_str());
  REQUIRE(g != nullptr);
  const int n = agnnodes(g);
  agclose(g);
  return n;
}

// The attribute list of node `name` ("n3") as written on its own line.
std::string node_line(const std::string& dot, const std::string& name) {
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, name.size() + 2, name + " [") == 0) return line;
  }
  return "";
}

std::string fillcolor(const std::string& dot, const std::string& name) {
  std::smatch m;
  const std::string line = node_line(dot, name);
  return std::regex_search(line, m, std::regex("fillcolor=\"([^\"]*)\"")) ? m[1].str() : "";
}

// X (2,2) · W (2,1), through leaky_relu and summed: a small graph with grads.
struct Small {
  Context ctx;
  Tensor X = ctx.input(Mat{{1, 2}, {3, 4}}, "X");
  Tensor W = ctx.param(Mat{{0.5}, {-1}}, "W");
  Tensor Z = matmul(X, W);          // unlabelled: drawn as #2
  Tensor A = leaky_relu(Z, 0.01);
  Tensor L = sum(A);
};

}  // namespace

TEST_CASE("record nodes show label, op, shape, value and gradient", "[dot]") {
  Small s;
  s.L.backward();
  const std::string dot = to_dot(s.L);
  // X is data: value row by row, no grad.
  CHECK(node_line(dot, "n0").find("label=\"X|input|(2,2)|value\\n[1, 2]\\n[3, 4]\"") != std::string::npos);
  // Z = X·W = [1·0.5 − 2, 3·0.5 − 4] = [-1.5, -2.5]: both negative, so
  // dA/dZ = 0.01 and dW = Xᵀ·(0.01·1) = 0.01·[1+3, 2+4] = [0.04, 0.06].
  const std::string w = node_line(dot, "n1");
  CHECK(w.find("W|param|(2,1)|value\\n[0.5]\\n[-1]|grad\\n[0.04]\\n[0.06]") != std::string::npos);
  CHECK(node_line(dot, "n2").find("#2|matmul|(2,1)|value\\n[-1.5]\\n[-2.5]") != std::string::npos);
  CHECK(node_line(dot, "n3").find("|leaky_relu α=0.01|") != std::string::npos);
  CHECK(node_line(dot, "n4").find("|sum|(1,1)|value -0.04|grad 1") != std::string::npos);
  // Edges parent -> child in operand order: X before W into the matmul.
  CHECK(dot.find("n0 -> n2") < dot.find("n1 -> n2"));

  DotOptions no_grad;
  no_grad.show_grad = false;
  CHECK(to_dot(s.L, no_grad).find("|grad") == std::string::npos);
}

TEST_CASE("tensors past max_elements are summarised, smaller ones written whole", "[dot]") {
  Context ctx;
  Mat big(10, 10);
  for (Index k = 0; k < big.size(); ++k) big(k / 10, k % 10) = static_cast<double>(k);   // 0..99 by rows
  Tensor B = ctx.input(big, "B");
  Tensor s = sum(B);
  const std::string line = node_line(to_dot(s), "n0");
  CHECK(line.find("value min 0  mean 49.5  max 99\\nfirst 0, 1, 2 …") != std::string::npos);
  CHECK(line.find("[0, 1") == std::string::npos);

  DotOptions whole;
  whole.max_elements = 100;
  CHECK(node_line(to_dot(s, whole), "n0").find("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]") != std::string::npos);
}

TEST_CASE("record-special characters and UTF-8 in labels survive to the picture", "[dot]") {
  Context ctx;
  const std::string label = "a{b}|<c>\"d\\e ⊙ᵀσ";
  Tensor x = ctx.scalar(1.0, label);
  Tensor y = sigmoid(x);
  DotOptions options;
  options.show_formulas = true;
  const std::string dot = to_dot(y, options);
  TempDir dir("escape");
  check_renders(dot, dir);
  // One text element holds the whole label: nothing was taken as a field
  // separator, a port or the end of the string.
  for (const std::string& svg : {render_to_string(dot, Format::Svg),
                                 svg_from_command(SG_DOT_EXECUTABLE, "", dot, dir)}) {
    CHECK(svg.find(">a{b}|&lt;c&gt;&quot;d\\e ⊙ᵀσ</text>") != std::string::npos);
    CHECK(svg.find("σ") != std::string::npos);
  }
}

TEST_CASE("nodes are coloured by role as documented, with an optional legend", "[dot]") {
  Context ctx;
  Tensor X = ctx.input(Mat::Ones(2, 2), "X");
  Tensor W = ctx.param(Mat::Ones(2, 1), "W");
  Tensor Y = ctx.input(Mat::Zero(2, 1), "Y");
  Tensor L = mse(matmul(X, W), Y);   // ids: X 0, W 1, Y 2, matmul 3, mse 4
  DotOptions options;
  const std::string dot = to_dot(L, options);
  CHECK(fillcolor(dot, "n0") == "#cfe2f3");   // input
  CHECK(fillcolor(dot, "n1") == "#d9ead3");   // param
  CHECK(fillcolor(dot, "n3") == "#f3f3f3");   // intermediate
  CHECK(fillcolor(dot, "n4") == "#f4cccc");   // loss
  const std::set<std::string> colours{fillcolor(dot, "n0"), fillcolor(dot, "n1"), fillcolor(dot, "n3"),
                                      fillcolor(dot, "n4")};
  CHECK(colours.size() == 4);
  CHECK(dot.find("legend") == std::string::npos);

  options.legend = true;
  const std::string with_legend = to_dot(L, options);
  CHECK(fillcolor(with_legend, "legend_param") == "#d9ead3");
  CHECK(fillcolor(with_legend, "legend_loss") == "#f4cccc");
  CHECK(graphviz_node_count(with_legend) == graphviz_node_count(dot) + 4);
  TempDir dir("legend");
  check_renders(with_legend, dir);
}

namespace {

// Two Linear layers and a relu inside a "mlp" scope: scopes mlp/l1 (W, b,
// matmul, add), mlp (relu), mlp/l2 (W, b, matmul, add); X, Y, mse at top level.
struct Mlp {
  Context ctx;
  Generator gen{7};
  Tensor X = ctx.input(Mat::Ones(4, 3), "X");
  Tensor Y = ctx.input(Mat::Zero(4, 2), "Y");
  Tensor L;
  Mlp() {
    Tensor out;
    {
      Scope mlp(ctx, "mlp");
      Linear<double> l1(ctx, "l1", 3, 5, gen), l2(ctx, "l2", 5, 2, gen);
      out = l2(relu(l1(X)));
    }
    L = mse(out, Y);
  }
};

}  // namespace

TEST_CASE("clusters are drawn per scope, nested, when asked", "[dot]") {
  Mlp m;
  DotOptions options;
  CHECK(to_dot(m.L, options).find("subgraph") == std::string::npos);
  options.cluster_scopes = true;
  const std::string dot = to_dot(m.L, options);
  const auto mlp = dot.find("subgraph \"cluster_mlp\" {");
  const auto l1 = dot.find("subgraph \"cluster_mlp/l1\" {");
  const auto l2 = dot.find("subgraph \"cluster_mlp/l2\" {");
  REQUIRE(mlp != std::string::npos);
  REQUIRE(l1 != std::string::npos);
  REQUIRE(l2 != std::string::npos);
  CHECK(mlp < l1);
  CHECK(l1 < l2);
  // W_l1 is written inside cluster mlp/l1, before cluster mlp/l2 opens.
  const auto w1 = dot.find("label=\"W_l1|");
  CHECK((w1 > l1 && w1 < l2));
  TempDir dir("clusters");
  check_renders(dot, dir);
}

TEST_CASE("the collapsed view draws one box per scope with its ops and parameters", "[dot]") {
  Mlp m;
  DotOptions options;
  options.view = DotOptions::View::Collapsed;
  const std::string dot = to_dot(m.L, options);
  // X, Y, mse and three boxes, first seen first: mlp/l1, mlp (the relu), mlp/l2.
  CHECK(graphviz_node_count(dot) == 6);
  CHECK(dot.find("mlp/l1  (4 nodes)|matmul, add|params W_l1 (3,5), b_l1 (1,5)|out (4,5)") != std::string::npos);
  CHECK(dot.find("mlp  (1 node)|relu|out (4,5)") != std::string::npos);
  CHECK(dot.find("mlp/l2  (4 nodes)|matmul, add|params W_l2 (5,2), b_l2 (1,2)|out (4,2)") != std::string::npos);
  CHECK(dot.find("n0 -> s0") != std::string::npos);    // X into layer 1
  CHECK(dot.find("s0 -> s1") != std::string::npos);    // layer 1 into the relu
  CHECK(dot.find("s1 -> s2") != std::string::npos);    // the relu into layer 2
  CHECK(dot.find("s2 -> n11") != std::string::npos);   // layer 2 into the loss
  CHECK(fillcolor(dot, "s0") == std::string(scope_box_colour));

  options.collapse_depth = 1;   // everything in "mlp" is one box
  const std::string shallow = to_dot(m.L, options);
  CHECK(graphviz_node_count(shallow) == 4);
  CHECK(shallow.find("mlp  (9 nodes)") != std::string::npos);

  options.cluster_scopes = true;   // boxes sit in their parent scope's cluster
  options.collapse_depth = 0;
  const std::string clustered = to_dot(m.L, options);
  CHECK(clustered.find("subgraph \"cluster_mlp\"") != std::string::npos);
  TempDir dir("collapsed");
  check_renders(dot, dir);
  check_renders(shallow, dir);
  check_renders(clustered, dir);
}

TEST_CASE("graphs over the node budget are collapsed, then cut, and still render", "[dot][budget]") {
  Context ctx;
  Tensor x = ctx.scalar(1.0, "x");
  Tensor y = x;
  for (int layer = 0; layer < 300; ++layer) {   // 300 scopes of 10 ops: 3,001 nodes
    Scope scope(ctx, "layer" + std::to_string(layer));
    for (int k = 0; k < 10; ++k) y = y * 1.0;
  }
  REQUIRE(ctx.nodes_created() == 3001);
  DotOptions options;
  REQUIRE(options.node_budget == 400);
  const std::string collapsed = to_dot(y, options);
  CHECK(graphviz_node_count(collapsed) == 301);   // x and 300 boxes
  CHECK(collapsed.find("layer299  (10 nodes)|mul_scalar ×10") != std::string::npos);

  options.node_budget = 100;   // 301 boxes do not fit: keep the 99 nearest the output
  const std::string cut = to_dot(y, options);
  CHECK(graphviz_node_count(cut) == 100);
  CHECK(cut.find("202 of 301 nodes not drawn") != std::string::npos);
  CHECK(cut.find("layer299") != std::string::npos);
  CHECK(cut.find("layer0 ") == std::string::npos);

  Tensor chain = x;   // no scopes at all: 3,000 nodes, only cutting helps
  for (int k = 0; k < 3000; ++k) chain = chain + 1.0;
  const std::string chain_dot = to_dot(chain);
  CHECK(graphviz_node_count(chain_dot) == 400);
  CHECK(chain_dot.find("2602 of 3001 nodes not drawn") != std::string::npos);

  TempDir dir("budget");
  check_renders(collapsed, dir);
  check_renders(cut, dir);
  check_renders(chain_dot, dir);
}

namespace {

// X (2,3) · W (3,2) + b, relu, mse against Y: 8 nodes, 8 backward steps.
struct Net {
  Context ctx;
  Tensor X = ctx.input(Mat{{1, -2, 3}, {0.5, 1, -1}}, "X");
  Tensor W = ctx.param(Mat{{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}}, "W");
  Tensor b = ctx.param(Mat{{0.05, -0.05}}, "b");
  Tensor Y = ctx.input(Mat{{1, 0}, {0, 1}}, "Y");
  Tensor L = mse(relu(matmul(X, W) + b), Y);
};

// Node title -> the coordinates of its outline, from an SVG that Graphviz wrote
// (the plaintext caption has none).
std::map<std::string, std::string> node_shapes(const std::string& svg) {
  std::map<std::string, std::string> out;
  const std::regex node("<g id=\"node\\d+\" class=\"node\">\\s*<title>([^<]*)</title>\\s*<(polygon|ellipse)([^>]*)>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), node); it != std::sregex_iterator(); ++it) {
    std::smatch coords;
    const std::string a = (*it)[3].str();
    std::regex_search(a, coords, std::regex("(points|cx)=\"[^\"]*\"( cy=\"[^\"]*\")?"));
    out[(*it)[1].str()] = coords.str();
  }
  return out;
}

int nodes_with_grad(const std::string& dot, int node_count) {
  int n = 0;
  for (int id = 0; id < node_count; ++id) n += node_line(dot, fmt::format("n{}", id)).find("|grad") != std::string::npos;
  return n;
}

// The caller's backward pass, recorded and drawn.
template <typename T>
std::vector<Frame> record_frames(TensorT<T>& loss, const DotOptions& options = {}) {
  BackwardRecorder recorder(loss, options.node_budget);
  loss.backward();
  return recorder.frames(options);
}

}  // namespace

TEST_CASE("backward frames: one per step, fixed positions, moving highlight, growing grads", "[dot][frames]") {
  Net net;
  Trace mine(TraceLevel::Off);
  net.ctx.set_trace(&mine);
  const std::vector<Frame> frames = record_frames(net.L);
  CHECK(net.ctx.trace() == &mine);    // the context's own trace is back
  REQUIRE(frames.size() == 8);        // X, W, matmul, b, add, relu, Y, mse

  std::set<std::int64_t> active;
  for (const Frame& f : frames) active.insert(f.active);
  CHECK(active.size() == 8);
  CHECK(frames.front().active == net.L.id());
  // mse sends gradient to relu only (Y is data); relu's is the first grad shown after dL.
  CHECK(frames.front().receivers == std::vector<std::int64_t>{net.L.node().parents[0]->id});
  CHECK(nodes_with_grad(frames.front().dot, 8) == 2);
  CHECK(nodes_with_grad(frames.back().dot, 8) == 6);   // all but the data X and Y
  int before = 0;
  for (const Frame& f : frames) {
    const int now = nodes_with_grad(f.dot, 8);
    CHECK(now >= before);
    before = now;
    CHECK(node_line(f.dot, fmt::format("n{}", f.active)).find("penwidth=3") != std::string::npos);
    CHECK(f.dot.find(f.caption.substr(0, f.caption.find('\n'))) != std::string::npos);
  }

  // Every node at the same place in every frame, whichever way it is rendered.
  TempDir dir("frames");
  const std::map<std::string, std::string> first = node_shapes(render_to_string(frames[0].dot, Format::Svg));
  REQUIRE(first.size() == 8);
  for (const Frame& f : frames) {
    CHECK(node_shapes(render_to_string(f.dot, Format::Svg)) == first);
    const std::string by_dot = svg_from_command(SG_DOT_EXECUTABLE, "", f.dot, dir);
    CHECK(node_shapes(by_dot) == first);
    const std::string neato = (fs::path(SG_DOT_EXECUTABLE).parent_path() / "neato").string();
    CHECK(svg_from_command(neato, "-n2", f.dot, dir) == by_dot);
    check_renders(f.dot, dir);
  }
}

TEST_CASE("write_frames writes numbered DOT files and their pictures", "[dot][frames]") {
  Net net;
  const std::vector<Frame> frames = record_frames(net.L);
  TempDir dir("write_frames");
  const auto paths = write_frames(frames, dir.path() / "out", Format::Svg);
  REQUIRE(paths.size() == 2 * frames.size());
  CHECK(paths[0].filename() == "frame_000.dot");
  CHECK(paths[15].filename() == "frame_007.svg");
  CHECK(read_file(paths[0]) == frames[0].dot);
  CHECK(read_file(paths[15]).find("<svg") != std::string::npos);
}

TEST_CASE("a recorder refuses a graph over the node budget before any pass", "[dot][frames]") {
  Net net;
  DotOptions options;
  options.node_budget = 5;
  CHECK_THROWS_AS(BackwardRecorder(net.L, options.node_budget), ValueError);
  CHECK(net.ctx.trace() == nullptr);
}

TEST_CASE("drawing frames has no side effects: the gradients are those of the caller's one pass",
          "[dot][frames]") {
  Net plain, drawn;
  plain.L.backward();
  BackwardRecorder recorder(drawn.L);
  CHECK_FALSE(drawn.W.has_grad());     // recording alone runs nothing
  drawn.L.backward();
  const std::vector<Frame> frames = recorder.frames();
  const std::vector<Frame> again = recorder.frames();   // drawing twice changes nothing either
  REQUIRE(frames.size() == 8);
  REQUIRE(again.size() == frames.size());
  CHECK(again.back().dot == frames.back().dot);
  CHECK(drawn.W.grad() == plain.W.grad());
  CHECK(drawn.b.grad() == plain.b.grad());
}

TEST_CASE("the context's own trace sees the recorded pass, and gets its place back", "[dot][frames][trace]") {
  Net net;
  std::ostringstream text;
  Trace seen(TraceLevel::Ops);
  seen.add_sink(std::make_shared<TextSink>(text));
  net.ctx.set_trace(&seen);
  {
    BackwardRecorder recorder(net.L);
    CHECK(net.ctx.trace() == &recorder);
    net.L.backward();
    CHECK(recorder.frames().size() == 8);
  }
  CHECK(net.ctx.trace() == &seen);
  CHECK(seen.events_written() == 8);   // one backward event per node
  CHECK_THAT(text.str(), Catch::Contains("backward #"));
}

TEST_CASE("the same graph gives byte-identical DOT", "[dot]") {
  Mlp a, b;
  DotOptions options;
  options.cluster_scopes = true;
  options.show_formulas = true;
  CHECK(to_dot(a.L, options) == to_dot(b.L, options));
  options.view = DotOptions::View::Collapsed;
  CHECK(to_dot(a.L, options) == to_dot(b.L, options));
  Net c, d;
  const auto fc = record_frames(c.L), fd = record_frames(d.L);
  REQUIRE(fc.size() == fd.size());
  for (std::size_t k = 0; k < fc.size(); ++k) CHECK(fc[k].dot == fd[k].dot);
}

// cgraph's default id discipline orders subgraphs by the heap address of
// their names, so clusters used to come out in a different order from run
// to run; render() numbers names as first seen, as a fresh `dot` does.
TEST_CASE("clustered graphs render in-process to the same SVG as the dot command", "[dot][render]") {
  Mlp m;
  DotOptions options;
  options.cluster_scopes = true;
  options.legend = true;
  const std::string dot = to_dot(m.L, options);
  TempDir dir("cluster_order");
  const std::string by_command = svg_from_command(SG_DOT_EXECUTABLE, "", dot, dir);
  REQUIRE(!by_command.empty());
  const std::string first = render_to_string(dot, Format::Svg);
  std::vector<std::string> noise(100, std::string(64, 'x'));   // move the heap between the two renders
  const std::string second = render_to_string(dot, Format::Svg);
  CHECK(first == second);
  CHECK(first == by_command);
}

TEST_CASE("float graphs are drawn too", "[dot]") {
  Context ctx;
  TensorF w = ctx.param<float>(MatF::Constant(1, 1, 2.0f), "w");
  TensorF y = square(w);
  y.backward();
  CHECK(node_line(to_dot(y), "n0").find("w|param|(1,1)|value 2|grad 4") != std::string::npos);
  TensorF z = square(w);
  CHECK(record_frames(z).size() == 2);
}

TEST_CASE("rendering errors are sg::Error with Graphviz's message", "[dot][render]") {
  CHECK(parse_format("png") == Format::Png);
  CHECK_THROWS_WITH(parse_format("gif"), Catch::Contains("'gif'") && Catch::Contains("svg, png, pdf"));
  CHECK_THROWS_AS(parse_format("gif"), ValueError);
  CHECK_THROWS_WITH(render_to_string("digraph { a -> }", Format::Svg),
                    Catch::Contains("could not read the DOT") && Catch::Contains("syntax error"));
  CHECK_THROWS_AS(render_to_string("digraph { a -> }", Format::Svg), Error);
  CHECK_THROWS_WITH(layout("digraph { a -> b }", "no_such_engine"), Catch::Contains("no_such_engine"));
  TempDir dir("render_errors");
  const fs::path nowhere = dir.path() / "missing" / "x.svg";
  CHECK_THROWS_WITH(render("digraph { a -> b }", Format::Svg, nowhere), Catch::Contains("missing"));
  render("digraph { a -> b }", Format::Pdf, dir.path() / "ok.pdf");
  CHECK(read_file(dir.path() / "ok.pdf").rfind("%PDF", 0) == 0);
}
