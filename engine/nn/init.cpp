#include "engine/nn/init.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

namespace {

void require_size(std::string_view what, Index rows, Index cols) {
  if (rows < 0 || cols < 0) {
    throw ValueError(fmt::format("init::{}: the shape ({},{}) is negative", what, rows, cols));
  }
}

// fan_in + fan_out, or fan_in, as a double that is never 0 (an empty matrix
// has nothing to draw, so its spread does not matter).
double fan(Index n) { return n > 0 ? static_cast<double>(n) : 1.0; }

}  // namespace

namespace init {

template <typename T>
MatT<T> zeros(Index rows, Index cols) {
  require_size("zeros", rows, cols);
  return MatT<T>::Zero(rows, cols);
}

template <typename T>
MatT<T> constant(Index rows, Index cols, double c) {
  require_size("constant", rows, cols);
  return MatT<T>::Constant(rows, cols, static_cast<T>(c));
}

template <typename T>
MatT<T> normal(Index rows, Index cols, double sigma, Generator& gen) {
  require_size("normal", rows, cols);
  if (!(sigma >= 0)) throw ValueError(fmt::format("init::normal: σ is {} but must be >= 0", sigma));
  return gen.normal_matrix<T>(rows, cols, 0.0, sigma);
}

template <typename T>
MatT<T> uniform(Index rows, Index cols, double a, Generator& gen) {
  require_size("uniform", rows, cols);
  if (!(a >= 0)) throw ValueError(fmt::format("init::uniform: a is {} but must be >= 0 (U[−a, a])", a));
  return gen.uniform_matrix<T>(rows, cols, -a, a);
}

template <typename T>
MatT<T> xavier_normal(Index rows, Index cols, Generator& gen) {
  return normal<T>(rows, cols, std::sqrt(2.0 / fan(rows + cols)), gen);
}
template <typename T>
MatT<T> xavier_uniform(Index rows, Index cols, Generator& gen) {
  return uniform<T>(rows, cols, std::sqrt(6.0 / fan(rows + cols)), gen);
}
template <typename T>
MatT<T> he_normal(Index rows, Index cols, Generator& gen) {
  return normal<T>(rows, cols, std::sqrt(2.0 / fan(rows)), gen);
}
template <typename T>
MatT<T> he_uniform(Index rows, Index cols, Generator& gen) {
  return uniform<T>(rows, cols, std::sqrt(6.0 / fan(rows)), gen);
}
template <typename T>
MatT<T> lecun_normal(Index rows, Index cols, Generator& gen) {
  return normal<T>(rows, cols, std::sqrt(1.0 / fan(rows)), gen);
}
template <typename T>
MatT<T> lecun_uniform(Index rows, Index cols, Generator& gen) {
  return uniform<T>(rows, cols, std::sqrt(3.0 / fan(rows)), gen);
}

}  // namespace init

template <typename T>
MatT<T> init_matrix(Init init, Index rows, Index cols, Generator& gen) {
  switch (init) {
    case Init::Zeros: return init::zeros<T>(rows, cols);
    case Init::Xavier: return init::xavier_uniform<T>(rows, cols, gen);
    case Init::He: return init::he_normal<T>(rows, cols, gen);
    case Init::XavierNormal: return init::xavier_normal<T>(rows, cols, gen);
    case Init::HeUniform: return init::he_uniform<T>(rows, cols, gen);
    case Init::LeCunNormal: return init::lecun_normal<T>(rows, cols, gen);
    case Init::LeCunUniform: return init::lecun_uniform<T>(rows, cols, gen);
  }
  throw ValueError("init_matrix: unknown initialiser");
}

template Mat init_matrix(Init, Index, Index, Generator&);
template MatF init_matrix(Init, Index, Index, Generator&);
namespace init {
template Mat zeros(Index, Index);
template MatF zeros(Index, Index);
template Mat constant(Index, Index, double);
template MatF constant(Index, Index, double);
template Mat normal(Index, Index, double, Generator&);
template MatF normal(Index, Index, double, Generator&);
template Mat uniform(Index, Index, double, Generator&);
template MatF uniform(Index, Index, double, Generator&);
template Mat xavier_normal(Index, Index, Generator&);
template MatF xavier_normal(Index, Index, Generator&);
template Mat xavier_uniform(Index, Index, Generator&);
template MatF xavier_uniform(Index, Index, Generator&);
template Mat he_normal(Index, Index, Generator&);
template MatF he_normal(Index, Index, Generator&);
template Mat he_uniform(Index, Index, Generator&);
template MatF he_uniform(Index, Index, Generator&);
template Mat lecun_normal(Index, Index, Generator&);
template MatF lecun_normal(Index, Index, Generator&);
template Mat lecun_uniform(Index, Index, Generator&);
template MatF lecun_uniform(Index, Index, Generator&);
}  // namespace init

}  // namespace sg
