// The list of every op, so tests can check that each one is gradient-checked.
#include "engine/ops/ops.hpp"

namespace sg {

// ---- the op table ---------------------------------------------------------------
const std::vector<const OpInfo*>& all_ops() {
  static const std::vector<const OpInfo*> ops{
      &info::add, &info::sub, &info::mul, &info::div, &info::neg, &info::add_scalar,
      &info::mul_scalar, &info::pow, &info::exp, &info::log, &info::sqrt, &info::abs,
      &info::square, &info::matmul, &info::transpose, &info::sum, &info::sum_rows,
      &info::sum_cols, &info::mean, &info::mean_rows, &info::mean_cols, &info::sigmoid,
      &info::tanh, &info::relu, &info::leaky_relu, &info::step, &info::softmax,
      &info::log_softmax, &info::mse, &info::rmse, &info::bce, &info::bce_with_logits,
      &info::cross_entropy, &info::cross_entropy_onehot, &info::l1_penalty, &info::l2_penalty,
      &info::batch_norm, &info::dropout};
  return ops;
}

}  // namespace sg
