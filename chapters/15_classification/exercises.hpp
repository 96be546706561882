// Chapter 15's exercises: the header of an IDX file, min-max scaling fitted
// on the training split only, accuracy from logits, and the confusion
// matrix. Plain C++ and Eigen, no engine. The chapter compares each with the
// engine (engine/data/idx.hpp, engine/data/scaling.hpp,
// engine/train/metrics.hpp); `build/bin/grade --chapter 15` grades them.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace sg::ch15 {

// What the first bytes of an IDX file say: 0x00 0x00, then the type of the
// values (0x08: unsigned bytes), then the number of dimensions, then one size
// per dimension. Fashion-MNIST's training images: type 8, 3 dimensions,
// sizes 60000, 28, 28.
struct IdxHeader {
  int type = 0;
  int dims = 0;
  std::vector<std::int64_t> sizes;   // one per dimension, in file order
};
// Exercise 15.1: the header at the start of an IDX file's (decompressed) bytes; sg::ValueError when there is none (exercises/15_classification/exercises.cpp).
IdxHeader parse_idx_header(const std::vector<std::uint8_t>& bytes);

// Both splits, scaled with the statistics of the training split.
struct Scaled {
  Eigen::MatrixXd train;
  Eigen::MatrixXd test;
};
// Exercise 15.2: min-max scaling of every column (feature), fitted on the training split only (exercises/15_classification/exercises.cpp).
Scaled min_max_scale(const Eigen::MatrixXd& train, const Eigen::MatrixXd& test);

// Exercise 15.3: the fraction of rows of Z (examples × classes, logits) whose predicted class is the label (exercises/15_classification/exercises.cpp).
double accuracy_from_logits(const Eigen::MatrixXd& Z, const std::vector<int>& labels);

// Exercise 15.4: the classes × classes confusion matrix of true labels and predictions (exercises/15_classification/exercises.cpp).
Eigen::MatrixXi confusion_counts(const std::vector<int>& labels, const std::vector<int>& predicted, int classes);

}  // namespace sg::ch15
