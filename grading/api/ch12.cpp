// Chapter 12's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/12_initialization/exercises.hpp"

SG_FIELDS(sg::ch12::LayerStats, v.mean, v.std, v.dead)

SG_EXERCISE(sg::ch12, double, xavier_scale, (int fan_in, int fan_out, sg::ch12::Dist dist), (fan_in, fan_out, dist))
SG_EXERCISE(sg::ch12, double, he_scale, (int fan_in, sg::ch12::Dist dist), (fan_in, dist))
SG_EXERCISE(sg::ch12, double, max_unit_difference, (const Eigen::MatrixXd& W), (W))
SG_EXERCISE(sg::ch12, sg::ch12::LayerStats, layer_stats, (const Eigen::MatrixXd& A), (A))
