// The one source of randomness: a seeded generator passed explicitly.
//
// The bits come from xoshiro256** seeded through splitmix64, and normal
// samples from our own Box–Muller transform, so a seed gives the same numbers
// with every compiler and standard library (std::normal_distribution does not
// promise that).
#pragma once

#include <array>
#include <cstdint>

#include "engine/core/shape.hpp"

namespace sg {

// Everything a Generator's future output depends on: a checkpoint saves it,
// and a generator restored from it continues the same stream bit for bit.
struct GeneratorState {
  std::array<std::uint64_t, 4> s{};   // xoshiro256** words
  bool has_spare = false;             // Box–Muller's second sample is waiting
  double spare = 0.0;
  bool operator==(const GeneratorState&) const = default;
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed = 0);

  std::uint64_t next_u64();
  // Uniform in [0, 1), 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal N(0, 1) by Box–Muller (the second sample is kept).
  double normal();
  double normal(double mean, double stddev) { return mean + stddev * normal(); }
  // Uniform integer in [0, n); throws ValueError for n = 0.
  std::uint64_t below(std::uint64_t n);

  GeneratorState state() const { return {{s_[0], s_[1], s_[2], s_[3]}, has_spare_, spare_}; }
  // Throws ValueError for the all-zero state, from which xoshiro never leaves.
  void set_state(const GeneratorState& state);

  template <typename T = double>
  MatT<T> uniform_matrix(Index rows, Index cols, double lo, double hi) {
    MatT<T> m(rows, cols);
    // Row by row, left to right: the order a reader expects, whatever the storage.
    for (Index r = 0; r < rows; ++r)
      for (Index c = 0; c < cols; ++c) m(r, c) = static_cast<T>(uniform(lo, hi));
    return m;
  }
  template <typename T = double>
  MatT<T> normal_matrix(Index rows, Index cols, double mean = 0.0, double stddev = 1.0) {
    MatT<T> m(rows, cols);
    for (Index r = 0; r < rows; ++r)
      for (Index c = 0; c < cols; ++c) m(r, c) = static_cast<T>(normal(mean, stddev));
    return m;
  }

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace sg
