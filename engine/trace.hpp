// The trace: one event stream for forward, backward and update events plus
// step and epoch markers. The engine emits events only when a trace is
// attached to its Context and the level asks for them, so a trace at level
// off (or none) costs one branch per op.
//
// Levels:
//   off    nothing
//   steps  step/epoch markers and optimiser updates
//   ops    + one forward event per node created and one backward event per
//          node visited by a backward pass (large tensors summarised)
//   full   as ops, but every tensor is written whole
//
// Sinks (trace_sinks.hpp) turn events into text, JSON Lines or an
// interactive stepper. docs/trace-format.md documents the JSONL schema.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph.hpp"

namespace sg {

enum class TraceLevel { Off = 0, Steps = 1, Ops = 2, Full = 3 };
std::string_view to_string(TraceLevel level);
// "off", "steps", "ops", "full"; throws ValueError on anything else.
TraceLevel parse_trace_level(std::string_view text);

// The gradient one backward step adds into one parent.
struct Contribution {
  std::int64_t parent = 0;
  std::string formula;
  Mat value;
};

// One optimiser update of one parameter.
struct UpdateInfo {
  std::int64_t id = 0;
  std::string label;
  std::string optimizer;                        // "sgd", "adam", ...
  double lr = 0.0;
  Mat before;
  Mat grad;
  Mat after;
  std::vector<std::pair<std::string, Mat>> state;  // velocity, m, v, ...
};

struct Event {
  enum class Kind { Forward, Backward, Update, Step, Epoch };
  Kind kind = Kind::Forward;
  std::uint64_t seq = 0;           // position in the stream, from 0
  NodeInfo node;                   // forward: the new node; backward: the node
                                   // whose backward ran (grad = upstream)
  std::vector<Contribution> contributions;   // backward
  UpdateInfo update;                         // update
  std::int64_t index = 0;                    // step / epoch number
  std::vector<std::pair<std::string, double>> metrics;  // step / epoch
};
std::string_view to_string(Event::Kind kind);

// Options every sink reads when it writes a tensor.
struct TraceOptions {
  // Tensors with more elements than this are written as a summary (shape,
  // min, max, mean, norm, first values); at level full, never.
  Index summary_threshold = 16;
  Index summary_first = 4;         // how many first values a summary shows
  // False at level full: sinks then write every tensor whole. The Trace sets
  // it whenever its level is set.
  bool summarise = true;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void write(const Event& event, const TraceOptions& options) = 0;
  virtual void flush() {}
};

class Trace {
 public:
  explicit Trace(TraceLevel level = TraceLevel::Off) { set_level(level); }

  TraceLevel level() const { return level_; }
  void set_level(TraceLevel level) {
    level_ = level;
    options_.summarise = level != TraceLevel::Full;
  }
  // True when events of this level are recorded.
  bool wants(TraceLevel level) const { return level_ != TraceLevel::Off && level_ >= level; }
  TraceOptions& options() { return options_; }
  const TraceOptions& options() const { return options_; }
  void add_sink(std::shared_ptr<TraceSink> sink) { sinks_.push_back(std::move(sink)); }
  std::uint64_t events_written() const { return seq_; }

  // Emitters, called by the engine (ops, backward, optimisers, loops).
  void forward(NodeInfo node);
  void begin_backward(NodeInfo node);
  void contribution(std::int64_t parent, std::string_view formula, Mat value);
  void end_backward();
  void update(UpdateInfo update);
  void step(std::int64_t index, std::vector<std::pair<std::string, double>> metrics = {});
  void epoch(std::int64_t index, std::vector<std::pair<std::string, double>> metrics = {});
  void flush();

 private:
  void emit(Event event);
  void marker(Event::Kind kind, std::int64_t index,
              std::vector<std::pair<std::string, double>> metrics);

  TraceLevel level_ = TraceLevel::Off;
  TraceOptions options_;
  std::vector<std::shared_ptr<TraceSink>> sinks_;
  std::uint64_t seq_ = 0;
  std::optional<Event> pending_;   // the backward event being filled
};

}  // namespace sg
