// The judge's side of a graded test case: one sandboxed worker process per
// test case (grading/worker_main.cpp), started on the case's first call to
// an exercise function and gone, with every process it started, when the
// case ends.
//
// The sandbox: the worker's own process group; a fresh, empty scratch
// folder as its working directory, removed afterwards; limits on CPU time,
// memory, file size, open files and (when the judge runs as root) the
// number of processes; stdin from /dev/null; no file descriptor of the
// judge's but the channel; PR_SET_NO_NEW_PRIVS and a parent-death signal.
// When the judge runs as root, the worker runs as an unprivileged user
// (`nobody` by default) that owns only its scratch folder. The judge is a
// child subreaper, so a process the worker forks and abandons becomes the
// judge's child and is killed with the rest.
#pragma once

#include <string>

namespace sg::grading {

struct SandboxOptions {
  std::string worker;               // the worker program
  double timeout_s = 10.0;          // wall-clock limit of a test case
  long memory_mib = 2048;           // address space (or ASan's allocation limit)
  long file_size_mib = 64;          // the largest file the worker may write
  long open_files = 256;
  long processes = 64;              // as root only: RLIMIT_NPROC of the sandbox user
  std::string user = "nobody";      // as root: the worker's user
  std::size_t max_output = 64 * 1024;   // kept of what a test case prints
};

// Set once, before the first test case (judge_main.cpp). Also makes the
// judge a child subreaper and prepares the scratch root.
void configure_sandbox(const SandboxOptions& o);
void remove_sandbox();

// How a test case's worker ended, as far as the verdict is concerned.
enum class WorkerEnd { Fine, Crashed, TimedOut, Broken };

struct CaseEnd {
  WorkerEnd end = WorkerEnd::Fine;
  std::string message;   // why, in words, when not Fine
  std::string output;    // what the worker printed (capped, as bytes)
};

// Around each test case.
void begin_case();
CaseEnd end_case();

// From a SIGTERM/SIGINT handler: kills the running worker's process group;
// the judge then removes its scratch folders and exits with 128 + sig at
// its next step (it never waits long: every wait polls every 100 ms).
void interrupt(int sig);

// The worker died, timed out or broke the protocol during this test case:
// every later call in the case throws it again.
class WorkerStopped : public std::exception {
 public:
  explicit WorkerStopped(std::string why) : why_(std::move(why)) {}
  const char* what() const noexcept override { return why_.c_str(); }

 private:
  std::string why_;
};

}  // namespace sg::grading
