#include "grading/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <vector>

#include "engine/core/error.hpp"

namespace fs = std::filesystem;

namespace sg::grading {

namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;   // a test case that prints in a loop fills no disk

using Clock = std::chrono::steady_clock;

// The child: its own process group (so that the whole group can be killed),
// stdout and stderr into the pipe, then the test program. Only
// async-signal-safe calls between fork and exec.
[[noreturn]] void exec_child(int out_fd, const std::vector<char*>& argv) {
  setpgid(0, 0);
  dup2(out_fd, STDOUT_FILENO);
  dup2(out_fd, STDERR_FILENO);
  close(out_fd);
  execv(argv[0], argv.data());
  const char msg[] = "grade: cannot start the graded test program\n";
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
  _exit(127);
}

std::string signal_name(int sig) {
  const char* d = strsignal(sig);
  return std::string(d ? d : "signal") + " (signal " + std::to_string(sig) + ")";
}

}  // namespace

const char* to_string(Status s) {
  switch (s) {
    case Status::Passed: return "passed";
    case Status::Failed: return "failed";
    case Status::NotImplemented: return "not implemented";
    case Status::Crashed: return "crashed";
    case Status::TimedOut: return "timed out";
  }
  return "?";
}

std::string exact_spec(const std::string& name) {
  std::string spec;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ',' || c == '[' || c == ']' || c == '\\' || c == '"' || c == '*' || (i == 0 && (c == '~' || c == '-'))) {
      spec += '\\';
    }
    spec += c;
  }
  return spec;
}

Outcome run_test_case(const fs::path& program, const std::string& name, double timeout_s, const fs::path& scratch) {
  const fs::path result = scratch / "result.json";
  fs::remove(result);
  std::string prog = program.string(), spec = exact_spec(name), flag = "--sg-result", file = result.string();
  const std::vector<char*> argv = {prog.data(), spec.data(), flag.data(), file.data(), nullptr};

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("grade: pipe: ") + std::strerror(errno));
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw Error(std::string("grade: fork: ") + std::strerror(errno));
  if (pid == 0) exec_child(fds[1], argv);
  setpgid(pid, pid);   // also here: no race with the kill below
  close(fds[1]);

  // Read what it prints until it closes its end or the time is up.
  Outcome o;
  const auto deadline = start + std::chrono::duration<double>(timeout_s);
  bool timed_out = false, open = true;
  int status = 0;
  bool reaped = false;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    if (!open) {   // output closed: wait for the exit, still under the limit
      const pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        reaped = true;
        break;
      }
      usleep(2000);
      continue;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      if (o.output.size() < kMaxOutput) o.output.append(buf, std::min<std::size_t>(n, kMaxOutput - o.output.size()));
    } else if (n == 0 || errno != EINTR) {
      open = false;
    }
  }
  close(fds[0]);
  if (!reaped) {
    if (timed_out) kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  if (timed_out) {
    o.status = Status::TimedOut;
    o.message = fmt::format("stopped after {:g} s", timeout_s) +
                ": an endless loop? (a loop whose condition never changes, or recursion without a base case; "
                "the limit is grade --timeout)";
    return o;
  }
  nlohmann::json r;
  if (std::ifstream in(result); in) {
    try {
      in >> r;
    } catch (const nlohmann::json::exception&) {
      r = nullptr;
    }
  }
  if (WIFSIGNALED(status)) {
    o.status = Status::Crashed;
    o.message = "crashed: " + signal_name(WTERMSIG(status)) +
                ": reading or writing outside an array, or through an empty pointer?";
    return o;
  }
  if (!r.is_object()) {
    // Exited before the test case ended: AddressSanitizer's report of a
    // bad memory access, std::terminate, an exit() in the student's code.
    o.status = Status::Crashed;
    o.message = "crashed: the test case ended the program (exit code " + std::to_string(WEXITSTATUS(status)) +
                ") before it finished; its output says why";
    return o;
  }
  o.message = r.value("message", "");
  if (r.value("passed", false)) {
    o.status = Status::Passed;
  } else {
    o.status = r.value("not_implemented", false) ? Status::NotImplemented : Status::Failed;
  }
  return o;
}

}  // namespace sg::grading
