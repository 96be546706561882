// The chapters trace the first --trace-steps steps of a training run, then
// go quiet: Chapter::trace_step does it for a loop written in the chapter.
// fit() runs its own loop (it sends a trace step event per batch); this
// callback, added to fit()'s callbacks, does the same there.
#pragma once

#include "chapters/common/chapter.hpp"
#include "engine/train/callbacks.hpp"

namespace sg::book {

template <typename T = float>
class TraceFirstSteps final : public Callback<T> {
 public:
  explicit TraceFirstSteps(Chapter& ch) : ch_(ch) {}
  void on_batch_begin(TrainState<T>& s) override {
    if (s.step >= ch_.options().trace_steps) ch_.trace().set_level(TraceLevel::Off);
  }

 private:
  Chapter& ch_;
};

}  // namespace sg::book
