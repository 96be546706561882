// Small matrices written in place, for the tests: row({1, 2, 3}) is (1,3),
// column({1, 2}) is (2,1), matrix(2, 2, {1, 2, 3, 4}) is [[1, 2], [3, 4]]
// (values row by row, as they are read).
#pragma once

#include <initializer_list>

#include "engine/core/shape.hpp"

namespace sg::test {

inline Mat column(std::initializer_list<double> values) {
  Mat m(static_cast<Index>(values.size()), 1);
  Index i = 0;
  for (double v : values) m(i++, 0) = v;
  return m;
}

inline Mat row(std::initializer_list<double> values) { return column(values).transpose(); }

inline Mat matrix(Index rows, Index cols, std::initializer_list<double> values) {
  Mat m(rows, cols);
  Index k = 0;
  for (double v : values) m(k / cols, k % cols) = v, ++k;
  return m;
}

}  // namespace sg::test
