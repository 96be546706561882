// The GPU chapter's kernel arithmetic, tested on the CPU: the SG_HD functions
// the kernels call (chapters/19_gpu/kernel_math.hpp) run here for every
// (block, thread) of the grid each kernel launches, in the order a GPU block
// runs them (every thread's load, the barrier, every thread's accumulate...).
// What a CPU cannot test is the launch itself: tests/chapters/ch19_gpu/gpu/ does that.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "chapters/19_gpu/cpu_matmul.hpp"
#include "chapters/19_gpu/kernel_math.hpp"
#include "chapters/19_gpu/validate.hpp"
#include "engine/stepgrad.hpp"

using namespace sg;
using namespace sg::gpu;

namespace {

struct Size {
  int M, N, K;
};
std::string text(Size s) {
  return "C (" + std::to_string(s.M) + "," + std::to_string(s.N) + ") = A (" + std::to_string(s.M) +
         "," + std::to_string(s.K) + ") · B (" + std::to_string(s.K) + "," + std::to_string(s.N) + ")";
}

// Odd sizes: none a multiple of a block or a tile (1 is smaller than all),
// so every edge case of the bounds is there; 1000 spans many blocks.
const std::vector<Size> kOddSizes = {
    {1, 1, 1}, {17, 17, 17}, {127, 127, 127}, {1000, 17, 127}, {17, 1000, 1}, {127, 33, 1000}};

// ---- the grids, run on the CPU --------------------------------------------------

MatF run_v1(const MatF& A, const MatF& B) {
  const int M = static_cast<int>(A.rows()), K = static_cast<int>(A.cols()), N = static_cast<int>(B.cols());
  MatF C = MatF::Constant(M, N, std::nanf(""));   // an element no thread writes stays NaN
  for (int bx = 0; bx < ceil_div(M, kNaiveBlock.x); ++bx)
    for (int by = 0; by < ceil_div(N, kNaiveBlock.y); ++by)
      for (int tx = 0; tx < kNaiveBlock.x; ++tx)
        for (int ty = 0; ty < kNaiveBlock.y; ++ty)
          matmul_v1_thread({bx, by}, {tx, ty}, A.data(), B.data(), C.data(), M, N, K);
  return C;
}

MatF run_v2(const MatF& A, const MatF& B) {
  const int M = static_cast<int>(A.rows()), K = static_cast<int>(A.cols()), N = static_cast<int>(B.cols());
  MatF C = MatF::Constant(M, N, std::nanf(""));
  std::vector<float> As(kTile * kTile), Bs(kTile * kTile), acc(kTile * kTile);
  for (int bx = 0; bx < ceil_div(M, kTile); ++bx) {
    for (int by = 0; by < ceil_div(N, kTile); ++by) {
      const Dim2 block{bx, by};
      std::fill(acc.begin(), acc.end(), 0.0f);
      for (int t = 0; t < ceil_div(K, kTile); ++t) {
        for (int tx = 0; tx < kTile; ++tx)   // every thread loads ...
          for (int ty = 0; ty < kTile; ++ty)
            matmul_v2_load(block, {tx, ty}, t, A.data(), B.data(), M, N, K, As.data(), Bs.data());
        // ... __syncthreads() ...
        for (int tx = 0; tx < kTile; ++tx)   // ... then every thread reads the tiles
          for (int ty = 0; ty < kTile; ++ty)
            acc[ty * kTile + tx] = matmul_v2_accumulate({tx, ty}, As.data(), Bs.data(), acc[ty * kTile + tx]);
      }
      for (int tx = 0; tx < kTile; ++tx)
        for (int ty = 0; ty < kTile; ++ty)
          matmul_v2_store(block, {tx, ty}, acc[ty * kTile + tx], C.data(), M, N);
    }
  }
  return C;
}

MatF run_v3(const MatF& A, const MatF& B) {
  const int M = static_cast<int>(A.rows()), K = static_cast<int>(A.cols()), N = static_cast<int>(B.cols());
  MatF C = MatF::Constant(M, N, std::nanf(""));
  std::vector<float> As(kBM * kBK), Bs(kBK * kBN);
  std::vector<V3Acc> acc(kV3Threads);
  for (int bx = 0; bx < ceil_div(M, kBM); ++bx) {
    for (int by = 0; by < ceil_div(N, kBN); ++by) {
      const Dim2 block{bx, by};
      std::fill(acc.begin(), acc.end(), V3Acc{});
      for (int t = 0; t < ceil_div(K, kBK); ++t) {
        for (int tid = 0; tid < kV3Threads; ++tid)
          matmul_v3_load(block, tid, t, A.data(), B.data(), M, N, K, As.data(), Bs.data());
        for (int tid = 0; tid < kV3Threads; ++tid)
          matmul_v3_accumulate(tid, As.data(), Bs.data(), acc[tid]);
      }
      for (int tid = 0; tid < kV3Threads; ++tid) matmul_v3_store(block, tid, acc[tid], C.data(), M, N);
    }
  }
  return C;
}

// How many threads of each kernel's grid own each element of C.
std::vector<int> owners_v1(int M, int N) {
  std::vector<int> count(static_cast<std::size_t>(M) * N, 0);
  for (int bx = 0; bx < ceil_div(M, kNaiveBlock.x); ++bx)
    for (int by = 0; by < ceil_div(N, kNaiveBlock.y); ++by)
      for (int tx = 0; tx < kNaiveBlock.x; ++tx)
        for (int ty = 0; ty < kNaiveBlock.y; ++ty) {
          const Cell c = naive_output_index({bx, by}, {tx, ty}, kNaiveBlock);
          if (c.row < M && c.col < N) ++count[c.row + static_cast<std::size_t>(c.col) * M];
        }
  return count;
}
std::vector<int> owners_v2(int M, int N) {
  std::vector<int> count(static_cast<std::size_t>(M) * N, 0);
  for (int bx = 0; bx < ceil_div(M, kTile); ++bx)
    for (int by = 0; by < ceil_div(N, kTile); ++by)
      for (int tx = 0; tx < kTile; ++tx)
        for (int ty = 0; ty < kTile; ++ty) {
          const Cell c = matmul_v2_cell({bx, by}, {tx, ty});
          if (c.row < M && c.col < N) ++count[c.row + static_cast<std::size_t>(c.col) * M];
        }
  return count;
}
std::vector<int> owners_v3(int M, int N) {
  std::vector<int> count(static_cast<std::size_t>(M) * N, 0);
  for (int bx = 0; bx < ceil_div(M, kBM); ++bx)
    for (int by = 0; by < ceil_div(N, kBN); ++by)
      for (int tid = 0; tid < kV3Threads; ++tid)
        for (int i = 0; i < kTM; ++i)
          for (int j = 0; j < kTN; ++j) {
            const Cell c = matmul_v3_cell({bx, by}, tid, i, j);
            if (c.row < M && c.col < N) ++count[c.row + static_cast<std::size_t>(c.col) * M];
          }
  return count;
}

// One REQUIRE for the first element not computed exactly once (not one per
// element: a million assertions take minutes in the sanitizer build).
void require_each_once(const std::vector<int>& count, int M) {
  const auto bad = std::find_if(count.begin(), count.end(), [](int n) { return n != 1; });
  if (bad == count.end()) return;
  const std::size_t e = static_cast<std::size_t>(bad - count.begin());
  FAIL("C(" << e % M << "," << e / M << ") is computed by " << *bad << " threads, expected exactly 1");
}

struct Product {
  MatF A, B, ref, magnitude;
};
Product make_product(Size s) {
  Generator gen(1900 + s.M + 7 * s.N + 31 * s.K);
  Product p{gen.uniform_matrix<float>(s.M, s.K, -1, 1), gen.uniform_matrix<float>(s.K, s.N, -1, 1), {}, {}};
  ch19::naive_matmul(p.A, p.B, p.ref);
  p.magnitude = p.A.cwiseAbs() * p.B.cwiseAbs();
  return p;
}

}  // namespace

