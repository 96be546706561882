// The DOT writer: record nodes, colours by role, clusters per scope, and the
// choice between the full, collapsed and cut-down views (dot_collapse.cpp).
#include "engine/diagram/dot.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "engine/diagram/dot_graph.hpp"
#include "engine/trace/summary.hpp"

namespace sg {

std::string_view role_colour(Role role) {
  switch (role) {
    case Role::Input: return "#cfe2f3";
    case Role::Parameter: return "#d9ead3";
    case Role::Intermediate: return "#f3f3f3";
    case Role::Loss: return "#f4cccc";
  }
  return "#ffffff";
}

namespace detail {

std::string escape_record(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '{': case '}': case '|': case '<': case '>': case '"': case '\\':
        out += '\\';
        out += c;
        break;
      case '\n': out += "\\n"; break;
      default:
        // Bytes >= 0x80 (UTF-8: ⊙ ᵀ σ) are not control characters here.
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
  }
  return out;
}

std::string escape_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': case '\\':
        out += '\\';
        out += c;
        break;
      case '\n': out += "\\n"; break;
      default: out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& escaped_lines) {
  std::string out;
  for (std::size_t i = 0; i < escaped_lines.size(); ++i) {
    if (i) out += "\\n";
    out += escaped_lines[i];
  }
  return out;
}

namespace {

// Fixed formatting: 4 significant digits, and no "-0".
std::string number(double v) {
  if (v == 0.0) v = 0.0;
  return fmt::format("{:.4g}", v);
}

}  // namespace

std::string matrix_field(std::string_view name, const TensorRecord& t, const DotOptions& options) {
  if (t.whole.size() == 0 && t.summary) {
    // Recorded as a summary only (a graph the stepper saw at level ops).
    const TensorSummary& s = *t.summary;
    std::string first = "first";
    const std::size_t shown = std::min<std::size_t>(s.first.size(), std::max<Index>(options.summary_first, 0));
    for (std::size_t k = 0; k < shown; ++k) first += (k ? ", " : " ") + number(s.first[k]);
    return join_lines({escape_record(fmt::format("{} min {}  mean {}  max {}", name, number(s.min),
                                                 number(s.mean), number(s.max))),
                       escape_record(first + " …")});
  }
  const Mat& m = t.whole;
  if (m.size() == 1) return escape_record(fmt::format("{} {}", name, number(m(0, 0))));
  std::vector<std::string> lines;
  if (m.size() <= options.max_elements) {
    lines.push_back(escape_record(name));
    for (Index r = 0; r < m.rows(); ++r) {
      std::string row = "[";
      for (Index c = 0; c < m.cols(); ++c) row += (c ? ", " : "") + number(m(r, c));
      lines.push_back(escape_record(row + "]"));
    }
  } else {
    // The trace's summary (NaN-aware min/max, row-major first values).
    const TensorSummary s = summarise(m, std::max<Index>(options.summary_first, 0));
    lines.push_back(escape_record(fmt::format("{} min {}  mean {}  max {}", name, number(s.min),
                                              number(s.mean), number(s.max))));
    std::string first = "first";
    for (std::size_t k = 0; k < s.first.size(); ++k) first += (k ? ", " : " ") + number(s.first[k]);
    lines.push_back(escape_record(first + " …"));
  }
  return join_lines(lines);
}

DrawGraph full_graph(const GraphSnapshot& graph, const DotOptions& options) {
  DrawGraph out;
  std::map<std::int64_t, std::size_t> index;
  for (const NodeInfo& n : graph.nodes) {
    DrawNode d;
    d.name = fmt::format("n{}", n.id);
    d.fields.push_back(escape_record(n.label.empty() ? fmt::format("#{}", n.id) : n.label));
    d.fields.push_back(escape_record(n.attr.empty() ? n.op : n.op + " " + n.attr));
    d.fields.push_back(escape_record(to_string(n.shape)));
    if (options.show_value) d.fields.push_back(matrix_field("value", n.value, options));
    if (options.show_grad && !n.grad.empty()) d.fields.push_back(matrix_field("grad", n.grad, options));
    d.fill = std::string(role_colour(n.role));
    d.scope = n.scope;
    index[n.id] = out.nodes.size();
    if (n.id == graph.root) out.root = out.nodes.size();
    out.nodes.push_back(std::move(d));
  }
  for (const NodeInfo& n : graph.nodes) {
    for (std::size_t i = 0; i < n.parents.size(); ++i) {
      DrawEdge e;
      e.from = index.at(n.parents[i]);
      e.to = index.at(n.id);
      if (options.show_formulas && i < n.formulas.size()) e.label = escape_quoted(n.formulas[i]);
      out.edges.push_back(std::move(e));
    }
  }
  return out;
}

