// A dataset: N examples as the rows of X, with class labels (classification)
// or targets (regression), and the helpers every split and loader uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/core/shape.hpp"

namespace sg {

template <typename T>
struct DatasetT {
  MatT<T> X;                             // (N, features): one example per row
  std::vector<int> labels;               // classification: N labels in [0, classes)
  MatT<T> targets;                       // regression: (N, k); empty for classification
  std::vector<std::string> class_names;  // optional; when given, classes() is its size
  std::string name;                      // "two_moons", "fashion-mnist (test)", a CSV path

  Index size() const { return X.rows(); }
  Index features() const { return X.cols(); }
  // class_names.size() when names are given, else 1 + the largest label (0 when unlabelled).
  Index classes() const;
  // How many examples each class has: counts[c] for c in [0, classes()).
  std::vector<Index> class_counts() const;
  // The examples `rows` (in that order, repeats allowed) as a new dataset with
  // the same names; throws ValueError for a row outside [0, N).
  DatasetT subset(const std::vector<Index>& rows) const;

  template <typename U>
  DatasetT<U> cast() const {
    return {X.template cast<U>(), labels, targets.template cast<U>(), class_names, name};
  }
};

using Dataset = DatasetT<double>;
using DatasetF = DatasetT<float>;

// Checks that the parts fit together, naming `who` and the dataset:
// labels.size() and targets.rows() equal N (or are empty), every label is in
// [0, classes()). Throws ShapeError for sizes, ValueError for labels.
template <typename T>
void validate(const DatasetT<T>& ds, std::string_view who);

// A uniformly random permutation of 0..n-1 (Fisher–Yates, drawing from `gen`).
std::vector<Index> permutation(Index n, Generator& gen);

}  // namespace sg
