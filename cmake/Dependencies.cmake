# Every dependency comes from the distribution's packages (scripts/setup.sh
# installs them); nothing is vendored. A missing one stops configure with the
# package to install.
function(sg_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "stepgrad needs ${what}: run scripts/setup.sh "
                        "(or apt-get install ${package})")
  endif()
endfunction()

find_package(Eigen3 3.4 NO_MODULE QUIET)
sg_require(Eigen3_FOUND "Eigen 3.4" libeigen3-dev)
find_package(CLI11 QUIET)
sg_require(CLI11_FOUND "CLI11" libcli11-dev)
find_package(nlohmann_json 3 QUIET)
sg_require(nlohmann_json_FOUND "nlohmann-json" nlohmann-json3-dev)
find_package(fmt QUIET)
sg_require(fmt_FOUND "fmt" libfmt-dev)
# zlib: for the data chapters (gzip-compressed IDX files); the engine does not link it.
find_package(ZLIB QUIET)
sg_require(ZLIB_FOUND "zlib" zlib1g-dev)
find_package(Threads REQUIRED)

find_package(PkgConfig QUIET)
sg_require(PkgConfig_FOUND "pkg-config" pkg-config)
pkg_check_modules(GVC QUIET IMPORTED_TARGET libgvc libcgraph)
sg_require(GVC_FOUND "Graphviz's libraries (gvc, cgraph)" libgraphviz-dev)
find_program(SG_DOT_EXECUTABLE dot)
sg_require(SG_DOT_EXECUTABLE "Graphviz's dot command" graphviz)

if(SG_USE_OPENBLAS)
  # docs/performance.md: about 1.3-1.7x on one thread for a 64x784·784x256 product.
  set(BLA_VENDOR OpenBLAS)
  find_package(BLAS QUIET)
  sg_require(BLAS_FOUND "OpenBLAS (SG_USE_OPENBLAS=ON)" libopenblas-dev)
endif()

# Always: the graded test program that `grade` runs is Catch2's, tests or not.
find_package(Catch2 2 QUIET)
sg_require(Catch2_FOUND "Catch2 v2" catch2)
