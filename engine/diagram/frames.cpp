// Backward frames: one diagram per backward step, every node pinned where a
// single layout put it. The frames come from the backward events of a trace
// attached for the duration of the pass; the layout is done once, with each
// node as big as its widest label in any frame, and written into every frame
// as pos/width/height with layout=nop2 (Graphviz's `neato -n2`).
#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/diagram/dot_graph.hpp"
#include "engine/core/files.hpp"

namespace sg {

namespace {

constexpr std::string_view active_attrs = "color=\"#cc0000\", penwidth=3";
constexpr std::string_view receiver_attrs = "color=\"#e69138\", penwidth=2";
constexpr std::string_view active_edge_attrs = "color=\"#cc0000\", penwidth=2";
constexpr double caption_gap = 10.0;   // points between the graph and the caption
constexpr double points_per_inch = 72.0;

std::string title_of(const NodeInfo& n) {
  return n.label.empty() ? fmt::format("#{}", n.id) : n.label;
}

std::string caption_of(const GraphSnapshot& g, const BackwardEvent& e, std::size_t step, std::size_t steps) {
  const NodeInfo& n = e.node;
  std::string text = fmt::format("step {}/{}: ", step + 1, steps);
  if (n.op == "input" || n.op == "param") {
    text += !n.grad.empty()
                ? fmt::format("{} is a leaf ({}): its gradient is complete", title_of(n), n.op)
                : fmt::format("{} is a leaf ({}) that needs no gradient", title_of(n), n.op);
    return text;
  }
  text += fmt::format("backward of {} ({})", title_of(n), n.op);
  if (e.contributions.empty()) text += ": no operand needs a gradient";
  for (const Contribution& c : e.contributions) {
    const NodeInfo* p = g.find(c.parent);
    text += fmt::format("\n  to {}: {}", p ? title_of(*p) : fmt::format("#{}", c.parent), c.formula);
  }
  return text;
}

std::string fixed(double v) { return fmt::format("{:.6g}", v); }

struct FrameState {
  GraphSnapshot graph;                  // grads as they stand after this step
  std::int64_t active = -1;
  std::vector<std::int64_t> receivers;
  std::string caption;
};

std::vector<FrameState> replay(const GraphSnapshot& before, const std::vector<BackwardEvent>& events) {
  std::map<std::int64_t, Mat> grads;    // id -> gradient so far, for nodes reached
  std::vector<FrameState> states;
  for (std::size_t k = 0; k < events.size(); ++k) {
    const BackwardEvent& e = events[k];
    FrameState s;
    s.active = e.node.id;
    if (!e.node.grad.empty()) grads[s.active] = e.node.grad.whole;   // the engine's own value
    for (const Contribution& c : e.contributions) {
      auto it = grads.find(c.parent);
      if (it == grads.end()) {
        // A leaf starts from what earlier passes left in it; anything else from 0.
        const NodeInfo* p = before.find(c.parent);
        const bool leaf = p && (p->op == "input" || p->op == "param") && !p->grad.empty();
        const Shape shape = c.value.shape();
        it = grads.emplace(c.parent, leaf ? p->grad.whole : Mat::Zero(shape.rows, shape.cols)).first;
      }
      it->second += c.value.whole;
      if (std::find(s.receivers.begin(), s.receivers.end(), c.parent) == s.receivers.end()) {
        s.receivers.push_back(c.parent);
      }
    }
    s.graph = before;
    for (NodeInfo& n : s.graph.nodes) {
      auto it = grads.find(n.id);
      n.grad = it == grads.end() ? TensorRecord{} : whole_tensor(it->second);
    }
    s.caption = caption_of(before, e, k, events.size());
    states.push_back(std::move(s));
  }
  return states;
}

// The caption, padded to `lines` lines so that its first line sits at the
// same height in every frame.
detail::DrawNode caption_node(const std::string& caption, std::size_t lines) {
  detail::DrawNode d;
  d.name = "caption";
  d.fill = "#ffffff";
  d.attrs = "shape=plaintext, style=\"\", labelloc=t";
  std::string text;
  std::size_t start = 0, written = 0;
  while (start <= caption.size()) {   // every line left-justified (\l)
    const std::size_t end = std::min(caption.find('\n', start), caption.size());
    text += detail::escape_record(caption.substr(start, end - start)) + "\\l";
    start = end + 1;
    ++written;
  }
  for (; written < lines; ++written) text += "\\l";
  d.fields.push_back(text);
  return d;
}

// The drawing of each frame, before placement: the graph plus its caption.
std::vector<detail::DrawGraph> drawings(const std::vector<FrameState>& states, const DotOptions& options) {
  std::size_t lines = 0;
  for (const FrameState& s : states) {
    lines = std::max<std::size_t>(lines, 1 + std::count(s.caption.begin(), s.caption.end(), '\n'));
  }
  std::vector<detail::DrawGraph> out;
  for (const FrameState& s : states) {
    detail::DrawGraph g = detail::full_graph(s.graph, options);
    for (std::size_t k = 0; k < g.edges.size(); ++k) g.edges[k].attrs = fmt::format("id=\"e{}\"", k);
    g.nodes.push_back(caption_node(s.caption, lines));
    out.push_back(std::move(g));
  }
  return out;
}

// The size of every node: the largest it is in any frame. Laid out once with
// `nop` (everything at 0,0), each distinct label once.
std::map<std::string, NodePlacement> largest_sizes(const std::vector<detail::DrawGraph>& frames,
                                                   const DotOptions& options) {
  detail::DrawGraph sizing;
  std::map<std::string, std::string> owner;   // variant name -> node name
  std::set<std::pair<std::string, std::vector<std::string>>> seen;
  for (const detail::DrawGraph& f : frames) {
    for (const detail::DrawNode& n : f.nodes) {
      if (!seen.insert({n.name, n.fields}).second) continue;
      detail::DrawNode v = n;
      v.name = fmt::format("v{}", sizing.nodes.size());
      v.attrs += std::string(v.attrs.empty() ? "" : ", ") + "pos=\"0,0\"";
      owner[v.name] = n.name;
      sizing.nodes.push_back(std::move(v));
    }
  }
  const Layout sized = layout(detail::write_dot(sizing, options, "layout=nop"), "nop");
  std::map<std::string, NodePlacement> largest;
  for (const auto& [variant, p] : sized.nodes) {
    NodePlacement& m = largest[owner.at(variant)];
    m.width = std::max(m.width, p.width);
    m.height = std::max(m.height, p.height);
  }
  return largest;
}

std::vector<Frame> frames_from_events(const GraphSnapshot& before, const std::vector<BackwardEvent>& events,
                                      const DotOptions& asked) {
  DotOptions options = asked;   // frames draw every node, no clusters, no legend
  options.cluster_scopes = false;
  options.legend = false;
  options.title.clear();
  const std::vector<FrameState> states = replay(before, events);
  if (states.empty()) return {};
  using namespace detail;
  std::vector<DrawGraph> frames = drawings(states, options);
  const std::map<std::string, NodePlacement> size = largest_sizes(frames, options);

  // One layout, of the last frame (every gradient present), without the caption.
  DrawGraph last = frames.back();
  last.nodes.pop_back();
  for (DrawNode& n : last.nodes) {
    n.attrs += fmt::format("{}width={}, height={}, fixedsize=true", n.attrs.empty() ? "" : ", ",
                           fixed(size.at(n.name).width), fixed(size.at(n.name).height));
  }
  const Layout placed = layout(write_dot(last, options), "dot");

  // The caption goes above the graph, left-aligned; the box grows to hold it.
  const NodePlacement caption = size.at("caption");
  const double cw = caption.width * points_per_inch, ch = caption.height * points_per_inch;
  const std::string bb = fmt::format("bb=\"{},{},{},{}\"", fixed(placed.llx), fixed(placed.lly),
                                     fixed(std::max(placed.urx, placed.llx + cw)),
                                     fixed(placed.ury + caption_gap + ch));
  std::map<std::string, NodePlacement> where = placed.nodes;
  where["caption"] = NodePlacement{placed.llx + cw / 2, placed.ury + caption_gap + ch / 2, 0, 0};

  std::vector<Frame> out;
  for (std::size_t k = 0; k < frames.size(); ++k) {
    DrawGraph& g = frames[k];
    const FrameState& s = states[k];
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      DrawNode& n = g.nodes[i];
      index[n.name] = i;
      const NodePlacement& p = where.at(n.name);
      n.attrs += fmt::format("{}pos=\"{},{}!\", width={}, height={}, fixedsize=true",
                             n.attrs.empty() ? "" : ", ", fixed(p.x), fixed(p.y),
                             fixed(size.at(n.name).width), fixed(size.at(n.name).height));
    }
    const std::string active = fmt::format("n{}", s.active);
    g.nodes[index.at(active)].attrs += ", " + std::string(active_attrs);
    std::set<std::string> receivers;
    for (std::int64_t r : s.receivers) {
      receivers.insert(fmt::format("n{}", r));
      g.nodes[index.at(fmt::format("n{}", r))].attrs += ", " + std::string(receiver_attrs);
    }
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
      DrawEdge& edge = g.edges[e];
      const EdgePlacement& p = placed.edges.at(fmt::format("e{}", e));
      edge.attrs += fmt::format(", pos=\"{}\"", p.pos);
      if (!p.lp.empty()) edge.attrs += fmt::format(", lp=\"{}\"", p.lp);
      const bool sent = g.nodes[edge.to].name == active && receivers.count(g.nodes[edge.from].name) > 0;
      if (sent) edge.attrs += ", " + std::string(active_edge_attrs);
    }
    out.push_back(Frame{write_dot(g, options, "layout=nop2, " + bb), s.caption, s.active, s.receivers});
  }
  return out;
}

}  // namespace

