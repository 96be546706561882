// Chapter 9's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/09_minibatch/exercises.hpp"

SG_FIELDS(sg::ch09::Epoch, v.losses, v.thetas)

SG_EXERCISE(sg::ch09, sg::Index, iterations_per_epoch, (sg::Index N, sg::Index B), (N, B))
SG_EXERCISE(sg::ch09, std::vector<sg::Index>, batch_rows, (const std::vector<sg::Index>& order, sg::Index B, sg::Index i),
            (order, B, i))
SG_EXERCISE(sg::ch09, Eigen::Vector2d, line_gradient,
            (const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
             const std::vector<sg::Index>& rows),
            (theta, x, y, rows))
SG_EXERCISE(sg::ch09, sg::ch09::Epoch, run_epoch,
            (const Eigen::Vector2d& theta, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
             const std::vector<sg::Index>& order, sg::Index B, double lr),
            (theta, x, y, order, B, lr))
