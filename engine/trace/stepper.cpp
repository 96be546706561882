// The interactive stepper: prints each event, then waits for a command.
// It keeps the graph seen so far (from forward, backward and update events)
// so that `p` can show a node whole and `dot` can draw it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <istream>
#include <ostream>
#include <set>

#include "engine/core/files.hpp"
#include "engine/trace/sinks.hpp"

namespace sg {

namespace {
constexpr std::string_view kPrompt = "step> ";

std::string trim(const std::string& s) {
  const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  auto begin = std::find_if_not(s.begin(), s.end(), is_space);
  auto end = std::find_if_not(s.rbegin(), s.rend(), is_space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

// The id in s if s is a whole number, with or without the '#' the trace
// prints before ids (from_chars: no exception on overflow).
std::optional<std::int64_t> parse_id(const std::string& s) {
  const std::size_t skip = (!s.empty() && s[0] == '#') ? 1 : 0;
  std::int64_t id = 0;
  const char* first = s.data() + skip;
  const char* last = s.data() + s.size();
  const auto [end, ec] = std::from_chars(first, last, id);
  if (first == last || ec != std::errc() || end != last) return std::nullopt;
  return id;
}
}  // namespace

Stepper::Stepper(std::istream& in, std::ostream& out, DotWriter dot_writer, Colour colour)
    : in_(in), out_(out), dot_writer_(std::move(dot_writer)), format_(colour) {}

std::string Stepper::help() {
  return "commands:\n"
         "  n, next, (empty line)  go on to the next event\n"
         "  c, continue            stop pausing; keep printing every event\n"
         "  q, quit                stop the program\n"
         "  p ID, print ID         show node ID (a number or a label) whole: op, parents, value, grad\n"
         "  dot FILE               write the graph so far to FILE as Graphviz DOT\n"
         "  h, help                this list\n";
}

void Stepper::write(const Event& event, const TraceOptions& options) {
  record(event);
  out_ << format_(event, options);
  if (!pausing_) return;
  for (;;) {
    out_ << kPrompt << std::flush;
    std::string line;
    if (!std::getline(in_, line)) {
      // End of input (a pipe that ran dry, Ctrl-D): carry on as `continue`.
      out_ << "\n(end of input: continuing without pausing)\n";
      pausing_ = false;
      return;
    }
    if (command(trim(line))) return;
  }
}

void Stepper::flush() { out_.flush(); }

bool Stepper::command(const std::string& line) {
  const std::size_t space = line.find(' ');
  const std::string word = line.substr(0, space);
  const std::string arg = space == std::string::npos ? "" : trim(line.substr(space + 1));
  if (word.empty() || word == "n" || word == "next") return true;
  if (word == "c" || word == "continue") {
    pausing_ = false;
    out_ << "(continuing without pausing)\n";
    return true;
  }
  if (word == "q" || word == "quit") {
    out_.flush();
    throw StepperQuit();
  }
  if (word == "p" || word == "print") {
    if (arg.empty()) {
      out_ << "print: which node? usage: p ID (a node id or a label)\n";
    } else {
      print_node(arg);
    }
  } else if (word == "dot") {
    if (arg.empty()) {
      out_ << "dot: which file? usage: dot FILE\n";
    } else {
      write_dot(arg);
    }
  } else if (word == "h" || word == "help" || word == "?") {
    out_ << help();
  } else {
    out_ << fmt::format("unknown command '{}' (h lists the commands)\n", word);
  }
  return false;
}

void Stepper::record(const Event& event) {
  if (const auto* f = std::get_if<ForwardEvent>(&event.data)) {
    if (new_graph_) {
      // A new graph begins: drop the op nodes of the last one, keep the
      // leaves (data and parameters are reused from step to step).
      std::erase_if(nodes_, [](const auto& kv) { return !kv.second.parents.empty(); });
      new_graph_ = false;
    }
    nodes_[f->node.id] = f->node;
  } else if (const auto* b = std::get_if<BackwardEvent>(&event.data)) {
    auto it = nodes_.find(b->node.id);
    if (it == nodes_.end()) {
      nodes_[b->node.id] = b->node;   // created before the stepper was attached
    } else {
      it->second.grad = b->node.grad;
      it->second.label = b->node.label;   // labels may be set after creation
    }
  } else if (const auto* u = std::get_if<UpdateInfo>(&event.data)) {
    auto it = nodes_.find(u->id);
    if (it != nodes_.end()) it->second.value = u->after;
  } else {
    new_graph_ = true;   // a step or epoch marker
  }
}

GraphSnapshot Stepper::graph() const {
  GraphSnapshot g;
  // Ids are creation order, so parents come first. A node whose parent was
  // dropped with an earlier graph is left out too, so that every parent a
  // snapshot names is in it.
  std::set<std::int64_t> kept;
  for (const auto& [id, node] : nodes_) {
    if (std::all_of(node.parents.begin(), node.parents.end(), [&](std::int64_t p) { return kept.count(p) > 0; })) {
      g.nodes.push_back(node);
      kept.insert(id);
    }
  }
  g.root = g.nodes.empty() ? -1 : g.nodes.back().id;
  return g;
}

void Stepper::print_node(const std::string& which) {
  const NodeInfo* node = nullptr;
  if (const std::optional<std::int64_t> id = parse_id(which)) {
    auto it = nodes_.find(*id);
    if (it != nodes_.end()) node = &it->second;
  } else {
    for (const auto& [id, n] : nodes_) {
      if (n.label == which) node = &n;   // the newest node with that label
    }
  }
  if (!node) {
    out_ << fmt::format("print: no node '{}' in the graph so far\n", which);
    return;
  }
  std::string s = fmt::format("{}  op {}", format_.ref(node->id), node->op);
  if (!node->attr.empty()) s += fmt::format("[{}]", node->attr);
  s += fmt::format("  shape {}  role {}", to_string(node->shape), to_string(node->role));
  if (!node->scope.empty()) s += fmt::format("  scope {}", node->scope);
  s += node->requires_grad ? "  requires grad\n" : "  no grad\n";
  for (std::size_t i = 0; i < node->parents.size(); ++i) {
    const std::string formula = i < node->formulas.size() ? node->formulas[i] : "";
    s += fmt::format("  parent {}: {}  {}\n", i, format_.ref(node->parents[i]), formula);
  }
  s += "  value = " + format_tensor(node->value, /*whole_if_kept=*/true) + "\n";
  s += "  grad  = " + (node->grad.empty() ? std::string("(none yet)") : format_tensor(node->grad, true)) + "\n";
  out_ << s;
}

void Stepper::write_dot(const std::string& path) {
  if (!dot_writer_) {
    out_ << "dot: this stepper was given no DOT writer\n";
    return;
  }
  const GraphSnapshot g = graph();
  std::string text;
  try {
    text = dot_writer_(g);
  } catch (const Error& e) {   // a failed drawing should not end the session
    out_ << fmt::format("dot: {}\n", e.what());
    return;
  }
  try {
    write_file(path, text, "dot");
  } catch (const Error& e) {   // nor a file that cannot be written
    out_ << e.what() << '\n';
    return;
  }
  out_ << fmt::format("wrote the graph so far ({} nodes) to {}\n", g.nodes.size(), path);
}

}  // namespace sg