// ---- index maps: every element of C exactly once -----------------------------------

TEST_CASE("v1's index map gives every element of C to exactly one thread, on odd sizes", "[ch19][v1][uses-exercises]") {
  for (int M : {1, 17, 127, 1000}) {
    for (int N : {1, 17, 127, 1000}) {
      INFO("C is (" << M << "," << N << "), blocks of 32x8 threads");
      require_each_once(owners_v1(M, N), M);
    }
  }
}

TEST_CASE("v2's index map gives every element of C to exactly one thread, on odd sizes", "[ch19][v2][uses-exercises]") {
  for (int M : {1, 17, 127, 1000}) {
    for (int N : {1, 17, 127, 1000}) {
      INFO("C is (" << M << "," << N << "), tiles of 32x32");
      require_each_once(owners_v2(M, N), M);
    }
  }
}

TEST_CASE("v3's index map gives every element of C to exactly one thread, on odd sizes", "[ch19][v3][uses-exercises]") {
  for (int M : {1, 17, 127, 1000}) {
    for (int N : {1, 17, 127, 1000}) {
      INFO("C is (" << M << "," << N << "), tiles of 64x64, 4x4 per thread");
      require_each_once(owners_v3(M, N), M);
    }
  }
}

TEST_CASE("v1's and v2's index maps agree: the same element of a block's first tile", "[ch19][v2][uses-exercises]") {
  // v1 with 32x32 blocks and v2 map thread (x, y) of block (bx, by) to the same cell.
  for (int bx : {0, 1, 30}) {
    for (int tx : {0, 5, 31}) {
      for (int ty : {0, 17, 31}) {
        const Cell naive = naive_output_index({bx, 2}, {tx, ty}, {kTile, kTile});
        const Cell tiled = matmul_v2_cell({bx, 2}, {tx, ty});
        CHECK(naive.row == tiled.row);
        CHECK(naive.col == tiled.col);
      }
    }
  }
}

