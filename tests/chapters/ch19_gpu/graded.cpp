// Graded tests of chapter 19's exercises (exercises/19_gpu/gpu_exercises.hpp).
// They call the host side of the functions the GPU kernels run, so they grade
// on any machine, GPU or not. Tags: chapter, exercise id, points.
//
// A stub throws sg::NotImplemented, which fails the test with the stub's
// message ("Exercise 19.1 (naive_output_index): ...").
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "19_gpu/gpu_exercises.hpp"

using namespace sg::gpu;

namespace {

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
constexpr const char* kSevenWays = "docs/book/19-gpu.md, section \"The seven ways\"";
constexpr const char* kConventions = "docs/book/04-losses.md, section \"The losses and their conventions\"";
constexpr const char* kLse = "docs/book/04-losses.md, section \"Log-sum-exp without overflow\"";

std::string cell_text(Cell c) {
  return "(row " + std::to_string(c.row) + ", col " + std::to_string(c.col) + ")";
}

// Every element of an M x N matrix, counted once per thread of the grid that claims it.
std::vector<int> count_owners(int M, int N, Dim2 block_dim) {
  std::vector<int> count(static_cast<std::size_t>(M) * N, 0);
  const int gx = (M + block_dim.x - 1) / block_dim.x, gy = (N + block_dim.y - 1) / block_dim.y;
  for (int bx = 0; bx < gx; ++bx)
    for (int by = 0; by < gy; ++by)
      for (int tx = 0; tx < block_dim.x; ++tx)
        for (int ty = 0; ty < block_dim.y; ++ty) {
          const Cell c = naive_output_index({bx, by}, {tx, ty}, block_dim);
          if (c.row >= 0 && c.row < M && c.col >= 0 && c.col < N) ++count[c.row + static_cast<std::size_t>(c.col) * M];
        }
  return count;
}

}  // namespace

// ---- Exercise 19.1 -------------------------------------------------------------

TEST_CASE("19.1 naive_output_index: thread 0 of block 0 computes C(0,0)", "[ch19][ex19.1][points:1]") {
  const Cell c = naive_output_index({0, 0}, {0, 0}, {32, 8});
  INFO("naive_output_index(block {0,0}, thread {0,0}, block_dim {32,8}) returned " << cell_text(c)
       << ", expected (row 0, col 0). Which element a thread computes: " << kSevenWays);
  CHECK(c.row == 0);
  CHECK(c.col == 0);
}

TEST_CASE("19.1 naive_output_index: x picks the row, y the column", "[ch19][ex19.1][points:1]") {
  const Cell c = naive_output_index({1, 2}, {3, 4}, {32, 8});
  INFO("naive_output_index(block {1,2}, thread {3,4}, block_dim {32,8}) returned " << cell_text(c)
       << ", expected (row 35, col 20): on each axis, count the threads of the grid that come before this "
          "one, as " << kSevenWays << " does. Swapped? Rows go with x so that a warp's 32 threads touch 32 "
          "neighbouring addresses of a column-major matrix.");
  CHECK(c.row == 35);
  CHECK(c.col == 20);
}

TEST_CASE("19.1 naive_output_index: the grid covers odd-sized C exactly once", "[ch19][ex19.1][points:2]") {
  for (const Dim2 block_dim : {Dim2{32, 8}, Dim2{16, 16}, Dim2{7, 3}}) {
    for (int M : {1, 17, 127}) {
      for (int N : {1, 17, 127}) {
        const std::vector<int> count = count_owners(M, N, block_dim);
        for (std::size_t e = 0; e < count.size(); ++e) {
          if (count[e] != 1) {
            FAIL("C is (" << M << "," << N << ") with blocks of " << block_dim.x << "x" << block_dim.y
                          << ": element (" << e % M << "," << e / M << ") is computed by " << count[e]
                          << " threads, expected exactly 1. Hint: use block_dim, not a fixed 32, and "
                             "both the block and the thread index on each axis (" << kSevenWays << ").");
          }
        }
      }
    }
  }
}

// ---- Exercise 19.2 -------------------------------------------------------------

TEST_CASE("19.2 tile_load: reads A(r,c) column-major inside A", "[ch19][ex19.2][points:1]") {
  const float A[] = {1, 2, 3, 4, 5, 6};   // A (3,2) = [1 4; 2 5; 3 6]
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 2; ++c) {
      const float got = tile_load(A, 3, 2, r, c);
      INFO("tile_load(A, rows 3, cols 2, r " << r << ", c " << c << ") returned " << got << ", expected "
                                             << A[r + 3 * c] << ", element (r, c) of a column-major A (row-major "
                                             << "order would give " << A[(r * 2 + c) % 6] << "). "
                                             << kSevenWays << " counts the elements stored before (r, c).");
      CHECK(got == A[r + 3 * c]);
    }
  }
}

