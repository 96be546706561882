// What the graded test program (graded_main.cpp) and `grade` agree on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::grading {

// The start of an assertion's message when the test case hit a stub.
inline constexpr std::string_view kNotImplemented = "not implemented: ";

// A graded test case, as --sg-list describes it. Its tags say where it
// belongs and what it is worth: [ch03][ex3.1][points:2].
struct TestCaseInfo {
  std::string name;       // "3.1 sigmoid_backward: at 0.5 with dY = 1"
  int chapter = 0;        // 3
  std::string exercise;   // "3.1"
  std::string function;   // "sigmoid_backward": the name's word after the id
  int points = 0;
  // Gradescope's visibility: visible, hidden, after_due_date or
  // after_published ([visibility:hidden]; visible without the tag).
  std::string visibility = "visible";
};

// The tags [chNN], [exN.M], [points:P] and [visibility:V], read from a test case's tags
// (Catch2 gives them without brackets). nullopt with `why` filled in when
// one is missing or they disagree (ex3.1 tagged ch04).
std::optional<TestCaseInfo> read_tags(const std::string& name, const std::vector<std::string>& tags,
                                      std::string& why);

}  // namespace sg::grading