// ---- the whole grid against the CPU's product --------------------------------------

TEST_CASE("v1 run as a grid on the CPU equals the CPU product, on odd sizes", "[ch19][v1][uses-exercises]") {
  for (Size s : kOddSizes) {
    INFO(text(s));
    const Product p = make_product(s);
    REQUIRE(ch19::check_product("v1 on the CPU", run_v1(p.A, p.B), p.ref, p.magnitude, s.K).ratio <= 1.0);
  }
}

TEST_CASE("v2 run as a grid on the CPU equals the CPU product, on odd sizes", "[ch19][v2][uses-exercises]") {
  for (Size s : kOddSizes) {
    INFO(text(s));
    const Product p = make_product(s);
    REQUIRE(ch19::check_product("v2 on the CPU", run_v2(p.A, p.B), p.ref, p.magnitude, s.K).ratio <= 1.0);
  }
}

TEST_CASE("v3 run as a grid on the CPU equals the CPU product, on odd sizes", "[ch19][v3][uses-exercises]") {
  for (Size s : kOddSizes) {
    INFO(text(s));
    const Product p = make_product(s);
    REQUIRE(ch19::check_product("v3 on the CPU", run_v3(p.A, p.B), p.ref, p.magnitude, s.K).ratio <= 1.0);
  }
}

TEST_CASE("the tiled loads pad with zeros outside A, so a partial tile adds nothing", "[ch19][v2][uses-exercises]") {
  // A (2,3) = [1 3 5; 2 4 6]: a 32x32 tile at block 0 holds it in its top-left corner.
  const float A[] = {1, 2, 3, 4, 5, 6};
  std::vector<float> As(kTile * kTile, -1.0f), Bs(kTile * kTile, -1.0f);
  for (int tx = 0; tx < kTile; ++tx)
    for (int ty = 0; ty < kTile; ++ty)
      matmul_v2_load({0, 0}, {tx, ty}, 0, A, A, 2, 2, 3, As.data(), Bs.data());
  for (int k = 0; k < kTile; ++k) {
    for (int r = 0; r < kTile; ++r) {
      const float want = (r < 2 && k < 3) ? A[r + 2 * k] : 0.0f;
      INFO("As(" << r << "," << k << ")");
      REQUIRE(As[k * kTile + r] == want);
    }
  }
}

// ---- what the check catches -------------------------------------------------------

TEST_CASE("the validation catches a kernel that drops the last term of each sum", "[ch19][validate]") {
  for (Size s : {Size{17, 17, 17}, Size{127, 127, 127}}) {
    INFO(text(s));
    const Product p = make_product(s);
    const MatF wrong = p.A.leftCols(s.K - 1) * p.B.topRows(s.K - 1);   // k = K-1 forgotten
    REQUIRE_THROWS_WITH(ch19::check_product("v9 broken", wrong, p.ref, p.magnitude, s.K),
                        Catch::Contains("v9 broken is wrong: C(") &&
                            Catch::Contains("index arithmetic and bounds"));
  }
}

TEST_CASE("the validation treats NaN as a mismatch", "[ch19][validate]") {
  const Product p = make_product({4, 4, 4});
  MatF got = p.ref;
  got(2, 3) = std::nanf("");
  REQUIRE_THROWS_WITH(ch19::check_product("v9", got, p.ref, p.magnitude, 4), Catch::Contains("C(2,3) is nan"));
}

// ---- the fused elementwise math against the engine's ops ----------------------------

namespace {
struct Layer {
  MatF Z, b;
};
Layer make_layer(int B, int n, std::uint64_t seed) {
  Generator gen(seed);
  return {gen.uniform_matrix<float>(B, n, -1, 1), gen.uniform_matrix<float>(1, n, -0.5, 0.5)};
}
}  // namespace

