// The matrix product every op uses: C = A·B, or C += A·B, on one thread or,
// when a Workers is given and the product is large, split by column slabs
// over its threads. Same bits either way (engine/core/workers.hpp says why).
#pragma once

#include <algorithm>

#include "engine/core/shape.hpp"
#include "engine/core/workers.hpp"

namespace sg {

// Products below this many FLOP (2·m·k·n) stay on one thread: waking a
// worker costs about 25 µs on the machine in docs/performance.md, and a
// second thread first pays at about 8 MFLOP there (its crossover table:
// bench/train_mlp.cpp's report_crossover, run by bench/run_training_bench.sh).
constexpr double kParallelMinFlop = 1e7;
// Slabs start at multiples of this many columns: Eigen's kernels work on
// groups of up to 16 columns, and a slab that starts inside a group would
// round differently from the whole product.
constexpr Index kSlabAlign = 16;

// Columns [begin, end) of slab `part` of `parts` over n columns.
inline std::pair<Index, Index> slab(Index n, int part, int parts) {
  auto edge = [&](int p) { return p >= parts ? n : (n * p / parts) / kSlabAlign * kSlabAlign; };
  return {edge(part), edge(part + 1)};
}

template <typename T, typename Lhs, typename Rhs>
void product(MatT<T>& C, const Lhs& A, const Rhs& B, bool accumulate, Workers* workers) {
  const Index n = C.cols();
  const double flop = 2.0 * static_cast<double>(A.rows()) * static_cast<double>(A.cols()) * static_cast<double>(n);
  const int parts = workers ? static_cast<int>(std::min<Index>(workers->threads(), n / kSlabAlign)) : 1;
  if (parts < 2 || flop < kParallelMinFlop) {
    if (accumulate) C.noalias() += A * B;
    else C.noalias() = A * B;
    return;
  }
  workers->run(parts, [&](int part) {
    const auto [c0, c1] = slab(n, part, parts);
    if (c1 <= c0) return;
    if (accumulate) C.middleCols(c0, c1 - c0).noalias() += A * B.middleCols(c0, c1 - c0);
    else C.middleCols(c0, c1 - c0).noalias() = A * B.middleCols(c0, c1 - c0);
  });
}

}  // namespace sg
