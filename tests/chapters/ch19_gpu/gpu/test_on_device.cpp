// The GPU chapter on a real GPU: every kernel against the CPU on odd sizes,
// the MLP step against the engine. Skipped (exit 77) without a GPU: see
// gpu_main.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chapters/19_gpu/cpu_matmul.hpp"
#include "chapters/19_gpu/gpu.hpp"
#include "chapters/19_gpu/mlp.hpp"
#include "chapters/19_gpu/validate.hpp"
#include "engine/stepgrad.hpp"

using namespace sg;
using namespace sg::gpu;

namespace {

struct Size {
  int M, N, K;
};

// Odd sizes (no multiple of any block or tile), a large square, the MLP's layers.
const std::vector<Size> kSizes = {{1, 1, 1},       {17, 17, 17},  {127, 127, 127}, {1000, 17, 127},
                                  {17, 1000, 1},   {127, 33, 1000}, {1000, 1000, 1000}, {256, 256, 784},
                                  {256, 10, 128}};

void check_kernel(Kernel k) {
  for (Size s : kSizes) {
    INFO(kernel_name(k) << ": C (" << s.M << "," << s.N << ") = A (" << s.M << "," << s.K << ") · B ("
                        << s.K << "," << s.N << ")");
    Generator gen(1900 + s.M + 7 * s.N + 31 * s.K);
    const MatF A = gen.uniform_matrix<float>(s.M, s.K, -1, 1);
    const MatF B = gen.uniform_matrix<float>(s.K, s.N, -1, 1);
    MatF ref;
    ch19::eigen_matmul(A, B, ref, 1);
    const MatF magnitude = A.cwiseAbs() * B.cwiseAbs();
    DeviceMatmul d(s.M, s.N, s.K);
    d.upload(A.data(), B.data());
    d.run(k);
    MatF C = MatF::Constant(s.M, s.N, std::nanf(""));
    d.download(C.data());
    REQUIRE(ch19::check_product(std::string(kernel_name(k)), C, ref, magnitude, s.K).ratio <= 1.0);
  }
}

}  // namespace

TEST_CASE("the device is there and has a name", "[gpu]") {
  const DeviceInfo d = probe_device();
  REQUIRE(d.available);
  CHECK(!d.name.empty());
  CHECK(d.sm_count > 0);
}

TEST_CASE("v1 naive matches the CPU on odd and large sizes", "[gpu][v1]") { check_kernel(Kernel::Naive); }
TEST_CASE("v2 tiled matches the CPU on odd and large sizes", "[gpu][v2]") { check_kernel(Kernel::Tiled); }
TEST_CASE("v3 register matches the CPU on odd and large sizes", "[gpu][v3]") { check_kernel(Kernel::Register); }
TEST_CASE("v4 cuBLAS matches the CPU on odd and large sizes", "[gpu][v4]") { check_kernel(Kernel::Cublas); }

TEST_CASE("timing a kernel gives a positive time and leaves C right", "[gpu]") {
  Generator gen(3);
  const MatF A = gen.uniform_matrix<float>(64, 64, -1, 1), B = gen.uniform_matrix<float>(64, 64, -1, 1);
  DeviceMatmul d(64, 64, 64);
  CHECK(d.upload(A.data(), B.data()) > 0);
  CHECK(d.time(Kernel::Register, 5) > 0);
  MatF C(64, 64);
  CHECK(d.download(C.data()) > 0);
  REQUIRE(ch19::check_product("v3 after timing", C, A * B, A.cwiseAbs() * B.cwiseAbs(), 64).ratio <= 1.0);
}

TEST_CASE("DeviceMatmul refuses an empty product with a message that says why", "[gpu]") {
  REQUIRE_THROWS_WITH(DeviceMatmul(0, 4, 4), Catch::Contains("every size must be >= 1"));
}

TEST_CASE("the GPU's MLP step matches the engine's: gradients after step 1, losses after 8 steps",
          "[gpu][mlp]") {
  // compare_mlp throws on a gradient or loss mismatch (mlp.hpp's tolerances).
  const ch19::MlpComparison r = ch19::compare_mlp(MlpShape{}, 8, 0.05f, 19, probe_device(), nullptr);
  REQUIRE(r.gpu_loss.size() == 8);
  CHECK(r.worst_grad_difference < ch19::kGradTolerance);
  CHECK(r.gpu_loss.back() < r.gpu_loss.front());   // it learns
  REQUIRE(r.gpu_ms_per_step.has_value());
  CHECK(*r.gpu_ms_per_step > 0);
}

TEST_CASE("the GPU's MLP step also matches on a small odd-sized network", "[gpu][mlp]") {
  const MlpShape s{37, 29, 17, 13, 7};
  const ch19::MlpComparison r = ch19::compare_mlp(s, 5, 0.1f, 4, probe_device(), nullptr);
  REQUIRE(r.gpu_loss.size() == 5);
  CHECK(r.worst_grad_difference < ch19::kGradTolerance);
}

TEST_CASE("DeviceMlp refuses a parameter of the wrong shape, naming it", "[gpu][mlp]") {
  const MlpShape s{4, 3, 2, 2, 2};
  std::vector<HostMatrix> params = {{3, 2, std::vector<float>(6)}, {1, 2, std::vector<float>(2)},
                                    {2, 2, std::vector<float>(4)}, {1, 2, std::vector<float>(2)},
                                    {2, 3, std::vector<float>(6)}, {1, 2, std::vector<float>(2)}};
  const HostMatrix X{4, 3, std::vector<float>(12)};
  REQUIRE_THROWS_WITH(DeviceMlp(s, params, X, {0, 1, 0, 1}), Catch::Contains("W3 is (2,3)"));
}