template <typename T>
BackwardRecorder::BackwardRecorder(const TensorT<T>& loss, std::size_t node_budget)
    : Interposer(loss.ctx()), before_(snapshot(loss)) {
  constexpr std::size_t caption_nodes = 1;
  if (node_budget != 0 && before_.nodes.size() + caption_nodes > node_budget) {
    // Thrown after the base attached us: its destructor puts the old observer back.
    throw ValueError(fmt::format(
        "backward frames: the graph of '{}' has {} nodes, over the node budget of {}: frames draw "
        "every node, so draw a smaller graph or raise DotOptions::node_budget",
        loss.label(), before_.nodes.size(), node_budget));
  }
  whole_.summarise = false;
  set_observed_level(TraceLevel::Full);
}

template <typename T>
void BackwardRecorder::on_forward(const Node<T>& node) {
  if (GraphObserver* next = pass_on()) next->forward(node);
}

template <typename T>
void BackwardRecorder::on_begin_backward(const Node<T>& node) {
  pending_.emplace();
  pending_->node = node_info(node, whole_);
  if (GraphObserver* next = pass_on()) next->begin_backward(node);
}

template <typename T>
void BackwardRecorder::on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d) {
  if (pending_) pending_->contributions.push_back({parent, std::string(formula), whole_tensor(d)});
  if (GraphObserver* next = pass_on()) next->contribution(parent, formula, d);
}

