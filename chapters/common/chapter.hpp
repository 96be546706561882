// The chapter harness: what every chapter of the book shares.
//
//   int main(int argc, char** argv) {
//     sg::book::Chapter ch("ch01_gradient_descent", "Gradient descent",
//                          "What this lesson covers, for --help.");
//     double lr = 0.1;
//     ch.cli().add_option("--lr", lr, "Learning rate")->check(CLI::PositiveNumber);
//     return ch.run(argc, argv, [&](sg::book::Chapter& ch) { ... the lesson ... });
//   }
//
// The common flags (docs/book/README.md): --seed, --trace, --trace-steps,
// --trace-file, --step, --dot, --render, --out, --gradcheck, --quick, --quiet.
// Exit codes: 0 done (also after `q` in the stepper), 1 a runtime error (one
// line on stderr starting `error:`), 2 a usage error (CLI11's message).
//
// Output rules: section() and say() are the lesson's prose (silent with
// --quiet); result() and table() are its results (always printed, and the
// smoke tests read the `key = value` lines); every file goes through one of
// the write_* functions, which put it under --out and list it in the last
// line: "ch01_gradient_descent: wrote 12 files into out/ch01_gradient_descent/: ...".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/common/plot.hpp"
#include "chapters/common/table.hpp"
#include "engine/diagram/dot.hpp"
#include "engine/gradcheck/gradcheck.hpp"
#include "engine/core/random.hpp"
#include "engine/diagram/render.hpp"
#include "engine/trace/trace.hpp"

// CLI11 is a large header-only library; only the files that add options
// include it (a chapter's main.cpp: #include <CLI/CLI.hpp>), which keeps it
// out of the lesson's other files and saves most of their compile time.
namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace sg::book {

struct CommonOptions {
  std::uint64_t seed = 1;
  std::string trace = "off";       // off, steps, ops, full
  int trace_steps = 3;             // training loops trace their first N steps
  std::string trace_file;          // JSON Lines (docs/trace-format.md)
  bool step = false;               // interactive stepper
  std::string dot;                 // also write the main graph's DOT here
  std::string render = "svg";      // svg, png, pdf
  std::string out;                 // default out/<chapter name>
  bool gradcheck = false;
  bool no_frames = false;          // skip the backward frames (the slow part to render)
  bool quick = false;              // fewer steps and samples: the tour and the tests
  bool quiet = false;              // results only
};

class Chapter {
 public:
  // name: the executable's name, "chNN_slug"; title: "Gradient descent";
  // covers: what the lesson covers, printed by --help.
  Chapter(std::string name, std::string title, std::string covers);
  ~Chapter();
  Chapter(const Chapter&) = delete;
  Chapter& operator=(const Chapter&) = delete;

  // The command line, for the chapter's own options (add them before run();
  // include <CLI/CLI.hpp> to call it).
  CLI::App& cli() { return *app_; }

  // Parses the command line, sets up the output folder and the trace, runs
  // the lesson, and turns what happened into an exit code (see the top).
  int run(int argc, char** argv, const std::function<void(Chapter&)>& lesson);

  // ---- the run's settings -------------------------------------------------
  const CommonOptions& options() const { return o_; }
  const std::string& name() const { return name_; }
  bool quick() const { return o_.quick; }
  bool quiet() const { return o_.quiet; }
  bool gradcheck_requested() const { return o_.gradcheck; }
  // A generator seeded with --seed. Each call starts the same sequence.
  Generator generator() const { return Generator(o_.seed); }
  Format format() const { return format_; }
  const std::filesystem::path& out_dir() const { return out_; }

  // ---- trace --------------------------------------------------------------
  // The trace the flags asked for; attach it with `Context ctx(&ch.trace())`.
  Trace& trace();
  // Marks the end of training step `step` (1-based) with its metrics. After
  // --trace-steps steps the trace goes quiet, so that a long loop does not
  // flood the terminal or the file; restore_trace() turns it back on for
  // the next part of the lesson.
  void trace_step(std::int64_t step, std::vector<std::pair<std::string, double>> metrics = {});
  void restore_trace();

  // ---- what the lesson prints ---------------------------------------------
  void section(std::string_view title);   // "== title ==", prose
  void say(std::string_view text);        // prose: silent with --quiet
  // A result line, always printed: "key = value". Numbers as {:.10g}.
  void result(std::string_view key, double value);
  void result(std::string_view key, std::string_view value);
  // A table, always printed; also written as CSV when csv_file is not empty.
  void table(const Table& t, std::string_view csv_file = "");
  // "note: ..." on stderr: something the user should know (gnuplot missing).
  void note(std::string_view text);
  // Prints the gradcheck verdict as a result; with a failure, the report and
  // then an Error (exit 1).
  void report_gradcheck(std::string_view what, const GradcheckResult& r);

  // ---- the student's exercises ----------------------------------------------
  // Runs one part of the lesson that calls the student's exercise functions
  // (chapters/NN_slug/exercises.hpp). When it reaches a stub that is not
  // filled in yet (sg::NotImplemented), the chapter says which exercise and
  // which file to open, skips the rest of this part, and goes on with the
  // next; part() then returns false. The last line lists the exercises the
  // chapter is waiting for.
  bool part(std::string_view what, const std::function<void()>& body);

  // ---- files (all under --out, all listed in the last line) ---------------
  // out_dir()/file, with its folders created, recorded as written.
  std::filesystem::path path(std::string_view file);
  void write_text(std::string_view file, std::string_view text);
  // stem.dot and stem.<--render>. The main graph is also written to --dot
  // FILE (and rendered next to it) when that flag is given.
  void write_graph(std::string_view stem, const std::string& dot, bool main_graph = false);
  // NAME.csv + NAME.gp, and NAME.svg + NAME.png when gnuplot is installed.
  void write_plot(const Plot& plot);
  // The backward frames (engine/diagram/dot.hpp) into out_dir()/folder, each as
  // frame_NNN.dot and frame_NNN.<--render>; nothing with --no-frames.
  void write_frames(std::string_view folder, const std::vector<Frame>& frames);
  // Runs the lesson's backward pass of L and, unless --no-frames, records it
  // and returns its frames (drawing them is the slow part: with --no-frames
  // they are not computed at all, only the pass runs).
  template <typename T>
  std::vector<Frame> backward_with_frames(TensorT<T>& L, const DotOptions& options = {}) {
    if (o_.no_frames) {
      L.backward();
      return {};
    }
    BackwardRecorder recorder(L, options.node_budget);
    L.backward();
    return recorder.frames(options);
  }

 private:
  void setup();
  std::string trace_flags_clash() const;
  void record(const std::filesystem::path& file);
  void summary() const;

  std::string name_;
  std::string title_;
  std::unique_ptr<CLI::App> app_;
  CommonOptions o_;
  CLI::Option* trace_option_ = nullptr;
  Format format_ = Format::Svg;
  std::filesystem::path out_;
  std::unique_ptr<Trace> trace_;
  TraceLevel level_ = TraceLevel::Off;
  std::vector<std::filesystem::path> written_;
  std::vector<std::string> missing_;   // stub messages, each once, in order met
  std::optional<std::optional<std::filesystem::path>> gnuplot_;   // looked up once
};

}  // namespace sg::book
