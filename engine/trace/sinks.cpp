// Wiring a chapter's trace flags to sinks.
#include "engine/trace/sinks.hpp"

namespace sg {

Trace make_trace(const TraceSetup& setup, std::istream& in, std::ostream& out, DotWriter dot_writer) {
  TraceLevel level = setup.level;
  if (setup.step && level == TraceLevel::Off) level = TraceLevel::Ops;
  Trace trace(level);
  // The file first: an event the stepper quits on is already in it.
  if (setup.jsonl_path) trace.add_sink(std::make_shared<JsonlSink>(*setup.jsonl_path));
  if (setup.step) {
    trace.add_sink(std::make_shared<Stepper>(in, out, std::move(dot_writer), setup.colour));
  } else if (level != TraceLevel::Off && !setup.jsonl_path) {
    trace.add_sink(std::make_shared<TextSink>(out, setup.colour));
  }
  return trace;
}

}  // namespace sg
