// What `grade` prints and writes: a score table per chapter and exercise,
// Gradescope's results.json and JUnit XML, all from the same results.
#pragma once

#include <string>
#include <vector>

#include "grading/protocol.hpp"
#include "grading/runner.hpp"

namespace sg::grading {

struct CaseResult {
  TestCaseInfo info;
  Outcome outcome;
  int score() const { return outcome.status == Status::Passed ? info.points : 0; }
};

// One exercise: its test cases' points added up; its status is the worst of
// theirs (crashed, timed out, failed, not implemented, passed), with that
// test case's message.
struct ExerciseResult {
  int chapter = 0;
  std::string id;                        // "3.1"
  std::vector<std::string> functions;    // sigmoid_forward, sigmoid_backward
  int points = 0, earned = 0;
  Status status = Status::Passed;
  std::string message;
  std::vector<const CaseResult*> cases;
};

// Exercises in book order (3.2 before 3.10), from results in any order.
std::vector<ExerciseResult> by_exercise(const std::vector<CaseResult>& results);

int total_points(const std::vector<CaseResult>& results);
int total_score(const std::vector<CaseResult>& results);

// The table for the terminal. verbose: every test case, not only the first
// failure of each exercise.
std::string score_table(const std::vector<CaseResult>& results, bool verbose);

// Gradescope's results.json: score, max_score, and one entry per test case
// (name, number, score, max_score, status passed/failed, output, visibility from the
// test case's [visibility:...] tag).
// note: printed above the table in the top-level output (an interrupted
// run says so there).
std::string gradescope_json(const std::vector<CaseResult>& results, const std::string& note = "");

// text with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(const std::string& text);

// JUnit XML: one <testsuite> per chapter, one <testcase> per test case; a
// failed or not implemented case has a <failure>, a crash or a time-out an
// <error>.
std::string junit_xml(const std::vector<CaseResult>& results);

}  // namespace sg::grading
