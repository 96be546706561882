#include "engine/core/files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "engine/core/error.hpp"

namespace sg {

void write_file(const std::filesystem::path& path, std::string_view data, std::string_view who) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  const int open_errno = errno;
  file.write(data.data(), static_cast<std::streamsize>(data.size()));
  file.close();
  if (!file) {
    throw Error(fmt::format("{}: could not write '{}': {}", who, path.string(),
                            open_errno != 0 ? std::strerror(open_errno) : "write failed"));
  }
}

}  // namespace sg
