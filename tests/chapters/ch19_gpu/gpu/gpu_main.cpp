// main() of the GPU tests: without a usable GPU every test exits with code 77,
// which ctest (SKIP_RETURN_CODE 77, label "gpu") reports as skipped, never as
// passed. Listing the tests works everywhere: the build lists them to
// register one ctest per TEST_CASE.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <iostream>

#include "chapters/19_gpu/gpu.hpp"

namespace {
constexpr int kSkipped = 77;   // tests/CMakeLists.txt: SKIP_RETURN_CODE
}

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  const Catch::ConfigData& cfg = session.configData();
  const bool listing =
      cfg.listTests || cfg.listTestNamesOnly || cfg.listTags || cfg.listReporters || cfg.showHelp;
  if (!listing) {
    const sg::gpu::DeviceInfo device = sg::gpu::probe_device();
    if (!device.available) {
      std::cout << "skipped: " << device.why_not << "\n";
      return kSkipped;
    }
    std::cout << "GPU: " << device.describe() << "\n";
  }
  return session.run();
}
