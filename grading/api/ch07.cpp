// Chapter 7's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/07_mlp/exercises.hpp"

SG_FIELDS(sg::ch07::MlpForward, v.A, v.H, v.Z, v.P, v.L)
SG_FIELDS(sg::ch07::MlpGradients, v.dZ, v.dW2, v.db2, v.dH, v.dA, v.dW1, v.db1)
SG_FIELDS(sg::ch07::MulticlassPartials, v.a, v.z, v.b, v.y, v.J, v.dJ_dy, v.dJ_db, v.dJ_dbeta, v.dJ_dz, v.dJ_da,
          v.dJ_dalpha, v.dJ_dx)

SG_EXERCISE(sg::ch07, sg::ch07::MlpForward, mlp_forward,
            (const Eigen::MatrixXd& X, const Eigen::MatrixXd& W1, const Eigen::MatrixXd& b1, const Eigen::MatrixXd& W2,
             const Eigen::MatrixXd& b2, const Eigen::MatrixXd& Y),
            (X, W1, b1, W2, b2, Y))
SG_EXERCISE(sg::ch07, sg::ch07::MlpGradients, mlp_backward,
            (const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const Eigen::MatrixXd& W2,
             const sg::ch07::MlpForward& f),
            (X, Y, W2, f))
SG_EXERCISE(sg::ch07, Eigen::VectorXd, softmax_backward, (const Eigen::VectorXd& y, const Eigen::VectorXd& dJ_dy),
            (y, dJ_dy))
SG_EXERCISE(sg::ch07, sg::ch07::MulticlassPartials, multiclass_partials,
            (const Eigen::MatrixXd& alpha, const Eigen::MatrixXd& beta, const Eigen::VectorXd& x,
             const Eigen::VectorXd& y_star),
            (alpha, beta, x, y_star))
