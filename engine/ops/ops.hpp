// Every op of the engine. Each is defined on one screen in ops_*.cpp:
// forward, backward (accumulating into the parents), the shapes, and its
// chain-rule formulas (sg::info::NAME.formulas) that the trace and the
// diagrams print. All ops exist for double (Tensor) and float (TensorF).
//
// Shapes: every tensor is a matrix. Binary elementwise ops broadcast: each
// dimension must match or be 1, so a (1,n) row vector is added to every row
// of a (B,n) batch and a (1,1) scalar to everything; backward sums the
// gradient back to the operand's shape.
#pragma once

#include <type_traits>
#include <vector>

#include "engine/autograd/tensor.hpp"
#include "engine/ops/layers.hpp"

namespace sg {

// ---- elementwise, binary (broadcasting) -- ops_elementwise.cpp --------------
template <typename T> TensorT<T> add(const TensorT<T>& A, const TensorT<T>& B);
template <typename T> TensorT<T> sub(const TensorT<T>& A, const TensorT<T>& B);
template <typename T> TensorT<T> mul(const TensorT<T>& A, const TensorT<T>& B);  // A ⊙ B
template <typename T> TensorT<T> div(const TensorT<T>& A, const TensorT<T>& B);  // A ⊘ B

// ---- elementwise, unary -- ops_elementwise.cpp -------------------------------
template <typename T> TensorT<T> neg(const TensorT<T>& X);
template <typename T> TensorT<T> add_scalar(const TensorT<T>& X, std::type_identity_t<T> c);   // X + c
template <typename T> TensorT<T> mul_scalar(const TensorT<T>& X, std::type_identity_t<T> c);   // c·X
template <typename T> TensorT<T> pow(const TensorT<T>& X, std::type_identity_t<T> p);          // X^p
template <typename T> TensorT<T> exp(const TensorT<T>& X);
template <typename T> TensorT<T> log(const TensorT<T>& X);
template <typename T> TensorT<T> sqrt(const TensorT<T>& X);
template <typename T> TensorT<T> abs(const TensorT<T>& X);      // d|x|/dx at 0 is 0
template <typename T> TensorT<T> square(const TensorT<T>& X);

// ---- matrix ops and reductions -- ops_matrix.cpp -----------------------------
enum class Axis {
  Rows,  // reduce over the rows: (B,n) -> (1,n), numpy's axis=0
  Cols,  // reduce over the columns: (B,n) -> (B,1), numpy's axis=1
};
template <typename T> TensorT<T> matmul(const TensorT<T>& X, const TensorT<T>& W);  // (B,in)·(in,out)
template <typename T> TensorT<T> transpose(const TensorT<T>& X);
template <typename T> TensorT<T> sum(const TensorT<T>& X);              // -> (1,1)
template <typename T> TensorT<T> sum(const TensorT<T>& X, Axis axis);
template <typename T> TensorT<T> mean(const TensorT<T>& X);             // -> (1,1)
template <typename T> TensorT<T> mean(const TensorT<T>& X, Axis axis);

// ---- activations -- ops_activation.cpp ---------------------------------------
// Conventions at the kinks: relu'(0) = 0, leaky_relu'(0) = α, step(0) = 1.
template <typename T> TensorT<T> sigmoid(const TensorT<T>& X);
template <typename T> TensorT<T> tanh(const TensorT<T>& X);
template <typename T> TensorT<T> relu(const TensorT<T>& X);
template <typename T> TensorT<T> leaky_relu(const TensorT<T>& X, std::type_identity_t<T> alpha = T(0.01));
template <typename T> TensorT<T> step(const TensorT<T>& X);    // Heaviside, gradient 0
template <typename T> TensorT<T> softmax(const TensorT<T>& X);      // over each row
template <typename T> TensorT<T> log_softmax(const TensorT<T>& X);  // over each row

// ---- losses and penalties -- ops_loss.cpp ------------------------------------
// The losses are means: over all elements (mse, rmse, bce, bce_with_logits)
// or over the batch rows (cross_entropy); the penalties are sums over W.
// Each returns a (1,1) tensor with role Loss.
template <typename T> TensorT<T> mse(const TensorT<T>& Yhat, const TensorT<T>& Y);
template <typename T> TensorT<T> rmse(const TensorT<T>& Yhat, const TensorT<T>& Y);
// From probabilities P in (0,1); log is clamped at -100 as in PyTorch.
template <typename T> TensorT<T> bce(const TensorT<T>& P, const TensorT<T>& Y);
// Fused sigmoid + BCE from logits Z: stable for any Z.
template <typename T> TensorT<T> bce_with_logits(const TensorT<T>& Z, const TensorT<T>& Y);
// Fused softmax + categorical cross-entropy from logits Z (B,C): integer
// labels in [0, C), or a one-hot (or soft) target Y (B,C).
template <typename T> TensorT<T> cross_entropy(const TensorT<T>& Z, const std::vector<int>& labels);
template <typename T> TensorT<T> cross_entropy(const TensorT<T>& Z, const TensorT<T>& Y);
template <typename T> TensorT<T> l1_penalty(const TensorT<T>& W, std::type_identity_t<T> lambda);  // λ·Σ|W|
template <typename T> TensorT<T> l2_penalty(const TensorT<T>& W, std::type_identity_t<T> lambda);  // (λ/2)·ΣW², gradient λW

// ---- operators ---------------------------------------------------------------
// `*` is elementwise, as in numpy; the matrix product is matmul().
template <typename T> TensorT<T> operator+(const TensorT<T>& A, const TensorT<T>& B) { return add(A, B); }
template <typename T> TensorT<T> operator-(const TensorT<T>& A, const TensorT<T>& B) { return sub(A, B); }
template <typename T> TensorT<T> operator*(const TensorT<T>& A, const TensorT<T>& B) { return mul(A, B); }
template <typename T> TensorT<T> operator/(const TensorT<T>& A, const TensorT<T>& B) { return div(A, B); }
template <typename T> TensorT<T> operator-(const TensorT<T>& X) { return neg(X); }
template <typename T> TensorT<T> operator+(const TensorT<T>& X, std::type_identity_t<T> c) { return add_scalar(X, c); }
template <typename T> TensorT<T> operator+(std::type_identity_t<T> c, const TensorT<T>& X) { return add_scalar(X, c); }
template <typename T> TensorT<T> operator-(const TensorT<T>& X, std::type_identity_t<T> c) { return add_scalar(X, -c); }
template <typename T> TensorT<T> operator-(std::type_identity_t<T> c, const TensorT<T>& X) { return add_scalar(neg(X), c); }
template <typename T> TensorT<T> operator*(const TensorT<T>& X, std::type_identity_t<T> c) { return mul_scalar(X, c); }
template <typename T> TensorT<T> operator*(std::type_identity_t<T> c, const TensorT<T>& X) { return mul_scalar(X, c); }
template <typename T> TensorT<T> operator/(const TensorT<T>& X, std::type_identity_t<T> c) { return mul_scalar(X, T(1) / c); }
template <typename T> TensorT<T> operator/(std::type_identity_t<T> c, const TensorT<T>& X) { return mul_scalar(pow(X, T(-1)), c); }

// ---- the op table -------------------------------------------------------------
namespace info {
extern const OpInfo add, sub, mul, div, neg, add_scalar, mul_scalar, pow, exp, log, sqrt, abs,
    square, matmul, transpose, sum, sum_rows, sum_cols, mean, mean_rows, mean_cols, sigmoid,
    tanh, relu, leaky_relu, step, softmax, log_softmax, mse, rmse, bce, bce_with_logits,
    cross_entropy, cross_entropy_onehot, l1_penalty, l2_penalty;
}
// Every op above, in this order; tests check each one has a gradient check.
const std::vector<const OpInfo*>& all_ops();

}  // namespace sg
