# The students' exercises: one library, sg_exercises, built either from
# exercises/ (the student version, the default) or from solutions/ (the
# instructor's reference, -DSG_SOLUTIONS=ON). Both folders hold the same
# files, NN_slug/*.cpp and *.hpp, and the chapters' headers
# (chapters/NN_slug/exercises.hpp) declare what they define. exercises/ is
# generated from solutions/ (tools/make_exercises.cpp, docs/instructors.md).
set(SG_HAVE_SOLUTIONS OFF)
if(EXISTS ${PROJECT_SOURCE_DIR}/solutions)
  set(SG_HAVE_SOLUTIONS ON)
endif()
if(SG_SOLUTIONS)
  if(NOT SG_HAVE_SOLUTIONS)
    message(FATAL_ERROR "SG_SOLUTIONS=ON, but this tree has no solutions/ folder: the student version "
                        "is handed out without it. Configure with -DSG_SOLUTIONS=OFF.")
  endif()
  set(SG_EXERCISE_DIR ${PROJECT_SOURCE_DIR}/solutions)
else()
  set(SG_EXERCISE_DIR ${PROJECT_SOURCE_DIR}/exercises)
endif()
message(STATUS "stepgrad: exercises from ${SG_EXERCISE_DIR}")

file(GLOB SG_EXERCISE_SOURCES CONFIGURE_DEPENDS ${SG_EXERCISE_DIR}/*/*.cpp)
if(SG_EXERCISE_SOURCES)
  add_library(sg_exercises STATIC ${SG_EXERCISE_SOURCES})
  set(scope PUBLIC)
  # A stub ignores its parameters: that is what a stub is.
  target_compile_options(sg_exercises PRIVATE -Wno-unused-parameter)
else()   # header-only exercises only
  add_library(sg_exercises INTERFACE)
  set(scope INTERFACE)
endif()
# Header-only exercises (chapter 19's run inside CUDA kernels) are included
# as "19_gpu/gpu_exercises.hpp", from whichever folder this build uses,
# through a link in the build folder: every compile command then reads the
# same (-I<build>/exercises-in-use) for solutions/ and for exercises/, and a
# compiler cache shares every object that does not depend on the choice
# between a build of each (scripts/test.sh builds both).
set(SG_EXERCISE_INCLUDE_DIR ${CMAKE_BINARY_DIR}/exercises-in-use)
file(CREATE_LINK ${SG_EXERCISE_DIR} ${SG_EXERCISE_INCLUDE_DIR} SYMBOLIC)
target_include_directories(sg_exercises ${scope} ${SG_EXERCISE_INCLUDE_DIR})
target_link_libraries(sg_exercises ${scope} stepgrad)
