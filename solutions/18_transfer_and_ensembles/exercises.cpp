// Chapter 18's exercises (declared in chapters/18_transfer_and_ensembles/exercises.hpp).
// Read docs/book/18-transfer-and-ensembles.md first: each block below names
// the section it belongs to. Write the body, then check it:
//   build/bin/grade --chapter 18        all three
//   build/bin/grade --exercise 18.1     one
// The chapter (build/bin/ch18_transfer_and_ensembles) puts your results next
// to its own and skips what is not written yet.
#include "chapters/18_transfer_and_ensembles/exercises.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.hpp"

namespace sg::ch18 {

// ---- Exercise 18.1 (few_shot_rows) --------------------------------------------
// The small task: only the classes in `classes` (Fashion-MNIST's last four,
// which the first task never saw), and only `per_class` examples of each.
// Return the rows of the first `per_class` examples of each of those classes,
// in the order they appear in `labels`, each with its label IN THE SMALL
// TASK: the position of its class in `classes`. Throw sg::ValueError, naming
// the class and how many there are, when a class has fewer than `per_class`
// examples (a silently smaller task would be a different experiment).
// Lesson: "Two tasks".
// Check: labels {6, 9, 7, 6, 8, 9}, classes {6, 7, 8, 9}, per_class 1 gives
// rows {0, 1, 2, 4} with labels {0, 3, 1, 2}.
// The classic mistakes: keeping the original labels (a 4-output head has no
// output 6), and taking the first 4·per_class rows of the four classes
// together (some classes then get more examples than others).
// Check: build/bin/grade --exercise 18.1
FewShot few_shot_rows(const std::vector<int>& labels, const std::vector<int>& classes, int per_class) {
  // BEGIN SOLUTION 18.1 few_shot_rows: count per class as you go through the labels once; the new label is where the class stands in `classes`
  std::vector<int> taken(classes.size(), 0);
  FewShot out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto it = std::find(classes.begin(), classes.end(), labels[i]);
    if (it == classes.end()) continue;
    const std::size_t k = static_cast<std::size_t>(it - classes.begin());
    if (taken[k] == per_class) continue;
    ++taken[k];
    out.rows.push_back(static_cast<std::int64_t>(i));
    out.labels.push_back(static_cast<int>(k));
  }
  for (std::size_t k = 0; k < classes.size(); ++k) {
    if (taken[k] < per_class) {
      throw ValueError("few_shot_rows: class " + std::to_string(classes[k]) + " has " + std::to_string(taken[k]) +
                       " examples, fewer than the " + std::to_string(per_class) + " asked for");
    }
  }
  return out;
  // END SOLUTION
}

// ---- Exercise 18.2 (trainable_parameters) -------------------------------------
// A network of dense layers, some frozen. How many numbers will the optimiser
// update? Count the parameters of every layer that is not frozen: what
// summary() prints as "Trainable params". Lesson: "Freeze the body,
// re-initialise the head".
// Check: one layer 3 → 2, not frozen, has 8; frozen, it has none to update.
// The classic mistakes: forgetting the biases, and counting the frozen layers
// too (the optimiser never sees them).
// Check: build/bin/grade --exercise 18.2
std::int64_t trainable_parameters(const std::vector<DenseLayer>& layers) {
  // BEGIN SOLUTION 18.2 trainable_parameters: each layer has a weight matrix and a bias; a frozen layer gives the optimiser nothing
  std::int64_t n = 0;
  for (const DenseLayer& l : layers) {
    if (!l.frozen) n += l.in * l.out + l.out;
  }
  return n;
  // END SOLUTION
}

// ---- Exercise 18.3 (ensemble_probabilities) -----------------------------------
// M models (the members) each gave logits for the same examples, one row per
// example, one column per class. Return the ensemble's probabilities: each
// member's logits turned into probabilities first, then the members averaged,
// so every row is a distribution (it sums to 1). Logits of several hundred
// must not give NaN. Throw sg::ValueError for no members or members of
// different shapes. Lesson: "An ensemble".
// Check: one member, logits (0, 0) → (0.5, 0.5); two members (2, 0) and
// (0, 2) → (0.5, 0.5) again.
// The classic mistakes: averaging the logits and taking one softmax at the
// end (a confident member then outvotes the others), and averaging the
// members' votes (their argmaxes), which throws away how sure each was.
// Check: build/bin/grade --exercise 18.3
Eigen::MatrixXd ensemble_probabilities(const std::vector<Eigen::MatrixXd>& member_logits) {
  // BEGIN SOLUTION 18.3 ensemble_probabilities: per member, probabilities from each row of logits (safe for logits in the hundreds: exp(1000) overflows); then the mean over the members
  if (member_logits.empty()) throw ValueError("ensemble_probabilities: no members");
  const Eigen::Index rows = member_logits[0].rows(), cols = member_logits[0].cols();
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(rows, cols);
  for (const Eigen::MatrixXd& Z : member_logits) {
    if (Z.rows() != rows || Z.cols() != cols) {
      throw ValueError("ensemble_probabilities: a member's logits are " + std::to_string(Z.rows()) + "x" +
                       std::to_string(Z.cols()) + " but the first's are " + std::to_string(rows) + "x" +
                       std::to_string(cols));
    }
    Eigen::MatrixXd E = (Z.colwise() - Z.rowwise().maxCoeff()).array().exp().matrix();
    P += (E.array().colwise() / E.rowwise().sum().array()).matrix();
  }
  return P / static_cast<double>(member_logits.size());
  // END SOLUTION
}

}  // namespace sg::ch18
