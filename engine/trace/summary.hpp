// Summarising large tensors for the trace: a (4096,784) weight matrix is
// written as its shape, min, max, mean, Frobenius norm and first values
// instead of three million numbers. Small tensors are written whole.
#pragma once

#include <vector>

#include "engine/core/shape.hpp"

namespace sg {

struct TensorSummary {
  Shape shape;
  double min = 0.0;    // NaN if any element is NaN
  double max = 0.0;    // NaN if any element is NaN
  double mean = 0.0;   // NaN/inf propagate
  double norm = 0.0;   // Frobenius: sqrt(Σ x²)
  std::vector<double> first;   // the first values in reading order (row by row)
};

// The summary of m with at most first_count first values, computed in double
// straight from m's own elements (no copy of m). An empty m gives zeros and
// no first values.
template <typename T>
TensorSummary summarise(const MatT<T>& m, Index first_count);

}  // namespace sg
