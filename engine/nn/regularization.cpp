#include "engine/nn/regularization.hpp"

#include <fmt/format.h>

#include "engine/ops/ops.hpp"

namespace sg {

// ---- Dropout ----------------------------------------------------------------------

template <typename T>
Dropout<T>::Dropout(double p, Generator& gen, std::string name)
    : Module<T>(std::move(name)), p_(p), gen_(&gen) {
  if (!(p >= 0.0 && p < 1.0)) {
    throw ValueError(fmt::format(
        "Dropout: p is {} but must be in [0, 1) (the probability of dropping a unit; p = 1 would "
        "drop everything)", p));
  }
}

template <typename T>
std::string Dropout<T>::describe() const {
  return fmt::format("Dropout p={:g}", p_);
}

template <typename T>
TensorT<T> Dropout<T>::forward(const TensorT<T>& X) {
  if (!this->training() || p_ == 0.0) return X;
  ModuleScope scope(X.ctx(), this->name());
  mask_.resize(X.rows(), X.cols());
  for (Index r = 0; r < X.rows(); ++r) {
    for (Index c = 0; c < X.cols(); ++c) mask_(r, c) = gen_->uniform() < p_ ? T(0) : T(1);
  }
  return dropout(X, mask_, static_cast<T>(1.0 / (1.0 - p_)));
}

// ---- BatchNorm1d -------------------------------------------------------------------

template <typename T>
BatchNorm1d<T>::BatchNorm1d(Context& ctx, std::string name, Index features, double momentum_,
                            double eps_)
    : Module<T>(std::move(name)), momentum(momentum_), eps(eps_) {
  if (features < 1) throw ValueError(fmt::format("BatchNorm1d {}: features is {} but must be >= 1", this->name(), features));
  if (!(momentum >= 0.0 && momentum <= 1.0)) {
    throw ValueError(fmt::format("BatchNorm1d {}: momentum is {} but must be in [0, 1]", this->name(), momentum));
  }
  if (!(eps > 0.0)) throw ValueError(fmt::format("BatchNorm1d {}: eps is {} but must be > 0", this->name(), eps));
  Scope scope(ctx, this->name());
  gamma = ctx.param<T>(MatT<T>::Ones(1, features), "gamma_" + this->name());
  beta = ctx.param<T>(MatT<T>::Zero(1, features), "beta_" + this->name());
  running_mean = MatT<T>::Zero(1, features);
  running_var = MatT<T>::Ones(1, features);
}

template <typename T>
std::string BatchNorm1d<T>::describe() const {
  return fmt::format("BatchNorm1d {}", features());
}

template <typename T>
Shape BatchNorm1d<T>::output_shape(Shape in) const {
  if (in.cols != features()) {
    throw ShapeError(fmt::format("{} ({}): input is {} but the layer expects {} columns", this->name(),
                                 describe(), to_string(in), features()));
  }
  return in;
}

template <typename T>
TensorT<T> BatchNorm1d<T>::forward(const TensorT<T>& X) {
  output_shape(X.shape());
  Context& ctx = X.ctx();
  ModuleScope scope(ctx, this->name());
  if (!this->training()) {
    // Y = (X − running_mean) ⊙ 1/sqrt(running_var + eps) ⊙ γ + β, the
    // statistics as constants.
    const TensorT<T> mu = ctx.input<T>(running_mean, "running_mean_" + this->name());
    const MatT<T> inv = (running_var.array() + static_cast<T>(eps)).rsqrt().matrix();
    const TensorT<T> inv_std = ctx.input<T>(inv, "inv_std_" + this->name());
    return (X - mu) * inv_std * gamma + beta;
  }
  if (X.rows() < 2) {
    throw ValueError(fmt::format(
        "{} ({}): a batch of {} row in train mode has no variance: use batches of 2 or more rows, "
        "or call eval() to use the running statistics", this->name(), describe(), X.rows()));
  }
  TensorT<T> Y = batch_norm(X, gamma, beta, static_cast<T>(eps));
  const T B = static_cast<T>(X.rows());
  const MatT<T> mean = X.value().colwise().mean();
  const MatT<T> centred = X.value().rowwise() - mean.row(0);
  const MatT<T> var_unbiased = centred.array().square().colwise().sum() / (B - T(1));
  const T m = static_cast<T>(momentum);
  running_mean = (T(1) - m) * running_mean + m * mean;
  running_var = (T(1) - m) * running_var + m * var_unbiased;
  return Y;
}

template <typename T>
std::vector<NamedParam<T>> BatchNorm1d<T>::named_params() const {
  return {{this->qualified("gamma"), gamma}, {this->qualified("beta"), beta}};
}

template <typename T>
std::vector<NamedBuffer<T>> BatchNorm1d<T>::named_buffers() {
  return {{this->qualified("running_mean"), &running_mean}, {this->qualified("running_var"), &running_var}};
}

template class Dropout<double>;
template class Dropout<float>;
template class BatchNorm1d<double>;
template class BatchNorm1d<float>;

}  // namespace sg
