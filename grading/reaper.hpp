// Leaving no process behind. A process whose parent dies is re-parented to
// its nearest ancestor that declared itself a child subreaper
// (PR_SET_CHILD_SUBREAPER), instead of to init: the judge is one for the
// workers it starts (a fork a student's code abandons, even after setsid,
// becomes the judge's child), and grade is one for the judge (should the
// judge itself die, what it left becomes grade's).
#pragma once

#include <sys/types.h>

#include <functional>

namespace sg::grading {

void become_subreaper();

// Kills (SIGKILL) and reaps every child of this process, and every process
// that becomes one meanwhile (the orphans of those killed), until none is
// left; on_reaped(pid, wait status) for each reaped.
void kill_all_children(const std::function<void(pid_t, int)>& on_reaped = {});

}  // namespace sg::grading
