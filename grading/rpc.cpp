#include "grading/rpc.hpp"

namespace sg::grading::rpc {

namespace {

// Neither side has set its host: a std::function crossed the channel in a
// program that is neither the judge nor the worker.
struct NoHost final : CallbackHost {
  std::uint32_t add(std::function<void(Reader&, Writer&)>) override {
    throw ProtocolError("a callback crossed the channel outside the judge");
  }
  std::string invoke(std::uint32_t, const std::string&) override {
    throw ProtocolError("a callback was called outside the worker");
  }
};

}  // namespace

CallbackHost*& callback_host() {
  static NoHost none;
  static CallbackHost* host = &none;
  return host;
}

CallbackHost& callbacks() { return *callback_host(); }

std::map<std::string, Handler>& handlers() {
  static std::map<std::string, Handler> all;
  return all;
}

}  // namespace sg::grading::rpc

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace sg::grading::rpc {

std::string frame(Kind kind, const std::string& payload) {
  if (payload.size() + 1 > kMaxMessage) throw ProtocolError("a message over " + std::to_string(kMaxMessage >> 20) + " MiB");
  const auto length = static_cast<std::uint32_t>(payload.size() + 1);
  std::string out(reinterpret_cast<const char*>(&length), sizeof length);
  out += static_cast<char>(kind);
  out += payload;
  return out;
}

bool FrameParser::next(Kind& kind, std::string& payload) {
  std::uint32_t length = 0;
  if (buffer.size() < sizeof length) return false;
  std::memcpy(&length, buffer.data(), sizeof length);
  if (length == 0 || length > kMaxMessage) {
    throw ProtocolError("a message of " + std::to_string(length) + " bytes (at most " +
                        std::to_string(kMaxMessage >> 20) + " MiB, and never empty)");
  }
  if (buffer.size() < sizeof length + length) return false;
  const auto k = static_cast<std::uint8_t>(buffer[sizeof length]);
  if (k < static_cast<std::uint8_t>(Kind::Call) || k > static_cast<std::uint8_t>(Kind::CallbackThrow)) {
    throw ProtocolError("a message of unknown kind " + std::to_string(k));
  }
  kind = static_cast<Kind>(k);
  payload.assign(buffer, sizeof length + 1, length - 1);
  buffer.erase(0, sizeof length + length);
  return true;
}

void write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::system_error(errno, std::generic_category(), "writing to the grading channel");
    done += static_cast<std::size_t>(n);
  }
}

bool read_frame(int fd, Kind& kind, std::string& payload) {
  static FrameParser parser;
  while (!parser.next(kind, payload)) {
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "reading the grading channel");
    if (n == 0) {
      if (parser.buffer.empty()) return false;
      throw ProtocolError("the grading channel ends in the middle of a message");
    }
    parser.buffer.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace sg::grading::rpc
