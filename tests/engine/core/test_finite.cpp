// all_finite: one vectorised pass that must still see every NaN and infinity.
#include <catch2/catch.hpp>

#include <limits>

#include "engine/core/finite.hpp"

using namespace sg;

TEMPLATE_TEST_CASE("all_finite finds a NaN or an infinity at any position", "[finite]", float, double) {
  using T = TestType;
  for (Index n : {1, 7, 16, 17, 64, 1001}) {
    MatT<T> m = MatT<T>::Constant(n, 3, T(0.5));
    CHECK(all_finite(m));
    for (Index at : {Index{0}, n / 2, 3 * n - 1}) {
      for (T bad : {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                    -std::numeric_limits<T>::infinity()}) {
        MatT<T> b = m;
        b.data()[at] = bad;
        INFO("n = " << n << ", at " << at << ", value " << bad);
        CHECK_FALSE(all_finite(b));
      }
    }
  }
  MatT<T> extremes(1, 3);
  extremes << std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(), std::numeric_limits<T>::denorm_min();
  CHECK(all_finite(extremes));
  CHECK(all_finite(MatT<T>(0, 0)));
}
