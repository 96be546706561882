#include "engine/data/idx.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;

std::string type_name(std::uint8_t t) {
  switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "not an IDX type";
  }
}

// One IDX file opened through zlib, plain or gzip'd, with the offset reached
// in the decompressed bytes so that every error can say where it happened.
class IdxReader {
 public:
  explicit IdxReader(const std::filesystem::path& path) : name_(path.string()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw IoError(fmt::format("{}: no such file: check the path (or the --data-dir folder)", name_));
    }
    file_ = gzopen(name_.c_str(), "rb");
    if (file_ == nullptr) {
      throw IoError(fmt::format("{}: cannot open: {}", name_, std::strerror(errno)));
    }
    gzbuffer(file_, 1u << 17);   // 128 KiB buffers: fewer, larger reads than zlib's default 8 KiB
  }
  ~IdxReader() { gzclose(file_); }
  IdxReader(const IdxReader&) = delete;
  IdxReader& operator=(const IdxReader&) = delete;

  const std::string& name() const { return name_; }
  std::uint64_t offset() const { return offset_; }

  // Reads up to n bytes into out; returns how many arrived (fewer only at the
  // end of the data). Throws IoError for a read error or corrupt gzip data.
  std::uint64_t read(void* out, std::uint64_t n) {
    auto* p = static_cast<unsigned char*>(out);
    std::uint64_t got = 0;
    while (got < n) {
      const auto chunk = static_cast<unsigned>(std::min<std::uint64_t>(n - got, 1u << 30));
      const int r = gzread(file_, p + got, chunk);
      if (r <= 0) break;
      got += static_cast<std::uint64_t>(r);
    }
    offset_ += got;
    int err = Z_OK;
    const char* msg = gzerror(file_, &err);
    if (err == Z_ERRNO) {
      throw IoError(fmt::format("{}: byte {}: read failed: {}", name_, offset_, std::strerror(errno)));
    }
    if (err != Z_OK && err != Z_BUF_ERROR) {   // Z_BUF_ERROR: the gzip stream ended early
      // gzerror says "PATH: invalid block type"; the path is in our message already.
      std::string_view text = msg;
      if (text.starts_with(name_ + ": ")) text.remove_prefix(name_.size() + 2);
      throw IoError(fmt::format("{}: byte {}: the gzip data is corrupt ({}): the file is damaged; "
                                "download or install it again", name_, offset_, text));
    }
    truncated_gzip_ = err == Z_BUF_ERROR;
    return got;
  }

  // " (the gzip stream ends early)" when zlib said so, else "".
  std::string gzip_note() const { return truncated_gzip_ ? " (the gzip stream ends early)" : ""; }

  std::uint32_t read_u32_be(const std::string& what, std::uint64_t header_bytes) {
    std::array<unsigned char, 4> b{};
    const std::uint64_t at = offset_;
    if (read(b.data(), 4) < 4) {
      throw IoError(fmt::format("{}: ends at byte {}, expected a {}-byte IDX header ({} at byte {}){}",
                                name_, offset_, header_bytes, what, at, gzip_note()));
    }
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  }

 private:
  std::string name_;
  gzFile file_ = nullptr;
  std::uint64_t offset_ = 0;
  bool truncated_gzip_ = false;
};

