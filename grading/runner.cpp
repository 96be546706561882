#include "grading/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
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
#include "grading/reaper.hpp"

namespace fs = std::filesystem;

namespace sg::grading {

volatile std::sig_atomic_t interrupted = 0;

namespace {

using Clock = std::chrono::steady_clock;

std::string signal_name(int sig) {
  const char* d = strsignal(sig);
  return std::string(d ? d : "signal") + " (signal " + std::to_string(sig) + ")";
}

constexpr std::size_t kMaxListing = 16u << 20;

// Starts argv[0] with argv (no shell) in a process group of its own; its
// stdout goes to out_fd (or /dev/null when -1), its fd 3 is results_fd when
// given, stderr is ours. It dies with grade (PR_SET_PDEATHSIG).
pid_t spawn(const std::vector<std::string>& args, int out_fd, int results_fd) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) throw Error(std::string("grade: /dev/null: ") + std::strerror(errno));
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw Error(std::string("grade: fork: ") + std::strerror(errno));
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(125);
    dup2(null_fd, STDIN_FILENO);
    dup2(out_fd >= 0 ? out_fd : null_fd, STDOUT_FILENO);
    if (results_fd == 3) fcntl(3, F_SETFD, 0);   // dup2 onto itself would keep close-on-exec
    else if (results_fd >= 0) dup2(results_fd, 3);
    close_range(results_fd >= 0 ? 4 : 3, ~0U, 0);
    execv(argv[0], argv.data());
    const char msg[] = "grade: cannot start the graded test program\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(127);
  }
  setpgid(pid, pid);
  close(null_fd);
  return pid;
}

// Waits for pid; when `stop` (it did not finish by itself), asks it to stop
// first (SIGTERM: the judge kills its worker), then kills its group.
int finish(pid_t pid, bool stop) {
  int status = 0;
  if (stop) {
    kill(pid, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        kill(-pid, SIGKILL);
        return status;
      }
      usleep(10000);
    }
    kill(-pid, SIGKILL);
  }
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

const char* to_string(Status s) {
  switch (s) {
    case Status::Passed: return "passed";
    case Status::Failed: return "failed";
    case Status::NotImplemented: return "not implemented";
    case Status::Crashed: return "crashed";
    case Status::TimedOut: return "timed out";
    case Status::NotRun: return "not run";
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

Status status_from(const std::string& word) {
  for (Status s : {Status::Passed, Status::Failed, Status::NotImplemented, Status::Crashed, Status::TimedOut,
                   Status::NotRun}) {
    if (word == to_string(s)) return s;
  }
  return Status::Crashed;
}

std::string list_judge(const fs::path& judge, double timeout_s) {
  if (!fs::exists(judge)) {
    throw Error(fmt::format("no graded test program at {}: build it first (cmake --build build)", judge.string()));
  }
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw Error(std::string("grade: pipe: ") + std::strerror(errno));
  const pid_t pid = spawn({judge.string(), "--sg-list"}, out[1], -1);
  close(out[1]);
  std::string text;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  bool open = true;
  while (open && Clock::now() < deadline && !interrupted) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[65536];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n > 0 && text.size() < kMaxListing) text.append(buf, static_cast<std::size_t>(n));
    else if (n == 0 || (n < 0 && errno != EINTR)) open = false;
  }
  close(out[0]);
  const int status = finish(pid, open);
  if (open) throw Error(fmt::format("{} --sg-list did not finish in {:g} s", judge.string(), timeout_s));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw Error(judge.string() + " --sg-list failed: is it a graded test program?");
  }
  return text;
}

std::map<std::string, Outcome> run_judge(const JudgeOptions& o, const std::vector<std::string>& names,
                                         const std::function<void(const std::string&, const Outcome&)>& on_result,
                                         std::string& problem) {
  if (!fs::exists(o.worker)) {
    throw Error(fmt::format("no worker program at {}: build it first (cmake --build build)", o.worker.string()));
  }
  std::vector<std::string> argv = {o.judge.string(), "--sg-run", "--sg-worker", o.worker.string(),
                                   "--sg-results-fd", "3", "--sg-timeout", fmt::format("{}", o.timeout_s),
                                   "--sg-memory", std::to_string(o.memory_mib), "--sg-user", o.user,
                                   "--sg-seed", std::to_string(o.seed)};
  std::string spec;
  for (const std::string& n : names) spec += (spec.empty() ? "" : ",") + exact_spec(n);
  argv.push_back(spec);

  int results[2];
  if (pipe2(results, O_CLOEXEC) != 0) throw Error(std::string("grade: pipe: ") + std::strerror(errno));
  become_subreaper();   // should the judge die, what it leaves becomes ours
  const pid_t pid = spawn(argv, -1, results[1]);
  close(results[1]);

  std::map<std::string, Outcome> outcomes;
  std::string buffer;
  // A safety net only: the judge enforces each test case's own limit.
  const auto deadline = Clock::now() + std::chrono::duration<double>(names.size() * (o.timeout_s + 10.0) + 60.0);
  bool open = true;
  while (open) {
    if (interrupted) {
      problem = "grading was interrupted (Ctrl-C or SIGTERM)";
      break;
    }
    if (Clock::now() > deadline) {
      problem = "the judge did not finish in time";
      break;
    }
    pollfd p{results[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[65536];
    const ssize_t n = read(results[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      open = false;
      break;
    }
    buffer.append(buf, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = buffer.find('\n')) != std::string::npos;) {
      const std::string line = buffer.substr(0, eol);
      buffer.erase(0, eol + 1);
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("name") || !j["name"].is_string()) {
        problem = "the judge wrote a line that is not a result";
        continue;
      }
      Outcome out;
      out.status = status_from(j.value("status", ""));
      out.message = j.value("message", "");
      out.output = j.value("output", "");
      out.seconds = j.value("seconds", 0.0);
      const std::string name = j["name"];
      on_result(name, out);
      outcomes[name] = std::move(out);
    }
  }
  close(results[0]);
  const int status = finish(pid, open);
  kill_all_children();
  if (problem.empty() && outcomes.size() < names.size()) {
    problem = WIFSIGNALED(status) ? "the judge stopped: " + signal_name(WTERMSIG(status))
                                  : fmt::format("the judge stopped (exit code {})", WEXITSTATUS(status));
  }
  return outcomes;
}

}  // namespace sg::grading
