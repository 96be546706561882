// Chapter 5's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/05_backprop_by_hand/exercises.hpp"

SG_FIELDS(sg::ch05::LogRegPartials, v.a, v.y, v.J, v.dJ_dy, v.dy_da, v.dJ_da, v.dJ_dtheta)
SG_FIELDS(sg::ch05::NetPartials, v.a, v.z, v.b, v.y, v.J, v.dJ_dy, v.dJ_db, v.dJ_dbeta, v.dJ_dz, v.dJ_da,
          v.dJ_dalpha)

SG_EXERCISE(sg::ch05, double, dJ_dy, (double y, double y_star), (y, y_star))
SG_EXERCISE(sg::ch05, sg::ch05::LogRegPartials, logreg_partials,
            (const Eigen::VectorXd& theta, const Eigen::VectorXd& x, double y_star), (theta, x, y_star))
SG_EXERCISE(sg::ch05, sg::ch05::NetPartials, net_partials,
            (const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta, const Eigen::VectorXd& x, double y_star),
            (alpha, beta, x, y_star))
