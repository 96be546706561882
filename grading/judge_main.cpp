// The judge (build/bin/graded_tests): every graded test case, compiled
// with proxies for the exercise functions (grading/rpc.hpp) and never linked
// with a student's code. `grade` runs it:
//
//   graded_tests --sg-list        one JSON line per test case: its name and tags
//   graded_tests --sg-run --sg-worker W --sg-results-fd N [--sg-timeout S]
//                [--sg-memory MiB] [--sg-seed S] [--sg-user U] [TEST SPEC]
//
// --sg-run runs the chosen test cases in this process; the first call to an
// exercise function in a test case starts a worker (W, linked with the
// student's exercises/) in a sandbox (grading/judge.hpp), and the case's end
// kills it and everything it started. When a case ends, one JSON line goes
// to file descriptor N: {"name", "status", "message", "output", "seconds"},
// status being passed, failed, not implemented, crashed or timed out. The
// verdict is decided here, from the assertions of the test case and from how
// the worker ended; the worker only computes.
//
// A stub's sg::NotImplemented reaches Catch2 as an unexpected exception; the
// translator below marks its message, so that the case reads "not
// implemented" rather than "failed".
#define CATCH_CONFIG_RUNNER
#define CATCH_CONFIG_NO_POSIX_SIGNALS
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "grading/judge.hpp"
#include "grading/protocol.hpp"
#include "grading/rpc.hpp"
#include "tests/graded/graded.hpp"

namespace {

int results_fd = -1;   // --sg-results-fd N: where each finished test case is described

CATCH_TRANSLATE_EXCEPTION(const sg::NotImplemented& e) {
  return std::string(sg::grading::kNotImplemented) + e.what();
}

// Collects the first failure of each test case, ends its worker, and writes
// the verdict.
class ResultListener : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    TestEventListenerBase::testCaseStarting(info);
    failures_ = 0;
    message_.clear();
    not_implemented_ = false;
    start_ = std::chrono::steady_clock::now();
    sg::grading::begin_case();
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
    const sg::grading::CaseEnd end = sg::grading::end_case();
    std::string status;
    std::string message = message_;
    switch (end.end) {
      case sg::grading::WorkerEnd::Crashed:
      case sg::grading::WorkerEnd::Broken:
        status = "crashed";
        message = end.message;
        break;
      case sg::grading::WorkerEnd::TimedOut:
        status = "timed out";
        message = end.message;
        break;
      case sg::grading::WorkerEnd::Fine:
        if (failures_ == 0 && stats.totals.assertions.allOk()) status = "passed";
        else status = not_implemented_ ? "not implemented" : "failed";
        break;
    }
    if (results_fd < 0) return;
    const nlohmann::json j = {
        {"name", stats.testInfo.name},
        {"status", status},
        {"message", message},
        {"output", end.output},
        {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count()}};
    // The student's bytes may be any bytes: invalid UTF-8 becomes U+FFFD.
    const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = write(results_fd, line.data() + done, line.size() - done);
      if (n <= 0) {
        std::cerr << "graded_tests: cannot write the results\n";
        std::_Exit(4);
      }
      done += static_cast<std::size_t>(n);
    }
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
  std::chrono::steady_clock::time_point start_;
};

CATCH_REGISTER_LISTENER(ResultListener)

// --sg-list: every test case's name and tags, one JSON object per line.
int list(Catch::Session& session) {
  for (const Catch::TestCase& t : Catch::getAllTestCasesSorted(session.config())) {
    std::cout << nlohmann::json{{"name", t.name}, {"tags", t.tags}}.dump() << '\n';
  }
  return 0;
}

// SIGTERM or SIGINT (grade interrupted): the running worker dies at once,
// the judge at its next step, without a verdict for the case it was in.
extern "C" void on_signal(int sig) { sg::grading::interrupt(sig); }

double number(const std::string& flag, const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (*end != '\0' || !(v > 0) || v > 1e9) {
    std::cerr << "graded_tests: " << flag << " needs a positive number, not '" << text << "'\n";
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args;
  bool listing = false, running = false;
  sg::grading::SandboxOptions sandbox;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--sg-list") {
      listing = true;
    } else if (a == "--sg-run") {
      running = true;
    } else if (a == "--sg-worker" && has_value) {
      sandbox.worker = argv[++i];
    } else if (a == "--sg-results-fd" && has_value) {
      results_fd = static_cast<int>(number(a, argv[++i]));
    } else if (a == "--sg-timeout" && has_value) {
      sandbox.timeout_s = number(a, argv[++i]);
    } else if (a == "--sg-memory" && has_value) {
      sandbox.memory_mib = static_cast<long>(number(a, argv[++i]));
    } else if (a == "--sg-user" && has_value) {
      sandbox.user = argv[++i];
    } else if (a == "--sg-seed" && has_value) {
      sg::graded::set_seed(std::strtoull(argv[++i], nullptr, 10));
    } else {
      args.push_back(argv[i]);
    }
  }
  Catch::Session session;
  if (const int rc = session.applyCommandLine(static_cast<int>(args.size()), args.data()); rc != 0) return rc;
  if (listing) return list(session);
  if (!running || sandbox.worker.empty() || results_fd < 0) {
    std::cerr << "graded_tests is run by grade (grading/grade.cpp): --sg-list, or --sg-run --sg-worker PROGRAM "
                 "--sg-results-fd N\n";
    return 2;
  }
  // Catch2's own report is not needed: the results go to results_fd.
  session.configData().outputFilename = "/dev/null";
  try {
    sg::grading::configure_sandbox(sandbox);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 3;
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  const int rc = session.run();
  sg::grading::remove_sandbox();
  return rc < 0 ? 1 : 0;   // failed test cases are results, not errors
}
