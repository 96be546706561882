// A checkpoint file: named matrices (parameters, buffers, optimiser state),
// named scalars (epoch, step, lr, the optimiser's t) and the generator's
// state, written atomically and read back bit for bit.
//
// The format (docs/engine/train.md), little-endian throughout:
//   "SGCK"  u32 version (1)  u32 entry count, then per entry:
//   u8 kind (1 matrix, 2 scalar, 3 generator)  u32 name length  name bytes
//     matrix:    u64 rows  u64 cols  rows·cols f64, row by row
//     scalar:    f64
//     generator: 4 × u64 (xoshiro words)  u8 has_spare  f64 spare
// A double is written as its 64 bits, so what is read back is == what was
// written; a float matrix goes through double, which holds every float.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/core/shape.hpp"

namespace sg {

inline constexpr std::uint32_t checkpoint_version = 1;

class Checkpoint {
 public:
  struct MatrixEntry {
    std::string name;
    Mat value;
    std::uint64_t offset = 0;   // byte of the entry in the file it was read from
  };
  struct ScalarEntry {
    std::string name;
    double value = 0.0;
    std::uint64_t offset = 0;
  };

  // Adds or replaces an entry. Names are unique within a kind.
  template <typename T>
  void put_matrix(const std::string& name, const MatT<T>& m);
  void put_scalar(const std::string& name, double value);
  void put_generator(const GeneratorState& state) { generator_ = state; }

  bool has_matrix(const std::string& name) const { return find_matrix(name) != nullptr; }
  bool has_scalar(const std::string& name) const;
  // Throws ValueError naming the file (source()) and the missing entry.
  const Mat& matrix(const std::string& name) const;
  double scalar(const std::string& name) const;
  const GeneratorState& generator() const;
  bool has_generator() const { return generator_.has_value(); }

  // Copies entry `name` into `into`, which must already have the entry's
  // shape (it is the model's tensor); otherwise a ShapeError such as
  // "run.sgck: byte 40: entry 'fc1.W' is (3,2) but the model's is (2,3)".
  template <typename T>
  void restore_matrix(const std::string& name, MatT<T>& into) const;

  const std::vector<MatrixEntry>& matrices() const { return matrices_; }
  const std::vector<ScalarEntry>& scalars() const { return scalars_; }
  // The file this checkpoint was read from ("" when built in memory).
  const std::string& source() const { return source_; }
  void set_source(std::string source) { source_ = std::move(source); }

 private:
  const MatrixEntry* find_matrix(const std::string& name) const;
  std::string where(std::uint64_t offset) const;

  std::vector<MatrixEntry> matrices_;
  std::vector<ScalarEntry> scalars_;
  std::optional<GeneratorState> generator_;
  std::string source_;
  friend Checkpoint parse_checkpoint(const std::string& bytes, const std::string& source);
};

// The file's bytes (the format above) and back. parse_checkpoint validates
// the magic, the version, every length, name and size, and throws Error
// "SOURCE: byte N: ..." naming what is wrong.
std::string serialise_checkpoint(const Checkpoint& checkpoint);
Checkpoint parse_checkpoint(const std::string& bytes, const std::string& source);

// Test seam for the failures a disk can have: none by default.
struct SaveFaults {
  // write() accepts only this many bytes in all, then fails with ENOSPC
  // (a full disk: a short write the loop must not take for success).
  std::optional<std::size_t> disk_space;
  // Stop after the temporary file is complete, before the rename (a crash).
  bool crash_before_rename = false;
};

// Writes PATH.tmp, flushes it to the disk (fsync), closes it, then renames it
// onto PATH, so that PATH is always either the old checkpoint or the new one.
// Any failing call throws Error naming the path, the call and strerror(errno)
// ("save_checkpoint: write 'run.sgck.tmp': No space left on device"); the
// temporary is then removed and PATH is left as it was.
void save_checkpoint(const Checkpoint& checkpoint, const std::filesystem::path& path,
                     const SaveFaults& faults = {});
// Reads and validates PATH (see parse_checkpoint).
Checkpoint load_checkpoint(const std::filesystem::path& path);

}  // namespace sg
