# Compiler flags shared by every target of the project.
add_library(sg_flags INTERFACE)
target_compile_options(sg_flags INTERFACE -Wall -Wextra -Wpedantic)
# No -Wshadow: backward lambdas deliberately reuse the book's names (X, W, Y)
# for the values they read from the node, as the forward above them does.

if(SG_NATIVE AND CMAKE_BUILD_TYPE STREQUAL "Release")
  # Eigen vectorises with whatever the target allows (AVX2/FMA here); turn off
  # with -DSG_NATIVE=OFF to build binaries that run on any x86-64.
  target_compile_options(sg_flags INTERFACE -march=native)
endif()

if(SG_SANITIZE)
  target_compile_options(sg_flags INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(sg_flags INTERFACE -fsanitize=address,undefined)
endif()
