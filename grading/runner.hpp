// Runs one graded test case in a process of its own, with a time limit, so
// that a crash or an endless loop in a student's code costs that test case
// only: the run always completes and the report is always written.
#pragma once

#include <filesystem>
#include <string>

namespace sg::grading {

enum class Status { Passed, Failed, NotImplemented, Crashed, TimedOut };

// "passed", "failed", "not implemented", "crashed", "timed out"
const char* to_string(Status s);

struct Outcome {
  Status status = Status::Failed;
  std::string message;   // the first failure, the crash or the time limit, in words
  std::string output;    // what the test case printed (at most 64 KiB)
  double seconds = 0.0;
};

// Runs `program NAME --sg-result FILE` (graded_main.cpp) in its own process
// group; after timeout_s seconds the group is killed. scratch: a folder for
// the result file.
Outcome run_test_case(const std::filesystem::path& program, const std::string& name, double timeout_s,
                      const std::filesystem::path& scratch);

// A test case's name as a Catch2 test spec that matches it and nothing else
// (`,`, `[`, `]`, `*`, `~`, `\` and a leading `-` escaped).
std::string exact_spec(const std::string& name);

}  // namespace sg::grading
