// The trace: one event stream for forward, backward and update events plus
// step and epoch markers. The engine emits events only when a trace is
// attached to its Context and the level asks for them, so a trace at level
// off (or none) costs one branch per op. Levels: engine/autograd/observer.hpp.
//
// Tensors are recorded when the event happens (engine/trace/record.hpp):
// large ones as a summary, small ones (or all, at level full) whole.
// Sinks (sinks.hpp) turn events into text, JSON Lines or an interactive
// stepper. docs/trace-format.md documents the JSONL schema.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/trace/record.hpp"

namespace sg {

std::string_view to_string(TraceLevel level);
// "off", "steps", "ops", "full"; throws ValueError on anything else.
TraceLevel parse_trace_level(std::string_view text);

// The gradient one backward step adds into one parent.
struct Contribution {
  std::int64_t parent = 0;
  std::string formula;
  TensorRecord value;
};

// One optimiser update of one parameter.
struct UpdateInfo {
  std::int64_t id = 0;
  std::string label;
  std::string optimizer;                        // "sgd", "adam", ...
  double lr = 0.0;
  TensorRecord before;
  TensorRecord grad;
  TensorRecord after;
  std::vector<std::pair<std::string, TensorRecord>> state;  // velocity, m, v, ...
  std::string note;                             // e.g. "frozen: not updated"
};

using Metrics = std::vector<std::pair<std::string, double>>;

// The event kinds. Each carries what it needs and nothing else.
struct ForwardEvent {
  NodeInfo node;                                // the new node
};
struct BackwardEvent {
  NodeInfo node;                                // the node whose backward ran (grad = upstream; value not recorded)
  std::vector<Contribution> contributions;      // what it added into each parent
};
struct StepEvent {
  std::int64_t index = 0;
  Metrics metrics;
};
struct EpochEvent {
  std::int64_t index = 0;
  Metrics metrics;
};

struct Event {
  enum class Kind { Forward, Backward, Update, Step, Epoch };   // the order of `data`'s types
  std::uint64_t seq = 0;                        // position in the stream, from 0
  std::variant<ForwardEvent, BackwardEvent, UpdateInfo, StepEvent, EpochEvent> data;

  Kind kind() const { return static_cast<Kind>(data.index()); }
};
std::string_view to_string(Event::Kind kind);

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void write(const Event& event, const TraceOptions& options) = 0;
  virtual void flush() {}
  // True when the sink needs large tensors whole as well as summarised.
  virtual bool wants_whole_tensors() const { return false; }
};

class Trace final : public ObserverOf<Trace> {
 public:
  explicit Trace(TraceLevel level = TraceLevel::Off) { set_level(level); }

  void set_level(TraceLevel level) {
    set_observed_level(level);
    options_.summarise = level != TraceLevel::Full;
  }
  TraceOptions& options() { return options_; }
  const TraceOptions& options() const { return options_; }
  void add_sink(std::shared_ptr<TraceSink> sink) {
    options_.keep_whole = options_.keep_whole || sink->wants_whole_tensors();
    sinks_.push_back(std::move(sink));
  }
  std::uint64_t events_written() const { return seq_; }

  // Called by autograd (GraphObserver, through ObserverOf).
  template <typename T> void on_forward(const Node<T>& node);
  template <typename T> void on_begin_backward(const Node<T>& node);
  template <typename T> void on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d);
  void end_backward() override;

  // Called by optimisers and training loops.
  void update(UpdateInfo update);
  void step(std::int64_t index, Metrics metrics = {});
  void epoch(std::int64_t index, Metrics metrics = {});
  void flush();

 private:
  void emit(Event event);

  TraceOptions options_;
  std::vector<std::shared_ptr<TraceSink>> sinks_;
  std::uint64_t seq_ = 0;
  std::optional<BackwardEvent> pending_;   // the backward event being filled
};

// The Trace a Context reports to, directly or behind observers that pass its
// events on (GraphObserver::passes_to), or nullptr.
Trace* trace_of(const Context& ctx);

}  // namespace sg
