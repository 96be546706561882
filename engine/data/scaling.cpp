#include "engine/data/scaling.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

namespace {

template <typename T>
void require_fit_input(std::string_view who, const MatT<T>& X) {
  if (X.rows() < 1 || X.cols() < 1) {
    throw ShapeError(fmt::format("{}.fit: X is {}: fit needs at least one row and one column",
                                 who, to_string(shape_of(X))));
  }
}

template <typename T>
void require_transform_input(std::string_view who, bool fitted, const MatT<T>& X, Index features) {
  if (!fitted) {
    throw ValueError(fmt::format("{}.transform: not fitted: call fit(X_train) first, on the training split only", who));
  }
  if (X.cols() != features) {
    throw ShapeError(fmt::format("{}.transform: X is {} but the scaler was fitted on {} features",
                                 who, to_string(shape_of(X)), features));
  }
}

// (X - shift) ./ scale, row vectors broadcast down the rows.
template <typename T>
MatT<T> shift_and_scale(const MatT<T>& X, const MatT<T>& shift, const MatT<T>& scale) {
  MatT<T> out = X;
  out.rowwise() -= shift.row(0);
  out.array().rowwise() /= scale.row(0).array();
  return out;
}

}  // namespace

template <typename T>
void MinMaxScaler<T>::fit(const MatT<T>& X) {
  require_fit_input("MinMaxScaler", X);
  min_ = X.colwise().minCoeff();
  const MatT<T> max = X.colwise().maxCoeff();
  scale_ = max - min_;
  for (Index c = 0; c < scale_.cols(); ++c)
    if (scale_(0, c) == T(0)) scale_(0, c) = T(1);   // constant column: x' = x - min
}

template <typename T>
MatT<T> MinMaxScaler<T>::transform(const MatT<T>& X) const {
  require_transform_input("MinMaxScaler", fitted(), X, min_.cols());
  return shift_and_scale(X, min_, scale_);
}

template <typename T>
void StandardScaler<T>::fit(const MatT<T>& X) {
  require_fit_input("StandardScaler", X);
  mean_ = X.colwise().mean();
  MatT<T> centred = X;
  centred.rowwise() -= mean_.row(0);
  // Population variance (divide by N), as sklearn's StandardScaler.
  scale_ = (centred.array().square().colwise().sum() / static_cast<T>(X.rows())).sqrt().matrix();
  for (Index c = 0; c < scale_.cols(); ++c)
    if (scale_(0, c) == T(0)) scale_(0, c) = T(1);   // constant column: x' = x - mean
}

template <typename T>
MatT<T> StandardScaler<T>::transform(const MatT<T>& X) const {
  require_transform_input("StandardScaler", fitted(), X, mean_.cols());
  return shift_and_scale(X, mean_, scale_);
}

template <typename T>
MatT<T> one_hot(const std::vector<int>& labels, Index classes) {
  if (classes < 1) throw ValueError(fmt::format("one_hot: classes must be at least 1, got {}", classes));
  MatT<T> Y = MatT<T>::Zero(static_cast<Index>(labels.size()), classes);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes) {
      throw ValueError(fmt::format("one_hot: labels[{}] is {}, outside [0, {})", i, labels[i], classes));
    }
    Y(static_cast<Index>(i), labels[i]) = T(1);
  }
  return Y;
}

template class MinMaxScaler<double>;
template class MinMaxScaler<float>;
template class StandardScaler<double>;
template class StandardScaler<float>;
template MatT<double> one_hot(const std::vector<int>&, Index);
template MatT<float> one_hot(const std::vector<int>&, Index);

}  // namespace sg