void BackwardRecorder::end_backward() {
  if (pending_) events_.push_back(std::move(*pending_));
  pending_.reset();
  if (GraphObserver* next = pass_on()) next->end_backward();
}

std::vector<Frame> BackwardRecorder::frames(const DotOptions& options) const {
  return frames_from_events(before_, events_, options);
}

std::vector<std::filesystem::path> write_frames(const std::vector<Frame>& frames,
                                                const std::filesystem::path& dir,
                                                std::optional<Format> format) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("write_frames: cannot create '{}': {}", dir.string(), ec.message()));
  // Frames of an earlier, longer pass would otherwise outlive this one's.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string().starts_with("frame_")) {
      std::filesystem::remove(entry.path());
    }
  }
  std::vector<std::filesystem::path> written;
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const std::string stem = fmt::format("frame_{:03}", k);
    const std::filesystem::path dot_path = dir / (stem + ".dot");
    write_file(dot_path, frames[k].dot, "write_frames");
    written.push_back(dot_path);
    if (format) {
      const std::filesystem::path picture = dir / (stem + "." + std::string(to_string(*format)));
      render(frames[k].dot, *format, picture);
      written.push_back(picture);
    }
  }
  return written;
}

template BackwardRecorder::BackwardRecorder(const Tensor&, std::size_t);
template BackwardRecorder::BackwardRecorder(const TensorF&, std::size_t);
template void BackwardRecorder::on_forward(const Node<double>&);
template void BackwardRecorder::on_forward(const Node<float>&);
template void BackwardRecorder::on_begin_backward(const Node<double>&);
template void BackwardRecorder::on_begin_backward(const Node<float>&);
template void BackwardRecorder::on_contribution(std::int64_t, std::string_view, const Mat&);
template void BackwardRecorder::on_contribution(std::int64_t, std::string_view, const MatF&);

}  // namespace sg
