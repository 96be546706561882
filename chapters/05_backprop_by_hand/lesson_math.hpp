// The lecture's partial derivatives, by hand, in plain double and Eigen: what
// a student should be able to write (a later issue turns these into graded
// exercises). The chapter calls them and checks them against the engine.
//
// Sign: the lecture's J = y* log y + (1 - y*) log(1 - y) is a log-likelihood,
// which learning maximises. Every partial here is of J, as in the lecture; the
// engine minimises L = -J (its bce), so its gradients are dL/d. = -dJ/d. .
#pragma once

#include <Eigen/Dense>

#include <cmath>

namespace sg::ch05 {

inline double sigmoid(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// J = y* log y + (1 - y*) log(1 - y): the lecture's log-likelihood of one example.
inline double log_likelihood(double y, double y_star) {
  return y_star * std::log(y) + (1.0 - y_star) * std::log(1.0 - y);
}

// dJ/dy = y*/y - (1 - y*)/(1 - y).
inline double dJ_dy(double y, double y_star) { return y_star / y - (1.0 - y_star) / (1.0 - y); }

// ---- logistic regression: a = Σ θj xj, y = σ(a) -----------------------------
struct LogRegPartials {
  double a = 0, y = 0, J = 0;
  double dJ_dy = 0;          // y*/y - (1-y*)/(1-y)
  double dy_da = 0;          // y(1 - y)
  double dJ_da = 0;          // dJ/dy · dy/da
  Eigen::VectorXd dJ_dtheta; // dJ/da · xj
};

// theta and x have one entry per feature (x0 = 1 is the bias).
inline LogRegPartials logreg_partials(const Eigen::VectorXd& theta, const Eigen::VectorXd& x,
                                      double y_star) {
  LogRegPartials p;
  p.a = theta.dot(x);
  p.y = sigmoid(p.a);
  p.J = log_likelihood(p.y, y_star);
  p.dJ_dy = dJ_dy(p.y, y_star);
  p.dy_da = p.y * (1.0 - p.y);
  p.dJ_da = p.dJ_dy * p.dy_da;
  p.dJ_dtheta = p.dJ_da * x;
  return p;
}

// ---- one hidden layer: aj = Σi αji xi, zj = σ(aj), b = Σj βj zj, y = σ(b) ---
struct NetPartials {
  Eigen::VectorXd a, z;       // hidden pre-activations and activations (H)
  double b = 0, y = 0, J = 0;
  double dJ_dy = 0;
  double dJ_db = 0;           // dJ/dy · y(1 - y)
  Eigen::VectorXd dJ_dbeta;   // dJ/db · zj                          (H)
  Eigen::VectorXd dJ_dz;      // dJ/db · βj                          (H)
  Eigen::VectorXd dJ_da;      // dJ/dzj · zj(1 - zj)                 (H)
  Eigen::MatrixXd dJ_dalpha;  // dJ/db · βj · zj(1 - zj) · xi        (H, D)
};

// alpha (H, D): row j holds unit j's weights αj0..αj(D-1); beta (H); x (D).
inline NetPartials net_partials(const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta,
                                const Eigen::VectorXd& x, double y_star) {
  NetPartials p;
  p.a = alpha * x;
  p.z = p.a.unaryExpr([](double v) { return sigmoid(v); });
  p.b = beta.dot(p.z);
  p.y = sigmoid(p.b);
  p.J = log_likelihood(p.y, y_star);
  p.dJ_dy = dJ_dy(p.y, y_star);
  p.dJ_db = p.dJ_dy * p.y * (1.0 - p.y);
  p.dJ_dbeta = p.dJ_db * p.z;
  p.dJ_dz = p.dJ_db * beta;
  p.dJ_da = p.dJ_dz.cwiseProduct(p.z.cwiseProduct((1.0 - p.z.array()).matrix()));
  p.dJ_dalpha = p.dJ_da * x.transpose();
  return p;
}

}  // namespace sg::ch05
