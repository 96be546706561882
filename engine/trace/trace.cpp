// The trace's event stream: recording events and handing them to the sinks.
#include "engine/trace/trace.hpp"

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

Trace* trace_of(const Context& ctx) {
  for (GraphObserver* o = ctx.trace(); o != nullptr; o = o->passes_to()) {
    if (auto* trace = dynamic_cast<Trace*>(o)) return trace;
  }
  return nullptr;
}

void Trace::emit(Event event) {
  event.seq = seq_++;
  for (auto& sink : sinks_) sink->write(event, options_);
}

template <typename T>
void Trace::on_forward(const Node<T>& node) {
  if (!wants(TraceLevel::Ops)) return;
  emit(Event{0, ForwardEvent{node_info(node, options_, /*with_grad=*/false)}});
}

template <typename T>
void Trace::on_begin_backward(const Node<T>& node) {
  if (!wants(TraceLevel::Ops)) return;
  pending_.emplace();
  // The value is not recorded again: the node's forward event has it, and no
  // sink writes it with the backward event (it would be a second pass over
  // every tensor of the graph, every step).
  pending_->node = node_info(node, options_, /*with_grad=*/true, /*with_value=*/false);
}

template <typename T>
void Trace::on_contribution(std::int64_t parent, std::string_view formula, const MatT<T>& d) {
  if (!pending_) return;
  pending_->contributions.push_back({parent, std::string(formula), record_tensor(d, options_)});
}

void Trace::end_backward() {
  if (!pending_) return;
  Event e{0, std::move(*pending_)};
  pending_.reset();
  emit(std::move(e));
}

void Trace::update(UpdateInfo update) {
  if (!wants(TraceLevel::Steps)) return;
  emit(Event{0, std::move(update)});
}

void Trace::step(std::int64_t index, Metrics metrics) {
  if (!wants(TraceLevel::Steps)) return;
  emit(Event{0, StepEvent{index, std::move(metrics)}});
}

void Trace::epoch(std::int64_t index, Metrics metrics) {
  if (!wants(TraceLevel::Steps)) return;
  emit(Event{0, EpochEvent{index, std::move(metrics)}});
}

template void Trace::on_forward(const Node<double>&);
template void Trace::on_forward(const Node<float>&);
template void Trace::on_begin_backward(const Node<double>&);
template void Trace::on_begin_backward(const Node<float>&);
template void Trace::on_contribution(std::int64_t, std::string_view, const Mat&);
template void Trace::on_contribution(std::int64_t, std::string_view, const MatF&);

void Trace::flush() {
  for (auto& sink : sinks_) sink->flush();
}

}  // namespace sg
