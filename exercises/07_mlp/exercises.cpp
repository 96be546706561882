// Chapter 7's exercises: the hidden layer by hand, in plain Eigen. Read
// docs/book/07-mlp.md first; the chapter (build/bin/ch07_mlp) runs your
// functions on the same numbers as the engine and prints the differences.
//
// Layouts. The XOR network (7.1, 7.2) is batched like the engine: one
// example per ROW, Y = X·W + b with W (in,out) and the bias b (1,out) added
// to every row. The multiclass network (7.3, 7.4) is the lecture's: one
// example as a column vector, α (H,D) whose row j holds unit j's weights,
// β (K,H) whose row k holds output k's weights.
#include "chapters/07_mlp/exercises.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace sg::ch07 {

// ---- Exercise 7.1 (mlp_forward) ---------------------------------------------------
// The forward pass of the lesson's XOR network, all B examples at once:
//   A = X·W1 + b1,  H = tanh(A),  Z = H·W2 + b2,  P = σ(Z),
//   L = the MEAN over the B rows of the binary cross-entropy of P against Y.
// Fill every field of MlpForward (exercises.hpp); each matrix has the shape
// written next to it there. The lesson's section "The 2-2-1 network, step by
// step" prints these numbers for XOR's four points at the first step.
// Compute L from the logits Z in a way that stays finite for large |Z|
// (a Z of 40 makes 1 − σ(Z) round to 0 in double; the tests try it).
// Example: with the lesson's step-1 weights (docs/book/07-mlp.md, the tables
// of that section) the case (0,0) gives A = (0, 0), P = 0.5, and L = 0.8159.
// Classic mistakes: the bias added to one row only (or as a column), and a
// sum where the loss is a mean.
// Check: build/bin/grade --exercise 7.1
MlpForward mlp_forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W1, const Eigen::MatrixXd& b1,
                       const Eigen::MatrixXd& W2, const Eigen::MatrixXd& b2, const Eigen::MatrixXd& Y) {
  // Exercise 7.1 (mlp_forward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 7.1 (mlp_forward) is not implemented yet: open exercises/07_mlp/exercises.cpp. Hint: one matrix product per layer, the bias row added to every example; the loss per example written in terms of Z so that no log sees 0 (lesson \"The 2-2-1 network, step by step\"); XOR at step 1 gives L = 0.8159");
}

// ---- Exercise 7.2 (mlp_backward) --------------------------------------------------
// Every gradient of the mean loss L of 7.1, from the forward pass f that
// your mlp_forward returned: dZ, then the output layer (dW2, db2), then back
// through it (dH), through the tanh (dA), and the hidden layer (dW1, db1).
// Each gradient has the shape of what it is the gradient of (exercises.hpp).
// The lesson's section "The 2-2-1 network, step by step" derives dZ for the
// fused sigmoid + cross-entropy and shows the engine's numbers for XOR; the
// chapter compares yours with them.
// Example: at the lesson's step 1, dL/db2 = −0.1535 and dL/dW2 = (0.18,
// −0.1269) (xor_step1_gradients.csv).
// Hints: dL/dZ of a fused sigmoid + cross-entropy is simpler than either
// part's derivative; write tanh' with H, not A; a bias is added to every
// row, so its gradient collects something from every row; L is a mean.
// Check: build/bin/grade --exercise 7.2
MlpGradients mlp_backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const Eigen::MatrixXd& W2,
                          const MlpForward& f) {
  // Exercise 7.2 (mlp_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 7.2 (mlp_backward) is not implemented yet: open exercises/07_mlp/exercises.cpp. Hint: start from dL/dZ of the mean loss and apply one local derivative per step back, every shape as in exercises.hpp (lesson \"The 2-2-1 network, step by step\"); XOR at step 1 gives dL/db2 = −0.1535");
}

// ---- Exercise 7.3 (softmax_backward) ----------------------------------------------
// y = softmax(b) on K scores; given dJ/dy (K), return dJ/db (K). Every yl
// depends on every bk (the denominator Σ e^bm holds them all), so dJ/dbk is
// a sum over l of dJ/dyl · dyl/dbk. The lesson's section "The multiclass
// network" derives dyl/dbk (two cases, l = k and l ≠ k).
// Example: y = (0.2, 0.3, 0.5) and dJ/dy = (1, −2, 0.5) give dJ/db =
// (0.23, −0.555, 0.325); dJ/dy = (1, 1, ..., 1) gives 0 (why?). The tests
// also compare with central differences.
// Classic mistake: treating softmax as elementwise, like σ, and keeping
// only the l = k term.
// Check: build/bin/grade --exercise 7.3
Eigen::VectorXd softmax_backward(const Eigen::VectorXd& y, const Eigen::VectorXd& dJ_dy) {
  // Exercise 7.3 (softmax_backward): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 7.3 (softmax_backward) is not implemented yet: open exercises/07_mlp/exercises.cpp. Hint: write out dyl/dbk for l = k and for l ≠ k, then sum over l; it collapses to a short vector formula (lesson \"The multiclass network\"); y=(0.2, 0.3, 0.5), dJ/dy=(1, −2, 0.5) give (0.23, −0.555, 0.325)");
}

// ---- Exercise 7.4 (multiclass_partials) -------------------------------------------
// The lecture's "Example with multiclass NN" on one example x (D), x0 = 1:
//   forward:   aj = Σi αji xi,  zj = σ(aj),  bk = Σj βkj zj,  y = softmax(b),
//              J = Σk y*k log yk
//   backward:  dJ/dy, dJ/db (your softmax_backward, 7.3), dJ/dβ, dJ/dz,
//              dJ/da, dJ/dα and dJ/dx: every partial of J, in J's sign (the
//              engine's loss is L = −J; the chapter negates its gradients).
// Fill every field of MulticlassPartials; dJ_dbeta is (K,H) like β and
// dJ_dalpha (H,D) like α. The lesson's section "The multiclass network"
// has the chain rule line by line.
// Example: the lecture's student (the chapter's numbers) gives J = −0.7322,
// dJ/db2 = 0.5192 and dJ/dx1 = −0.1010.
// Classic mistake, made on the lecture's own slide: dJ/dxi. Each xi feeds
// every hidden unit j; count every path.
// Check: build/bin/grade --exercise 7.4
MulticlassPartials multiclass_partials(const Eigen::MatrixXd& alpha, const Eigen::MatrixXd& beta,
                                       const Eigen::VectorXd& x, const Eigen::VectorXd& y_star) {
  // Exercise 7.4 (multiclass_partials): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 7.4 (multiclass_partials) is not implemented yet: open exercises/07_mlp/exercises.cpp. Hint: forward layer by layer (a stable softmax), then back from dJ/dy one layer at a time; a weight's partial is an outer product, an input's a sum over the units it feeds (lesson \"The multiclass network\"); the lecture's student gives dJ/dx1 = −0.1010");
}

}  // namespace sg::ch07
