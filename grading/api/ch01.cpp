// Chapter 1's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/01_gradient_descent/exercises.hpp"

SG_EXERCISE(sg::ch01, double, gd_step, (double x, double dx, double lr), (x, dx, lr))
SG_EXERCISE(sg::ch01, Eigen::Vector2d, gd_step, (const Eigen::Vector2d& theta, const Eigen::Vector2d& grad, double lr),
            (theta, grad, lr))
SG_EXERCISE(sg::ch01, double, central_difference, (const std::function<double(double)>& fn, double x, double h),
            (fn, x, h))
SG_EXERCISE(sg::ch01, Eigen::Vector2d, bowl_grad, (const Eigen::Vector2d& p, double a, double b), (p, a, b))
