// The main() of the graded test program (build/bin/graded_tests), which
// `grade` runs once per test case. It is Catch2's own main with two additions:
//
//   graded_tests --sg-list               one JSON line per test case: its name and tags
//   graded_tests NAME --sg-result FILE   run one test case and write how it went to FILE
//
// FILE holds one JSON object: {"name", "passed", "not_implemented",
// "failures", "message"}, message being the first failure's text. It is
// written when the test case ends; if the process dies first (a crash, an
// endless loop that `grade` stops) there is no file, and that is how `grade`
// tells those apart from a plain failure.
//
// A stub's sg::NotImplemented reaches Catch2 as an unexpected exception; the
// translator below marks its message, so that `grade` can say "not
// implemented" rather than "failed".
//
// Catch2's own handlers for SIGSEGV and friends are turned off
// (CATCH_CONFIG_NO_POSIX_SIGNALS): a crash must end the process, so that it
// reads as "crashed", in Release (a signal) and under AddressSanitizer (its
// report and exit code 1) alike.
#define CATCH_CONFIG_RUNNER
#define CATCH_CONFIG_NO_POSIX_SIGNALS
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "grading/protocol.hpp"

namespace {

std::string result_file;   // --sg-result FILE: where the listener writes

CATCH_TRANSLATE_EXCEPTION(const sg::NotImplemented& e) {
  return std::string(sg::grading::kNotImplemented) + e.what();
}

// Collects the first failure of the test case and writes the result file.
class ResultListener : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    TestEventListenerBase::testCaseStarting(info);
    failures_ = 0;
    message_.clear();
    not_implemented_ = false;
  }

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    const Catch::AssertionResult& r = stats.assertionResult;
    if (r.isOk()) return true;
    std::string text = r.getMessage();
    const std::string mark(sg::grading::kNotImplemented);
    if (text.rfind(mark, 0) == 0) {
      not_implemented_ = true;
      text = text.substr(mark.size());
    }
    if (failures_++ == 0) message_ = describe(stats, text);
    return true;
  }

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    TestEventListenerBase::testCaseEnded(stats);
    if (result_file.empty()) return;
    const nlohmann::json j = {{"name", stats.testInfo.name},
                              {"passed", failures_ == 0 && stats.totals.assertions.allOk()},
                              {"not_implemented", not_implemented_},
                              {"failures", failures_},
                              {"message", message_}};
    std::ofstream(result_file) << j.dump() << '\n';
  }

 private:
  // A failed CHECK(expr) names the expression and its values; a message
  // (FAIL_CHECK, INFO, an exception) is shown as it is.
  static std::string describe(const Catch::AssertionStats& stats, const std::string& text) {
    const Catch::AssertionResult& r = stats.assertionResult;
    std::string s;
    // The INFO messages in scope; Catch2 adds the assertion's own message to
    // them too, which comes last below, once.
    for (const Catch::MessageInfo& info : stats.infoMessages) {
      if (info.message != r.getMessage()) s += info.message + "\n";
    }
    if (r.hasExpression() && r.getResultType() != Catch::ResultWas::ThrewException) {
      s += r.getExpressionInMacro() + " is false";
      if (r.hasExpandedExpression()) s += ": " + r.getExpandedExpression();
      if (!text.empty()) s += "\n";
    }
    s += text;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  int failures_ = 0;
  bool not_implemented_ = false;
  std::string message_;
};

CATCH_REGISTER_LISTENER(ResultListener)

// --sg-list: every test case's name and tags, one JSON object per line.
int list(Catch::Session& session) {
  for (const Catch::TestCase& t : Catch::getAllTestCasesSorted(session.config())) {
    std::cout << nlohmann::json{{"name", t.name}, {"tags", t.tags}}.dump() << '\n';
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  bool listing = false;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--sg-list") {
      listing = true;
    } else if (a == "--sg-result" && i + 1 < argc) {
      result_file = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  Catch::Session session;
  if (const int rc = session.applyCommandLine(static_cast<int>(args.size()), args.data()); rc != 0) return rc;
  if (listing) return list(session);
  return session.run();
}
