#include "grading/judge.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <vector>

#include "engine/core/error.hpp"
#include "grading/reaper.hpp"
#include "grading/rpc.hpp"

namespace fs = std::filesystem;
namespace rpc = sg::grading::rpc;

namespace sg::grading {

namespace {

using Clock = std::chrono::steady_clock;

SandboxOptions opts;
std::string scratch_root;    // the judge's own folder: 0711, one sub-folder per test case
std::string worker_program;  // what is executed (a copy in scratch_root when running as root)
bool as_root = false;
uid_t sandbox_uid = 0;
gid_t sandbox_gid = 0;
int case_number = 0;

volatile sig_atomic_t running_pgid = 0;     // for interrupt()
volatile sig_atomic_t interrupted_by = 0;   // the signal that asked the judge to stop

// The current test case.
struct Case {
  pid_t pid = -1;
  int channel = -1, output = -1;
  std::string scratch;
  rpc::FrameParser parser;
  std::string printed;   // at most opts.max_output bytes
  bool reaped = false;
  int status = 0;
  Clock::time_point deadline;
  bool stopped = false;
  WorkerEnd end = WorkerEnd::Fine;
  std::string why;
};
Case current;

// The std::function arguments of the call in flight (rpc::Writer registers them).
struct JudgeCallbacks final : rpc::CallbackHost {
  std::vector<std::function<void(rpc::Reader&, rpc::Writer&)>> table;
  int depth = 0;
  std::uint32_t add(std::function<void(rpc::Reader&, rpc::Writer&)> handler) override {
    table.push_back(std::move(handler));
    return static_cast<std::uint32_t>(table.size() - 1);
  }
  std::string invoke(std::uint32_t, const std::string&) override {
    throw rpc::ProtocolError("the judge does not call callbacks through the channel");
  }
};
JudgeCallbacks judge_callbacks;

[[noreturn]] void fail(const std::string& what) { throw Error("grading sandbox: " + what + ": " + std::strerror(errno)); }

int high_fd(int fd) {   // out of the way of 0-3, which the child dup2s onto
  const int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  if (moved < 0) fail("fcntl");
  close(fd);
  return moved;
}

std::string signal_name(int sig) {
  const char* d = strsignal(sig);
  return fmt::format("{} (signal {})", d ? d : "signal", sig);
}

void append_output(const char* buf, std::size_t n) {
  std::string& p = current.printed;
  if (p.size() < opts.max_output) p.append(buf, std::min(n, opts.max_output - p.size()));
}

// Reads what the worker printed, without blocking; false at the end of it.
bool drain_output() {
  if (current.output < 0) return false;
  char buf[65536];
  while (true) {
    const ssize_t n = read(current.output, buf, sizeof buf);
    if (n > 0) {
      append_output(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    close(current.output);
    current.output = -1;
    return false;
  }
}

// After the kill: what is left in the output pipe, until its end (every
// writer is dead by then; bounded all the same, 1 s).
void drain_until_closed() {
  for (int i = 0; i < 1000 && drain_output(); ++i) usleep(1000);
}

// Kills the worker's process group and every process it left behind, and
// reaps them all: when this returns, nothing the student's code started runs
// (the judge is a subreaper: an abandoned fork is its child by then).
void kill_everything() {
  if (current.pid > 0) kill(-current.pid, SIGKILL);
  running_pgid = 0;
  kill_all_children([](pid_t pid, int status) {
    if (pid == current.pid) {
      current.reaped = true;
      current.status = status;
    }
  });
}

void remove_scratch() {
  if (current.scratch.empty()) return;
  std::error_code ec;
  fs::remove_all(current.scratch, ec);
  if (ec) {   // a folder the student made unreadable: open it up, then remove
    for (auto it = fs::recursive_directory_iterator(current.scratch, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::permissions(current.scratch, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(current.scratch, ec);
  }
  current.scratch.clear();
}

// grade was interrupted: leave nothing behind, and go.
void exit_if_interrupted() {
  const int sig = interrupted_by;
  if (sig == 0) return;
  kill_everything();
  remove_scratch();
  remove_sandbox();
  _exit(128 + sig);
}

void set_limit(int resource, rlim_t soft, rlim_t hard) {
  const rlimit r{soft, hard};
  setrlimit(resource, &r);
}

void start_worker() {
  current.scratch = fmt::format("{}/case-{}", scratch_root, ++case_number);
  if (mkdir(current.scratch.c_str(), 0700) != 0) fail("mkdir " + current.scratch);
  if (as_root && chown(current.scratch.c_str(), sandbox_uid, sandbox_gid) != 0) fail("chown " + current.scratch);

  int sv[2], out[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) fail("socketpair");
  if (pipe2(out, O_CLOEXEC) != 0) fail("pipe");
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) fail("open /dev/null");
  sv[0] = high_fd(sv[0]);
  sv[1] = high_fd(sv[1]);
  out[0] = high_fd(out[0]);
  out[1] = high_fd(out[1]);
  null_fd = high_fd(null_fd);

  // Everything the child needs, prepared before fork: after it, only
  // async-signal-safe calls.
  std::vector<std::string> env = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=" + current.scratch,
                                  "TMPDIR=" + current.scratch};
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space, so RLIMIT_AS cannot
  // apply; its own allocator enforces the memory limit instead.
  env.push_back(fmt::format("ASAN_OPTIONS=detect_leaks=0:max_allocation_size_mb={}:allocator_may_return_null=0",
                            opts.memory_mib));
  const bool limit_address_space = false;
#else
  const bool limit_address_space = true;
#endif
  if (const char* u = std::getenv("UBSAN_OPTIONS")) env.push_back(std::string("UBSAN_OPTIONS=") + u);
  std::vector<char*> envp;
  for (std::string& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string program = worker_program;
  char* argv[] = {program.data(), nullptr};
  const std::string scratch = current.scratch;
  const auto cpu = static_cast<rlim_t>(std::ceil(opts.timeout_s)) + 1;
  const auto memory = static_cast<rlim_t>(opts.memory_mib) << 20;
  const auto file_size = static_cast<rlim_t>(opts.file_size_mib) << 20;
  const pid_t judge = getpid();

  const pid_t pid = fork();
  if (pid < 0) fail("fork");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(null_fd, STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    dup2(sv[1], 3);
    close_range(4, ~0U, 0);
    const auto die = [](const char* why) {
      (void)!write(STDERR_FILENO, why, std::strlen(why));
      _exit(126);
    };
    if (chdir(scratch.c_str()) != 0) die("sandbox: cannot enter the scratch folder\n");
    set_limit(RLIMIT_CPU, cpu, cpu + 1);
    set_limit(RLIMIT_FSIZE, file_size, file_size);
    set_limit(RLIMIT_NOFILE, static_cast<rlim_t>(opts.open_files), static_cast<rlim_t>(opts.open_files));
    set_limit(RLIMIT_CORE, 0, 0);
    if (limit_address_space) set_limit(RLIMIT_AS, memory, memory);
    if (as_root) {
      set_limit(RLIMIT_NPROC, static_cast<rlim_t>(opts.processes), static_cast<rlim_t>(opts.processes));
      if (setgroups(0, nullptr) != 0 || setgid(sandbox_gid) != 0 || setuid(sandbox_uid) != 0) {
        die("sandbox: cannot switch to the sandbox user\n");
      }
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);   // after setuid, which clears it
    if (getppid() != judge) _exit(125);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    execve(argv[0], argv, envp.data());
    die("sandbox: cannot start the worker program\n");
  }
  setpgid(pid, pid);   // also here: no race with a kill of the group
  running_pgid = pid;
  close(sv[1]);
  close(out[1]);
  close(null_fd);
  current.pid = pid;
  current.channel = sv[0];
  current.output = out[0];
  fcntl(current.channel, F_SETFL, fcntl(current.channel, F_GETFL) | O_NONBLOCK);
  fcntl(current.output, F_SETFL, fcntl(current.output, F_GETFL) | O_NONBLOCK);
}

// What the output says about a crash, when it says something.
std::string sanitizer_reason() {
  const std::string& p = current.printed;
  if (p.find("allocation-size-too-big") != std::string::npos || p.find("out of memory") != std::string::npos ||
      p.find("requested allocation size") != std::string::npos) {
    return fmt::format("it asked for more memory than the limit of {} MiB (grade --memory)", opts.memory_mib);
  }
  if (p.find("stack-overflow") != std::string::npos) {
    return "a stack overflow: recursion without a base case, or a huge local array";
  }
  const std::size_t at = p.find("ERROR: AddressSanitizer: ");
  if (at != std::string::npos) {
    const std::size_t start = at + std::strlen("ERROR: AddressSanitizer: ");
    std::string what = p.substr(start, p.find_first_of("\n ", start) - start);
    return "AddressSanitizer found " + what + " (a bad memory access; its report is in the output)";
  }
  if (p.find("runtime error:") != std::string::npos) return "undefined behaviour (the output says where)";
  return "";
}

std::string crash_message() {
  const int s = current.status;
  const std::string because = sanitizer_reason();
  if (WIFSIGNALED(s)) {
    const int sig = WTERMSIG(s);
    std::string hint;
    switch (sig) {
      case SIGSEGV:
      case SIGBUS: hint = "reading or writing outside an array, through an empty pointer, or a stack overflow?"; break;
      case SIGABRT: hint = "abort(): a failed assert, std::terminate, or an exception thrown out of a destructor?"; break;
      case SIGFPE: hint = "an integer division by zero?"; break;
      case SIGXCPU: hint = fmt::format("it used more than {} s of CPU time", std::ceil(opts.timeout_s) + 1); break;
      case SIGXFSZ: hint = fmt::format("it wrote a file larger than {} MiB", opts.file_size_mib); break;
      case SIGKILL: hint = "killed: by itself, or by the system for using too much memory"; break;
      default: break;
    }
    if (!because.empty()) hint = because;
    return "crashed: " + signal_name(sig) + (hint.empty() ? "" : ": " + hint);
  }
  const int code = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  if (!because.empty()) return "crashed: " + because;
  if (code == 126 || code == 127) {
    return "crashed: the sandbox could not start the exercises (exit code " + std::to_string(code) +
           "); the output says why";
  }
  return fmt::format("crashed: the exercise program ended (exit code {}) in the middle of a call: an exit(), "
                     "_exit() or std::terminate in the exercises, or a static initialiser that ends the program",
                     code);
}

// Ends the case's worker for good: later calls in this case throw too.
[[noreturn]] void stop(WorkerEnd end, const std::string& why) {
  kill_everything();
  drain_until_closed();
  current.stopped = true;
  current.end = end;
  current.why = why;
  throw WorkerStopped(why);
}

// The worker closed the channel: collect how it ended.
[[noreturn]] void worker_gone() {
  // Give it a moment to finish dying (its exit status tells what happened).
  for (int i = 0; i < 200 && !current.reaped; ++i) {
    int status = 0;
    if (waitpid(current.pid, &status, WNOHANG) == current.pid) {
      current.reaped = true;
      current.status = status;
      break;
    }
    drain_output();
    usleep(2000);
  }
  kill_everything();
  drain_until_closed();
  if (!current.reaped) stop(WorkerEnd::Broken, "the exercise program closed the grading channel and went on running");
  stop(WorkerEnd::Crashed, crash_message());
}

[[noreturn]] void timed_out() {
  stop(WorkerEnd::TimedOut,
       fmt::format("timed out: stopped after {:g} s: an endless loop? (a loop whose condition never changes, or "
                   "recursion without a base case; the limit is grade --timeout)",
                   opts.timeout_s));
}

// Sends `message` (may be empty) and returns the next message that arrives,
// draining the worker's output meanwhile, all under the case's deadline.
void exchange(const std::string& message, rpc::Kind& kind, std::string& payload) {
  std::size_t written = 0;
  while (true) {
    exit_if_interrupted();
    if (written == message.size()) {
      try {
        if (current.parser.next(kind, payload)) return;
      } catch (const rpc::ProtocolError& e) {
        stop(WorkerEnd::Broken, std::string("the exercise program broke the grading protocol: ") + e.what());
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(current.deadline - Clock::now()).count();
    if (left <= 0) timed_out();
    pollfd p[2] = {{current.channel, static_cast<short>(POLLIN | (written < message.size() ? POLLOUT : 0)), 0},
                   {current.output, POLLIN, 0}};
    const int ready = poll(p, current.output >= 0 ? 2 : 1, static_cast<int>(std::min<long long>(left, 100)));
    if (ready < 0 && errno != EINTR) fail("poll");
    if (ready <= 0) continue;
    if (current.output >= 0 && p[1].revents) drain_output();
    if ((p[0].revents & POLLOUT) && written < message.size()) {
      const ssize_t n = send(current.channel, message.data() + written, message.size() - written, MSG_NOSIGNAL);
      if (n > 0) written += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EINTR) worker_gone();
    }
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[65536];
      const ssize_t n = read(current.channel, buf, sizeof buf);
      if (n > 0) {
        if (current.parser.buffer.size() > rpc::kMaxMessage + 16) {
          stop(WorkerEnd::Broken, "the exercise program sent an answer larger than the limit");
        }
        current.parser.buffer.append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        worker_gone();
      }
    }
  }
}

[[noreturn]] void rethrow(const std::string& payload) {
  rpc::Reader in(payload);
  std::string kind, message;
  try {
    in(kind, message);
  } catch (const rpc::ProtocolError& e) {
    stop(WorkerEnd::Broken, std::string("the exercise program broke the grading protocol: ") + e.what());
  }
  if (kind == "not_implemented") throw NotImplemented(message);
  if (kind == "shape") throw ShapeError(message);
  if (kind == "value") throw ValueError(message);
  if (kind == "io") throw IoError(message);
  if (kind == "error") throw Error(message);
  if (kind == "bad_alloc") {
    throw std::runtime_error(fmt::format("std::bad_alloc: the exercise ran out of memory (the limit is {} MiB, "
                                         "grade --memory)", opts.memory_mib));
  }
  if (kind == "protocol") stop(WorkerEnd::Broken, "the exercise program is not this build's worker: " + message);
  throw std::runtime_error(message);
}

// Every folder from / to dir lets others through (o+x).
bool others_can_enter(const fs::path& dir) {
  fs::path p;
  for (const fs::path& part : fs::absolute(dir)) {
    p /= part;
    struct stat st {};
    if (stat(p.c_str(), &st) != 0 || !(st.st_mode & S_IXOTH)) return false;
  }
  return true;
}

}  // namespace

void configure_sandbox(const SandboxOptions& o) {
  opts = o;
  rpc::callback_host() = &judge_callbacks;
  become_subreaper();
  as_root = geteuid() == 0;
  // As root, the sandbox user must be able to reach its scratch folder: a
  // TMPDIR inside a private folder will not do, /tmp will.
  fs::path parent = fs::temp_directory_path();
  if (as_root && !others_can_enter(parent)) parent = "/tmp";
  std::string root = (parent / "stepgrad-judge-XXXXXX").string();
  if (!mkdtemp(root.data())) fail("mkdtemp in " + fs::temp_directory_path().string());
  scratch_root = root;
  chmod(scratch_root.c_str(), 0711);   // the sandbox user may enter its case folder, not list the others
  worker_program = fs::absolute(o.worker).string();
  if (as_root) {
    const passwd* pw = getpwnam(o.user.c_str());
    if (!pw) throw Error("grading sandbox: no user " + o.user + " to run the exercises as (grade --sandbox-user)");
    if (pw->pw_uid == 0) throw Error("grading sandbox: the sandbox user " + o.user + " is root");
    sandbox_uid = pw->pw_uid;
    sandbox_gid = pw->pw_gid;
    // A copy the sandbox user can execute, wherever the build folder is.
    const std::string copy = scratch_root + "/worker";
    std::error_code ec;
    fs::copy_file(worker_program, copy, ec);
    if (ec) throw Error("grading sandbox: cannot copy " + worker_program + ": " + ec.message());
    chmod(copy.c_str(), 0755);
    worker_program = copy;
  }
}

void remove_sandbox() {
  std::error_code ec;
  if (!scratch_root.empty()) fs::remove_all(scratch_root, ec);
}

void interrupt(int sig) {
  interrupted_by = sig;
  const pid_t g = running_pgid;
  if (g > 0) kill(-g, SIGKILL);
}

void begin_case() {
  exit_if_interrupted();
  current = Case{};
  current.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opts.timeout_s));
  judge_callbacks.table.clear();
}

CaseEnd end_case() {
  exit_if_interrupted();
  if (current.pid > 0 && !current.stopped) {
    kill_everything();
    drain_until_closed();
  }
  if (current.channel >= 0) close(current.channel);
  if (current.output >= 0) close(current.output);
  remove_scratch();
  CaseEnd e{current.stopped ? current.end : WorkerEnd::Fine, current.why, std::move(current.printed)};
  current = Case{};
  return e;
}

}  // namespace sg::grading

namespace sg::grading::rpc {

std::string call_worker(const std::string& key, const std::string& args) {
  struct Depth {
    Depth() { ++judge_callbacks.depth; }
    ~Depth() {
      if (--judge_callbacks.depth == 0) judge_callbacks.table.clear();
    }
  } depth;
  if (current.stopped) throw WorkerStopped(current.why);
  if (current.pid < 0) start_worker();
  Writer w;
  w.put(key);
  w.bytes += args;
  std::string message = frame(Kind::Call, w.bytes);
  while (true) {
    Kind kind{};
    std::string payload;
    exchange(message, kind, payload);
    message.clear();
    switch (kind) {
      case Kind::Return: return payload;
      case Kind::Throw: rethrow(payload);
      case Kind::Callback: {
        Reader in(payload);
        std::uint32_t id = 0;
        try {
          in.get(id);
        } catch (const ProtocolError& e) {
          stop(WorkerEnd::Broken, std::string("the exercise program broke the grading protocol: ") + e.what());
        }
        if (id >= judge_callbacks.table.size()) stop(WorkerEnd::Broken, "the exercise program called a callback it was not given");
        try {
          Writer out;
          judge_callbacks.table[id](in, out);
          message = frame(Kind::CallbackReturn, out.bytes);
        } catch (const ProtocolError& e) {
          stop(WorkerEnd::Broken, std::string("the exercise program broke the grading protocol: ") + e.what());
        } catch (const std::exception& e) {
          message = frame(Kind::CallbackThrow, e.what());
        }
        break;
      }
      default: stop(WorkerEnd::Broken, "the exercise program sent a message out of turn");
    }
  }
}

}  // namespace sg::grading::rpc
