// The two ways a big graph is made small enough to draw: one box per layer
// scope, and, if that is still too big, only the nodes nearest the output.
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/diagram/dot_graph.hpp"

namespace sg::detail {

namespace {

// "a/b/c" cut to depth 2 is "a/b"; depth 0 keeps it whole.
std::string cut_scope(const std::string& scope, int depth) {
  if (depth <= 0 || scope.empty()) return scope;
  std::size_t pos = 0;
  for (int k = 0; k < depth; ++k) {
    pos = scope.find('/', pos);
    if (pos == std::string::npos) return scope;
    if (k + 1 < depth) ++pos;
  }
  return scope.substr(0, pos);
}

// One scope box being filled in.
struct Box {
  std::string scope;
  std::size_t nodes = 0;
  std::vector<std::pair<std::string, int>> ops;      // name, count; first seen first
  std::vector<std::string> params;                   // "W_layer1 (3,4)"
  std::vector<std::string> outputs;                  // shapes leaving the box
  bool has_loss = false;
};

constexpr std::size_t listed_max = 4;   // params / outputs listed before "+N more"

std::string listing(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < listed_max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > listed_max) out += fmt::format(" +{} more", items.size() - listed_max);
  return out;
}

}  // namespace

int max_scope_depth(const GraphSnapshot& graph) {
  int deepest = 0;
  for (const NodeInfo& n : graph.nodes) {
    if (!n.scope.empty()) {
      deepest = std::max(deepest, 1 + static_cast<int>(std::count(n.scope.begin(), n.scope.end(), '/')));
    }
  }
  return deepest;
}

DrawGraph collapsed_graph(const GraphSnapshot& graph, const DotOptions& options, int depth) {
  // Which drawn node each tensor becomes: itself (top level) or its box.
  DrawGraph full = full_graph(graph, options);
  DrawGraph out;
  std::vector<Box> boxes;
  std::map<std::string, std::size_t> box_of_scope;
  std::vector<std::size_t> drawn(graph.nodes.size());        // tensor index -> out.nodes index
  std::vector<std::ptrdiff_t> box_index(graph.nodes.size(), -1);   // tensor index -> box, or -1
  std::vector<std::size_t> box_node;                                // box -> out.nodes index
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const NodeInfo& n = graph.nodes[i];
    const std::string key = cut_scope(n.scope, depth);
    if (key.empty()) {
      drawn[i] = out.nodes.size();
      out.nodes.push_back(full.nodes[i]);
      out.nodes.back().scope.clear();
      continue;
    }
    auto [it, is_new] = box_of_scope.try_emplace(key, boxes.size());
    if (is_new) {
      boxes.emplace_back();
      boxes.back().scope = key;
      DrawNode d;
      d.name = fmt::format("s{}", boxes.size() - 1);
      const auto slash = key.rfind('/');
      d.scope = slash == std::string::npos ? "" : key.substr(0, slash);   // its cluster
      box_node.push_back(out.nodes.size());
      out.nodes.push_back(std::move(d));
    }
    Box& b = boxes[it->second];
    box_index[i] = static_cast<std::ptrdiff_t>(it->second);
    ++b.nodes;
    b.has_loss = b.has_loss || n.role == Role::Loss;
    if (n.op == "input" || n.op == "param") {
      if (n.role == Role::Parameter) {
        b.params.push_back(fmt::format("{} {}", n.label.empty() ? fmt::format("#{}", n.id) : n.label,
                                       to_string(n.shape)));
      }
    } else {
      auto op = std::find_if(b.ops.begin(), b.ops.end(), [&](const auto& p) { return p.first == n.op; });
      if (op == b.ops.end()) b.ops.emplace_back(n.op, 1);
      else ++op->second;
    }
  }
  std::map<std::int64_t, std::size_t> tensor_index;   // id -> tensor index
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (box_index[i] >= 0) drawn[i] = box_node[static_cast<std::size_t>(box_index[i])];
    tensor_index[graph.nodes[i].id] = i;
    if (graph.nodes[i].id == graph.root) out.root = drawn[i];
  }

  // Edges between different drawn nodes, once each, in operand order.
  std::set<std::pair<std::size_t, std::size_t>> seen;
  std::vector<bool> leaves_box(graph.nodes.size(), false);
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const NodeInfo& n = graph.nodes[i];
    for (std::size_t k = 0; k < n.parents.size(); ++k) {
      const std::size_t p = tensor_index.at(n.parents[k]);
      const std::size_t from = drawn[p], to = drawn[i];
      if (from == to) continue;
      if (box_index[p] >= 0) leaves_box[p] = true;
      if (!seen.insert({from, to}).second) continue;
      DrawEdge e{from, to, "", ""};
      const bool real_edge = box_index[p] < 0 && box_index[i] < 0;
      if (real_edge && options.show_formulas && k < n.formulas.size()) e.label = escape_quoted(n.formulas[k]);
      out.edges.push_back(std::move(e));
    }
  }
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (box_index[i] >= 0 && (leaves_box[i] || graph.nodes[i].id == graph.root)) {
      boxes[static_cast<std::size_t>(box_index[i])].outputs.push_back(to_string(graph.nodes[i].shape));
    }
  }

  for (std::size_t b = 0; b < boxes.size(); ++b) {
    const Box& box = boxes[b];
    DrawNode& d = out.nodes[box_node[b]];
    d.fields.push_back(escape_record(fmt::format("{}  ({} node{})", box.scope, box.nodes, box.nodes == 1 ? "" : "s")));
    std::string ops;
    for (const auto& [name, count] : box.ops) {
      ops += (ops.empty() ? "" : ", ") + (count > 1 ? fmt::format("{} ×{}", name, count) : name);
    }
    d.fields.push_back(escape_record(ops.empty() ? "no ops" : ops));
    if (!box.params.empty()) d.fields.push_back(escape_record("params " + listing(box.params)));
    if (!box.outputs.empty()) d.fields.push_back(escape_record("out " + listing(box.outputs)));
    d.fill = box.has_loss ? std::string(role_colour(Role::Loss)) : std::string(scope_box_colour);
    d.attrs = "style=\"filled,bold\"";
  }
  return out;
}

