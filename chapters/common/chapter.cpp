#include "chapters/common/chapter.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "chapters/common/cli_checks.hpp"
#include "engine/diagram/dot.hpp"
#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/core/memory.hpp"
#include "engine/trace/sinks.hpp"

namespace fs = std::filesystem;

namespace sg::book {

namespace {

// "Exercise 1.2" from a stub's message "Exercise 1.2 (gd_step) is not ...";
// the whole message when it does not start that way.
std::string exercise_id(const std::string& message) {
  const std::size_t paren = message.find(" (");
  return message.rfind("Exercise ", 0) == 0 && paren != std::string::npos ? message.substr(0, paren) : message;
}

}  // namespace

Chapter::Chapter(std::string name, std::string title, std::string covers)
    : name_(std::move(name)),
      title_(std::move(title)),
      app_(std::make_unique<CLI::App>(fmt::format("{}: {}\n\n{}", name_, title_, covers), name_)) {
  o_.out = "out/" + name_;
  app_->add_option("--seed", o_.seed, "Seed of the random generator")->capture_default_str();
  trace_option_ = app_->add_option("--trace", o_.trace,
                                  "Trace level: off, steps, ops (every op), full (with every value); "
                                  "ops when only --trace-file or --step is given")
                      ->check(CLI::IsMember({"off", "steps", "ops", "full"}))
                      ->capture_default_str();
  app_->add_option("--trace-steps", o_.trace_steps,
                  "Training loops trace only their first N steps; 0 turns the trace off altogether "
                  "(then --step and --trace-file are usage errors)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  app_->add_option("--trace-file", o_.trace_file, "Write the trace as JSON Lines (docs/trace-format.md)");
  app_->add_flag("--step", o_.step, "Pause after every traced event (n: next, c: continue, q: quit, h: help)");
  app_->add_option("--dot", o_.dot, "Also write the chapter's main graph as DOT to this file (and render it next to it)");
  app_->add_option("--render", o_.render, "Format of the rendered diagrams: svg, png or pdf")
      ->check(CLI::IsMember({"svg", "png", "pdf"}))
      ->capture_default_str();
  app_->add_option("--out", o_.out, "Folder for the figures, diagrams and tables")->capture_default_str();
  app_->add_flag("--gradcheck", o_.gradcheck, "Also check the chapter's gradients numerically");
  app_->add_flag("--no-frames", o_.no_frames, "Skip the backward frames, one picture per step (the slowest files to draw)");
  app_->add_flag("--quick", o_.quick, "Fewer steps and samples (the tour and the tests use it)");
  app_->add_flag("--quiet", o_.quiet, "Results only: no lesson text, no terminal trace");
}

Chapter::~Chapter() = default;

namespace {

// A run whose results went nowhere must not exit 0. Standard output closed
// at the start is refused before anything is opened: the first file the
// chapter opens would get descriptor 1, and the lesson would print into it.
bool stdout_is_open() {
  if (::fcntl(STDOUT_FILENO, F_GETFD) != -1 || errno != EBADF) return true;
  std::cerr << "error: standard output is closed: nowhere to print the lesson and its results "
               "(redirect it to a file, or to /dev/null with --quiet)\n";
  return false;
}

// A write to standard output that failed (a full disk, a closed pipe) is an
// error: 1 and a message on standard error, else `code`.
int stdout_status(int code) {
  errno = 0;
  std::cout.flush();
  if (std::cout) return code;
  const int err = errno;
  std::cerr << "error: could not write the lesson and its results to standard output"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string(" (a full disk, or a closed pipe?)")) << '\n';
  return 1;
}

}  // namespace

int Chapter::run(int argc, char** argv, const std::function<void(Chapter&)>& lesson) {
  if (!stdout_is_open()) return 1;
  try {
    book::add_value_checks(*app_);
    app_->parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app_->exit(e);   // prints the help, or the error and a hint
    return code == 0 ? 0 : 2;
  }
  if (const std::string clash = trace_flags_clash(); !clash.empty()) {
    std::cerr << "error: " << clash << '\n';
    return 2;
  }
  try {
    keep_freed_memory();   // a training loop frees its graph every step: keep the memory (engine/core/memory.hpp)
    setup();
    if (!o_.quiet) std::cout << fmt::format("{}: {}\n", name_, title_);
    lesson(*this);
    trace_->flush();
    summary();
    return stdout_status(0);
  } catch (const StepperQuit&) {
    std::cout << "stopped at your request\n";
    return stdout_status(0);
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}

// Trace flags that ask for two opposite things: --step or --trace-file with
// a trace that is off (--trace off, or --trace-steps 0) would pause at
// nothing or write an empty file. "" when they agree.
std::string Chapter::trace_flags_clash() const {
  const bool wants_events = o_.step || !o_.trace_file.empty();
  const char* which = o_.step ? "--step" : "--trace-file";
  if (wants_events && trace_option_->count() > 0 && o_.trace == "off") {
    return fmt::format("{} needs traced events, and --trace off traces none: drop one of the two", which);
  }
  if (wants_events && o_.trace_steps == 0) {
    return fmt::format("{} needs traced events, and --trace-steps 0 turns the trace off: drop one of the two, "
                       "or give --trace-steps N (N >= 1) to trace the first N steps of each training loop",
                       which);
  }
  return "";
}

void Chapter::setup() {
  format_ = parse_format(o_.render);
  out_ = o_.out;
  std::error_code ec;
  fs::create_directories(out_, ec);
  if (ec || !fs::is_directory(out_)) {
    throw Error(fmt::format("--out: cannot create the folder '{}': {}", out_.string(),
                            ec ? ec.message() : "a file of that name is in the way"));
  }
  // --trace-file or --step alone means "trace the ops"; --quiet silences the
  // terminal trace only, never a file or the stepper.
  TraceSetup t;
  const bool explicit_level = trace_option_->count() > 0;
  level_ = explicit_level ? parse_trace_level(o_.trace)
                          : (!o_.trace_file.empty() || o_.step ? TraceLevel::Ops : TraceLevel::Off);
  if (o_.quiet && o_.trace_file.empty() && !o_.step) level_ = TraceLevel::Off;
  if (o_.trace_steps == 0) level_ = TraceLevel::Off;
  t.level = level_;
  if (!o_.trace_file.empty()) t.jsonl_path = o_.trace_file;
  t.step = o_.step && level_ != TraceLevel::Off;
  trace_ = std::make_unique<Trace>(
      make_trace(t, std::cin, std::cout, [](const GraphSnapshot& g) { return to_dot(g); }));
  level_ = trace_->level();
}

Trace& Chapter::trace() {
  if (!trace_) throw Error("Chapter::trace() is available inside the lesson only");
  return *trace_;
}

void Chapter::trace_step(std::int64_t step, std::vector<std::pair<std::string, double>> metrics) {
  Trace& t = trace();
  t.step(step, std::move(metrics));
  if (step >= o_.trace_steps) t.set_level(TraceLevel::Off);
}

void Chapter::restore_trace() { trace().set_level(level_); }

void Chapter::section(std::string_view title) {
  if (!o_.quiet) std::cout << fmt::format("\n== {} ==\n", title);
}

void Chapter::say(std::string_view text) {
  if (!o_.quiet) std::cout << text << (text.ends_with('\n') ? "" : "\n");
}

void Chapter::result(std::string_view key, double value) {
  std::cout << fmt::format("{} = {:.10g}\n", key, value);
}

void Chapter::result(std::string_view key, std::string_view value) {
  std::cout << fmt::format("{} = {}\n", key, value);
}

void Chapter::table(const Table& t, std::string_view csv_file) {
  std::cout << t.text();
  if (!csv_file.empty()) write_text(csv_file, t.csv());
}

void Chapter::note(std::string_view text) {
  std::cout.flush();
  std::cerr << "note: " << text << '\n';
}

void Chapter::report_gradcheck(std::string_view what, const GradcheckResult& r) {
  result(fmt::format("gradcheck.{}", what),
         fmt::format("{} (max relative error {:.3g}, {} mode)", r.passed ? "passed" : "FAILED",
                     r.max_rel_error, to_string(r.mode)));
  if (!r.passed) {
    std::cout << r.report();
    throw Error(fmt::format("gradcheck of {} failed: the analytic gradient disagrees with the numeric one", what));
  }
}

fs::path Chapter::path(std::string_view file) {
  const fs::path p = out_ / fs::path(file);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw Error(fmt::format("cannot create the folder '{}': {}", p.parent_path().string(), ec.message()));
  record(p);
  return p;
}

void Chapter::record(const fs::path& file) {
  if (std::find(written_.begin(), written_.end(), file) == written_.end()) written_.push_back(file);
}

void Chapter::write_text(std::string_view file, std::string_view text) {
  write_file(path(file), text, name_);
}

void Chapter::write_graph(std::string_view stem, const std::string& dot, bool main_graph) {
  write_text(fmt::format("{}.dot", stem), dot);
  render(dot, format_, path(fmt::format("{}.{}", stem, to_string(format_))));
  if (main_graph && !o_.dot.empty()) {
    const fs::path file = o_.dot;
    write_file(file, dot, "--dot");
    fs::path picture = file;
    picture.replace_extension(to_string(format_));
    if (picture != file) render(dot, format_, picture);
    if (!o_.quiet) std::cout << fmt::format("wrote {} and {}\n", file.string(), picture.string());
  }
}

void Chapter::write_plot(const Plot& plot) {
  if (!gnuplot_) {
    gnuplot_ = find_gnuplot();
    if (!*gnuplot_) {
      note("gnuplot is not installed, so the plots are written as CSV and gnuplot scripts only "
           "(install it with: sudo apt-get install gnuplot-nox)");
    }
  }
  const PlotFiles files = book::write_plot(plot, out_, *gnuplot_);
  for (const fs::path& p : files.data) record(p);
  record(files.script);
  for (const fs::path& p : files.pictures) record(p);
}

bool Chapter::part(std::string_view what, const std::function<void()>& body) {
  try {
    body();
    return true;
  } catch (const NotImplemented& e) {
    // The stub's message names the exercise, its file and a hint; say it in
    // full the first time only.
    const std::string message = e.what();
    const bool first = std::find(missing_.begin(), missing_.end(), message) == missing_.end();
    if (first) missing_.push_back(message);
    note(fmt::format("skipped {}: {}", what, first ? message : exercise_id(message) + " is still a stub"));
    return false;
  }
}

void Chapter::write_frames(std::string_view folder, const std::vector<Frame>& frames) {
  if (o_.no_frames) return;
  for (const fs::path& p : sg::write_frames(frames, out_ / fs::path(folder), format_)) record(p);
}

void Chapter::summary() const {
  // The pictures by name (a plot's svg and png count once); a subfolder of
  // pictures (the backward frames) as "frames/ (31)".
  std::vector<std::string> pictures;
  std::map<std::string, int> in_folder;
  for (const fs::path& p : written_) {
    const std::string ext = p.extension().string();
    if (ext != ".svg" && ext != ".pdf" && ext != ".png") continue;
    const fs::path rel = fs::relative(p, out_);
    const std::string stem = rel.has_parent_path() ? rel.parent_path().string() + "/"
                                                   : fs::path(rel).replace_extension().string();
    if (rel.has_parent_path() && ext == "." + std::string(to_string(format_))) ++in_folder[stem];
    if (std::find(pictures.begin(), pictures.end(), stem) == pictures.end()) pictures.push_back(stem);
  }
  for (std::string& p : pictures) {
    if (in_folder.count(p)) p += fmt::format(" ({})", in_folder[p]);
  }
  std::string line = fmt::format("{}: wrote {} files into {}/", name_, written_.size(), out_.string());
  if (!pictures.empty()) {
    line += " (pictures: ";
    for (std::size_t i = 0; i < pictures.size(); ++i) line += (i ? ", " : "") + pictures[i];
    line += ")";
  }
  if (!missing_.empty()) {
    std::vector<std::string> ids;
    for (const std::string& m : missing_) {
      const std::string id = exercise_id(m);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    line += fmt::format("; waiting for {} (check them with: build/bin/grade --chapter {})", fmt::join(ids, ", "),
                        std::stoi(name_.substr(2, 2)));
  }
  std::cout << line << '\n';
}

}  // namespace sg::book
