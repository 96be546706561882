// The trace's event stream: numbering events and handing them to the sinks.
#include "trace.hpp"

#include <fmt/format.h>

namespace sg {

std::string_view to_string(TraceLevel level) {
  switch (level) {
    case TraceLevel::Off: return "off";
    case TraceLevel::Steps: return "steps";
    case TraceLevel::Ops: return "ops";
    case TraceLevel::Full: return "full";
  }
  return "?";
}

TraceLevel parse_trace_level(std::string_view text) {
  for (TraceLevel l : {TraceLevel::Off, TraceLevel::Steps, TraceLevel::Ops, TraceLevel::Full}) {
    if (text == to_string(l)) return l;
  }
  throw ValueError(fmt::format("trace level '{}' is not one of off, steps, ops, full", text));
}

std::string_view to_string(Event::Kind kind) {
  switch (kind) {
    case Event::Kind::Forward: return "forward";
    case Event::Kind::Backward: return "backward";
    case Event::Kind::Update: return "update";
    case Event::Kind::Step: return "step";
    case Event::Kind::Epoch: return "epoch";
  }
  return "?";
}

void Trace::emit(Event event) {
  event.seq = seq_++;
  for (auto& sink : sinks_) sink->write(event, options_);
}

void Trace::forward(NodeInfo node) {
  if (!wants(TraceLevel::Ops)) return;
  Event e;
  e.kind = Event::Kind::Forward;
  e.node = std::move(node);
  emit(std::move(e));
}

void Trace::begin_backward(NodeInfo node) {
  if (!wants(TraceLevel::Ops)) return;
  pending_.emplace();
  pending_->kind = Event::Kind::Backward;
  pending_->node = std::move(node);
}

void Trace::contribution(std::int64_t parent, std::string_view formula, Mat value) {
  if (!pending_) return;
  pending_->contributions.push_back({parent, std::string(formula), std::move(value)});
}

void Trace::end_backward() {
  if (!pending_) return;
  Event e = std::move(*pending_);
  pending_.reset();
  emit(std::move(e));
}

void Trace::update(UpdateInfo update) {
  if (!wants(TraceLevel::Steps)) return;
  Event e;
  e.kind = Event::Kind::Update;
  e.update = std::move(update);
  emit(std::move(e));
}

void Trace::marker(Event::Kind kind, std::int64_t index,
                   std::vector<std::pair<std::string, double>> metrics) {
  if (!wants(TraceLevel::Steps)) return;
  Event e;
  e.kind = kind;
  e.index = index;
  e.metrics = std::move(metrics);
  emit(std::move(e));
}

void Trace::step(std::int64_t index, std::vector<std::pair<std::string, double>> metrics) {
  marker(Event::Kind::Step, index, std::move(metrics));
}

void Trace::epoch(std::int64_t index, std::vector<std::pair<std::string, double>> metrics) {
  marker(Event::Kind::Epoch, index, std::move(metrics));
}

void Trace::flush() {
  for (auto& sink : sinks_) sink->flush();
}

}  // namespace sg
