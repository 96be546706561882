// The IDX reader on crafted files: one good file read back exactly (plain
// and gzip'd), every way a file can be wrong, each with its message, and
// average_pool, which the chapters' --quick slices use on the images.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/data/idx.hpp"
#include "tests/support/files.hpp"

using namespace sg;

namespace {

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// 3 images of 2x2: pixel values 0..11 row by row, then 255 in the last.
std::string tiny_images() {
  std::string s = be32(0x00000803) + be32(3) + be32(2) + be32(2);
  for (int i = 0; i < 11; ++i) s += static_cast<char>(i);
  s += static_cast<char>(255);
  return s;
}

std::string tiny_labels(std::uint32_t n = 3) {
  std::string s = be32(0x00000801) + be32(n);
  for (std::uint32_t i = 0; i < n; ++i) s += static_cast<char>(i % 10);
  return s;
}

void write_gz(const std::filesystem::path& p, const std::string& data) {
  gzFile f = gzopen(p.string().c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, data.data(), static_cast<unsigned>(data.size())) == static_cast<int>(data.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

// The IoError message that reading `bytes` as images gives.
std::string image_error(const std::string& bytes, const std::string& name = "images-idx3-ubyte") {
  test::TempDir dir("idx");
  const auto p = dir.path() / name;
  write_file(p, bytes, "test");
  try {
    read_idx_images(p);
  } catch (const IoError& e) {
    return e.what();
  }
  FAIL("no IoError for " << name);
  return "";
}

}  // namespace

TEST_CASE("a tiny IDX image file reads back exactly, plain and gzip'd", "[data][idx]") {
  test::TempDir dir("idx");
  write_file(dir.path() / "imgs", tiny_images(), "test");
  write_gz(dir.path() / "imgs.gz", tiny_images());
  for (const char* name : {"imgs", "imgs.gz"}) {
    const IdxImages im = read_idx_images(dir.path() / name);
    CHECK(im.height == 2);
    CHECK(im.width == 2);
    REQUIRE(im.pixels.rows() == 3);
    REQUIRE(im.pixels.cols() == 4);
    for (int i = 0; i < 11; ++i) CHECK(int(im.pixels(i / 4, i % 4)) == i);
    CHECK(int(im.pixels(2, 3)) == 255);
  }
}

TEST_CASE("a tiny IDX label file reads back exactly, plain and gzip'd, and limit keeps the first", "[data][idx]") {
  test::TempDir dir("idx");
  write_file(dir.path() / "labels", tiny_labels(), "test");
  write_gz(dir.path() / "labels.gz", tiny_labels());
  CHECK(read_idx_labels(dir.path() / "labels") == std::vector<int>{0, 1, 2});
  CHECK(read_idx_labels(dir.path() / "labels.gz") == std::vector<int>{0, 1, 2});
  CHECK(read_idx_labels(dir.path() / "labels.gz", 2) == std::vector<int>{0, 1});
  CHECK(read_idx_labels(dir.path() / "labels", 10) == std::vector<int>{0, 1, 2});   // a limit past the end reads all
}

TEST_CASE("an IDX file with the wrong magic number names the magic it expected", "[data][idx]") {
  const std::string msg = image_error("PK\x03\x04" + std::string(12, '\0'));
  CHECK_THAT(msg, Catch::Contains("images-idx3-ubyte: byte 0: expected the IDX magic number 0x00000803 (images), "
                                  "found 0x504B0304: this is not an IDX file"));
}

TEST_CASE("an IDX file of floats is refused, naming the type byte", "[data][idx]") {
  const std::string msg = image_error(be32(0x00000D03) + be32(1) + be32(1) + be32(1) + std::string(4, '\0'));
  CHECK_THAT(msg, Catch::Contains("byte 2: expected type 0x08 (unsigned byte), found 0x0D (float)"));
}

TEST_CASE("a label file read as images says it expected 3 dimensions", "[data][idx]") {
  const std::string msg = image_error(tiny_labels(), "train-images-idx3-ubyte.gz");
  CHECK_THAT(msg, Catch::Contains("train-images-idx3-ubyte.gz: byte 3: expected 3 dimensions (images), found 1 "
                                  "(is this a label file?)"));
}

TEST_CASE("an IDX dimension of zero or beyond the bound is refused with its offset", "[data][idx]") {
  CHECK_THAT(image_error(be32(0x00000803) + be32(0) + be32(2) + be32(2)),
             Catch::Contains("byte 4: expected the image count in [1, 100000000], found 0"));
  CHECK_THAT(image_error(be32(0x00000803) + be32(3) + be32(2) + be32(0xFFFFFFFF)),
             Catch::Contains("byte 12: expected the image width in [1, 100000000], found 4294967295"));
  CHECK_THAT(image_error(be32(0x00000803) + be32(100000000) + be32(100000000) + be32(100000000)),
             Catch::Contains("byte 4: the header says 100000000 images of 100000000x100000000, more than the "
                             "17179869184 bytes this reader accepts"));
}

TEST_CASE("a short IDX file says where it ends and how long it should be", "[data][idx]") {
  const std::string bytes = tiny_images();
  CHECK_THAT(image_error(bytes.substr(0, bytes.size() - 3)),
             Catch::Contains("ends at byte 25, expected 28 (16-byte header + 3 images of 2x2)"));
  CHECK_THAT(image_error(bytes.substr(0, 10)),
             Catch::Contains("ends at byte 10, expected a 16-byte IDX header (the image height at byte 8)"));
}

TEST_CASE("a truncated gzip'd IDX file says it ends early", "[data][idx]") {
  test::TempDir dir("idx");
  write_gz(dir.path() / "full.gz", tiny_images());
  const std::string gz = test::read_file(dir.path() / "full.gz");
  const std::string msg = image_error(gz.substr(0, gz.size() - 12), "cut.gz");
  CHECK_THAT(msg, Catch::Contains("cut.gz: ends at byte"));
  CHECK_THAT(msg, Catch::Contains("the gzip stream ends early"));
}

TEST_CASE("an IDX file longer than its header says is refused", "[data][idx]") {
  CHECK_THAT(image_error(tiny_images() + "x"),
             Catch::Contains("byte 28: expected the end of the file (16-byte header + 3 images of 2x2), found more bytes"));
}

TEST_CASE("gzip garbage gives zlib's error text", "[data][idx]") {
  // A valid gzip header (magic 1f 8b, deflate, no flags) followed by bytes
  // that are not a deflate stream.
  const std::string garbage = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + std::string(40, '\xff');
  const std::string msg = image_error(garbage, "bad.gz");
  CHECK_THAT(msg, Catch::Contains("bad.gz: byte 0: the gzip data is corrupt ("));
  CHECK_THAT(msg, Catch::Contains("(invalid"));   // zlib's text, without the path again: "invalid block type"
  CHECK_THAT(msg, !Catch::Contains("corrupt (/"));
}

TEST_CASE("an empty IDX file and a missing one are named", "[data][idx]") {
  CHECK_THAT(image_error(""), Catch::Contains("images-idx3-ubyte: byte 0: the file is empty, expected an IDX header "
                                              "(magic number 0x00000803, images)"));
  CHECK_THROWS_WITH(read_idx_labels("/nonexistent/t10k-labels-idx1-ubyte.gz"),
                    Catch::Contains("/nonexistent/t10k-labels-idx1-ubyte.gz: no such file"));
}

TEST_CASE("image and label files loaded together must have the same count", "[data][idx]") {
  test::TempDir dir("idx");
  write_file(dir.path() / "imgs", tiny_images(), "test");
  write_file(dir.path() / "labels", tiny_labels(2), "test");
  const IdxImages im = read_idx_images(dir.path() / "imgs");
  const std::vector<int> y = read_idx_labels(dir.path() / "labels");
  CHECK_THROWS_AS(require_same_count(dir.path() / "imgs", im.pixels.rows(), dir.path() / "labels",
                                     static_cast<Index>(y.size())), IoError);
  CHECK_THROWS_WITH(require_same_count(dir.path() / "imgs", 3, dir.path() / "labels", 2),
                    Catch::Contains("labels: 2 labels, but ") && Catch::Contains("imgs has 3 images"));
}

TEST_CASE("average_pool averages each k×k block, row by row", "[data]") {
  // One 4×4 image 0..15 (row by row): its 2×2 blocks have means 2.5, 4.5, 10.5, 12.5.
  MatT<float> X(1, 16);
  for (Index j = 0; j < 16; ++j) X(0, j) = static_cast<float>(j);
  const MatT<float> P = average_pool<float>(X, 4, 2);
  REQUIRE(P.cols() == 4);
  CHECK(P(0, 0) == 2.5f);   // exact in float: sums of small integers over 4
  CHECK(P(0, 1) == 4.5f);
  CHECK(P(0, 2) == 10.5f);
  CHECK(P(0, 3) == 12.5f);
  CHECK(average_pool<float>(X, 4, 1) == X);
  CHECK_THROWS_AS(average_pool<float>(X, 4, 3), ValueError);   // 3×3 blocks do not tile a 4×4 image
}
