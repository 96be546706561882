#include "chapters/19_gpu/validate.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace sg::ch19 {

Worst check_product(std::string_view what, const MatF& got, const MatF& ref, const MatF& magnitude,
                    Index K) {
  if (got.rows() != ref.rows() || got.cols() != ref.cols()) {
    throw ValueError(fmt::format("{}: the result is {} but the CPU reference is {}", what,
                                 to_string(shape_of(got)), to_string(shape_of(ref))));
  }
  const float eps_K = 2.0f * static_cast<float>(K) * std::numeric_limits<float>::epsilon();
  Worst worst;
  worst.ratio = -1.0;
  for (Index c = 0; c < ref.cols(); ++c) {
    for (Index r = 0; r < ref.rows(); ++r) {
      const float bound = kAbsTol + eps_K * magnitude(r, c);
      const float diff = std::abs(got(r, c) - ref(r, c));
      // NaN compares false with everything: it must count as the worst.
      const double ratio = std::isnan(diff) ? std::numeric_limits<double>::infinity()
                                            : static_cast<double>(diff) / bound;
      if (ratio > worst.ratio) worst = {r, c, got(r, c), ref(r, c), bound, ratio};
    }
  }
  if (worst.ratio > 1.0) {
    throw ValueError(fmt::format(
        "{} is wrong: C({},{}) is {:.9g} but the CPU says {:.9g}; |difference| {:.3g} is over the "
        "bound {:.3g} (= {:g} + 2·K·ε·(|A|·|B|)_ij with K = {}). Rounding cannot explain that: "
        "look at the kernel's index arithmetic and bounds checks",
        what, worst.row, worst.col, worst.got, worst.want, std::abs(worst.got - worst.want),
        worst.bound, kAbsTol, K));
  }
  return worst;
}

double normwise_difference(const MatF& got, const MatF& want) {
  const double denom = want.norm();
  const double diff = (got - want).norm();
  return denom > 0 ? diff / denom : diff;
}

}  // namespace sg::ch19
