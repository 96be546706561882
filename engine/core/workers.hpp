// Threads for the large matrix products. A Context may own a Workers
// (Context::set_threads); the matmul op then splits a large product's result
// into column slabs, one per thread (engine/core/product.hpp).
//
//   sg::Workers w(2);                          // this thread and one worker
//   w.run(2, [&](int part) { ... part 0 here, part 1 on the worker ... });
//
// Why not OpenMP or Eigen's own threaded product: Eigen picks its blocking
// from the thread count, so its threaded products round differently from its
// single-threaded ones, and the same seed would give other bytes with
// another thread count. Here each thread runs Eigen's single-threaded product
// on its slab, and the slabs start at multiples of 16 columns, where Eigen's
// kernels make the same sums as for the whole product: the result is the
// same bits whatever the thread count (tests/engine/core/test_workers.cpp).
#pragma once

#include <functional>
#include <memory>

namespace sg {

class Workers {
 public:
  // threads ≥ 1: the calling thread plus threads − 1 workers, which sleep
  // until run() wakes them. Throws ValueError for threads < 1 or > 256.
  explicit Workers(int threads);
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  int threads() const { return threads_; }

  // Runs task(0) ... task(parts − 1) and returns when all have finished:
  // part 0 on the calling thread, part p on worker p − 1 (parts ≤ threads()).
  // If parts throw, the exception of the lowest part is rethrown here.
  // Not reentrant: one run() at a time.
  void run(int parts, const std::function<void(int)>& task);

 private:
  struct Pool;                   // the threads and their signals (workers.cpp): kept out of
  std::unique_ptr<Pool> pool_;   // this header, which every op includes
  int threads_;
};

}  // namespace sg
