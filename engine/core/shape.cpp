#include "engine/core/shape.hpp"

#include <fmt/format.h>

namespace sg {

std::string to_string(Shape s) { return fmt::format("({},{})", s.rows, s.cols); }

}  // namespace sg