DrawGraph nearest_root(const DrawGraph& graph, std::size_t keep, std::size_t total_nodes) {
  keep = std::max<std::size_t>(keep, 1);
  std::vector<std::vector<std::size_t>> parents(graph.nodes.size());
  for (const DrawEdge& e : graph.edges) parents[e.to].push_back(e.from);
  // Breadth-first from the root towards the inputs: fewest edges away first.
  std::vector<bool> kept(graph.nodes.size(), false);
  std::deque<std::size_t> queue{graph.root};
  kept[graph.root] = true;
  std::size_t count = 1;
  while (!queue.empty() && count < keep) {
    const std::size_t n = queue.front();
    queue.pop_front();
    for (std::size_t p : parents[n]) {
      if (kept[p] || count >= keep) continue;
      kept[p] = true;
      ++count;
      queue.push_back(p);
    }
  }
  DrawGraph out;
  std::vector<std::size_t> index(graph.nodes.size(), 0);
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    if (!kept[i]) continue;
    index[i] = out.nodes.size();
    if (i == graph.root) out.root = out.nodes.size();
    out.nodes.push_back(graph.nodes[i]);
  }
  for (const DrawEdge& e : graph.edges) {
    if (kept[e.from] && kept[e.to]) out.edges.push_back(DrawEdge{index[e.from], index[e.to], e.label, e.attrs});
  }
  DrawNode note;
  note.name = "note";
  note.fill = "#ffffff";
  note.attrs = "shape=note, style=\"filled,dashed\"";
  note.fields.push_back(join_lines(
      {escape_record(fmt::format("{} of {} nodes not drawn", total_nodes - count, total_nodes)),
       escape_record(fmt::format("(node budget: these {} are the nearest the output)", count))}));
  out.nodes.push_back(std::move(note));
  return out;
}

}  // namespace sg::detail
