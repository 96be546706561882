// grade: the score of the exercises in this build, on your own machine.
//
//   build/bin/grade                       every exercise
//   build/bin/grade --chapter 3           one chapter (--chapter 1,3 for two)
//   build/bin/grade --exercise 3.1        one exercise
//   build/bin/grade --json results.json --junit junit.xml
//
// The verdicts are decided by the judge (graded_tests), which is never linked
// with the exercises; the exercises run in a worker (graded_worker), a
// sandboxed process of its own for each test case, with a time limit, so a
// crash or an endless loop costs that test case only and nothing the
// exercises print or write can turn a failure into a pass
// (docs/instructors.md, "How grading works").
// Exit codes: 0 full marks, 1 points missing, 2 a usage error, 3 nothing
// could be graded (no test program, or nothing matches --chapter/--exercise),
// 4 grading was interrupted (the reports are written, marked incomplete).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <random>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "chapters/common/cli_checks.hpp"
#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "grading/protocol.hpp"
#include "grading/report.hpp"
#include "grading/runner.hpp"

namespace fs = std::filesystem;
using namespace sg::grading;

namespace {

constexpr int kFullMarks = 0, kPointsMissing = 1, kUsage = 2, kCannotGrade = 3, kInterrupted = 4;

struct Options {
  std::vector<int> chapters;   // empty: every chapter
  std::string exercise;
  double timeout = 10.0;
  std::string json, junit;
  std::string tests;    // the judge; default: graded_tests next to grade
  std::string worker;   // the exercises' worker; default: graded_worker next to grade
  long memory = 2048;   // MiB
  std::string user = "nobody";
  std::optional<unsigned long long> seed;
  std::string compile_error;   // a compiler log: report every case failed, run nothing
  bool list = false, verbose = false;
};

fs::path next_to_grade(const std::string& name) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return (ec ? fs::path(".") : self.parent_path()) / name;
}

// Every graded test case of the program, from its --sg-list.
std::vector<TestCaseInfo> list_test_cases(const fs::path& program) {
  const std::string text = list_judge(program, 60.0);
  std::vector<TestCaseInfo> cases;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j.contains("tags")) {
      throw sg::Error(program.string() + " --sg-list wrote a line that is not a test case: " + line.substr(0, 80));
    }
    std::string why;
    const auto info = read_tags(j.at("name"), j.at("tags").get<std::vector<std::string>>(), why);
    if (!info) throw sg::Error(why);
    cases.push_back(*info);
  }
  return cases;
}

std::vector<TestCaseInfo> selected(const std::vector<TestCaseInfo>& all, const Options& o) {
  std::vector<TestCaseInfo> out;
  for (const TestCaseInfo& t : all) {
    if (!o.chapters.empty() && std::find(o.chapters.begin(), o.chapters.end(), t.chapter) == o.chapters.end()) {
      continue;
    }
    if (!o.exercise.empty() && t.exercise != o.exercise) continue;
    out.push_back(t);
  }
  if (out.empty()) {
    std::string ids;
    for (const TestCaseInfo& t : all) {
      if (ids.find(" " + t.exercise + ",") == std::string::npos) ids += " " + t.exercise + ",";
    }
    if (!ids.empty()) ids.pop_back();
    throw sg::Error(fmt::format("no graded test case matches{}{}; the exercises are:{}",
                                o.chapters.empty() ? "" : fmt::format(" --chapter {}", fmt::join(o.chapters, ",")),
                                o.exercise.empty() ? "" : " --exercise " + o.exercise, ids));
  }
  return out;
}

// --list: the exercises and their points, without running anything.
void print_list(const std::vector<TestCaseInfo>& cases) {
  std::vector<CaseResult> results;
  for (const TestCaseInfo& t : cases) results.push_back({t, {}});
  int chapter = -1;
  for (const ExerciseResult& e : by_exercise(results)) {
    if (e.chapter != chapter) {
      std::cout << fmt::format("{}Chapter {}\n", chapter < 0 ? "" : "\n", e.chapter);
      chapter = e.chapter;
    }
    std::cout << fmt::format("  {} {}  ({} points, {} test cases)\n", e.id, fmt::join(e.functions, ", "), e.points,
                             e.cases.size());
  }
  std::cout << fmt::format("\n{} exercises, {} points\n", by_exercise(results).size(), total_points(results));
}

// The lines of a compiler's log that say what is wrong (at most 12).
std::string compiler_errors(const std::string& log_file) {
  std::ifstream in(log_file);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line) && n < 12) {
    if (line.find("error") == std::string::npos) continue;
    out += line + "\n";
    ++n;
  }
  return out.empty() ? "(no line with \"error\" in " + log_file + ")" : out;
}

int report(const std::vector<CaseResult>& results, const Options& o, const std::string& note);

// A usage error found after parsing (exit code 2).
struct UsageError : sg::Error {
  using sg::Error::Error;
};

extern "C" void on_signal(int) { interrupted = 1; }

