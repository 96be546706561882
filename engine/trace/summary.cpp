#include "engine/trace/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sg {

template <typename T>
TensorSummary summarise(const MatT<T>& m, Index first_count) {
  TensorSummary s;
  s.shape = shape_of(m);
  if (m.size() == 0) return s;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  s.min = std::numeric_limits<double>::infinity();
  s.max = -std::numeric_limits<double>::infinity();
  double sum = 0.0, sum_sq = 0.0;
  bool has_nan = false;
  // Row by row, left to right: the reading order, whatever the storage order,
  // so the first values are the ones a reader sees first in the whole matrix,
  // and the sums are added in the order the trace has always added them
  // (the same bytes in the JSONL as before summaries moved to capture).
  for (Index r = 0; r < m.rows(); ++r) {
    for (Index c = 0; c < m.cols(); ++c) {
      const double x = static_cast<double>(m(r, c));
      has_nan = has_nan || std::isnan(x);
      s.min = std::min(s.min, x);
      s.max = std::max(s.max, x);
      sum += x;
      sum_sq += x * x;
      if (static_cast<Index>(s.first.size()) < first_count) s.first.push_back(x);
    }
  }
  if (has_nan) s.min = s.max = nan;   // std::min/max would silently skip some NaNs
  s.mean = sum / static_cast<double>(m.size());
  s.norm = std::sqrt(sum_sq);
  return s;
}

template TensorSummary summarise(const Mat&, Index);
template TensorSummary summarise(const MatF&, Index);

}  // namespace sg
