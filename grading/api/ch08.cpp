// Chapter 8's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/08_gradient_checking/exercises.hpp"

SG_FIELDS(sg::ch08::NumericCheck, v.index, v.analytic, v.numeric, v.rel)
SG_FIELDS(sg::ch08::DirectionalCheck, v.analytic, v.numeric, v.rel)
SG_FIELDS(sg::ch08::DenseGradients, v.dX, v.dW, v.db)

SG_EXERCISE(sg::ch08, double, rel_error, (double analytic, double numeric), (analytic, numeric))
SG_EXERCISE(sg::ch08, std::string, band_name, (double rel), (rel))
SG_EXERCISE(sg::ch08, std::vector<sg::ch08::NumericCheck>, sampled_check,
            (const sg::ch08::Objective& f, Eigen::VectorXd x, const Eigen::VectorXd& grad,
             const std::vector<Eigen::Index>& indices, double h),
            (f, x, grad, indices, h))
SG_EXERCISE(sg::ch08, sg::ch08::DirectionalCheck, directional_check,
            (const sg::ch08::Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& grad,
             const Eigen::VectorXd& d, double h),
            (f, x, grad, d, h))
SG_EXERCISE(sg::ch08, sg::ch08::DenseGradients, softplus_dense_backward,
            (const Eigen::MatrixXd& X, const Eigen::MatrixXd& W, const Eigen::MatrixXd& b, const Eigen::MatrixXd& dY),
            (X, W, b, dY))
