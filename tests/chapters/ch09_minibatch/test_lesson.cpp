// Chapter 9's acceptance: an epoch is ⌈N/B⌉ iterations, counted the ways the
// chapter counts them (docs/book/09-minibatch.md, "Iterations per epoch"):
// the DataLoader's batches_per_epoch(), a `for` over the loader, the size of
// the last batch, every row exactly once; and the three BatchModes. The
// exercises (iterations_per_epoch, batch_rows, line_gradient, run_epoch) are
// graded in tests/chapters/ch09_minibatch/graded.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/data/loader.hpp"

using namespace sg;

namespace {

Dataset rows(Index N) {
  Dataset d;
  d.X = Mat::Zero(N, 1);
  d.name = "rows";
  return d;
}

// ⌈N/B⌉ written as the lecture's N/B rounded up, in floating point on purpose:
// an independent way to the same integer for the sizes tested here.
Index ceil_div(Index N, Index B) {
  return static_cast<Index>(std::ceil(static_cast<double>(N) / static_cast<double>(B)));
}

}  // namespace

TEST_CASE("ch09: an epoch is ceil(N/B) iterations, the last batch smaller, every row once", "[ch09]") {
  Generator gen(1);
  for (Index N : {1, 7, 100, 1000}) {
    for (Index B : {1, 3, 10, 32, 100, 128, 1000}) {
      CAPTURE(N, B);
      const Dataset d = rows(N);
      DataLoader<double> loader(d, B, gen);
      const Index want = ceil_div(N, std::min(B, N));
      CHECK(loader.batches_per_epoch() == want);
      Index counted = 0, last = 0;
      std::vector<Index> seen;
      for (const Batch<double>& b : loader) {
        ++counted;
        last = b.X.rows();
        seen.insert(seen.end(), b.rows.begin(), b.rows.end());
      }
      CHECK(counted == want);
      CHECK(last == N - (want - 1) * std::min(B, N));
      std::sort(seen.begin(), seen.end());
      std::vector<Index> all(static_cast<std::size_t>(N));
      std::iota(all.begin(), all.end(), Index{0});
      CHECK(seen == all);
    }
  }
}

TEST_CASE("ch09: the lecture's examples, 100 in 32s is 4 iterations and 500 epochs are 2000 updates", "[ch09]") {
  Generator gen(1);
  const Dataset d = rows(100);
  DataLoader<double> loader(d, 32, gen);
  CHECK(loader.batches_per_epoch() == 4);      // not 100/32 = 3.125, nor 3
  CHECK(loader.batch(3).X.rows() == 4);        // 32 + 32 + 32 + 4
  CHECK(500 * loader.batches_per_epoch() == 2000);
  const Dataset dogs = rows(1000);
  CHECK(DataLoader<double>(dogs, 10, gen).batches_per_epoch() == 100);
  CHECK(DataLoader<double>(dogs, 1000 / 5, gen).batches_per_epoch() == 5);   // batches of m/5: 5 iterations
}

TEST_CASE("ch09: BatchMode Batch is one iteration, Stochastic is N, whatever batch_size says", "[ch09]") {
  Generator gen(1);
  const Dataset d = rows(37);
  DataLoader<double> batch(d, 5, gen, true, BatchMode::Batch);
  DataLoader<double> sgd(d, 5, gen, true, BatchMode::Stochastic);
  DataLoader<double> mini(d, 5, gen, true, BatchMode::MiniBatch);
  CHECK(batch.batches_per_epoch() == 1);
  CHECK(batch.batch_size() == 37);
  CHECK(sgd.batches_per_epoch() == 37);
  CHECK(sgd.batch_size() == 1);
  CHECK(mini.batches_per_epoch() == 8);   // 7 of 5 and one of 2
}
