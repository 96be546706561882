// Checks a `grade --json` report: that it is the Gradescope results.json
// format, and that it says what the test expects.
//
//   grade_report_check results.json [EXPECTATION...]
//
//   tests=N          the report has N test cases (the JUnit file's count)
//   score=N          the total score is N; score=max: full marks; score<max: not
//   ID=passed        every test case of exercise ID (e.g. 3.1, or "all") passed
//   ID=STATUS        some test case of exercise ID has STATUS ("failed", "not
//                    implemented", "crashed", "timed out"), and the others passed
//   ID~TEXT          some test case of exercise ID has TEXT in its output
//
// Prints every problem and exits 1 when there is one.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <set>
#include <string>

using nlohmann::json;

namespace {

int problems = 0;

void problem(const std::string& what) {
  std::cerr << "grade_report_check: " << what << '\n';
  ++problems;
}

// The fields Gradescope reads, with their types.
void check_format(const json& r) {
  if (!r.is_object()) return problem("the report is not a JSON object");
  for (const char* key : {"score", "max_score"}) {
    if (!r.contains(key) || !r[key].is_number()) problem(std::string("no number \"") + key + "\" at the top");
  }
  if (!r.contains("tests") || !r["tests"].is_array() || r["tests"].empty()) return problem("no \"tests\" array");
  const std::set<std::string> visibility = {"hidden", "after_due_date", "after_published", "visible"};
  double score = 0, max_score = 0;
  for (const json& t : r["tests"]) {
    const std::string name = t.value("name", "?");
    if (!t.contains("name") || !t["name"].is_string()) problem("a test without a string \"name\"");
    for (const char* key : {"score", "max_score"}) {
      if (!t.contains(key) || !t[key].is_number()) problem(name + ": no number \"" + key + "\"");
    }
    if (t.value("status", "") != "passed" && t.value("status", "") != "failed") {
      problem(name + ": \"status\" must be \"passed\" or \"failed\"");
    }
    if (!t.contains("output") || !t["output"].is_string()) problem(name + ": no string \"output\"");
    if (!visibility.count(t.value("visibility", ""))) problem(name + ": \"visibility\" is not one Gradescope knows");
    score += t.value("score", 0.0);
    max_score += t.value("max_score", 0.0);
  }
  if (score != r.value("score", -1.0)) problem("\"score\" is not the sum of the tests' scores");
  if (max_score != r.value("max_score", -1.0)) problem("\"max_score\" is not the sum of the tests' max_scores");
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

void check_expectation(const json& r, const std::string& e) {
  const json& tests = r["tests"];
  if (starts_with(e, "tests=")) {
    if (tests.size() != std::stoul(e.substr(6))) problem(e + ": the report has " + std::to_string(tests.size()));
    return;
  }
  if (e == "score=max" || e == "score<max") {
    const bool full = r["score"] == r["max_score"];
    if (full != (e == "score=max")) problem(e + ": the score is " + r["score"].dump() + "/" + r["max_score"].dump());
    return;
  }
  if (starts_with(e, "score=")) {
    if (r["score"].get<double>() != std::stod(e.substr(6))) problem(e + ": the score is " + r["score"].dump());
    return;
  }
  const std::size_t eq = e.find('='), tilde = e.find('~');
  const std::size_t at = std::min(eq, tilde);
  if (at == std::string::npos) return problem("cannot read the expectation " + e);
  const std::string id = e.substr(0, at), value = e.substr(at + 1);
  int matched = 0, found = 0;
  for (const json& t : tests) {
    if (id != "all" && t.value("number", "") != id) continue;
    ++matched;
    const std::string output = t.value("output", "");
    const bool has = at == eq ? starts_with(output, value) : output.find(value) != std::string::npos;
    found += has;
    if (at == eq && !has && !starts_with(output, "passed")) {
      problem(e + ": \"" + t.value("name", "?") + "\" says " + output);
    }
  }
  if (matched == 0) problem(e + ": no test case of exercise " + id);
  if (found == 0) problem(e + ": no test case of exercise " + id + " says that");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: grade_report_check results.json [EXPECTATION...]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "grade_report_check: cannot read " << argv[1] << '\n';
    return 1;
  }
  json r;
  try {
    in >> r;
  } catch (const json::exception& e) {
    std::cerr << "grade_report_check: " << argv[1] << " is not JSON: " << e.what() << '\n';
    return 1;
  }
  check_format(r);
  if (problems == 0) {
    for (int i = 2; i < argc; ++i) check_expectation(r, argv[i]);
  }
  if (problems == 0) std::cout << "grade_report_check: " << argv[1] << " is a valid results.json and says what was expected\n";
  return problems == 0 ? 0 : 1;
}
