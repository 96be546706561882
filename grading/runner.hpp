// Runs the judge (graded_tests, grading/judge_main.cpp) for `grade`: lists
// its test cases, then runs the chosen ones in one judge process, which
// starts a sandboxed worker for each (grading/judge.hpp) and sends back one
// verdict per test case over a pipe. Every child is started from an
// argument vector (no shell), in its own process group, and is killed when
// grade is interrupted.
#pragma once

#include <csignal>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sg::grading {

enum class Status { Passed, Failed, NotImplemented, Crashed, TimedOut, NotRun };

// "passed", "failed", "not implemented", "crashed", "timed out", "not run"
const char* to_string(Status s);
// The inverse, for the judge's results; Crashed for an unknown word.
Status status_from(const std::string& word);

struct Outcome {
  Status status = Status::Failed;
  std::string message;   // the first failure, the crash or the time limit, in words
  std::string output;    // what the test case printed (at most 64 KiB)
  double seconds = 0.0;
};

// Set by grade's SIGINT/SIGTERM handler; run_judge then stops the judge.
extern volatile std::sig_atomic_t interrupted;

// `judge --sg-list`: its standard output (at most 16 MiB), under a time limit.
std::string list_judge(const std::filesystem::path& judge, double timeout_s);

struct JudgeOptions {
  std::filesystem::path judge, worker;
  double timeout_s = 10.0;   // each test case
  long memory_mib = 2048;
  std::string user = "nobody";
  unsigned long long seed = 1;
};

// Runs the named test cases; on_result is called as each one ends. Returns
// the outcomes by name; a test case the judge did not get to (grade was
// interrupted, or the judge died) is missing. `problem` says why the run
// stopped early, empty when it did not.
std::map<std::string, Outcome> run_judge(const JudgeOptions& o, const std::vector<std::string>& names,
                                         const std::function<void(const std::string&, const Outcome&)>& on_result,
                                         std::string& problem);

// A test case's name as a Catch2 test spec that matches it and nothing else
// (`,`, `[`, `]`, `*`, `~`, `\` and a leading `-` escaped).
std::string exact_spec(const std::string& name);

}  // namespace sg::grading
