# Compiler flags shared by every target of the project.
add_library(sg_flags INTERFACE)
target_compile_options(sg_flags INTERFACE -Wall -Wextra -Wpedantic)
# No -Wshadow: backward lambdas deliberately reuse the book's names (X, W, Y)
# for the values they read from the node, as the forward above them does.
# No errno from the math functions: nothing here reads errno, and a loop
# that calls std::sqrt (Adam, RMSProp) vectorises only without it. The
# results are the same bits (sqrt is correctly rounded either way).
target_compile_options(sg_flags INTERFACE -fno-math-errno)

if(SG_NATIVE AND CMAKE_BUILD_TYPE STREQUAL "Release")
  # Eigen vectorises with whatever the target allows (AVX2/FMA here); turn off
  # with -DSG_NATIVE=OFF to build binaries that run on any x86-64.
  target_compile_options(sg_flags INTERFACE -march=native)
  # GCC 12 warns "'__Y' may be used uninitialized" inside its own AVX-512
  # headers (avx512fintrin.h) wherever Eigen vectorises with AVX-512: the
  # intrinsics start from _mm512_undefined_*() on purpose (GCC bug 105593,
  # fixed in GCC 13). On such a CPU the two warnings are off for Release
  # builds only; the sanitizer build (no -march=native) keeps them.
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS -march=native)
  check_cxx_source_compiles("#ifndef __AVX512F__\n#error no AVX-512\n#endif\nint main() {}" SG_NATIVE_AVX512)
  unset(CMAKE_REQUIRED_FLAGS)
  if(SG_NATIVE_AVX512 AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(sg_flags INTERFACE -Wno-maybe-uninitialized -Wno-uninitialized)
  endif()
endif()

if(SG_SANITIZE)
  target_compile_options(sg_flags INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(sg_flags INTERFACE -fsanitize=address,undefined)
endif()
