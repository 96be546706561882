// Classification metrics on matrices, and History: the per-epoch series a
// training run records (Keras's history.history).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/core/shape.hpp"
#include "engine/trace/trace.hpp"

namespace sg {

// The predicted class of each row of Z (B,C): argmax over the row (the first
// on a tie); for C = 1 (a binary logit) 1 where z > 0, else 0.
template <typename T>
std::vector<int> predicted_classes(const MatT<T>& Z);

// The fraction of rows whose predicted class is the label. Throws ShapeError
// when Z has not one row per label, ValueError for an empty batch.
template <typename T>
double accuracy(const MatT<T>& Z, const std::vector<int>& labels);

// The fraction of rows whose label is among the k largest logits.
template <typename T>
double top_k_accuracy(const MatT<T>& Z, const std::vector<int>& labels, int k);

// C×C counts: rows are the true class, columns the predicted one. Labels and
// predictions must be in [0, C) (ValueError naming the row otherwise).
Eigen::MatrixXi confusion_matrix(const std::vector<int>& labels, const std::vector<int>& predicted,
                                 int classes);
// The matrix as a table with a header row, "true\pred", and the class names
// (0, 1, ... when names is empty).
std::string render_confusion(const Eigen::MatrixXi& counts, const std::vector<std::string>& names = {});

// Per-epoch series by name (loss, val_loss, accuracy, val_accuracy, lr, ...),
// kept in the order they first appear.
class History {
 public:
  // Appends one epoch. A name missing from an epoch gets NaN there, so every
  // series has one value per epoch.
  void add_epoch(const Metrics& metrics);

  std::int64_t epochs() const { return epochs_; }
  bool has(const std::string& name) const { return index_.count(name) != 0; }
  // Throws ValueError listing the names there are.
  const std::vector<double>& series(const std::string& name) const;
  const std::vector<std::string>& names() const { return names_; }

  // The epoch (0-based) of the best value: the largest for a name containing
  // "acc", else the smallest (losses); NaNs are skipped. Throws ValueError
  // when the series has no number.
  std::int64_t best_epoch(const std::string& name) const;
  double best(const std::string& name) const;

  // "epoch,loss,val_loss,...\n1,0.69,0.70,...\n": epochs from 1, doubles
  // with 17 significant digits (they read back exactly).
  std::string to_csv() const;

 private:
  std::vector<std::string> names_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::vector<double>> values_;
  std::int64_t epochs_ = 0;
};

// True when bigger is better for this metric name ("accuracy", "val_acc").
bool higher_is_better(const std::string& name);

}  // namespace sg
