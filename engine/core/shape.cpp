#include "engine/core/shape.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace sg {

std::string to_string(Shape s) { return fmt::format("({},{})", s.rows, s.cols); }

bool detail::check_abi(int max_align_bytes, int max_static_align_bytes) noexcept {
  if (max_align_bytes == EIGEN_MAX_ALIGN_BYTES && max_static_align_bytes == EIGEN_MAX_STATIC_ALIGN_BYTES) return true;
  std::fprintf(stderr,
               "stepgrad: this program was compiled for %d-byte vectors, the engine library for %d-byte ones "
               "(Eigen's EIGEN_MAX_ALIGN_BYTES): their matrices would not agree and the first operation would "
               "crash. Compile it with the flags the engine was built with (-march=native when it was built in "
               "Release with SG_NATIVE=ON, the default; none when SG_NATIVE=OFF): docs/engine.md, \"Using the "
               "engine outside this build\".\n",
               max_align_bytes, EIGEN_MAX_ALIGN_BYTES);
  std::exit(70);
}

}  // namespace sg
