// Checkpoint files: the byte format and the atomic write (checkpoint.hpp).
#include "engine/train/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/core/error.hpp"

namespace sg {

namespace {

constexpr char magic[4] = {'S', 'G', 'C', 'K'};
enum Kind : std::uint8_t { KindMatrix = 1, KindScalar = 2, KindGenerator = 3 };
constexpr std::uint64_t max_name = 4096;   // longer is a corrupt length, not a name
constexpr std::uint64_t max_dim = std::uint64_t{1} << 40;   // a bigger row or column count is corrupt

// Little-endian whatever the machine: byte k holds bits 8k..8k+7.
void put_uint(std::string& out, std::uint64_t v, int bytes) {
  for (int k = 0; k < bytes; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}
void put_double(std::string& out, double x) { put_uint(out, std::bit_cast<std::uint64_t>(x), 8); }
void put_name(std::string& out, Kind kind, const std::string& name) {
  put_uint(out, kind, 1);
  put_uint(out, name.size(), 4);
  out += name;
}

// Reads the bytes front to back; every read checks that the bytes are there.
class Reader {
 public:
  Reader(const std::string& bytes, const std::string& source) : bytes_(bytes), source_(source) {}
  std::uint64_t pos() const { return pos_; }
  std::uint64_t left() const { return bytes_.size() - pos_; }
  [[noreturn]] void fail(std::uint64_t at, const std::string& what) const {
    throw Error(fmt::format("{}: byte {}: {}", source_, at, what));
  }
  void need(std::uint64_t n, const std::string& what) const {
    if (left() < n) {
      fail(pos_, fmt::format("the file ends inside {} ({} bytes needed, {} left): it is truncated "
                             "or not a checkpoint; load the previous one", what, n, left()));
    }
  }
  std::uint64_t uint(int bytes, const std::string& what) {
    need(static_cast<std::uint64_t>(bytes), what);
    std::uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[pos_ + k])) << (8 * k);
    }
    pos_ += static_cast<std::uint64_t>(bytes);
    return v;
  }
  double real(const std::string& what) { return std::bit_cast<double>(uint(8, what)); }
  std::string text(std::uint64_t n, const std::string& what) {
    need(n, what);
    std::string s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  const std::string& bytes_;
  const std::string& source_;
  std::uint64_t pos_ = 0;
};

}  // namespace

// ---- the in-memory checkpoint ----------------------------------------------

template <typename T>
void Checkpoint::put_matrix(const std::string& name, const MatT<T>& m) {
  Mat value = m.template cast<double>();
  for (MatrixEntry& e : matrices_) {
    if (e.name == name) { e.value = std::move(value); return; }
  }
  matrices_.push_back({name, std::move(value), 0});
}

void Checkpoint::put_scalar(const std::string& name, double value) {
  for (ScalarEntry& e : scalars_) {
    if (e.name == name) { e.value = value; return; }
  }
  scalars_.push_back({name, value, 0});
}

