# CUDA for the GPU chapter (ch19) only: the rest of the book never needs it.
#
# Looks for nvcc on PATH, in $CUDACXX, then at /usr/local/cuda/bin/nvcc, where
# NVIDIA's packages install it (often not on PATH). Sets SG_HAVE_CUDA when the
# CUDA compiler works and cuBLAS is found; otherwise says why and the chapter
# is skipped.
option(SG_CUDA "Build the GPU chapter (ch19_gpu) when the CUDA toolkit is found" ON)
set(SG_CUDA_ARCHITECTURES 90 CACHE STRING
    "GPU architectures for the CUDA kernels: 90 = H100/H200 (the default), 80 = A100, \
89 = L4/RTX 40xx; 'native' asks the GPU of this machine and fails without one")
set(SG_HAVE_CUDA OFF)

if(SG_CUDA)
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX}
     AND EXISTS /usr/local/cuda/bin/nvcc)
    # check_language runs a separate CMake that finds nvcc through CUDACXX.
    set(ENV{CUDACXX} /usr/local/cuda/bin/nvcc)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # One architecture keeps the kernels' compile time small; "90" builds
    # both sm_90 machine code and compute_90 PTX, which newer GPUs compile
    # at load time.
    set(CMAKE_CUDA_ARCHITECTURES ${SG_CUDA_ARCHITECTURES})
    enable_language(CUDA)
    find_package(CUDAToolkit QUIET)
    if(CUDAToolkit_FOUND AND TARGET CUDA::cublas)
      set(SG_HAVE_CUDA ON)
      message(STATUS "stepgrad: CUDA ${CUDAToolkit_VERSION}, architectures "
                     "${SG_CUDA_ARCHITECTURES}: building the GPU chapter ch19_gpu")
    else()
      message(STATUS "stepgrad: nvcc works but the CUDA toolkit's cuBLAS was not found: "
                     "the GPU chapter ch19_gpu is skipped (install the CUDA Toolkit's cuBLAS)")
    endif()
  else()
    message(STATUS "stepgrad: no CUDA compiler (nvcc) found: the GPU chapter ch19_gpu is "
                   "skipped, the rest of the book builds. To build it, install the CUDA "
                   "Toolkit, or give its compiler: -DCMAKE_CUDA_COMPILER=<path to nvcc>")
  endif()
else()
  message(STATUS "stepgrad: SG_CUDA=OFF: the GPU chapter ch19_gpu is skipped")
endif()

# CI sets SG_REQUIRE_CUDA=ON (as a cache variable or in the environment) on
# machines where the toolkit is installed: a CUDA set-up that stops working
# must fail the build there, not quietly skip the chapter and its kernels.
if(NOT SG_HAVE_CUDA AND (SG_REQUIRE_CUDA OR "$ENV{SG_REQUIRE_CUDA}" STREQUAL "ON"))
  message(FATAL_ERROR "stepgrad: SG_REQUIRE_CUDA is ON but the GPU chapter cannot be built "
                      "(see the messages above)")
endif()
