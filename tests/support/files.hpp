// Files for tests: a private temporary directory and reading a file whole.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace sg::test {

// A fresh directory under the system's temp directory (never the source
// tree), unique to this process and call, removed with everything in it at
// the end of the scope.
class TempDir {
 public:
  explicit TempDir(std::string_view name) {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("stepgrad-" + std::string(name) + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The bytes of a file ("" if it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace sg::test