int grade(const Options& o) {
  // A report that cannot be written is found out before the run, not after.
  for (const std::string& file : {o.json, o.junit}) {
    const fs::path dir = fs::path(file).parent_path();
    if (!file.empty() && !dir.empty() && !fs::is_directory(dir)) {
      throw sg::Error(fmt::format("cannot write {}: the folder {} does not exist", file, dir.string()));
    }
  }
  if (!o.json.empty() && !o.junit.empty() && fs::weakly_canonical(o.json) == fs::weakly_canonical(o.junit)) {
    throw UsageError("--json and --junit name the same file, " + o.json + ": each report needs its own");
  }
  const fs::path program = o.tests.empty() ? next_to_grade("graded_tests") : fs::path(o.tests);
  const std::vector<TestCaseInfo> cases = selected(list_test_cases(program), o);
  if (o.list) {
    print_list(cases);
    return kFullMarks;
  }

  std::vector<CaseResult> results;
  if (!o.compile_error.empty()) {
    // The submission does not build: every test case fails, and says why.
    const std::string why = "the exercises do not compile; the compiler said:\n" + compiler_errors(o.compile_error);
    for (const TestCaseInfo& t : cases) results.push_back({t, {Status::Failed, why, "", 0.0}});
    return report(results, o, "");
  }
  JudgeOptions j;
  j.judge = program;
  j.worker = o.worker.empty() ? next_to_grade("graded_worker") : fs::path(o.worker);
  j.timeout_s = o.timeout;
  j.memory_mib = o.memory;
  j.user = o.user;
  j.seed = o.seed ? *o.seed : std::random_device{}() * 65536ull + std::random_device{}() % 65536;
  std::cout << fmt::format("grading {} test cases (time limit {:g} s each, seed {})\n", cases.size(), o.timeout, j.seed)
            << std::flush;
  std::vector<std::string> names;
  for (const TestCaseInfo& t : cases) names.push_back(t.name);
  std::string problem;
  const auto outcomes = run_judge(j, names, [&](const std::string& name, const Outcome& out) {
    if (o.verbose) std::cout << fmt::format("  {:<15} {}\n", to_string(out.status), name) << std::flush;
  }, problem);
  for (const TestCaseInfo& t : cases) {
    const auto it = outcomes.find(t.name);
    if (it != outcomes.end()) {
      results.push_back({t, it->second});
    } else {
      results.push_back({t, {Status::NotRun, "not run: " + (problem.empty() ? "the judge did not report it" : problem), "", 0.0}});
    }
  }
  std::string note;
  if (!problem.empty()) {
    note = fmt::format("INCOMPLETE: {}; {} of {} test cases ran.\n\n", problem, outcomes.size(), cases.size());
    std::cerr << "grade: " << note;
  }
  note += fmt::format("Graded with seed {} (grade --seed {} repeats this run).\n", j.seed, j.seed);
  const int code = report(results, o, note);
  return problem.empty() ? code : kInterrupted;
}

// The table, the files, and the exit code.
int report(const std::vector<CaseResult>& results, const Options& o, const std::string& note) {
  std::cout << '\n' << score_table(results, o.verbose);
  if (!o.json.empty()) {
    sg::write_file(o.json, gradescope_json(results, note), "grade --json");
    std::cout << "wrote " << o.json << " (Gradescope results.json)\n";
  }
  if (!o.junit.empty()) {
    sg::write_file(o.junit, junit_xml(results), "grade --junit");
    std::cout << "wrote " << o.junit << " (JUnit XML)\n";
  }
  return total_score(results) == total_points(results) ? kFullMarks : kPointsMissing;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "grade: runs the graded tests of this build's exercises and prints your score.\n\n"
      "The judge (graded_tests) decides every verdict; your exercises run in a separate, sandboxed\n"
      "process for each test case (graded_worker), with limits on time and memory, so a crash or\n"
      "an endless loop costs that test case only. Statuses: passed, failed, not implemented,\n"
      "crashed, timed out (not run, when grading is interrupted). Exit code: 0 at full marks,\n"
      "1 when points are missing, 2 for a usage error, 3 when nothing could be graded, 4 when\n"
      "grading was interrupted (the reports are still written, marked incomplete).",
      "grade");
  Options o;
  app.add_option("--chapter", o.chapters, "Grade these chapters only, e.g. 3, or 1,3")
      ->delimiter(',')
      ->check(CLI::Range(1, 99));
  app.add_option("--exercise", o.exercise, "Grade one exercise only, e.g. 3.1")
      ->check(CLI::Validator(
          [](const std::string& s) {
            return std::regex_match(s, std::regex(R"([0-9]+\.[0-9]+)")) ? "" : "an exercise id is N.M, e.g. 3.1";
          },
          "N.M"));
  app.add_option("--timeout", o.timeout, "Seconds each test case may run")->check(CLI::Range(0.1, 3600.0))->capture_default_str();
  app.add_option("--json", o.json, "Also write Gradescope's results.json to this file");
  app.add_option("--junit", o.junit, "Also write JUnit XML to this file");
  app.add_option("--tests", o.tests, "The judge: the graded test program (default: graded_tests next to grade)");
  app.add_option("--worker", o.worker,
                 "The program that runs the exercises for the judge (default: graded_worker next to grade)");
  app.add_option("--memory", o.memory, "MiB of memory the exercises may use in each test case")
      ->check(CLI::Range(64L, 1L << 20))
      ->capture_default_str();
  app.add_option("--seed", o.seed,
                 "Seed of the inputs that tests draw at random (default: a new one each run, printed in the report)");
  app.add_option("--sandbox-user", o.user,
                 "When grade runs as root: the unprivileged user the exercises run as")
      ->capture_default_str();
  app.add_option("--compile-error", o.compile_error,
                 "Run nothing: report every test case failed because the exercises do not compile, "
                 "quoting the errors of this compiler log (scripts/grade_submissions.sh)")
      ->check(CLI::ExistingFile);
  app.add_flag("--list", o.list, "List the exercises and their points; run nothing");
  app.add_flag("-v,--verbose", o.verbose, "Show every test case, not only each exercise's first failure");
  sg::book::add_value_checks(app);   // --timeout nan
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kUsage;
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  try {
    return grade(o);
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kUsage;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return kCannotGrade;
  }
}
