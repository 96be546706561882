// The progress bar (progress.hpp).
#include "engine/train/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

namespace sg {

double steady_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<std::int64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

ProgressBar::ProgressBar(std::ostream& out, ProgressOptions options, std::function<double()> clock)
    : out_(out), options_(options), clock_(std::move(clock)) {}

void ProgressBar::begin_epoch(std::int64_t epoch, std::int64_t epochs, std::int64_t batches) {
  epoch_ = epoch;
  epochs_ = epochs;
  batches_ = batches;
  done_ = 0;
  examples_ = 0;
  loss_sum_ = 0.0;
  start_ = clock_();
  drawn_ = 0;
}

std::string ProgressBar::status_line() const {
  const double elapsed = clock_() - start_;
  const double rate = elapsed > 0 ? static_cast<double>(examples_) / elapsed : 0.0;
  const double mean_loss = done_ > 0 ? loss_sum_ / static_cast<double>(done_) : 0.0;
  std::string line = fmt::format("epoch {}/{}", epoch_, epochs_);
  if (options_.terminal) {
    const int width = options_.bar_width;
    const int filled = batches_ > 0 ? static_cast<int>(width * done_ / batches_) : width;
    std::string bar(static_cast<std::size_t>(width), ' ');
    for (int k = 0; k < filled; ++k) bar[static_cast<std::size_t>(k)] = '=';
    if (filled < width && done_ > 0) bar[static_cast<std::size_t>(filled)] = '>';
    line += fmt::format(" [{}]", bar);
  }
  line += fmt::format(" {}/{} loss {:.4f} {:.0f} ex/s", done_, batches_, mean_loss, rate);
  if (done_ < batches_) {
    // ETA: the batches left at this epoch's mean time per batch.
    const double eta = done_ > 0 ? elapsed / static_cast<double>(done_) * static_cast<double>(batches_ - done_)
                                 : std::nan("");
    line += " ETA " + format_duration(eta);
  } else {
    line += " in " + format_duration(elapsed);
  }
  return line;
}

void ProgressBar::batch(std::int64_t batch, double loss, std::int64_t examples) {
  done_ = batch;
  loss_sum_ += loss;
  examples_ += examples;
  if (options_.quiet) return;
  if (options_.terminal) {
    const std::string line = status_line();
    // Blank what is left of a longer earlier line.
    const std::size_t pad = drawn_ > line.size() ? drawn_ - line.size() : 0;
    out_ << '\r' << line << std::string(pad, ' ') << std::flush;
    drawn_ = line.size();
  } else if (options_.every > 0 && batch % options_.every == 0 && batch < batches_) {
    out_ << status_line() << '\n';
  }
}

void ProgressBar::end_epoch(const Metrics& metrics) {
  if (options_.quiet) return;
  std::string line = status_line();
  for (const auto& [name, value] : metrics) line += fmt::format(" {} {:.4f}", name, value);
  if (options_.terminal) {
    const std::size_t pad = drawn_ > line.size() ? drawn_ - line.size() : 0;
    out_ << '\r' << line << std::string(pad, ' ') << '\n' << std::flush;
  } else {
    out_ << line << '\n' << std::flush;
  }
  drawn_ = 0;
}

}  // namespace sg
