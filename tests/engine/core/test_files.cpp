// write_file: the bytes land, and a failure names the file and the error of
// the call that failed, never an errno left over from an earlier call.
#include <catch2/catch.hpp>

#include <cerrno>
#include <filesystem>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "tests/support/files.hpp"

using namespace sg;
namespace fs = std::filesystem;

namespace {

// The message write_file throws for `path` ("" when it does not throw).
std::string failure(const fs::path& path) {
  errno = ENOENT;   // stale: an earlier call's error must not be reported
  try {
    write_file(path, "some bytes", "test");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("write_file writes every byte, and truncates what was there", "[core][files]") {
  test::TempDir dir("files");
  const fs::path p = dir.path() / "a.bin";
  const std::string bytes("x\0y\n\xff", 5);
  write_file(p, std::string(1000, 'z'), "test");
  write_file(p, bytes, "test");
  CHECK(test::read_file(p) == bytes);
}

TEST_CASE("write_file reports the error of the call that failed", "[core][files]") {
  test::TempDir dir("files");
  CHECK(failure(dir.path()) == "test: could not write '" + dir.path().string() + "': Is a directory");
  const fs::path missing = dir.path() / "no" / "such.txt";
  CHECK(failure(missing) == "test: could not write '" + missing.string() + "': No such file or directory");
  // A full disk shows at write (or close), not at open: /dev/full accepts the
  // open and fails every write with ENOSPC.
  if (fs::exists("/dev/full")) {
    CHECK(failure("/dev/full") == "test: could not write '/dev/full': No space left on device");
  }
}
