// Where trace events go: a readable text stream for terminals, JSON Lines for
// tools (schema version 1, docs/trace-format.md), and an interactive stepper
// that pauses after every event. make_trace() wires them from a chapter's
// --trace / --trace-file / --step flags.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/trace/record.hpp"
#include "engine/trace/trace.hpp"

namespace sg {

// ---- text -- trace_text.cpp --------------------------------------------------

enum class Colour { Off, On };   // ANSI colours in the text format

// Formats events as text: one readable block per event (one or more lines,
// each ending in '\n'). It remembers node labels from forward events so that
// later lines can name parents ("→ #2 'W1'"). Numbers are written with
// {:.6g}, so the text is deterministic.
class TextFormat {
 public:
  explicit TextFormat(Colour colour = Colour::Off) : colour_(colour) {}
  std::string operator()(const Event& event, const TraceOptions& options);
  // "#2 'W1'", or "#2" for an unlabelled node.
  std::string ref(std::int64_t id) const;

 private:
  std::string paint(std::string_view text, std::string_view ansi) const;
  std::string node_line(const NodeInfo& node) const;

  Colour colour_;
  std::map<std::int64_t, std::string> labels_;   // only labelled nodes
};

// A tensor as the text format writes it: 1x1 as a number, small ones whole as
// [[a, b], [c, d]], large ones as "summary (r,c) min=… max=… mean=… norm=… first=[…]".
// With whole_if_kept, a summarised tensor that was also kept whole is written whole.
std::string format_tensor(const TensorRecord& t, bool whole_if_kept = false);
// A number as the text format writes it ({:.6g}).
std::string format_number(double x);

// Writes every event to a stream, one readable block per event.
class TextSink : public TraceSink {
 public:
  explicit TextSink(std::ostream& out, Colour colour = Colour::Off) : out_(out), format_(colour) {}
  void write(const Event& event, const TraceOptions& options) override;
  void flush() override;

 private:
  std::ostream& out_;
  TextFormat format_;
};

// ---- JSON Lines -- trace_jsonl.cpp -------------------------------------------

// The schema version every line carries as "v".
constexpr int kTraceSchemaVersion = 1;

// One event as one line of JSON (no trailing newline), schema version 1.
std::string event_to_jsonl(const Event& event, const TraceOptions& options);

// Writes every event as one JSON object per line (docs/trace-format.md).
class JsonlSink : public TraceSink {
 public:
  explicit JsonlSink(std::ostream& out);
  // Creates (truncates) the file; throws Error naming the path and the reason
  // when it cannot be opened.
  explicit JsonlSink(const std::filesystem::path& path);
  void write(const Event& event, const TraceOptions& options) override;
  void flush() override;

 private:
  std::unique_ptr<std::ofstream> file_;   // set when the sink owns its file
  std::ostream* out_;
  std::string name_;                      // the path, or "the JSONL stream"
};

// ---- the stepper -- stepper.cpp ----------------------------------------------

// Turns the graph seen so far into DOT text. sg::to_dot is an overload set,
// so pass it wrapped: [](const GraphSnapshot& g) { return sg::to_dot(g); }.
using DotWriter = std::function<std::string(const GraphSnapshot&)>;

// Thrown by the stepper when the user types q/quit. Deliberately not an
// sg::Error: code that catches sg::Error to report a failure (or to carry on
// past an unfinished exercise) must not swallow a quit. main() catches it
// first and returns 0.
class StepperQuit : public std::exception {
 public:
  const char* what() const noexcept override { return "stepper: quit at the user's request"; }
};

// A sink for interactive use: prints each event in the text format, then
// reads commands from `in` until one moves on (see help(), and
// docs/trace-format.md). End of input acts like `continue`, so a pipe that
// ends never hangs.
class Stepper : public TraceSink {
 public:
  Stepper(std::istream& in, std::ostream& out, DotWriter dot_writer = {},
          Colour colour = Colour::Off);
  void write(const Event& event, const TraceOptions& options) override;
  void flush() override;
  bool wants_whole_tensors() const override { return true; }   // `p` prints a node whole

  // The graph so far: every leaf seen, plus every op node created since the
  // last step/epoch marker, with the latest gradient from backward events and
  // parameter values after their last update. Nodes in id order (a
  // topological order); root is the newest node.
  GraphSnapshot graph() const;
  bool pausing() const { return pausing_; }
  static std::string help();

 private:
  void record(const Event& event);
  // Runs one command line; true when it moves on to the next event.
  bool command(const std::string& line);
  void print_node(const std::string& which);
  void write_dot(const std::string& path);

  std::istream& in_;
  std::ostream& out_;
  DotWriter dot_writer_;
  TextFormat format_;
  bool pausing_ = true;
  bool new_graph_ = false;   // a step/epoch marker ended the last graph
  std::map<std::int64_t, NodeInfo> nodes_;
};

// ---- wiring -- trace_sinks.cpp -----------------------------------------------

// What a chapter's --trace, --trace-file and --step flags ask for.
struct TraceSetup {
  TraceLevel level = TraceLevel::Off;
  std::optional<std::filesystem::path> jsonl_path;   // --trace-file
  bool step = false;                                  // --step
  Colour colour = Colour::Off;
};

// A Trace with the sinks the setup asks for:
//   jsonl_path  -> a JsonlSink on that file (throws Error if it cannot be opened)
//   step        -> a Stepper on in/out (level off is raised to ops: there would
//                  be nothing to step through)
//   otherwise, when the level is not off and there is no file: a TextSink on out.
// in and out must outlive the Trace; attach it with Context ctx(&trace).
Trace make_trace(const TraceSetup& setup, std::istream& in, std::ostream& out,
                 DotWriter dot_writer = {});

}  // namespace sg
