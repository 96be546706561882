// A training progress bar: epoch, batch i/n, loss, examples/s and ETA.
//
// On a terminal it is one line redrawn with '\r'; when the output is a file
// or a pipe it writes plain lines (one per epoch, and one every N batches if
// asked); quiet writes nothing. The stream, the "is a terminal" answer and
// the clock are all given to it, so tests see exactly what a user would.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "engine/trace/trace.hpp"

namespace sg {

// Seconds from a steady clock: the default clock of a progress bar.
double steady_seconds();
// isatty() of stdout: what fit() passes for std::cout.
bool stdout_is_terminal();

struct ProgressOptions {
  bool terminal = false;       // redraw one line with '\r'
  bool quiet = false;          // write nothing
  std::int64_t every = 0;      // plain mode: also a line every N batches (0: per epoch only)
  int bar_width = 20;          // characters of the [====>    ] bar on a terminal
};

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, ProgressOptions options,
              std::function<double()> clock = steady_seconds);

  // Epochs and batches count from 1 in what is printed (epoch 1/5).
  void begin_epoch(std::int64_t epoch, std::int64_t epochs, std::int64_t batches);
  // Batch `batch` (1-based) is done: its loss and how many examples it had.
  void batch(std::int64_t batch, double loss, std::int64_t examples);
  // The epoch is over; `metrics` (val_loss, accuracy, ...) go on its line.
  void end_epoch(const Metrics& metrics = {});

  // The line as it stands (no '\r', no newline): what a terminal shows.
  std::string status_line() const;

 private:
  std::ostream& out_;
  ProgressOptions options_;
  std::function<double()> clock_;
  std::int64_t epoch_ = 0, epochs_ = 0, batches_ = 0, done_ = 0, examples_ = 0;
  double loss_sum_ = 0.0;
  double start_ = 0.0;
  std::size_t drawn_ = 0;   // length of the last line drawn, to blank its tail
};

// "3s", "1m05s", "2h03m": how the bar writes a duration.
std::string format_duration(double seconds);

}  // namespace sg
