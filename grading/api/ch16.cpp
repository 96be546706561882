// Chapter 16's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/16_sanity_checks/exercises.hpp"

SG_EXERCISE(sg::ch16, double, expected_initial_loss, (int classes), (classes))
SG_EXERCISE(sg::ch16, double, update_to_param_ratio, (const Eigen::MatrixXd& before, const Eigen::MatrixXd& after),
            (before, after))
SG_EXERCISE(sg::ch16, bool, ratio_is_healthy, (double ratio), (ratio))
