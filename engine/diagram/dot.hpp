// Graphviz diagrams of a computation graph: DOT text with one record node per
// tensor (label, op, shape, value, gradient), coloured by role, optionally
// clustered by layer scope or collapsed to one box per scope, and a sequence
// of backward-pass frames in which every node keeps its place.
//
// docs/diagrams.md shows the pictures and the commands that render them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/trace/trace.hpp"
#include "engine/diagram/render.hpp"

namespace sg {

struct DotOptions {
  enum class View {
    Auto,        // every node; one box per scope if that is over node_budget
    Full,        // every node (still cut down to node_budget if need be)
    Collapsed,   // one box per layer scope
  };
  View view = View::Auto;
  // Most nodes a diagram may have (legend and note included); 0: no limit.
  // Graphviz lays ~500 nodes out in a fraction of a second and does not
  // finish 3,000. Over budget: collapse the scopes (Auto), then keep the
  // nodes nearest the output and say in a note how many were left out.
  std::size_t node_budget = 400;
  // Collapse scopes cut to this many path components ("mlp/layer1" at
  // depth 1 is "mlp"); 0 keeps whole scopes. Auto tries shallower depths
  // before it drops nodes.
  int collapse_depth = 0;
  bool cluster_scopes = false;   // one `subgraph cluster_<scope>` per scope
  bool show_value = true;
  bool show_grad = true;
  bool show_formulas = false;    // each edge carries its chain-rule formula
  bool legend = false;           // a small key of the role colours
  // Tensors with more elements than this are summarised (shape, min, mean,
  // max and the first few values); smaller ones are written whole.
  std::int64_t max_elements = 16;
  std::int64_t summary_first = 3;
  std::string rankdir = "LR";    // Graphviz rankdir: LR (inputs left) or TB
  std::string title;             // drawn above the graph when not empty
};

// The fill colour of each role (documented in docs/diagrams.md):
// input #cfe2f3 (blue), param #d9ead3 (green), intermediate #f3f3f3 (grey),
// loss #f4cccc (red). A collapsed scope box is #fff2cc (yellow).
std::string_view role_colour(Role role);
inline constexpr std::string_view scope_box_colour = "#fff2cc";

// The DOT text of a graph. Deterministic: the same graph gives the same bytes.
std::string to_dot(const GraphSnapshot& graph, const DotOptions& options = {});

template <typename T>
std::string to_dot(const TensorT<T>& root, const DotOptions& options = {}) {
  return to_dot(snapshot(root), options);
}

// One picture of the backward pass: the node whose backward just ran is
// outlined in red, the parents it just sent gradient to in orange, and each
// node shows the gradient it holds so far (none until the pass reaches it).
struct Frame {
  std::string dot;                       // renders with `dot` or `neato -n2`
  std::string caption;                   // also drawn at the top of the frame
  std::int64_t active = -1;              // id of the node whose backward ran
  std::vector<std::int64_t> receivers;   // ids it sent gradient to
};

// Records the next backward pass of `loss`'s graph so that it can be drawn
// one frame per step; drawing has no side effects (the caller runs the pass):
//
//   BackwardRecorder recorder(L);      // attaches to L's Context
//   L.backward();                      // the caller's own pass, traced as usual
//   std::vector<Frame> frames = recorder.frames();
//
// While alive it is the Context's observer and passes every event on to the
// observer it replaced (the chapter's trace sees the pass as usual); the
// destructor puts that one back. Leaf gradients start from whatever earlier
// passes left in them, as backward() does. Every node has the same position
// and size in every frame (the layout is done once, on the widest labels, and
// written into each frame with layout=nop2). Scopes are not clustered in
// frames. Throws ValueError for a graph over node_budget (DotOptions's).
class BackwardRecorder final : public Interposer<BackwardRecorder> {
 public:
  template <typename T>
  explicit BackwardRecorder(const TensorT<T>& loss, std::size_t node_budget = DotOptions{}.node_budget);

  // One frame per backward step recorded so far, in order (none before a pass).
  std::vector<Frame> frames(const DotOptions& options = {}) const;

  template <typename T> void on_forward(const Node<T>& node);
  template <typename T> void on_begin_backward(const Node<T>& node);
  template <typename T> void on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d);
  void end_backward() override;

 private:
  GraphSnapshot before_;
  TraceOptions whole_;
  std::vector<BackwardEvent> events_;
  std::optional<BackwardEvent> pending_;
};

// Writes frame_000.dot, frame_001.dot, ... into dir (created if missing),
// each also rendered as frame_NNN.<format> when a format is given, after
// removing every frame_* file already there (left by an earlier, longer
// pass). Returns the paths written, in order.
std::vector<std::filesystem::path> write_frames(const std::vector<Frame>& frames,
                                                const std::filesystem::path& dir,
                                                std::optional<Format> format = std::nullopt);

}  // namespace sg
