// Losses and penalties. Each returns a (1,1) tensor with role Loss; dL is the
// upstream gradient (1 when the loss is the output backward starts from).
#include "engine/ops/common.hpp"

#include <algorithm>
#include <cmath>

namespace sg {

using detail::make;

template <typename T>
MatT<T> scalar_mat(T v) {
  return MatT<T>::Constant(1, 1, v);
}

// L = mean((Ŷ - Y)²).  Ŷ, Y (B,n); N = B·n
const OpInfo info::mse{.name = "mse",
                       .formulas = {"dŶ += 2(Ŷ - Y)/N · dL", "dY += -2(Ŷ - Y)/N · dL"},
                       .is_loss = true};
template <typename T>
TensorT<T> mse(const TensorT<T>& Yhat, const TensorT<T>& Y) {
  detail::require_same_shape("mse", "Ŷ", Yhat.shape(), "Y", Y.shape());
  const T L = (Yhat.value() - Y.value()).squaredNorm() / static_cast<T>(Y.value().size());
  return make<T>(info::mse, scalar_mat(L), {Yhat, Y}, [](Node<T>& self) {
    const MatT<T> diff = self.parent(0).value - self.parent(1).value;
    const T k = T(2) * self.grad(0, 0) / static_cast<T>(diff.size());
    if (self.needs(0)) self.accumulate(0, k * diff);
    if (self.needs(1)) self.accumulate(1, -k * diff);   // a target usually needs no gradient: skip the work
  });
}
template Tensor mse(const Tensor&, const Tensor&);
template TensorF mse(const TensorF&, const TensorF&);

// L = sqrt(mean((Ŷ - Y)²))
const OpInfo info::rmse{.name = "rmse",
                        .formulas = {"dŶ += (Ŷ - Y)/(N·L) · dL", "dY += -(Ŷ - Y)/(N·L) · dL"},
                        .is_loss = true};
template <typename T>
TensorT<T> rmse(const TensorT<T>& Yhat, const TensorT<T>& Y) {
  detail::require_same_shape("rmse", "Ŷ", Yhat.shape(), "Y", Y.shape());
  const T L = std::sqrt((Yhat.value() - Y.value()).squaredNorm() / static_cast<T>(Y.value().size()));
  return make<T>(info::rmse, scalar_mat(L), {Yhat, Y}, [](Node<T>& self) {
    const MatT<T> diff = self.parent(0).value - self.parent(1).value;
    const T L = self.value(0, 0);
    // At L = 0 every element of diff is 0: the subgradient 0 is taken.
    const T k = L > T(0) ? self.grad(0, 0) / (static_cast<T>(diff.size()) * L) : T(0);
    if (self.needs(0)) self.accumulate(0, k * diff);
    if (self.needs(1)) self.accumulate(1, -k * diff);   // a target usually needs no gradient: skip the work
  });
}
template Tensor rmse(const Tensor&, const Tensor&);
template TensorF rmse(const TensorF&, const TensorF&);

// L = -mean(Y log P + (1 - Y) log(1 - P)).  P, Y (B,n), P in (0,1)
const OpInfo info::bce{.name = "bce",
                       .formulas = {"dP += (P - Y) ⊘ (P ⊙ (1 - P)) / N · dL",
                                    "dY += log((1 - P) ⊘ P) / N · dL"},
                       .is_loss = true};
template <typename T>
TensorT<T> bce(const TensorT<T>& P, const TensorT<T>& Y) {
  detail::require_same_shape("bce", "P", P.shape(), "Y", Y.shape());
  // log clamped at -100, as PyTorch does, so P = 0 or 1 gives a large finite loss.
  auto clamped_log = [](T p) { return std::max(std::log(p), T(-100)); };
  const detail::ArrayView<T> p(P.value());
  const detail::ArrayView<T> y(Y.value());
  const T L = -(y * p.unaryExpr(clamped_log) + (T(1) - y) * (T(1) - p).unaryExpr(clamped_log)).mean();
  return make<T>(info::bce, scalar_mat(L), {P, Y}, [clamped_log](Node<T>& self) {
    const detail::ArrayView<T> p(self.parent(0).value);
    const detail::ArrayView<T> y(self.parent(1).value);
    const T k = self.grad(0, 0) / static_cast<T>(p.size());
    // denominator kept >= 1e-12 (PyTorch's guard) so P = 0 or 1 stays finite
    if (self.needs(0)) self.accumulate(0, MatT<T>(k * (p - y) / (p * (T(1) - p)).max(T(1e-12))));
    if (self.needs(1)) self.accumulate(1, MatT<T>(k * ((T(1) - p).unaryExpr(clamped_log) - p.unaryExpr(clamped_log))));
  });
}
template Tensor bce(const Tensor&, const Tensor&);
template TensorF bce(const TensorF&, const TensorF&);

// L = mean(max(Z,0) - Z⊙Y + log(1 + e^-|Z|)) = bce(σ(Z), Y), stable for any Z
const OpInfo info::bce_with_logits{.name = "bce_with_logits",
                                   .formulas = {"dZ += (σ(Z) - Y)/N · dL", "dY += -Z/N · dL"},
                                   .is_loss = true};
template <typename T>
TensorT<T> bce_with_logits(const TensorT<T>& Z, const TensorT<T>& Y) {
  detail::require_same_shape("bce_with_logits", "Z", Z.shape(), "Y", Y.shape());
  const detail::ArrayView<T> z(Z.value());
  const detail::ArrayView<T> y(Y.value());
  const T L = (z.max(T(0)) - z * y + (-z.abs()).exp().log1p()).mean();
  return make<T>(info::bce_with_logits, scalar_mat(L), {Z, Y}, [](Node<T>& self) {
    const detail::ArrayView<T> z(self.parent(0).value);
    const detail::ArrayView<T> y(self.parent(1).value);
    const T k = self.grad(0, 0) / static_cast<T>(z.size());
    // σ(z) without overflow: e^z/(1+e^z) for z < 0
    if (self.needs(0)) {
      MatT<T> s = z.unaryExpr([](T v) {
        return v >= 0 ? T(1) / (T(1) + std::exp(-v)) : std::exp(v) / (T(1) + std::exp(v));
      });
      self.accumulate(0, MatT<T>(k * (s.array() - y)));
    }
    if (self.needs(1)) self.accumulate(1, MatT<T>(-k * z));   // a target usually needs no gradient
  });
}
template Tensor bce_with_logits(const Tensor&, const Tensor&);
template TensorF bce_with_logits(const TensorF&, const TensorF&);

// L = -mean_b log softmax(Z)[b, y_b].  Z (B,C), labels: B integers in [0, C)
const OpInfo info::cross_entropy{.name = "cross_entropy",
                                 .formulas = {"dZ += (softmax(Z) - onehot(y))/B · dL"},
                                 .is_loss = true};
template <typename T>
TensorT<T> cross_entropy(const TensorT<T>& Z, const std::vector<int>& labels) {
  const Index B = Z.rows(), C = Z.cols();
  if (static_cast<Index>(labels.size()) != B) {
    throw ShapeError(fmt::format("cross_entropy: Z is {} but there are {} labels: one label per row",
                                 to_string(Z.shape()), labels.size()));
  }
  for (Index b = 0; b < B; ++b) {
    if (labels[b] < 0 || labels[b] >= C) {
      throw ValueError(fmt::format("cross_entropy: label {} of row {} is outside [0, {}) for Z {}",
                                   labels[b], b, C, to_string(Z.shape())));
    }
  }
  const MatT<T> lse = detail::logsumexp_rows(Z.value());   // (B,1)
  T L = 0;
  for (Index b = 0; b < B; ++b) L += lse(b, 0) - Z.value()(b, labels[b]);
  L /= static_cast<T>(B);
  return make<T>(info::cross_entropy, scalar_mat(L), {Z}, [labels](Node<T>& self) {
    const MatT<T>& Z = self.parent(0).value;
    MatT<T> dZ = (Z.colwise() - detail::logsumexp_rows(Z).col(0)).array().exp();  // softmax
    for (Index b = 0; b < Z.rows(); ++b) dZ(b, labels[b]) -= T(1);
    dZ *= self.grad(0, 0) / static_cast<T>(Z.rows());
    self.accumulate(0, std::move(dZ));
  });
}
template Tensor cross_entropy(const Tensor&, const std::vector<int>&);
template TensorF cross_entropy(const TensorF&, const std::vector<int>&);
template Tensor cross_entropy(const Tensor&, const Tensor&);
template TensorF cross_entropy(const TensorF&, const TensorF&);

// L = -mean_b Σ_c Y[b,c] log softmax(Z)[b,c].  Z, Y (B,C)
const OpInfo info::cross_entropy_onehot{.name = "cross_entropy_onehot",
                                        .formulas = {"dZ += (softmax(Z) ⊙ rowsum(Y) - Y)/B · dL",
                                                     "dY += -log_softmax(Z)/B · dL"},
                                        .is_loss = true};
template <typename T>
TensorT<T> cross_entropy(const TensorT<T>& Z, const TensorT<T>& Y) {
  detail::require_same_shape("cross_entropy", "Z", Z.shape(), "Y", Y.shape());
  const MatT<T> logP = Z.value().colwise() - detail::logsumexp_rows(Z.value()).col(0);
  const T L = -Y.value().cwiseProduct(logP).sum() / static_cast<T>(Z.rows());
  return make<T>(info::cross_entropy_onehot, scalar_mat(L), {Z, Y}, [](Node<T>& self) {
    const MatT<T>& Z = self.parent(0).value;
    const MatT<T>& Y = self.parent(1).value;
    const MatT<T> logP = Z.colwise() - detail::logsumexp_rows(Z).col(0);
    const T k = self.grad(0, 0) / static_cast<T>(Z.rows());
    const MatT<T> row_mass = Y.rowwise().sum();   // 1 for one-hot rows
    MatT<T> dZ = k * (logP.array().exp() * row_mass.replicate(1, Z.cols()).array() - Y.array());
    self.accumulate(0, std::move(dZ));
    if (self.needs(1)) self.accumulate(1, (-k * logP).eval());
  });
}

// L = λ·Σ|W|; d/dW = λ·sign(W), 0 at W = 0
const OpInfo info::l1_penalty{.name = "l1_penalty",
                              .formulas = {"dW += λ·sign(W) · dL"},
                              .kink_at_zero = true,
                              .is_loss = true};
template <typename T>
TensorT<T> l1_penalty(const TensorT<T>& W, std::type_identity_t<T> lambda) {
  const T L = lambda * W.value().cwiseAbs().sum();
  return make<T>(info::l1_penalty, scalar_mat(L), {W}, [lambda](Node<T>& self) {
    MatT<T> dW = (lambda * self.grad(0, 0)) * self.parent(0).value.array().sign();
    self.accumulate(0, std::move(dW));
  }, detail::attr_text("λ", lambda));
}
template Tensor l1_penalty(const Tensor&, double);
template TensorF l1_penalty(const TensorF&, float);

// L = (λ/2)·ΣW²; d/dW = λ·W, the same step as weight decay λ
const OpInfo info::l2_penalty{.name = "l2_penalty",
                              .formulas = {"dW += λ·W · dL"},
                              .is_loss = true};
template <typename T>
TensorT<T> l2_penalty(const TensorT<T>& W, std::type_identity_t<T> lambda) {
  const T L = lambda / T(2) * W.value().squaredNorm();
  return make<T>(info::l2_penalty, scalar_mat(L), {W}, [lambda](Node<T>& self) {
    MatT<T> dW = (lambda * self.grad(0, 0)) * self.parent(0).value;
    self.accumulate(0, std::move(dW));
  }, detail::attr_text("λ", lambda));
}
template Tensor l2_penalty(const Tensor&, double);
template TensorF l2_penalty(const TensorF&, float);
}  // namespace sg
