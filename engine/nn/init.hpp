// Initialisers: fresh parameter matrices drawn from an explicit Generator.
//
// Fan convention: a weight W of shape (in, out) (Y = X·W) has
// fan_in = in = rows and fan_out = out = cols.
//
//   zeros                 0
//   constant(c)           c
//   normal(σ)             N(0, σ²)
//   uniform(a)            U[−a, a]
//   xavier_normal         σ = √(2/(fan_in+fan_out))     (Glorot & Bengio 2010)
//   xavier_uniform        a = √(6/(fan_in+fan_out))
//   he_normal             σ = √(2/fan_in)               (He et al. 2015, for ReLU)
//   he_uniform            a = √(6/fan_in)
//   lecun_normal          σ = √(1/fan_in)               (LeCun et al. 1998)
//   lecun_uniform         a = √(3/fan_in)
//
// A uniform on [−a, a] has variance a²/3, so each uniform's a is its
// normal's σ times √3: the pairs give the same variance.
#pragma once

#include "engine/core/random.hpp"
#include "engine/core/shape.hpp"

namespace sg {

// The initialisers by name, for layer constructors. Init::Xavier is Xavier
// uniform and Init::He is He normal: the chapters' numbers depend on it.
enum class Init {
  Zeros,
  Xavier,  // = XavierUniform
  He,      // = HeNormal
  XavierNormal,
  HeUniform,
  LeCunNormal,
  LeCunUniform,
  XavierUniform = Xavier,
  HeNormal = He,
};

// A (rows, cols) matrix initialised by `init` (fan_in = rows, fan_out = cols).
template <typename T = double>
MatT<T> init_matrix(Init init, Index rows, Index cols, Generator& gen);

namespace init {
// Each throws ValueError for a negative size, σ < 0 or a < 0.
template <typename T = double> MatT<T> zeros(Index rows, Index cols);
template <typename T = double> MatT<T> constant(Index rows, Index cols, double c);
template <typename T = double> MatT<T> normal(Index rows, Index cols, double sigma, Generator& gen);
template <typename T = double> MatT<T> uniform(Index rows, Index cols, double a, Generator& gen);
template <typename T = double> MatT<T> xavier_normal(Index rows, Index cols, Generator& gen);
template <typename T = double> MatT<T> xavier_uniform(Index rows, Index cols, Generator& gen);
template <typename T = double> MatT<T> he_normal(Index rows, Index cols, Generator& gen);
template <typename T = double> MatT<T> he_uniform(Index rows, Index cols, Generator& gen);
template <typename T = double> MatT<T> lecun_normal(Index rows, Index cols, Generator& gen);
template <typename T = double> MatT<T> lecun_uniform(Index rows, Index cols, Generator& gen);
}  // namespace init

}  // namespace sg
