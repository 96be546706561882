// Feature scaling, fitted on the training split only and then applied,
// with the training split's statistics, to validation and test data (fitting
// on all the data leaks the test set into training). scikit-learn's
// conventions: StandardScaler uses the population standard deviation
// (divide by N), and a constant column gets scale 1 (no division by zero),
// so it maps to 0 on the data it was fitted on.
#pragma once

#include <vector>

#include "engine/core/shape.hpp"

namespace sg {

// x' = (x - min) / (max - min) per column: [0, 1] on the fitted data.
template <typename T = double>
class MinMaxScaler {
 public:
  void fit(const MatT<T>& X);
  MatT<T> transform(const MatT<T>& X) const;
  MatT<T> fit_transform(const MatT<T>& X) {
    fit(X);
    return transform(X);
  }
  bool fitted() const { return min_.size() > 0; }
  const MatT<T>& min() const { return min_; }      // (1, features)
  const MatT<T>& scale() const { return scale_; }  // (1, features): max - min, or 1 if constant

 private:
  MatT<T> min_, scale_;
};

// x' = (x - mean) / std per column: mean 0, std 1 on the fitted data.
template <typename T = double>
class StandardScaler {
 public:
  void fit(const MatT<T>& X);
  MatT<T> transform(const MatT<T>& X) const;
  MatT<T> fit_transform(const MatT<T>& X) {
    fit(X);
    return transform(X);
  }
  bool fitted() const { return mean_.size() > 0; }
  const MatT<T>& mean() const { return mean_; }    // (1, features)
  const MatT<T>& scale() const { return scale_; }  // (1, features): std, or 1 if constant

 private:
  MatT<T> mean_, scale_;
};

// (N, classes) with Y(i, labels[i]) = 1; ValueError for a label outside [0, classes).
template <typename T = double>
MatT<T> one_hot(const std::vector<int>& labels, Index classes);

}  // namespace sg