// Reads and checks the magic number and the sizes; `kind` is "images" (3
// dimensions) or "labels" (1). Returns the sizes.
std::vector<std::uint32_t> read_header(IdxReader& in, std::uint8_t dims, const char* kind,
                                       const std::vector<std::string>& dim_names) {
  const std::uint64_t header_bytes = 4 + 4 * std::uint64_t{dims};
  const std::uint32_t expected_magic = 0x00000800u | dims;
  std::array<unsigned char, 4> m{};
  const std::uint64_t got = in.read(m.data(), 4);
  if (got == 0) {
    throw IoError(fmt::format("{}: byte 0: the file is empty, expected an IDX header (magic number 0x{:08X}, {})",
                              in.name(), expected_magic, kind));
  }
  if (got < 4) {
    throw IoError(fmt::format("{}: ends at byte {}, expected a {}-byte IDX header{}", in.name(), got,
                              header_bytes, in.gzip_note()));
  }
  const std::uint32_t magic =
      (std::uint32_t{m[0]} << 24) | (std::uint32_t{m[1]} << 16) | (std::uint32_t{m[2]} << 8) | m[3];
  if (m[0] != 0 || m[1] != 0) {
    throw IoError(fmt::format("{}: byte 0: expected the IDX magic number 0x{:08X} ({}), found 0x{:08X}: "
                              "this is not an IDX file", in.name(), expected_magic, kind, magic));
  }
  if (m[2] != kUnsignedByte) {
    throw IoError(fmt::format("{}: byte 2: expected type 0x08 (unsigned byte), found 0x{:02X} ({}): "
                              "only unsigned-byte IDX files are read", in.name(), m[2], type_name(m[2])));
  }
  if (m[3] != dims) {
    throw IoError(fmt::format("{}: byte 3: expected {} dimension{} ({}), found {}{}", in.name(), dims,
                              dims == 1 ? "" : "s", kind, m[3],
                              m[3] == 1 ? " (is this a label file?)" : m[3] == 3 ? " (is this an image file?)" : ""));
  }
  std::vector<std::uint32_t> sizes;
  for (std::uint8_t d = 0; d < dims; ++d) {
    const std::uint64_t at = in.offset();
    const std::string& what = dim_names[d];
    const std::uint32_t s = in.read_u32_be(what, header_bytes);
    if (s == 0 || s > kIdxMaxDimension) {
      throw IoError(fmt::format("{}: byte {}: expected {} in [1, {}], found {}", in.name(), at, what,
                                kIdxMaxDimension, s));
    }
    sizes.push_back(s);
  }
  return sizes;
}

// After the payload: with no limit the file must end exactly here.
void require_end(IdxReader& in, std::uint64_t expected_total, const std::string& layout) {
  unsigned char extra = 0;
  if (in.read(&extra, 1) != 0) {
    throw IoError(fmt::format("{}: byte {}: expected the end of the file ({}), found more bytes",
                              in.name(), expected_total, layout));
  }
}

Index effective_count(std::uint32_t n, Index limit) {
  return limit > 0 ? std::min<Index>(limit, static_cast<Index>(n)) : static_cast<Index>(n);
}

}  // namespace

IdxImages read_idx_images(const std::filesystem::path& path, Index limit) {
  IdxReader in(path);
  const std::vector<std::uint32_t> s =
      read_header(in, 3, "images", {"the image count", "the image height", "the image width"});
  const std::uint64_t header = 16, per_image = std::uint64_t{s[1]} * s[2];
  // Three sizes of up to 1e8 each could overflow 64 bits: bound the product first.
  if (per_image > kIdxMaxBytes / s[0]) {
    throw IoError(fmt::format("{}: byte 4: the header says {} images of {}x{}, more than the {} bytes "
                              "this reader accepts: the header is damaged", in.name(), s[0], s[1], s[2],
                              kIdxMaxBytes));
  }
  const std::uint64_t expected_total = header + std::uint64_t{s[0]} * per_image;
  const std::string layout = fmt::format("{}-byte header + {} images of {}x{}", header, s[0], s[1], s[2]);
  const Index n = effective_count(s[0], limit);
  IdxImages out;
  out.height = s[1];
  out.width = s[2];
  out.pixels.resize(n, static_cast<Index>(per_image));
  const std::uint64_t want = static_cast<std::uint64_t>(n) * per_image;
  if (in.read(out.pixels.data(), want) < want) {
    throw IoError(fmt::format("{}: ends at byte {}, expected {} ({}){}", in.name(), in.offset(),
                              expected_total, layout, in.gzip_note()));
  }
  if (limit <= 0) require_end(in, expected_total, layout);
  return out;
}

std::vector<int> read_idx_labels(const std::filesystem::path& path, Index limit) {
  IdxReader in(path);
  const std::vector<std::uint32_t> s = read_header(in, 1, "labels", {"the label count"});
  const std::uint64_t expected_total = 8 + std::uint64_t{s[0]};
  const std::string layout = fmt::format("8-byte header + {} labels", s[0]);
  const Index n = effective_count(s[0], limit);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n));
  if (in.read(bytes.data(), bytes.size()) < bytes.size()) {
    throw IoError(fmt::format("{}: ends at byte {}, expected {} ({}){}", in.name(), in.offset(),
                              expected_total, layout, in.gzip_note()));
  }
  if (limit <= 0) require_end(in, expected_total, layout);
  return {bytes.begin(), bytes.end()};
}

void require_same_count(const std::filesystem::path& images, Index n_images,
                        const std::filesystem::path& labels, Index n_labels) {
  if (n_images != n_labels) {
    throw IoError(fmt::format("{}: {} labels, but {} has {} images: the two files must come from the same split",
                              labels.string(), n_labels, images.string(), n_images));
  }
}

}  // namespace sg
