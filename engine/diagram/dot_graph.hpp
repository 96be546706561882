// Internal to the diagram writer (dot*.cpp): the graph as it will be drawn,
// after collapsing or cutting, and the pieces that turn it into DOT text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/diagram/dot.hpp"

namespace sg::detail {

struct DrawNode {
  std::string name;                  // DOT id: n12 (tensor #12), s3 (scope box), note
  std::vector<std::string> fields;   // record fields, already escaped
  std::string fill;
  std::string scope;                 // cluster path, "" at top level
  std::string attrs;                 // more DOT attributes: "penwidth=3, ..."
};

struct DrawEdge {
  std::size_t from = 0;              // indices into DrawGraph::nodes
  std::size_t to = 0;
  std::string label;                 // already escaped; "" for none
  std::string attrs;
};

struct DrawGraph {
  std::vector<DrawNode> nodes;
  std::vector<DrawEdge> edges;
  std::size_t root = 0;
  std::string comment;               // written as a // line at the top
};

// Text for a record field: { } | < > " and backslash escaped, newlines as
// Graphviz line breaks, other control characters as spaces. UTF-8 passes.
std::string escape_record(std::string_view text);
// Text for a quoted DOT string that is not a record label.
std::string escape_quoted(std::string_view text);
// Lines already escaped, joined by Graphviz's centred line break.
std::string join_lines(const std::vector<std::string>& escaped_lines);

// "value 2.5", or a matrix row by row, or a summary past max_elements.
std::string matrix_field(std::string_view name, const TensorRecord& t, const DotOptions& options);

// One record node per tensor, one edge per operand, in snapshot order.
DrawGraph full_graph(const GraphSnapshot& graph, const DotOptions& options);
// One box per scope (cut to depth components; 0: whole scope).
DrawGraph collapsed_graph(const GraphSnapshot& graph, const DotOptions& options, int depth);
// The `keep` nodes nearest the root (fewest edges away) plus a note.
DrawGraph nearest_root(const DrawGraph& graph, std::size_t keep, std::size_t total_nodes);
// Deepest scope path in the graph ("a/b/c" is 3).
int max_scope_depth(const GraphSnapshot& graph);

// The DOT text. graph_attrs go into the graph's attribute line.
std::string write_dot(const DrawGraph& graph, const DotOptions& options,
                      std::string_view graph_attrs = "");

}  // namespace sg::detail