namespace {

constexpr std::size_t legend_nodes = 4;

std::string parent_path(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

void write_node(std::string& out, const DrawNode& n, std::string_view indent) {
  std::string label;
  for (std::size_t i = 0; i < n.fields.size(); ++i) label += (i ? "|" : "") + n.fields[i];
  out += fmt::format("{}{} [label=\"{}\", fillcolor=\"{}\"{}{}];\n", indent, n.name, label, n.fill,
                     n.attrs.empty() ? "" : ", ", n.attrs);
}

// Nodes of `path`, then one cluster per child scope, in order of appearance.
void write_scope(std::string& out, const DrawGraph& g, const std::vector<std::string>& paths,
                 const std::string& path, int depth) {
  const std::string indent(static_cast<std::size_t>(2 * depth + 2), ' ');
  for (const DrawNode& n : g.nodes) {
    if (n.scope == path) write_node(out, n, indent);
  }
  for (const std::string& child : paths) {
    if (child.empty() || parent_path(child) != path) continue;
    const std::string name = path.empty() ? child : child.substr(path.size() + 1);   // last part
    out += fmt::format("{}subgraph \"cluster_{}\" {{\n", indent, escape_quoted(child));
    out += fmt::format("{}  label=\"{}\"; style=\"rounded,dashed\"; color=\"#888888\";\n", indent,
                       escape_quoted(name));
    write_scope(out, g, paths, child, depth + 1);
    out += indent + "}\n";
  }
}

void write_legend(std::string& out) {
  out += "  subgraph cluster_legend {\n    label=\"legend\"; style=dashed; color=\"#888888\";\n";
  for (Role r : {Role::Input, Role::Parameter, Role::Intermediate, Role::Loss}) {
    out += fmt::format("    legend_{} [label=\"{}\", fillcolor=\"{}\"];\n", to_string(r), to_string(r),
                       role_colour(r));
  }
  out += "  }\n";
}

}  // namespace

std::string write_dot(const DrawGraph& g, const DotOptions& options, std::string_view graph_attrs) {
  std::string out;
  if (!g.comment.empty()) out += "// " + g.comment + "\n";
  out += "digraph stepgrad {\n";
  out += fmt::format("  graph [rankdir=\"{}\", fontname=\"Helvetica\", fontsize=12", escape_quoted(options.rankdir));
  if (!options.title.empty()) {
    out += fmt::format(", label=\"{}\", labelloc=t, labeljust=l", escape_quoted(options.title));
  }
  if (!graph_attrs.empty()) out += fmt::format(", {}", graph_attrs);
  out += "];\n";
  out += "  node [shape=record, style=filled, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  if (options.cluster_scopes) {
    std::vector<std::string> paths;   // every scope and its prefixes, first seen first
    for (const DrawNode& n : g.nodes) {
      for (std::string p = n.scope; !p.empty(); p = parent_path(p)) {
        if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
      }
    }
    write_scope(out, g, paths, "", 0);
  } else {
    for (const DrawNode& n : g.nodes) write_node(out, n, "  ");
  }
  if (options.legend) write_legend(out);
  for (const DrawEdge& e : g.edges) {
    std::string attrs = e.label.empty() ? "" : fmt::format("label=\"{}\"", e.label);
    if (!e.attrs.empty()) attrs += (attrs.empty() ? "" : ", ") + e.attrs;
    out += fmt::format("  {} -> {}{}{}{};\n", g.nodes[e.from].name, g.nodes[e.to].name,
                       attrs.empty() ? "" : " [", attrs, attrs.empty() ? "" : "]");
  }
  out += "}\n";
  return out;
}

}  // namespace detail

std::string to_dot(const GraphSnapshot& graph, const DotOptions& options) {
  using View = DotOptions::View;
  constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();
  const std::size_t reserved = options.legend ? detail::legend_nodes : 0;
  const std::size_t room = options.node_budget == 0 ? unlimited
                           : std::max<std::size_t>(options.node_budget, reserved + 2) - reserved;

  detail::DrawGraph g;
  std::string how;
  if (options.view != View::Collapsed) {
    g = detail::full_graph(graph, options);
    how = "every node";
  }
  if (options.view == View::Collapsed || (options.view == View::Auto && g.nodes.size() > room)) {
    // Whole scopes first (or the depth asked for), then shallower ones.
    const int deepest = options.collapse_depth > 0 ? options.collapse_depth
                                                   : std::max(detail::max_scope_depth(graph), 1);
    for (int depth = deepest; depth >= 1; --depth) {
      g = detail::collapsed_graph(graph, options, depth);
      how = fmt::format("one box per scope (depth {})", depth);
      if (g.nodes.size() <= room) break;
    }
  }
  if (g.nodes.size() > room) {
    const std::size_t drawn = g.nodes.size();
    g = detail::nearest_root(g, room - 1, drawn);
    how += fmt::format(", cut to the {} nodes nearest the output", room - 1);
  }
  g.comment = fmt::format("stepgrad graph: {} nodes, drawn as {}", graph.nodes.size(), how);
  return detail::write_dot(g, options);
}

}  // namespace sg
