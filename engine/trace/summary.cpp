#include "engine/trace/summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace sg {

namespace {
// The sums run in kLanes separate partial sums, element i into lane
// i % kLanes, added together in lane order at the end. Why: one running sum
// is a chain of dependent additions the compiler may not reorder (it would
// change the rounding), so it runs at one element per add latency; kLanes
// independent ones fill the vector registers. The lane count is fixed, not
// the machine's vector width, so the same matrix gives the same bits on every
// machine (AVX2 or AVX-512).
constexpr Index kLanes = 16;
}  // namespace

template <typename T>
TensorSummary summarise(const MatT<T>& m, Index first_count) {
  TensorSummary s;
  s.shape = shape_of(m);
  if (m.size() == 0) return s;
  // The first values in reading order (row by row), whatever the storage order.
  const Index first = std::min(first_count, m.size());
  for (Index k = 0; k < first; ++k) s.first.push_back(static_cast<double>(m(k / m.cols(), k % m.cols())));

  // min, max, Σx and Σx² in one pass in storage order (column by column).
  std::array<double, kLanes> sum{}, sum_sq{};
  std::array<T, kLanes> lo, hi;
  lo.fill(std::numeric_limits<T>::infinity());
  hi.fill(-std::numeric_limits<T>::infinity());
  unsigned nan = 0;
  const T* x = m.data();
  const Index n = m.size(), whole = n - n % kLanes;
  auto add = [&](Index lane, T v) {
    const double d = static_cast<double>(v);
    sum[lane] += d;
    sum_sq[lane] += d * d;
    lo[lane] = v < lo[lane] ? v : lo[lane];   // the ternary, not std::min: it vectorises
    hi[lane] = v > hi[lane] ? v : hi[lane];
    nan |= v != v;
  };
  for (Index i = 0; i < whole; i += kLanes)
    for (Index lane = 0; lane < kLanes; ++lane) add(lane, x[i + lane]);
  for (Index i = whole; i < n; ++i) add(i - whole, x[i]);

  double total = 0.0, total_sq = 0.0;
  for (Index lane = 0; lane < kLanes; ++lane) {
    total += sum[lane];
    total_sq += sum_sq[lane];
  }
  s.min = static_cast<double>(*std::min_element(lo.begin(), lo.end()));
  s.max = static_cast<double>(*std::max_element(hi.begin(), hi.end()));
  if (nan) s.min = s.max = std::numeric_limits<double>::quiet_NaN();   // min/max skip NaNs: say so
  s.mean = total / static_cast<double>(n);
  s.norm = std::sqrt(total_sq);
  return s;
}

template TensorSummary summarise(const Mat&, Index);
template TensorSummary summarise(const MatF&, Index);

}  // namespace sg
