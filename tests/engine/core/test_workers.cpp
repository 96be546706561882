// Workers and the product that uses them: every part runs, errors come back,
// and a product split over threads is the same bits as on one thread.
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <stdexcept>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/product.hpp"
#include "engine/core/random.hpp"
#include "engine/core/workers.hpp"

using namespace sg;

TEST_CASE("run calls every part once, on as many threads as asked", "[workers]") {
  Workers w(3);
  CHECK(w.threads() == 3);
  for (int parts = 1; parts <= 3; ++parts) {
    std::vector<std::atomic<int>> calls(3);
    for (int round = 0; round < 50; ++round) w.run(parts, [&](int p) { ++calls[static_cast<std::size_t>(p)]; });
    for (int p = 0; p < 3; ++p) CHECK(calls[static_cast<std::size_t>(p)] == (p < parts ? 50 : 0));
  }
}

TEST_CASE("an exception in a part reaches the caller, and the workers go on", "[workers]") {
  Workers w(2);
  CHECK_THROWS_WITH(w.run(2, [](int p) { if (p == 1) throw std::runtime_error("part 1 failed"); }), "part 1 failed");
  std::atomic<int> calls = 0;
  w.run(2, [&](int) { ++calls; });
  CHECK(calls == 2);
}

TEST_CASE("bad thread and part counts are errors", "[workers]") {
  CHECK_THROWS_AS(Workers(0), ValueError);
  Workers w(2);
  CHECK_THROWS_AS(w.run(3, [](int) {}), ValueError);
  CHECK_THROWS_AS(w.run(0, [](int) {}), ValueError);
}

TEST_CASE("slabs cover the columns and start at multiples of 16", "[workers]") {
  for (Index n : {32, 33, 100, 256, 785}) {
    for (int parts : {2, 3}) {
      Index next = 0;
      for (int p = 0; p < parts; ++p) {
        const auto [c0, c1] = slab(n, p, parts);
        CHECK(c0 == next);
        CHECK(c0 % kSlabAlign == 0);
        next = c1;
      }
      CHECK(next == n);
    }
  }
}

// The training products of a 784-256-128-10 MLP (forward X·W, backward
// dY·Wᵀ and Xᵀ·dY) and odd sizes, in both precisions, written and
// accumulated: bit for bit the one-thread result with 2 and 3 threads.
// Every shape is large enough to be split (kParallelMinFlop).
template <typename T>
void check_same_bits(Generator& gen, Index m, Index k, Index n) {
  REQUIRE(2.0 * static_cast<double>(m * k * n) >= kParallelMinFlop);
  const MatT<T> A = gen.uniform_matrix<T>(m, k, -1, 1), B = gen.uniform_matrix<T>(k, n, -1, 1);
  const MatT<T> C0 = gen.uniform_matrix<T>(m, n, -1, 1);
  const MatT<T> At = A.transpose(), Bt = B.transpose();
  MatT<T> one(m, n), one_t(m, n), one_acc = C0;
  product(one, A, B, false, nullptr);
  product(one_t, At.transpose(), Bt.transpose(), false, nullptr);
  product(one_acc, A, B, true, nullptr);
  for (int threads : {2, 3}) {
    Workers w(threads);
    MatT<T> many(m, n), many_t(m, n), many_acc = C0;
    product(many, A, B, false, &w);
    product(many_t, At.transpose(), Bt.transpose(), false, &w);
    product(many_acc, A, B, true, &w);
    INFO(m << "x" << k << "x" << n << " on " << threads << " threads");
    CHECK((many.array() == one.array()).all());
    CHECK((many_t.array() == one_t.array()).all());
    CHECK((many_acc.array() == one_acc.array()).all());
  }
}

TEST_CASE("a product on several threads is the same bits as on one", "[workers]") {
  Generator gen(11);
  for (const auto& [m, k, n] : std::vector<std::array<Index, 3>>{
           {64, 784, 256}, {784, 64, 256}, {64, 256, 784}, {64, 512, 160}, {512, 128, 128}, {200, 900, 33}, {97, 513, 129}}) {
    check_same_bits<float>(gen, m, k, n);
    check_same_bits<double>(gen, m, k, n);
  }
}
