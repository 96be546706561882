// keep_freed_memory: it takes effect where glibc's allocator runs, and says
// so; a missing #include once made it a silent no-op that cost 2/3 of a
// training step. Under AddressSanitizer, whose allocator replaces glibc's,
// mallopt does nothing and the function must say that too.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "engine/core/memory.hpp"

TEST_CASE("keep_freed_memory takes effect exactly where the allocator is glibc's", "[memory]") {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  constexpr bool glibc_allocator = true;
#else
  constexpr bool glibc_allocator = false;
#endif
  CHECK(sg::keep_freed_memory() == glibc_allocator);
}