TEST_CASE("19.2 tile_load: zero outside A, without reading outside it", "[ch19][ex19.2][points:2]") {
  // A (3,2) sits in a larger array whose other entries are NaN: reading any
  // of them instead of returning 0 shows up as NaN.
  std::vector<float> memory(64, std::nanf(""));
  float* A = memory.data() + 16;
  for (int i = 0; i < 6; ++i) A[i] = static_cast<float>(i + 1);
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 4; ++c) {
      if (r < 3 && c < 2) continue;
      const float got = tile_load(A, 3, 2, r, c);
      INFO("tile_load(A, rows 3, cols 2, r " << r << ", c " << c << ") returned " << got
                                             << ", expected 0: (r, c) is outside A, and must not be read. "
                                                "Hint: check the bounds before the read, both of them: a check "
                                                "on the row alone lets (0, cols) read past the end ("
                                             << kSevenWays << ").");
      CHECK(got == 0.0f);
    }
  }
}

// ---- Exercise 19.3 -------------------------------------------------------------

TEST_CASE("19.3 softmax_xent_row: two equal logits", "[ch19][ex19.3][points:1]") {
  const float z[] = {0.0f, 0.0f}, b[] = {0.0f, 0.0f};
  float dz[2] = {99.0f, 99.0f};
  const float loss = softmax_xent_row(z, b, 2, 1, 0, 1.0f, dz);
  INFO("softmax_xent_row(z = (0,0), bias 0, label 0, scale 1) returned loss " << loss << " and dZ = ("
       << dz[0] << ", " << dz[1] << "), expected log 2 = 0.6931 and (-0.5, 0.5); the loss's gradient is "
       << "derived in " << kConventions);
  CHECK(loss == Approx(std::log(2.0f)).epsilon(1e-6));
  CHECK(dz[0] == Approx(-0.5f).epsilon(1e-6));
  CHECK(dz[1] == Approx(0.5f).epsilon(1e-6));
}

TEST_CASE("19.3 softmax_xent_row: bias, stride and scale", "[ch19][ex19.3][points:1]") {
  // A column-major (2,3) Z: row 1 is at Z[1], Z[3], Z[5]; stride 2.
  const float Z[] = {9.0f, 1.0f, 9.0f, 2.0f, 9.0f, 0.0f};
  const float b[] = {0.5f, -1.0f, 3.0f};   // row 1's logits: (1.5, 1.0, 3.0)
  float dZ[6] = {7, 7, 7, 7, 7, 7};
  const float loss = softmax_xent_row(Z + 1, b, 3, 2, 2, 0.25f, dZ + 1);
  const double e0 = std::exp(1.5), e1 = std::exp(1.0), e2 = std::exp(3.0), sum = e0 + e1 + e2;
  const double want_loss = std::log(sum) - 3.0;
  INFO("softmax_xent_row(row 1 of a (2,3) Z, stride 2, bias (0.5,-1,3), label 2, scale 0.25) returned "
       << loss << ", expected " << want_loss << ". Hint: logit j is Z[j·stride] + bias[j].");
  CHECK(loss == Approx(want_loss).epsilon(1e-5));
  CHECK(dZ[1] == Approx(0.25 * e0 / sum).epsilon(1e-5));
  CHECK(dZ[3] == Approx(0.25 * e1 / sum).epsilon(1e-5));
  CHECK(dZ[5] == Approx(0.25 * (e2 / sum - 1.0)).epsilon(1e-5));
  INFO("row 0's entries of dZ (dZ[0], dZ[2], dZ[4]) must stay untouched");
  CHECK(dZ[0] == 7.0f);
  CHECK(dZ[2] == 7.0f);
  CHECK(dZ[4] == 7.0f);
}

TEST_CASE("19.3 softmax_xent_row: large logits stay finite", "[ch19][ex19.3][points:1]") {
  const float z[] = {1000.0f, 0.0f, -1000.0f}, b[] = {0.0f, 0.0f, 0.0f};
  float dz[3];
  const float loss = softmax_xent_row(z, b, 3, 1, 1, 1.0f, dz);
  INFO("softmax_xent_row(z = (1000, 0, -1000), label 1) returned " << loss << " and dZ = (" << dz[0] << ", "
       << dz[1] << ", " << dz[2] << "), expected 1000 and (1, -1, 0). exp(1000) overflows a float: "
       << kLse << " shows the shift that keeps every exp finite.");
  CHECK(std::isfinite(loss));
  CHECK(loss == Approx(1000.0f).epsilon(1e-6));
  CHECK(dz[0] == Approx(1.0f).margin(1e-6));
  CHECK(dz[1] == Approx(-1.0f).margin(1e-6));
  CHECK(dz[2] == Approx(0.0f).margin(1e-6));
}
