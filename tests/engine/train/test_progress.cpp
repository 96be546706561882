// The progress bar on a terminal, in a log file, and quiet, with a fake clock.
#include <catch2/catch.hpp>

#include <sstream>

#include "engine/train/progress.hpp"

using namespace sg;

namespace {

// One epoch of 4 batches of 10 examples, each taking 0.5 s on the fake clock.
std::string run_epoch(ProgressOptions options) {
  std::ostringstream out;
  double now = 100.0;
  ProgressBar bar(out, options, [&now] { return now; });
  bar.begin_epoch(2, 3, 4);
  const double losses[] = {1.0, 0.8, 0.6, 0.4};
  for (int i = 1; i <= 4; ++i) {
    now += 0.5;
    bar.batch(i, losses[i - 1], 10);
  }
  bar.end_epoch({{"val_loss", 0.55}});
  return out.str();
}

}  // namespace

TEST_CASE("on a terminal the bar redraws one line with carriage returns", "[train][progress]") {
  ProgressOptions options;
  options.terminal = true;
  options.bar_width = 8;
  const std::string out = run_epoch(options);
  CHECK(out ==
        "\repoch 2/3 [==>     ] 1/4 loss 1.0000 20 ex/s ETA 2s"
        "\repoch 2/3 [====>   ] 2/4 loss 0.9000 20 ex/s ETA 1s"
        "\repoch 2/3 [======> ] 3/4 loss 0.8000 20 ex/s ETA 1s"
        "\repoch 2/3 [========] 4/4 loss 0.7000 20 ex/s in 2s "   // blanks the longer line before
        "\repoch 2/3 [========] 4/4 loss 0.7000 20 ex/s in 2s val_loss 0.5500\n");
}

TEST_CASE("into a file the bar writes plain lines: per epoch, or every N batches", "[train][progress]") {
  ProgressOptions options;
  CHECK(run_epoch(options) == "epoch 2/3 4/4 loss 0.7000 20 ex/s in 2s val_loss 0.5500\n");
  options.every = 2;
  CHECK(run_epoch(options) ==
        "epoch 2/3 2/4 loss 0.9000 20 ex/s ETA 1s\n"
        "epoch 2/3 4/4 loss 0.7000 20 ex/s in 2s val_loss 0.5500\n");
  CHECK(run_epoch(options).find('\r') == std::string::npos);
}

TEST_CASE("a quiet bar writes nothing, on a terminal or not", "[train][progress]") {
  ProgressOptions options;
  options.quiet = true;
  CHECK(run_epoch(options).empty());
  options.terminal = true;
  CHECK(run_epoch(options).empty());
}

TEST_CASE("durations read as seconds, minutes and hours", "[train][progress]") {
  CHECK(format_duration(3.4) == "3s");
  CHECK(format_duration(65) == "1m05s");
  CHECK(format_duration(7380) == "2h03m");
  CHECK(format_duration(-1) == "?");
}
