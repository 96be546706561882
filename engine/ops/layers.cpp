// Batch normalisation and dropout: the ops behind the BatchNorm1d and Dropout
// layers (engine/nn). Each op's OpInfo stands directly above its body.
#include "engine/ops/layers.hpp"

#include <cmath>

#include "engine/ops/common.hpp"

namespace sg {

using detail::make;

// ---- batch norm: the math, on matrices ----------------------------------------

template <typename T>
MatT<T> batch_norm_forward(const MatT<T>& X, const MatT<T>& gamma, const MatT<T>& beta, T eps,
                           BatchNormCache<T>& cache) {
  const T B = static_cast<T>(X.rows());
  cache.mean = X.colwise().mean();                                    // (1,n)
  MatT<T> centred = X.rowwise() - cache.mean.row(0);                  // (B,n)
  cache.var = centred.array().square().colwise().sum() / B;           // biased, (1,n)
  cache.inv_std = (cache.var.array() + eps).rsqrt();                  // (1,n)
  cache.Xhat = centred.array().rowwise() * cache.inv_std.row(0).array();
  cache.gamma = gamma;
  MatT<T> Y = (cache.Xhat.array().rowwise() * gamma.row(0).array()).rowwise() + beta.row(0).array();
  return Y;
}

template <typename T>
void batch_norm_backward(const MatT<T>& dY, const BatchNormCache<T>& cache, MatT<T>& dX,
                         MatT<T>& dgamma, MatT<T>& dbeta) {
  const MatT<T> dY_Xhat = dY.cwiseProduct(cache.Xhat);               // (B,n)
  dbeta = dY.colwise().sum();                                         // (1,n)
  dgamma = dY_Xhat.colwise().sum();                                   // (1,n)
  const MatT<T> mean_dY = dY.colwise().mean();                        // (1,n)
  const MatT<T> mean_dY_Xhat = dY_Xhat.colwise().mean();              // (1,n)
  const MatT<T> g_over_sigma = cache.gamma.cwiseProduct(cache.inv_std);  // (1,n)
  MatT<T> inner = (dY.rowwise() - mean_dY.row(0)) -
                  MatT<T>(cache.Xhat.array().rowwise() * mean_dY_Xhat.row(0).array());
  dX = inner.array().rowwise() * g_over_sigma.row(0).array();
}

// ---- batch_norm -----------------------------------------------------------------

namespace info {
const OpInfo batch_norm{"batch_norm",
                        {"dX += (γ/σ)·(dY − mean(dY) − X̂·mean(dY ⊙ X̂))", "dγ += Σ_rows dY ⊙ X̂",
                         "dβ += Σ_rows dY"}};
}

// Y = γ ⊙ X̂ + β, X̂ = (X − μ)/σ, μ and σ² = biased var (+eps) per column.
// X (B,n), gamma (1,n), beta (1,n) -> Y (B,n)
template <typename T>
TensorT<T> batch_norm(const TensorT<T>& X, const TensorT<T>& gamma, const TensorT<T>& beta,
                      std::type_identity_t<T> eps) {
  const Shape row{1, X.cols()};
  if (gamma.shape() != row || beta.shape() != row) {
    throw ShapeError(fmt::format(
        "batch_norm: X is {} but gamma is {} and beta is {}: gamma and beta must be (1, X.cols) = {}",
        to_string(X.shape()), to_string(gamma.shape()), to_string(beta.shape()), to_string(row)));
  }
  if (X.rows() < 1) throw ShapeError("batch_norm: X has no rows: a batch needs at least one row");
  if (!(eps > T(0))) {
    throw ValueError(fmt::format("batch_norm: eps is {} but must be > 0 (it keeps 1/σ finite)", eps));
  }
  BatchNormCache<T> cache;
  MatT<T> Y = batch_norm_forward<T>(X.value(), gamma.value(), beta.value(), eps, cache);
  return make<T>(info::batch_norm, std::move(Y), {X, gamma, beta}, [cache](Node<T>& self) {
    MatT<T> dX, dgamma, dbeta;
    batch_norm_backward<T>(self.grad, cache, dX, dgamma, dbeta);
    if (self.needs(0)) self.accumulate(0, dX);
    if (self.needs(1)) self.accumulate(1, dgamma);
    if (self.needs(2)) self.accumulate(2, dbeta);
  }, detail::attr_text("eps", eps));
}

// ---- dropout --------------------------------------------------------------------

namespace info {
const OpInfo dropout{"dropout", {"dX += dY ⊙ mask · scale"}};
}

// Y = X ⊙ mask · scale, mask a constant (B,n) of 0/1 chosen by the caller.
// X (B,n), mask (B,n) -> Y (B,n)
template <typename T>
TensorT<T> dropout(const TensorT<T>& X, const std::type_identity_t<MatT<T>>& mask,
                   std::type_identity_t<T> scale) {
  detail::require_same_shape("dropout", "X", X.shape(), "mask", shape_of(mask));
  if (!(mask.array() == T(0) || mask.array() == T(1)).all()) {
    throw ValueError("dropout: the mask holds values other than 0 and 1: it marks which units are "
                     "kept (1) and which are dropped (0)");
  }
  MatT<T> kept = mask * scale;                                        // (B,n)
  MatT<T> Y = X.value().cwiseProduct(kept);
  return make<T>(info::dropout, std::move(Y), {X}, [kept](Node<T>& self) {
    MatT<T> dX = self.grad.cwiseProduct(kept);
    self.accumulate(0, dX);
  }, detail::attr_text("scale", scale));
}

// ---- instantiations -------------------------------------------------------------

template Mat batch_norm_forward(const Mat&, const Mat&, const Mat&, double, BatchNormCache<double>&);
template void batch_norm_backward(const Mat&, const BatchNormCache<double>&, Mat&, Mat&, Mat&);
template Tensor batch_norm(const Tensor&, const Tensor&, const Tensor&, double);
template Tensor dropout(const Tensor&, const Mat&, double);
template MatF batch_norm_forward(const MatF&, const MatF&, const MatF&, float, BatchNormCache<float>&);
template void batch_norm_backward(const MatF&, const BatchNormCache<float>&, MatF&, MatF&, MatF&);
template TensorF batch_norm(const TensorF&, const TensorF&, const TensorF&, float);
template TensorF dropout(const TensorF&, const MatF&, float);

}  // namespace sg
