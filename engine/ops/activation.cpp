// Activations, applied elementwise, and softmax / log-softmax over each row.
#include "engine/ops/common.hpp"

namespace sg {

using detail::make;

namespace detail {
// Row-wise log Σ exp, shifted by the row max so that exp never overflows.
// X (B,n) -> (B,1)
template <typename T>
MatT<T> logsumexp_rows(const MatT<T>& X) {
  const Eigen::Matrix<T, Eigen::Dynamic, 1> m = X.rowwise().maxCoeff();
  MatT<T> shifted = X.colwise() - m;
  return (m.array() + shifted.array().exp().rowwise().sum().log()).matrix();
}
template Mat logsumexp_rows(const Mat&);
template MatF logsumexp_rows(const MatF&);
}  // namespace detail

using detail::logsumexp_rows;

// Y = σ(X) = 1 / (1 + e^-X); σ' = σ(1 - σ)
const OpInfo info::sigmoid{"sigmoid", {"dX += Y ⊙ (1 - Y) ⊙ dY"}};
template <typename T>
TensorT<T> sigmoid(const TensorT<T>& X) {
  // For X < 0, e^X / (1 + e^X) is the same number without overflowing e^-X.
  MatT<T> Y = X.value().unaryExpr([](T x) {
    return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x));
  });
  return make<T>(info::sigmoid, std::move(Y), {X}, [](Node<T>& self) {
    const detail::ArrayView<T> Y(self.value);
    MatT<T> dX = Y * (T(1) - Y) * self.grad.array();
    self.accumulate(0, std::move(dX));
  });
}
template Tensor sigmoid(const Tensor&);
template TensorF sigmoid(const TensorF&);

// Y = tanh(X); tanh' = 1 - tanh²
const OpInfo info::tanh{"tanh", {"dX += (1 - Y²) ⊙ dY"}};
template <typename T>
TensorT<T> tanh(const TensorT<T>& X) {
  MatT<T> Y = X.value().array().tanh();
  return make<T>(info::tanh, std::move(Y), {X}, [](Node<T>& self) {
    const detail::ArrayView<T> Y(self.value);
    MatT<T> dX = (T(1) - Y.square()) * self.grad.array();
    self.accumulate(0, std::move(dX));
  });
}
template Tensor tanh(const Tensor&);
template TensorF tanh(const TensorF&);

// Y = max(0, X); derivative 1 for X > 0, 0 for X <= 0 (0 at the kink). A
// NaN is not <= 0: it passes dY, as PyTorch's threshold_backward does.
const OpInfo info::relu{"relu", {"dX += [X > 0] ⊙ dY"}, /*kink_at_zero=*/true};
template <typename T>
TensorT<T> relu(const TensorT<T>& X) {
  MatT<T> Y = X.value().cwiseMax(T(0));
  return make<T>(info::relu, std::move(Y), {X}, [](Node<T>& self) {
    const detail::ArrayView<T> X(self.parent(0).value);
    MatT<T> dX = (X <= T(0)).select(T(0), self.grad.array());
    self.accumulate(0, std::move(dX));
  });
}
template Tensor relu(const Tensor&);
template TensorF relu(const TensorF&);

// Y = X for X > 0, αX otherwise; derivative 1 or α (α at the kink, and at a
// NaN, as PyTorch's leaky_relu_backward)
const OpInfo info::leaky_relu{"leaky_relu", {"dX += (X > 0 ? 1 : α) ⊙ dY"}, /*kink_at_zero=*/true};
template <typename T>
TensorT<T> leaky_relu(const TensorT<T>& X, std::type_identity_t<T> alpha) {
  MatT<T> Y = (X.value().array() > T(0)).select(X.value().array(), alpha * X.value().array());
  return make<T>(info::leaky_relu, std::move(Y), {X}, [alpha](Node<T>& self) {
    const detail::ArrayView<T> X(self.parent(0).value);
    MatT<T> dX = (X > T(0)).select(self.grad.array(), alpha * self.grad.array());
    self.accumulate(0, std::move(dX));
  }, detail::attr_text("α", alpha));
}
template Tensor leaky_relu(const Tensor&, double);
template TensorF leaky_relu(const TensorF&, float);

// Y = 1 if X >= 0 else 0 (Heaviside, the perceptron's threshold unit).
// Its derivative is 0 wherever it exists, so nothing flows back: this is why
// the perceptron needs its own learning rule.
const OpInfo info::step{"step", {"dX += 0 (the step is flat wherever it is differentiable)"},
                        /*kink_at_zero=*/true};
template <typename T>
TensorT<T> step(const TensorT<T>& X) {
  MatT<T> Y = (X.value().array() >= T(0)).template cast<T>();
  return make<T>(info::step, std::move(Y), {X}, [](Node<T>& self) {
    const auto& X = self.parent(0).value;
    self.accumulate(0, MatT<T>::Zero(X.rows(), X.cols()));
  });
}
template Tensor step(const Tensor&);
template TensorF step(const TensorF&);

// Y[b,:] = exp(X[b,:]) / Σ_j exp(X[b,j]).  X (B,n) -> Y (B,n)
const OpInfo info::softmax{"softmax", {"dX += Y ⊙ (dY - rowsum(dY ⊙ Y))"}};
template <typename T>
TensorT<T> softmax(const TensorT<T>& X) {
  MatT<T> Y = (X.value().colwise() - logsumexp_rows(X.value()).col(0)).array().exp();
  return make<T>(info::softmax, std::move(Y), {X}, [](Node<T>& self) {
    const MatT<T>& Y = self.value;
    const MatT<T>& dY = self.grad;
    const MatT<T> dot = dY.cwiseProduct(Y).rowwise().sum();   // (B,1)
    MatT<T> dX = Y.cwiseProduct(dY - dot.replicate(1, Y.cols()));
    self.accumulate(0, std::move(dX));
  });
}
template Tensor softmax(const Tensor&);
template TensorF softmax(const TensorF&);

// Y[b,:] = X[b,:] - log Σ_j exp(X[b,j]).  X (B,n) -> Y (B,n)
const OpInfo info::log_softmax{"log_softmax", {"dX += dY - softmax(X) ⊙ rowsum(dY)"}};
template <typename T>
TensorT<T> log_softmax(const TensorT<T>& X) {
  MatT<T> Y = X.value().colwise() - logsumexp_rows(X.value()).col(0);
  return make<T>(info::log_softmax, std::move(Y), {X}, [](Node<T>& self) {
    const MatT<T> P = self.value.array().exp();               // softmax(X)
    const MatT<T>& dY = self.grad;
    const MatT<T> total = dY.rowwise().sum();                 // (B,1)
    MatT<T> dX = dY - P.cwiseProduct(total.replicate(1, P.cols()));
    self.accumulate(0, std::move(dX));
  });
}
template Tensor log_softmax(const Tensor&);
template TensorF log_softmax(const TensorF&);
}  // namespace sg
