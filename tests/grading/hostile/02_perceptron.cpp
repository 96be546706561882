// Chapter 2, hostile (hostile.hpp): an endless loop that ignores SIGTERM, a
// write through a null pointer, a sleep.
#include "chapters/02_perceptron/exercises.hpp"
#include "hostile.hpp"

namespace sg::ch02 {

double predict(const Eigen::Vector2d&, double, const Eigen::Vector2d&) { hostile::loop_ignoring_sigterm(); }

void rosenblatt_update(Eigen::Vector2d&, double&, const Eigen::Vector2d&, double, double, double) {
  hostile::write_through_null();
}

int count_errors(const Eigen::Vector2d&, double, const Eigen::Matrix<double, 4, 2>&, const std::array<double, 4>&) {
  hostile::sleep_forever();
}

}  // namespace sg::ch02
