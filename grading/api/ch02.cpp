// Chapter 2's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/02_perceptron/exercises.hpp"

SG_EXERCISE(sg::ch02, double, predict, (const Eigen::Vector2d& w, double b, const Eigen::Vector2d& x), (w, b, x))
SG_EXERCISE(sg::ch02, void, rosenblatt_update,
            (Eigen::Vector2d& w, double& b, const Eigen::Vector2d& x, double t, double y, double lr),
            (w, b, x, t, y, lr))
namespace sg_rpc_ch02 {
using Matrix42 = Eigen::Matrix<double, 4, 2>;
}
SG_EXERCISE(sg::ch02, int, count_errors,
            (const Eigen::Vector2d& w, double b, const sg_rpc_ch02::Matrix42& X, const std::array<double, 4>& t),
            (w, b, X, t))