TEST_CASE("bias_relu equals the engine's relu(Z + b), element for element", "[ch19][fused]") {
  const Layer l = make_layer(37, 13, 5);
  Context ctx;
  const MatF want = relu(ctx.input<float>(l.Z) + ctx.input<float>(l.b)).value();
  MatF got(l.Z.rows(), l.Z.cols());
  const int B = static_cast<int>(l.Z.rows());
  for (int i = 0; i < static_cast<int>(l.Z.size()); ++i)   // the kernel's loop: one thread per i
    got.data()[i] = bias_relu(l.Z.data()[i], l.b(0, column_of(i, B)));
  REQUIRE(got == want);
  REQUIRE((want.array() == 0).any());   // the relu does cut something
}

TEST_CASE("relu_backward and the bias sums equal the engine's backward of relu(Z + b)", "[ch19][fused]") {
  const Layer l = make_layer(37, 13, 6);
  Generator gen(7);
  const MatF dH = gen.uniform_matrix<float>(37, 13, -1, 1);
  Context ctx;
  TensorF Z = ctx.input<float>(l.Z, "Z", true);
  TensorF b = ctx.param<float>(l.b, "b");
  TensorF H = relu(Z + b);
  H.backward(dH);
  MatF dZ(37, 13), db = MatF::Zero(1, 13);
  for (int i = 0; i < static_cast<int>(dZ.size()); ++i) {
    dZ.data()[i] = relu_backward(dH.data()[i], H.value().data()[i]);
    db(0, column_of(i, 37)) += dZ.data()[i];
  }
  REQUIRE(dZ == Z.grad());
  // Sums of 37 terms in another order: within a few float roundings.
  CHECK(ch19::normwise_difference(db, b.grad()) < 1e-6);
}

TEST_CASE("softmax_xent_row over a batch equals the engine's cross_entropy(Z + b) and its gradient",
          "[ch19][fused][uses-exercises]") {
  const int B = 29, C = 10;
  const Layer l = make_layer(B, C, 8);
  const MatF Z = l.Z * 4.0f;   // logits of a few units: a real softmax, not a flat one
  Generator gen(9);
  std::vector<int> labels(B);
  for (int& y : labels) y = static_cast<int>(gen.below(C));

  Context ctx;
  TensorF z = ctx.input<float>(Z, "Z", true);
  TensorF L = cross_entropy(z + ctx.param<float>(l.b, "b"), labels);
  L.backward();

  MatF dZ(B, C);
  double loss = 0;
  for (int r = 0; r < B; ++r)   // the kernel: one thread per row, columns B apart
    loss += softmax_xent_row(Z.data() + r, l.b.data(), C, B, labels[r], 1.0f / B, dZ.data() + r);
  loss /= B;
  CHECK(loss == Approx(L.item()).epsilon(1e-6));
  CHECK(ch19::normwise_difference(dZ, z.grad()) < 1e-6);
}

TEST_CASE("softmax_xent_row stays finite for logits of 1000", "[ch19][fused][uses-exercises]") {
  const float z[] = {1000.0f, 0.0f, -1000.0f};
  const float b[] = {0.0f, 0.0f, 0.0f};
  float dz[3];
  const float loss = softmax_xent_row(z, b, 3, 1, 0, 1.0f, dz);
  CHECK(loss == Approx(0.0f).margin(1e-6));
  CHECK(dz[0] == Approx(0.0f).margin(1e-6));
  CHECK(dz[1] == Approx(0.0f).margin(1e-6));
  CHECK(dz[2] == Approx(0.0f).margin(1e-6));
}

TEST_CASE("sgd_update equals one step of the engine's SGD", "[ch19][fused]") {
  Generator gen(10);
  const MatF W0 = gen.uniform_matrix<float>(5, 4, -1, 1);
  const MatF g = gen.uniform_matrix<float>(5, 4, -1, 1);
  const float lr = 0.05f;
  Context ctx;
  TensorF W = ctx.param<float>(W0, "W");
  W.grad_mut() = g;
  SGD<float> sgd({W}, lr);
  sgd.step();
  for (int i = 0; i < static_cast<int>(W0.size()); ++i) {
    const float got = sgd_update(W0.data()[i], g.data()[i], lr);
    const float want = W.value().data()[i];
    INFO("element " << i);
    // One float rounding apart at most (a fused multiply-add rounds once, not twice).
    CHECK(std::abs(got - want) <= 2 * std::numeric_limits<float>::epsilon() * (std::abs(want) + lr * std::abs(g.data()[i])));
  }
}

TEST_CASE("column_of maps an element of a column-major matrix to its column", "[ch19][fused]") {
  CHECK(column_of(0, 7) == 0);
  CHECK(column_of(6, 7) == 0);
  CHECK(column_of(7, 7) == 1);
  CHECK(column_of(7 * 9 + 3, 7) == 9);
}
