// Initialisers: each one's spread over a big matrix, same seed same matrix,
// the meaning of Init::Xavier and Init::He kept, and the errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/nn/init.hpp"

using namespace sg;

namespace {

double stddev(const Mat& m) { return std::sqrt((m.array() - m.mean()).square().mean()); }

// 300 x 200 = 60,000 samples: the sample standard deviation of n draws has a
// relative standard error of about 1/sqrt(2n) ≈ 0.3% (normal) and less for a
// uniform, so 2% is more than six standard errors; the mean's standard error
// is σ/sqrt(n) ≈ 0.004σ, so |mean| < 0.03σ is more than six too.
constexpr Index kRows = 300, kCols = 200;
constexpr double kSpreadTol = 0.02;

void check_spread(const Mat& m, double sigma) {
  CHECK(stddev(m) == Approx(sigma).epsilon(kSpreadTol));
  CHECK(std::abs(m.mean()) < 0.03 * sigma);
}

}  // namespace

TEST_CASE("normal initialisers have σ = √(2/(in+out)), √(2/in), √(1/in) and the given σ", "[nn][init]") {
  Generator gen(3);
  check_spread(init::xavier_normal(kRows, kCols, gen), std::sqrt(2.0 / (kRows + kCols)));
  check_spread(init::he_normal(kRows, kCols, gen), std::sqrt(2.0 / kRows));
  check_spread(init::lecun_normal(kRows, kCols, gen), std::sqrt(1.0 / kRows));
  check_spread(init::normal(kRows, kCols, 0.05, gen), 0.05);
}

TEST_CASE("uniform initialisers stay within a = √(6/(in+out)), √(6/in), √(3/in) and have σ = a/√3",
          "[nn][init]") {
  Generator gen(4);
  const double limits[] = {std::sqrt(6.0 / (kRows + kCols)), std::sqrt(6.0 / kRows), std::sqrt(3.0 / kRows), 0.2};
  const Mat mats[] = {init::xavier_uniform(kRows, kCols, gen), init::he_uniform(kRows, kCols, gen),
                      init::lecun_uniform(kRows, kCols, gen), init::uniform(kRows, kCols, 0.2, gen)};
  for (int i = 0; i < 4; ++i) {
    INFO("initialiser " << i);
    CHECK(mats[i].maxCoeff() <= limits[i]);
    CHECK(mats[i].minCoeff() >= -limits[i]);
    CHECK(mats[i].maxCoeff() > 0.99 * limits[i]);   // 60,000 draws reach the edge
    check_spread(mats[i], limits[i] / std::sqrt(3.0));
  }
}

TEST_CASE("zeros and constant fill, in double and float", "[nn][init]") {
  CHECK(init::zeros(3, 2).isZero());
  CHECK(init::constant(2, 2, 0.5) == Mat::Constant(2, 2, 0.5));
  CHECK(init::constant<float>(2, 2, 0.5) == MatF::Constant(2, 2, 0.5f));
}

TEST_CASE("same seed, same matrix, and Init::Xavier is Xavier uniform and Init::He is He normal", "[nn][init]") {
  Generator a(11), b(11), c(11), d(11);
  CHECK(init_matrix(Init::Xavier, 5, 4, a) == init::xavier_uniform(5, 4, b));
  CHECK(init_matrix(Init::He, 5, 4, a) == init::he_normal(5, 4, b));
  CHECK(init_matrix(Init::XavierUniform, 5, 4, c) == init_matrix(Init::Xavier, 5, 4, d));
  Generator e(12), f(12);
  CHECK(init_matrix(Init::LeCunUniform, 6, 3, e) == init_matrix(Init::LeCunUniform, 6, 3, f));
  // float draws the same numbers, rounded
  Generator g(13), h(13);
  CHECK(init::he_normal<float>(4, 4, g) == init::he_normal(4, 4, h).cast<float>());
}

TEST_CASE("initialisers reject a negative σ, a or size", "[nn][init]") {
  Generator gen(1);
  CHECK_THROWS_AS(init::normal(2, 2, -1.0, gen), ValueError);
  CHECK_THROWS_WITH(init::uniform(2, 2, -0.5, gen), "init::uniform: a is -0.5 but must be >= 0 (U[−a, a])");
  CHECK_THROWS_AS(init::zeros(-1, 2), ValueError);
}
