#include "grading/reaper.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace sg::grading {

namespace {

// The parent of process pid, from /proc/PID/stat's fourth field; 0 when the
// process is gone (it may vanish between the listing and the read).
long parent_of(long pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[1024];
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = '\0';
  // pid (comm) state ppid ...: comm may hold spaces and parentheses; the last ')' ends it
  const char* close_paren = std::strrchr(text, ')');
  char state = 0;
  long ppid = 0;
  if (!close_paren || std::sscanf(close_paren + 1, " %c %ld", &state, &ppid) != 2) return 0;
  return ppid;
}

// This process's children.
std::vector<pid_t> children() {
  std::vector<pid_t> out;
  const pid_t self = getpid();
  DIR* proc = opendir("/proc");
  if (!proc) return out;
  while (const dirent* e = readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (*end == '\0' && pid > 0 && parent_of(pid) == self) out.push_back(static_cast<pid_t>(pid));
  }
  closedir(proc);
  return out;
}

}  // namespace

void become_subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

void kill_all_children(const std::function<void(pid_t, int)>& on_reaped) {
  for (int round = 0; round < 2000; ++round) {
    while (true) {
      int status = 0;
      const pid_t r = waitpid(-1, &status, WNOHANG);
      if (r > 0) {
        if (on_reaped) on_reaped(r, status);
        continue;
      }
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && errno == ECHILD) return;   // no child left
      break;
    }
    for (const pid_t child : children()) kill(child, SIGKILL);
    usleep(round < 10 ? 200 : 2000);
  }
}

}  // namespace sg::grading
