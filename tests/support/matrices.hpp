// Small matrices written in place, for the tests: row({1, 2, 3}) is (1,3),
// column({1, 2}) is (2,1).
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

}  // namespace sg::test
