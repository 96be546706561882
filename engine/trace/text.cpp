// The text format of the trace: what a student reads in a terminal.
//
//   [12] backward #5 matmul 'h1' (4,2)  upstream dY = [[...]]
//     → #2 'W1'  dW += Xᵀ · dY  = [[...]]
//   [20] update #2 'W1' sgd lr=0.1
//     before = ...
//   ── step 3  loss=0.693147 ──
#include <fmt/format.h>

#include <ostream>

#include "engine/trace/sinks.hpp"

namespace sg {

namespace {
constexpr std::string_view kForwardColour = "\x1b[36m";    // cyan
constexpr std::string_view kBackwardColour = "\x1b[35m";   // magenta
constexpr std::string_view kUpdateColour = "\x1b[32m";     // green
constexpr std::string_view kMarkerColour = "\x1b[1m";      // bold
constexpr std::string_view kReset = "\x1b[0m";

std::string row_text(const Mat& m, Index r) {
  std::string s = "[";
  for (Index c = 0; c < m.cols(); ++c) {
    if (c > 0) s += ", ";
    s += format_number(m(r, c));
  }
  return s + "]";
}

std::string metrics_text(const std::vector<std::pair<std::string, double>>& metrics) {
  std::string s;
  for (const auto& [name, value] : metrics) s += fmt::format("  {}={}", name, format_number(value));
  return s;
}
}  // namespace

std::string format_number(double x) { return fmt::format("{:.6g}", x); }

std::string format_tensor(const TensorRecord& t, bool whole_if_kept) {
  if (t.summary && !(whole_if_kept && t.whole.size() != 0)) {
    const TensorSummary& s = *t.summary;
    std::string first;
    for (std::size_t i = 0; i < s.first.size(); ++i) {
      first += (i > 0 ? ", " : "") + format_number(s.first[i]);
    }
    return fmt::format("summary {} min={} max={} mean={} norm={} first=[{}{}]", to_string(s.shape),
                       format_number(s.min),
                       format_number(s.max), format_number(s.mean), format_number(s.norm), first,
                       static_cast<Index>(s.first.size()) < s.shape.size() ? ", …" : "");
  }
  const Mat& m = t.whole;
  if (m.rows() == 1 && m.cols() == 1) return format_number(m(0, 0));
  std::string s = "[";
  for (Index r = 0; r < m.rows(); ++r) {
    if (r > 0) s += ", ";
    s += row_text(m, r);
  }
  return s + "]";
}

std::string TextFormat::ref(std::int64_t id) const {
  auto it = labels_.find(id);
  return it == labels_.end() ? fmt::format("#{}", id) : fmt::format("#{} '{}'", id, it->second);
}

std::string TextFormat::paint(std::string_view text, std::string_view ansi) const {
  if (colour_ == Colour::Off) return std::string(text);
  return fmt::format("{}{}{}", ansi, text, kReset);
}

// "#5 matmul 'h1' (4,2)", with the op's parameter: "#7 leaky_relu[α=0.01] (4,2)"
std::string TextFormat::node_line(const NodeInfo& node) const {
  std::string s = fmt::format("#{} {}", node.id, node.op);
  if (!node.attr.empty()) s += fmt::format("[{}]", node.attr);
  if (!node.label.empty()) s += fmt::format(" '{}'", node.label);
  return s + " " + to_string(node.shape);
}

std::string TextFormat::operator()(const Event& e, const TraceOptions&) {
  const std::string seq = fmt::format("[{}] ", e.seq);
  if (const auto* f = std::get_if<ForwardEvent>(&e.data)) {
    const NodeInfo& n = f->node;
    if (!n.label.empty()) labels_[n.id] = n.label;
    std::string s = seq + paint("forward", kForwardColour) + " " + node_line(n);
    if (!n.scope.empty()) s += fmt::format(" in {}", n.scope);
    if (!n.parents.empty()) {
      s += " ←";
      for (std::size_t i = 0; i < n.parents.size(); ++i) s += (i > 0 ? ", " : " ") + ref(n.parents[i]);
    }
    return s + "  = " + format_tensor(n.value) + "\n";
  }
  if (const auto* b = std::get_if<BackwardEvent>(&e.data)) {
    const NodeInfo& n = b->node;
    if (!n.label.empty()) labels_[n.id] = n.label;   // labels may be set after creation
    std::string s = seq + paint("backward", kBackwardColour) + " " + node_line(n) + "  ";
    if (n.grad.empty()) {
      s += "no gradient (needs none)";
    } else if (n.parents.empty()) {
      s += "grad = " + format_tensor(n.grad);
    } else {
      // The formulas call the upstream gradient dL for a loss and dY otherwise.
      s += fmt::format("upstream {} = ", n.role == Role::Loss ? "dL" : "dY") + format_tensor(n.grad);
    }
    s += "\n";
    for (const Contribution& c : b->contributions) {
      s += fmt::format("  → {}  {}  = {}\n", ref(c.parent), c.formula, format_tensor(c.value));
    }
    return s;
  }
  if (const auto* u = std::get_if<UpdateInfo>(&e.data)) {
    // At level steps no forward event named the parameter: the update does.
    if (!u->label.empty()) labels_[u->id] = u->label;
    std::string s = seq + paint("update", kUpdateColour) + " " + ref(u->id);
    s += fmt::format(" {} lr={}", u->optimizer, format_number(u->lr));
    if (!u->note.empty()) s += "  (" + u->note + ")";
    s += "\n";
    s += "  before = " + format_tensor(u->before) + "\n";
    s += "  grad   = " + format_tensor(u->grad) + "\n";
    s += "  after  = " + format_tensor(u->after) + "\n";
    for (const auto& [name, value] : u->state) s += fmt::format("  {} = {}\n", name, format_tensor(value));
    return s;
  }
  if (const auto* st = std::get_if<StepEvent>(&e.data)) {
    return paint(fmt::format("── step {}{} ──", st->index, metrics_text(st->metrics)), kMarkerColour) + "\n";
  }
  const auto& ep = std::get<EpochEvent>(e.data);
  return paint(fmt::format("══ epoch {}{} ══", ep.index, metrics_text(ep.metrics)), kMarkerColour) + "\n";
}

void TextSink::write(const Event& event, const TraceOptions& options) {
  out_ << format_(event, options);
}

void TextSink::flush() { out_.flush(); }

}  // namespace sg
