// What a determined (or unlucky) student's code can do to a grader, one
// behaviour per function (tests/grading/hostile/*.cpp replace chapters 1-4
// of the solutions in graded_worker_hostile; tests/grading/grading_tests.cmake
// says what grade must make of each). None of them computes an answer, so
// none may earn a point; every run must finish and write valid reports.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace hostile {

// A verdict line as the judge writes it, for the forgeries below.
inline const char* kForged =
    "{\"name\":\"3.4 leaky_relu_forward: x above 0, alpha·x below\",\"status\":\"passed\",\"message\":\"\","
    "\"output\":\"\",\"seconds\":0}\n";

// Writes forged verdicts wherever a results channel might be: the parent's
// file descriptors (the judge's results pipe is its fd 3) and any file of
// grade's in the temporary folder. All of it must fail or be ignored.
inline void forge_results() {
  for (int fd = 0; fd < 8; ++fd) {
    const std::string path = "/proc/" + std::to_string(getppid()) + "/fd/" + std::to_string(fd);
    const int f = open(path.c_str(), O_WRONLY | O_APPEND);
    if (f >= 0) {
      (void)!write(f, kForged, std::strlen(kForged));
      close(f);
    }
  }
  for (const char* file : {"/tmp/results.json", "/tmp/stepgrad-results.json"}) {
    if (FILE* f = std::fopen(file, "w")) {
      std::fputs(kForged, f);
      std::fclose(f);
    }
  }
}

[[noreturn]] inline void loop_forever() {
  volatile unsigned long n = 0;
  while (true) n = n + 1;
}

// Ignores SIGTERM, then loops.
[[noreturn]] inline void loop_ignoring_sigterm() {
  signal(SIGTERM, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  loop_forever();
}

[[noreturn]] inline void sleep_forever() {
  while (true) sleep(100);
}

inline void write_through_null() {
  volatile int* p = nullptr;
  *p = 1;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
inline int recurse(int n) {   // a stack overflow
  volatile char frame[4096];
  frame[0] = static_cast<char>(n);
  return recurse(n + 1) + frame[0];
}
#pragma GCC diagnostic pop

// A child in a session of its own (out of the worker's process group) that
// outlives the call; tests/grading/hostile_run.sh checks that none is left.
inline void fork_and_abandon() {
  if (fork() == 0) {
    setsid();
    prctl(PR_SET_NAME, "sg-hostile-fork");
    if (fork() == 0) {
      prctl(PR_SET_NAME, "sg-hostile-fork");
      sleep_forever();
    }
    sleep_forever();
  }
}

inline void print_100_mb() {
  std::vector<char> block(1 << 20, 'x');
  for (int i = 0; i < 100; ++i) (void)!write(STDOUT_FILENO, block.data(), block.size());
}

inline double allocate_20_gb() {
  double* volatile p = new double[std::size_t{20} << 27];   // 20 GiB (volatile: not elided)
  p[0] = 1;
  const double v = p[0];
  delete[] p;
  return v;
}

// Opens files until the limit stops it, closes them (so that what runs
// next, a sanitizer's report included, has descriptors again) and throws.
[[noreturn]] inline void open_100k_files() {
  std::vector<int> fds;
  int error = 0;
  for (int i = 0; i < 100000 && error == 0; ++i) {
    const int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) error = errno;
    else fds.push_back(fd);
  }
  for (const int fd : fds) close(fd);
  throw std::runtime_error("opened " + std::to_string(fds.size()) + " files, then: " +
                           (error ? std::strerror(error) : "no limit"));
}

[[noreturn]] inline void invalid_utf8() {
  std::printf("bytes that are not UTF-8: \xff\xfe \xc3\x28 \xed\xa0\x80 \x01\x02 <&> ]]>\n");
  std::fflush(stdout);
  throw std::runtime_error("an exception with invalid UTF-8: \xff\xc3\x28 and <xml> & \"quotes\"");
}

}  // namespace hostile