const Checkpoint::MatrixEntry* Checkpoint::find_matrix(const std::string& name) const {
  for (const MatrixEntry& e : matrices_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

bool Checkpoint::has_scalar(const std::string& name) const {
  for (const ScalarEntry& e : scalars_) {
    if (e.name == name) return true;
  }
  return false;
}

std::string Checkpoint::where(std::uint64_t offset) const {
  if (source_.empty()) return "checkpoint";
  return fmt::format("{}: byte {}", source_, offset);
}

const Mat& Checkpoint::matrix(const std::string& name) const {
  if (const MatrixEntry* e = find_matrix(name)) return e->value;
  throw ValueError(fmt::format("{}: no matrix entry '{}' ({} matrices): was it saved from the same "
                               "model and optimiser?", source_.empty() ? "checkpoint" : source_,
                               name, matrices_.size()));
}

double Checkpoint::scalar(const std::string& name) const {
  for (const ScalarEntry& e : scalars_) {
    if (e.name == name) return e.value;
  }
  throw ValueError(fmt::format("{}: no scalar entry '{}'", source_.empty() ? "checkpoint" : source_, name));
}

const GeneratorState& Checkpoint::generator() const {
  if (!generator_) {
    throw ValueError(fmt::format("{}: no generator state saved", source_.empty() ? "checkpoint" : source_));
  }
  return *generator_;
}

template <typename T>
void Checkpoint::restore_matrix(const std::string& name, MatT<T>& into) const {
  const Mat& m = matrix(name);
  const MatrixEntry* e = find_matrix(name);
  if (m.rows() != into.rows() || m.cols() != into.cols()) {
    throw ShapeError(fmt::format("{}: entry '{}' is {} but the model's is {}: the checkpoint is "
                                 "from a different architecture", where(e->offset), name,
                                 to_string(shape_of(m)), to_string(shape_of(into))));
  }
  into = m.template cast<T>();
}

// ---- bytes ------------------------------------------------------------------

std::string serialise_checkpoint(const Checkpoint& ck) {
  std::string out(magic, 4);
  put_uint(out, checkpoint_version, 4);
  const std::size_t count = ck.matrices().size() + ck.scalars().size() + (ck.has_generator() ? 1 : 0);
  put_uint(out, count, 4);
  for (const Checkpoint::MatrixEntry& e : ck.matrices()) {
    put_name(out, KindMatrix, e.name);
    put_uint(out, static_cast<std::uint64_t>(e.value.rows()), 8);
    put_uint(out, static_cast<std::uint64_t>(e.value.cols()), 8);
    for (Index r = 0; r < e.value.rows(); ++r)
      for (Index c = 0; c < e.value.cols(); ++c) put_double(out, e.value(r, c));
  }
  for (const Checkpoint::ScalarEntry& e : ck.scalars()) {
    put_name(out, KindScalar, e.name);
    put_double(out, e.value);
  }
  if (ck.has_generator()) {
    const GeneratorState& g = ck.generator();
    put_name(out, KindGenerator, "generator");
    for (std::uint64_t w : g.s) put_uint(out, w, 8);
    put_uint(out, g.has_spare ? 1 : 0, 1);
    put_double(out, g.spare);
  }
  return out;
}

Checkpoint parse_checkpoint(const std::string& bytes, const std::string& source) {
  Reader in(bytes, source);
  const std::string head = in.text(4, "the magic \"SGCK\"");
  if (head != std::string(magic, 4)) in.fail(0, "not a stepgrad checkpoint (the magic is not \"SGCK\")");
  const std::uint64_t version = in.uint(4, "the version");
  if (version != checkpoint_version) {
    in.fail(4, fmt::format("format version {}, but this build reads version {}", version, checkpoint_version));
  }
  const std::uint64_t count = in.uint(4, "the entry count");
  Checkpoint ck;
  ck.set_source(source);
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::uint64_t at = in.pos();
    const std::uint64_t kind = in.uint(1, fmt::format("entry {}", k));
    const std::uint64_t length = in.uint(4, fmt::format("entry {}'s name length", k));
    if (length == 0 || length > max_name) in.fail(at, fmt::format("entry {} has a name of {} bytes", k, length));
    const std::string name = in.text(length, fmt::format("entry {}'s name", k));
    const std::string what = fmt::format("entry '{}'", name);
    if (kind == KindMatrix) {
      const std::uint64_t rows = in.uint(8, what), cols = in.uint(8, what);
      if (rows > max_dim || cols > max_dim || (rows != 0 && cols > in.left() / 8 / rows)) {
        in.fail(at, fmt::format("{} claims ({},{}) values, more than the {} bytes left: the file is "
                                "truncated or corrupt", what, rows, cols, in.left()));
      }
      if (ck.has_matrix(name)) in.fail(at, fmt::format("{} appears twice", what));
      Mat m(static_cast<Index>(rows), static_cast<Index>(cols));
      for (Index r = 0; r < m.rows(); ++r)
        for (Index c = 0; c < m.cols(); ++c) m(r, c) = in.real(what);
      ck.put_matrix(name, m);
      ck.matrices_.back().offset = at;
    } else if (kind == KindScalar) {
      if (ck.has_scalar(name)) in.fail(at, fmt::format("{} appears twice", what));
      ck.put_scalar(name, in.real(what));
      ck.scalars_.back().offset = at;
    } else if (kind == KindGenerator) {
      GeneratorState g;
      for (std::uint64_t& w : g.s) w = in.uint(8, what);
      g.has_spare = in.uint(1, what) != 0;
      g.spare = in.real(what);
      ck.put_generator(g);
    } else {
      in.fail(at, fmt::format("entry {} ('{}') has kind {}; known kinds are 1 matrix, 2 scalar, "
                              "3 generator", k, name, kind));
    }
  }
  if (in.left() != 0) {
    in.fail(in.pos(), fmt::format("{} bytes after the last of {} entries: the file is corrupt", in.left(), count));
  }
  return ck;
}

// ---- files ------------------------------------------------------------------

namespace {

[[noreturn]] void fail_call(const char* call, const std::string& path, int err) {
  throw Error(fmt::format("save_checkpoint: {} '{}': {}", call, path, std::strerror(err)));
}

// write() until every byte is out: a short write is not success.
void write_all(int fd, const std::string& data, const std::string& path, const SaveFaults& faults) {
  std::size_t done = 0;
  while (done < data.size()) {
    std::size_t chunk = data.size() - done;
    if (faults.disk_space) {
      const std::size_t room = *faults.disk_space > done ? *faults.disk_space - done : 0;
      if (room == 0) { errno = ENOSPC; fail_call("write", path, errno); }
      chunk = std::min(chunk, room);   // a short write, as a nearly full disk does
    }
    const ssize_t n = ::write(fd, data.data() + done, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_call("write", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void save_checkpoint(const Checkpoint& checkpoint, const std::filesystem::path& path,
                     const SaveFaults& faults) {
  const std::string bytes = serialise_checkpoint(checkpoint);
  const std::string tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail_call("open", tmp, errno);
  try {
    write_all(fd, bytes, tmp, faults);
    if (::fsync(fd) != 0) fail_call("fsync", tmp, errno);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());   // the old PATH was never touched
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_call("close", tmp, err);
  }
  if (faults.crash_before_rename) return;   // the test seam: PATH.tmp stays, as after a crash
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_call("rename", tmp + "' onto '" + path.string(), err);
  }
  // The rename is in the directory: flush it too, so that after a power cut
  // the directory names the new file (a directory that cannot be opened or
  // synced, e.g. on some network file systems, is not an error: the data is safe).
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

Checkpoint load_checkpoint(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(fmt::format("load_checkpoint: cannot open '{}': {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_checkpoint(buffer.str(), path.string());
}

template void Checkpoint::put_matrix(const std::string&, const Mat&);
template void Checkpoint::put_matrix(const std::string&, const MatF&);
template void Checkpoint::restore_matrix(const std::string&, Mat&) const;
template void Checkpoint::restore_matrix(const std::string&, MatF&) const;

}  // namespace sg
