// Chapter 7's exercises: the hidden layer by hand, in plain Eigen. The
// chapter runs them on the same numbers as the engine and compares;
// tests/chapters/ch07_mlp/graded.cpp grades them.
//
// Two networks:
//   * the XOR network of the lesson, batched, in the engine's layout
//     (Y = X·W + b, one example per row):
//       A = X·W1 + b1 (B,H),  H = tanh(A),  Z = H·W2 + b2 (B,1),  P = σ(Z)
//       L = mean over the B rows of bce_with_logits(Z, Y)
//   * the lecture's multiclass network on one example, in the lecture's
//     layout (α (H,D): row j holds unit j's weights; β (K,H)), with the
//     lecture's sign: J = Σk y*k log yk is a log-likelihood, which learning
//     maximises; the engine minimises L = −J.
#pragma once

#include <Eigen/Dense>

namespace sg::ch07 {

// ---- the XOR network, batched -------------------------------------------------
struct MlpForward {
  Eigen::MatrixXd A;    // hidden pre-activations (B,H)
  Eigen::MatrixXd H;    // hidden activations tanh(A) (B,H)
  Eigen::MatrixXd Z;    // logits (B,1)
  Eigen::MatrixXd P;    // p(y = 1) = σ(Z) (B,1)
  double L = 0.0;       // the mean binary cross-entropy of P against Y
};

struct MlpGradients {
  Eigen::MatrixXd dZ;    // dL/dZ (B,1)
  Eigen::MatrixXd dW2;   // (H,1)
  Eigen::MatrixXd db2;   // (1,1)
  Eigen::MatrixXd dH;    // (B,H)
  Eigen::MatrixXd dA;    // (B,H)
  Eigen::MatrixXd dW1;   // (D,H)
  Eigen::MatrixXd db1;   // (1,H)
};

// X (B,D), W1 (D,H), b1 (1,H), W2 (H,1), b2 (1,1); Y (B,1) of 0/1 targets.
// Exercise 7.1: the forward pass of the 2-layer network (exercises/07_mlp/exercises.cpp).
MlpForward mlp_forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W1, const Eigen::MatrixXd& b1,
                       const Eigen::MatrixXd& W2, const Eigen::MatrixXd& b2, const Eigen::MatrixXd& Y);
// Exercise 7.2: its backward pass, every gradient of L (exercises/07_mlp/exercises.cpp).
MlpGradients mlp_backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const Eigen::MatrixXd& W2,
                          const MlpForward& f);

// ---- the lecture's multiclass network, one example ------------------------------
// Exercise 7.3: dJ/db from dJ/dy through y = softmax(b), both (K) (exercises/07_mlp/exercises.cpp).
Eigen::VectorXd softmax_backward(const Eigen::VectorXd& y, const Eigen::VectorXd& dJ_dy);

struct MulticlassPartials {
  Eigen::VectorXd a, z;          // hidden pre-activations and activations (H)
  Eigen::VectorXd b, y;          // output scores and softmax probabilities (K)
  double J = 0.0;                // Σk y*k log yk
  Eigen::VectorXd dJ_dy;         // (K)
  Eigen::VectorXd dJ_db;         // (K)
  Eigen::MatrixXd dJ_dbeta;      // (K,H), like β
  Eigen::VectorXd dJ_dz;         // (H)
  Eigen::VectorXd dJ_da;         // (H)
  Eigen::MatrixXd dJ_dalpha;     // (H,D), like α
  Eigen::VectorXd dJ_dx;         // (D)
};

// alpha (H,D), beta (K,H), x (D) with x0 = 1 the bias input, y_star (K): a
// one-hot target (or any distribution). aj = Σi αji xi, zj = σ(aj),
// bk = Σj βkj zj, y = softmax(b), J = Σk y*k log yk.
// Exercise 7.4: the multiclass network's forward pass and every partial of J (exercises/07_mlp/exercises.cpp).
MulticlassPartials multiclass_partials(const Eigen::MatrixXd& alpha, const Eigen::MatrixXd& beta,
                                       const Eigen::VectorXd& x, const Eigen::VectorXd& y_star);

}  // namespace sg::ch07
