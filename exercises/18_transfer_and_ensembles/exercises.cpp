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
  // Exercise 18.1 (few_shot_rows): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 18.1 (few_shot_rows) is not implemented yet: open exercises/18_transfer_and_ensembles/exercises.cpp. Hint: count per class as you go through the labels once; the new label is where the class stands in `classes`");
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
  // Exercise 18.2 (trainable_parameters): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 18.2 (trainable_parameters) is not implemented yet: open exercises/18_transfer_and_ensembles/exercises.cpp. Hint: each layer has a weight matrix and a bias; a frozen layer gives the optimiser nothing");
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
  // Exercise 18.3 (ensemble_probabilities): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 18.3 (ensemble_probabilities) is not implemented yet: open exercises/18_transfer_and_ensembles/exercises.cpp. Hint: per member, probabilities from each row of logits (safe for logits in the hundreds: exp(1000) overflows); then the mean over the members");
}

}  // namespace sg::ch18
