// Rendering DOT text in-process through Graphviz's own library (gvc + cgraph):
// SVG, PNG or PDF, to a file or to memory, and a layout query that reports
// where Graphviz put every node and edge (the backward frames use it to pin
// every node in place).
//
// Graphviz is not thread-safe; every function here takes one process-wide
// lock for the whole call. Each call frees its layout and graph before it
// returns; the Graphviz context is made once and kept for the whole process
// (render.cpp says why).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

enum class Format { Svg, Png, Pdf };
std::string_view to_string(Format format);   // "svg", "png", "pdf"
// "svg", "png" or "pdf"; throws ValueError naming the formats otherwise.
Format parse_format(std::string_view text);

// Lays `dot` out (with the `dot` engine unless the graph names another one in
// its `layout` attribute, as the backward frames do) and writes the picture.
// Throws sg::Error with Graphviz's own message for DOT it cannot read or lay
// out, and for a path that cannot be written.
void render(const std::string& dot, Format format, const std::filesystem::path& out);
// The same, into memory (SVG text, or the PNG/PDF bytes).
std::string render_to_string(const std::string& dot, Format format);

// Where Graphviz placed a node: centre in points, size in inches (DOT units).
struct NodePlacement {
  double x = 0.0;
  double y = 0.0;
  double width = 0.0;
  double height = 0.0;
};
// An edge's spline and label position, as Graphviz writes them ("pos", "lp").
struct EdgePlacement {
  std::string pos;
  std::string lp;
};
struct Layout {
  double llx = 0.0, lly = 0.0, urx = 0.0, ury = 0.0;   // bounding box, points
  std::map<std::string, NodePlacement> nodes;          // by node name
  std::map<std::string, EdgePlacement> edges;          // by the edge's `id` attribute
};
// Lays `dot` out with `engine` ("dot", "neato", "nop", ...; the graph's own
// `layout` attribute wins, as in Graphviz) and reads the placements back.
Layout layout(const std::string& dot, std::string_view engine = "dot");

}  // namespace sg
