#include "engine/core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "engine/core/error.hpp"

namespace sg {

// With the POSIX calls, errno is the error of the call that failed, not one
// left over from an earlier call (an ofstream only says that something
// failed), and a failed write or close (disk full) is seen as such.
void write_file(const std::filesystem::path& path, std::string_view data, std::string_view who) {
  const auto fail = [&](int err) {
    throw Error(fmt::format("{}: could not write '{}': {}", who, path.string(), std::strerror(err)));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(errno);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail(err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) fail(errno);
}

}  // namespace sg
