// Summaries of large tensors (engine/trace/summary.hpp): one pass in storage
// order into 16 partial sums, first values in reading order, NaN reported.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/core/random.hpp"
#include "engine/trace/summary.hpp"

using namespace sg;

TEST_CASE("a summary's first values are read row by row from a column-major matrix", "[trace][summary]") {
  Mat m(3, 4);
  for (Index r = 0; r < 3; ++r)
    for (Index c = 0; c < 4; ++c) m(r, c) = static_cast<double>(10 * r + c);
  const TensorSummary s = summarise(m, 6);
  CHECK(s.first == std::vector<double>{0, 1, 2, 3, 10, 11});
  CHECK(s.shape == Shape{3, 4});
  CHECK(s.min == 0.0);
  CHECK(s.max == 23.0);
  CHECK(summarise(m, 100).first.size() == 12);   // never more than the matrix has
}

TEST_CASE("a summary agrees with sums taken in long double, for every length around the lane count",
          "[trace][summary]") {
  Generator gen(5);
  for (Index n : {1, 15, 16, 17, 31, 33, 1000, 200704}) {
    const MatF m = gen.uniform_matrix<float>(n, 1, -2, 3);
    long double sum = 0, sum_sq = 0;
    float lo = m(0, 0), hi = m(0, 0);
    for (Index i = 0; i < n; ++i) {
      sum += m(i, 0);
      sum_sq += static_cast<long double>(m(i, 0)) * m(i, 0);
      lo = std::min(lo, m(i, 0));
      hi = std::max(hi, m(i, 0));
    }
    const TensorSummary s = summarise(m, 4);
    INFO("n = " << n);
    // Double sums of ≤ 2e5 terms of size ≤ 9: relative error well under 1e-12
    // (n·ε ≈ 4e-11 is the worst case; partial sums do better).
    CHECK(s.mean == Approx(static_cast<double>(sum / n)).epsilon(1e-12));
    CHECK(s.norm == Approx(static_cast<double>(std::sqrt(sum_sq))).epsilon(1e-12));
    CHECK(s.min == lo);
    CHECK(s.max == hi);
  }
}

TEST_CASE("a NaN anywhere makes min and max NaN, and infinities pass through", "[trace][summary]") {
  for (Index at : {0, 5, 16, 40}) {
    Mat m = Mat::Constant(41, 1, 1.0);
    m(at, 0) = std::numeric_limits<double>::quiet_NaN();
    const TensorSummary s = summarise(m, 4);
    CHECK(std::isnan(s.min));
    CHECK(std::isnan(s.max));
    CHECK(std::isnan(s.mean));
  }
  Mat m = Mat::Constant(20, 1, 1.0);
  m(3, 0) = -std::numeric_limits<double>::infinity();
  const TensorSummary s = summarise(m, 4);
  CHECK(s.min == -std::numeric_limits<double>::infinity());
  CHECK(s.max == 1.0);
}

TEST_CASE("an empty matrix summarises to zeros", "[trace][summary]") {
  const TensorSummary s = summarise(Mat(0, 3), 4);
  CHECK(s.shape == Shape{0, 3});
  CHECK(s.first.empty());
  CHECK(s.mean == 0.0);
  CHECK(s.norm == 0.0);
}
