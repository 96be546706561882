// A static initialiser in a student's file that prints (SG_HOSTILE_INIT=1),
// exits (2) or never ends (3): linked with the solutions into
// graded_worker_init_{print,exit,loop} (tests/grading/grading_tests.cmake).
#include <cstdio>
#include <cstdlib>

#include "hostile.hpp"

namespace {

int start() {
#if SG_HOSTILE_INIT == 1
  std::puts("hello from a static initialiser");
  std::fflush(stdout);
#elif SG_HOSTILE_INIT == 2
  std::exit(0);
#else
  hostile::loop_forever();
#endif
  return 0;
}

const int started = start();

}  // namespace
