// The ops behind the nn layers that need more than the elementwise ops:
// batch normalisation and (inverted) dropout. Defined in layers.cpp, each on
// one screen; the math of batch norm is also a pair of free functions on
// matrices (STYLE 13) that tests and benchmarks can call without a graph.
#pragma once

#include <type_traits>

#include "engine/autograd/tensor.hpp"

namespace sg {

// What batch_norm_backward needs from the forward pass. X (B,n)
template <typename T>
struct BatchNormCache {
  MatT<T> Xhat;      // (B,n)  (X − μ) / σ
  MatT<T> inv_std;   // (1,n)  1 / σ,  σ = sqrt(var + eps)
  MatT<T> mean;      // (1,n)  μ, the batch mean of each column
  MatT<T> var;       // (1,n)  the biased batch variance (divides by B)
  MatT<T> gamma;     // (1,n)  γ
};

// Y = γ ⊙ (X − μ)/sqrt(var + eps) + β, μ and var over the rows (the batch).
// X (B,n), gamma (1,n), beta (1,n) -> Y (B,n). Fills cache.
template <typename T>
MatT<T> batch_norm_forward(const MatT<T>& X, const MatT<T>& gamma, const MatT<T>& beta, T eps,
                           BatchNormCache<T>& cache);

// dX = (γ/σ) ⊙ (dY − mean_rows(dY) − X̂ ⊙ mean_rows(dY ⊙ X̂)),
// dgamma = Σ_rows dY ⊙ X̂, dbeta = Σ_rows dY. Overwrites dX, dgamma, dbeta.
template <typename T>
void batch_norm_backward(const MatT<T>& dY, const BatchNormCache<T>& cache, MatT<T>& dX,
                         MatT<T>& dgamma, MatT<T>& dbeta);

// Batch normalisation with the batch's own statistics (training mode).
// X (B,n), gamma (1,n), beta (1,n) -> (B,n). ShapeError unless gamma and
// beta are (1, X.cols); ValueError unless eps > 0.
template <typename T>
TensorT<T> batch_norm(const TensorT<T>& X, const TensorT<T>& gamma, const TensorT<T>& beta,
                      std::type_identity_t<T> eps = T(1e-5));

// Y = X ⊙ mask · scale with mask a constant (B,n) matrix of 0s and 1s (the
// units kept) and scale = 1/(1−p) for inverted dropout. ShapeError unless
// mask has X's shape; ValueError if mask holds anything but 0 and 1.
template <typename T>
TensorT<T> dropout(const TensorT<T>& X, const std::type_identity_t<MatT<T>>& mask,
                   std::type_identity_t<T> scale);

namespace info {
extern const OpInfo batch_norm, dropout;
}

}  // namespace sg
