// Checkpoint files: bit-exact round trip, atomic replacement, clear errors.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/train/checkpoint.hpp"

using namespace sg;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("sg_train_ck_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Checkpoint sample(double tag) {
  Generator gen(42);
  Checkpoint ck;
  Mat W = gen.normal_matrix(3, 2);
  W(0, 0) = tag;
  W(2, 1) = -0.0;
  W(1, 1) = std::numeric_limits<double>::denorm_min();
  ck.put_matrix("fc1.W", W);
  ck.put_matrix<float>("fc1.b", gen.normal_matrix<float>(1, 2));
  ck.put_scalar("epoch", 2);
  ck.put_scalar("lr", 0.1);   // not exact in binary: it must still come back ==
  gen.normal();               // leaves a Box–Muller spare waiting
  ck.put_generator(gen.state());
  return ck;
}

bool same_bits(const Mat& a, const Mat& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  return std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("a checkpoint file round-trips every bit of matrices, scalars and the generator", "[train][checkpoint]") {
  const Checkpoint ck = sample(1.0 / 3.0);
  const fs::path path = scratch("round.sgck");
  save_checkpoint(ck, path);
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
  const Checkpoint back = load_checkpoint(path);
  REQUIRE(back.matrices().size() == 2);
  CHECK(same_bits(back.matrix("fc1.W"), ck.matrix("fc1.W")));
  CHECK(std::signbit(back.matrix("fc1.W")(2, 1)));   // -0.0 stays negative
  CHECK(same_bits(back.matrix("fc1.b"), ck.matrix("fc1.b")));
  CHECK(back.scalar("lr") == 0.1);
  CHECK(back.scalar("epoch") == 2.0);
  CHECK(back.generator() == ck.generator());
  CHECK(back.generator().has_spare);
  // The restored generator continues the same stream.
  Generator a(0), b(0);
  a.set_state(ck.generator());
  b.set_state(back.generator());
  CHECK(a.normal() == b.normal());
  CHECK(a.next_u64() == b.next_u64());
  // Float matrices come back as the same floats.
  MatF bf(1, 2);
  back.restore_matrix("fc1.b", bf);
  CHECK(bf.cast<double>() == ck.matrix("fc1.b"));
  // Same checkpoint, same bytes.
  CHECK(serialise_checkpoint(back) == read_bytes(path));
}

TEST_CASE("the file starts with SGCK, the version and the entry count, little-endian", "[train][checkpoint]") {
  Checkpoint ck;
  ck.put_scalar("t", 1.0);
  const std::string bytes = serialise_checkpoint(ck);
  REQUIRE(bytes.size() == 4 + 4 + 4 + 1 + 4 + 1 + 8);
  CHECK(bytes.substr(0, 4) == "SGCK");
  CHECK(bytes[4] == 1);
  CHECK(bytes[8] == 1);
  CHECK(bytes[12] == 2);   // kind: scalar
  // 1.0 is 0x3FF0000000000000: its last byte comes last.
  CHECK(static_cast<unsigned char>(bytes.back()) == 0x3F);
}

TEST_CASE("a checkpoint interrupted before its rename leaves the previous one intact", "[train][checkpoint]") {
  const fs::path path = scratch("crash.sgck");
  save_checkpoint(sample(1.0), path);
  const std::string before = read_bytes(path);

  SaveFaults crash;
  crash.crash_before_rename = true;
  save_checkpoint(sample(2.0), path, crash);
  CHECK(fs::exists(path.string() + ".tmp"));
  CHECK(read_bytes(path) == before);
  CHECK(load_checkpoint(path).matrix("fc1.W")(0, 0) == 1.0);

  // A torn temporary (the crash came mid-write) does not matter either, and
  // the next save replaces it.
  const std::string full = read_bytes(path.string() + ".tmp");
  std::ofstream(path.string() + ".tmp", std::ios::binary) << full.substr(0, full.size() / 2);
  CHECK(load_checkpoint(path).matrix("fc1.W")(0, 0) == 1.0);
  save_checkpoint(sample(3.0), path);
  CHECK(load_checkpoint(path).matrix("fc1.W")(0, 0) == 3.0);
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST_CASE("a full disk (a short write) is an error naming the path and leaves the old file", "[train][checkpoint]") {
  const fs::path path = scratch("full.sgck");
  save_checkpoint(sample(1.0), path);
  const std::string before = read_bytes(path);
  SaveFaults full;
  full.disk_space = 30;
  try {
    save_checkpoint(sample(2.0), path, full);
    FAIL("no error for a full disk");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("write '" + path.string() + ".tmp'"));
    CHECK_THAT(what, Catch::Contains("No space left on device"));
  }
  CHECK(read_bytes(path) == before);
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST_CASE("writing to /dev/full fails with ENOSPC from the real kernel", "[train][checkpoint]") {
  if (!fs::exists("/dev/full")) return;   // not every system has it; the seam above covers the logic
  // save_checkpoint opens PATH.tmp; a symlink makes that /dev/full.
  const fs::path path = scratch("devfull.sgck");
  fs::remove(path.string() + ".tmp");
  fs::create_symlink("/dev/full", path.string() + ".tmp");
  CHECK_THROWS_WITH(save_checkpoint(sample(1.0), path), Catch::Contains("No space left on device"));
  CHECK_FALSE(fs::exists(path));
  fs::remove(path.string() + ".tmp");
}

TEST_CASE("a checkpoint in a directory that does not exist names the path and the cause", "[train][checkpoint]") {
  const fs::path path = scratch("no/such/dir/x.sgck");
  CHECK_THROWS_WITH(save_checkpoint(sample(1.0), path),
                    Catch::Contains("open '" + path.string() + ".tmp'") &&
                        Catch::Contains("No such file or directory"));
  CHECK_THROWS_WITH(load_checkpoint(path), Catch::Contains("load_checkpoint: cannot open"));
}

TEST_CASE("a checkpoint into a directory without write permission names the path and EACCES", "[train][checkpoint]") {
  if (::geteuid() == 0) return;   // root writes anywhere; the missing-directory case covers open's failure
  const fs::path dir = scratch("readonly");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  CHECK_THROWS_WITH(save_checkpoint(sample(1.0), dir / "x.sgck"), Catch::Contains("Permission denied"));
  fs::permissions(dir, fs::perms::owner_all);
}

TEST_CASE("reading checks magic, version, lengths and trailing bytes", "[train][checkpoint]") {
  const std::string good = serialise_checkpoint(sample(1.0));
  CHECK_THROWS_WITH(parse_checkpoint("PK\x03\x04 zip", "a.sgck"),
                    Catch::Contains("a.sgck: byte 0: not a stepgrad checkpoint"));
  std::string v2 = good;
  v2[4] = 2;
  CHECK_THROWS_WITH(parse_checkpoint(v2, "a.sgck"),
                    Catch::Contains("byte 4: format version 2, but this build reads version 1"));
  CHECK_THROWS_WITH(parse_checkpoint(good.substr(0, 60), "a.sgck"),
                    Catch::Contains("a.sgck: byte 12: entry 'fc1.W' claims (3,2) values") &&
                        Catch::Contains("truncated"));
  CHECK_THROWS_WITH(parse_checkpoint(good.substr(0, good.size() - 3), "a.sgck"),
                    Catch::Contains("the file ends inside entry 'generator' (8 bytes needed, 5 left)"));
  CHECK_THROWS_WITH(parse_checkpoint(good + "x", "a.sgck"), Catch::Contains("1 bytes after the last of 5 entries"));
  std::string huge = good;
  huge[12 + 1 + 4 + 5] = '\x7f';   // fc1.W's rows: far more values than bytes
  CHECK_THROWS_WITH(parse_checkpoint(huge, "a.sgck"), Catch::Contains("byte 12: entry 'fc1.W' claims"));
  std::string cols_only = good;
  cols_only[12 + 1 + 4 + 5 + 7] = '\x7f';   // rows ≈ 9e18: no Index holds it
  CHECK_THROWS_WITH(parse_checkpoint(cols_only, "a.sgck"), Catch::Contains("byte 12: entry 'fc1.W' claims"));
  std::string kind = good;
  kind[12] = 9;
  CHECK_THROWS_WITH(parse_checkpoint(kind, "a.sgck"), Catch::Contains("has kind 9"));
}

TEST_CASE("restoring into a tensor of another shape names the entry, both shapes and the byte", "[train][checkpoint]") {
  const fs::path path = scratch("checkpoint.sgck");
  save_checkpoint(sample(1.0), path);
  const Checkpoint ck = load_checkpoint(path);
  Mat model_W = Mat::Zero(2, 3);
  CHECK_THROWS_AS(ck.restore_matrix("fc1.W", model_W), ShapeError);
  CHECK_THROWS_WITH(ck.restore_matrix("fc1.W", model_W),
                    path.string() + ": byte 12: entry 'fc1.W' is (3,2) but the model's is (2,3): the "
                    "checkpoint is from a different architecture");
  CHECK(model_W == Mat::Zero(2, 3));   // nothing half-copied
  CHECK_THROWS_WITH(ck.matrix("fc2.W"), Catch::Contains("no matrix entry 'fc2.W'"));
  CHECK_THROWS_WITH(ck.scalar("step"), Catch::Contains("no scalar entry 'step'"));
}
