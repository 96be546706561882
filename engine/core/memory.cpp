#include "engine/core/memory.hpp"

#include <cstdlib>   // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sg {

bool keep_freed_memory() {
#if defined(__GLIBC__)
  // mallopt returns 1 on success. Setting either threshold also turns off
  // glibc's adaptation of both (the point: it is what moved the threshold
  // below the size of one step's graph).
  const bool trim = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
  const bool mmap = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  return trim && mmap;
#else
  return false;
#endif
}

}  // namespace sg
