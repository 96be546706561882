// Chapter 18's exercises: the small task's examples, the parameters an
// optimiser may update once a body is frozen, and an ensemble's averaged
// probabilities. Plain C++ and Eigen, no engine. The chapter compares each
// with what the engine does (Module::trainable_parameter_count, its own
// selection of the small task, its own average); `build/bin/grade --chapter 18`
// grades them.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace sg::ch18 {

// The small task's training examples: rows of the dataset (in the order they
// appear there) and their labels in the small task (0 for classes[0], 1 for
// classes[1], ...).
struct FewShot {
  std::vector<std::int64_t> rows;
  std::vector<int> labels;
};
// Exercise 18.1: the first `per_class` rows of each class in `classes`, relabelled for the small task; sg::ValueError when a class has fewer (exercises/18_transfer_and_ensembles/exercises.cpp).
FewShot few_shot_rows(const std::vector<int>& labels, const std::vector<int>& classes, int per_class);

// One dense layer, Y = X·W + b with W (in, out), and whether it is frozen.
struct DenseLayer {
  std::int64_t in = 0;
  std::int64_t out = 0;
  bool frozen = false;
};
// Exercise 18.2: how many numbers an optimiser may update in a network of these layers (exercises/18_transfer_and_ensembles/exercises.cpp).
std::int64_t trainable_parameters(const std::vector<DenseLayer>& layers);

// Exercise 18.3: the ensemble's class probabilities, from each member's logits (examples × classes) (exercises/18_transfer_and_ensembles/exercises.cpp).
Eigen::MatrixXd ensemble_probabilities(const std::vector<Eigen::MatrixXd>& member_logits);

}  // namespace sg::ch18
