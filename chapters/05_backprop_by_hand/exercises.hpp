// Chapter 5's exercises: the lecture's partial derivatives, by hand, in plain
// double and Eigen. The chapter checks them against the engine's gradients
// and the numeric ones; tests/chapters/ch05_backprop_by_hand/graded.cpp grades them.
//
// Sign: the lecture's J = y* log y + (1 − y*) log(1 − y) is a log-likelihood,
// which learning maximises. Every partial here is of J, as in the lecture;
// the engine minimises L = −J (its bce), so its gradients are dL/d· = −dJ/d·.
#pragma once

#include <Eigen/Dense>

namespace sg::ch05 {

// ---- logistic regression: a = Σ θj xj, y = σ(a) -----------------------------
// (docs/book/05-backprop-by-hand.md, section "Logistic regression")
struct LogRegPartials {
  double a = 0, y = 0, J = 0;  // the forward pass
  double dJ_dy = 0;            // dJ/dy, a number (your exercise 5.1)
  double dy_da = 0;            // dy/da, the sigmoid's local derivative at a
  double dJ_da = 0;            // dJ/da, a number
  Eigen::VectorXd dJ_dtheta;   // dJ/dθ: entry j is dJ/dθj, like θ            (D)
};

// ---- one hidden layer: aj = Σi αji xi, zj = σ(aj), b = Σj βj zj, y = σ(b) ---
// (docs/book/05-backprop-by-hand.md, section "One hidden layer")
struct NetPartials {
  Eigen::VectorXd a, z;        // hidden pre-activations and activations     (H)
  double b = 0, y = 0, J = 0;  // the output's pre-activation, y and J
  double dJ_dy = 0;            // dJ/dy, a number (your exercise 5.1)
  double dJ_db = 0;            // dJ/db, a number
  Eigen::VectorXd dJ_dbeta;    // dJ/dβ: entry j is dJ/dβj                   (H)
  Eigen::VectorXd dJ_dz;       // dJ/dz: entry j is dJ/dzj                   (H)
  Eigen::VectorXd dJ_da;       // dJ/da: entry j is dJ/daj                   (H)
  Eigen::MatrixXd dJ_dalpha;   // dJ/dα, like α: row j, column i is dJ/dαji  (H, D)
};

// Exercise 5.1: dJ/dy of the log-likelihood J (exercises/05_backprop_by_hand/exercises.cpp).
double dJ_dy(double y, double y_star);

// theta and x have one entry per feature (x0 = 1 is the bias input).
// Exercise 5.2: logistic regression's forward pass and partials of J (exercises/05_backprop_by_hand/exercises.cpp).
LogRegPartials logreg_partials(const Eigen::VectorXd& theta, const Eigen::VectorXd& x, double y_star);

// alpha (H, D): row j holds unit j's weights αj0..αj(D-1); beta (H); x (D).
// Exercise 5.3: the hidden-layer network's forward pass and partials of J (exercises/05_backprop_by_hand/exercises.cpp).
NetPartials net_partials(const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta, const Eigen::VectorXd& x,
                         double y_star);

}  // namespace sg::ch05
