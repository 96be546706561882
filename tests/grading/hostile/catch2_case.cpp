// A student's file that registers its own Catch2 test case (worth 1000
// points) and listener. Catch2 is not linked into the worker, so this
// cannot even link: the submission "does not compile" and earns nothing
// (grade:catch2_in_the_exercises_does_not_link,
// tests/grading/grading_tests.cmake). In the old design, where the tests ran
// in the student's process, it scored 1001 of 1091.
#define CATCH_CONFIG_EXTERNAL_INTERFACES   // for the listener
#include <catch2/catch.hpp>

TEST_CASE("3.1 sigmoid_forward: free points", "[ch03][ex3.1][points:1000]") { SUCCEED(); }

namespace {

struct Listener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
};

}  // namespace

CATCH_REGISTER_LISTENER(Listener)
