// Chapter 15's exercises (declared in chapters/15_classification/exercises.hpp).
// Read docs/book/15-classification.md first: each block below names the
// section it belongs to. Write the body, then check it:
//   build/bin/grade --chapter 15        all four
//   build/bin/grade --exercise 15.1     one
// The chapter (build/bin/ch15_classification) puts your results next to the
// engine's and skips what is not written yet.
#include "chapters/15_classification/exercises.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.hpp"

namespace sg::ch15 {

// ---- Exercise 15.1 (parse_idx_header) ----------------------------------------
// An IDX file (MNIST's format) starts with four bytes: two zero bytes, the
// type of the values (byte 2; 0x08 means unsigned bytes) and the number of
// dimensions (byte 3). Then come that many sizes, each a 32-bit unsigned
// integer stored most significant byte first (big-endian), and then the
// values. Return type, dims and the sizes. Throw sg::ValueError (with a
// message saying what is wrong) when the bytes cannot be a header: fewer than
// 4 bytes, bytes 0 and 1 not both zero, or fewer bytes than the sizes need.
// Lesson: "The data: Fashion-MNIST".
// Check: the training images of Fashion-MNIST give type 8, 3 dimensions and
// the sizes 60000, 28, 28; the labels 8, 1 and 60000.
// The classic mistake: reading the sizes the way an x86 processor stores its
// own integers (least significant byte first).
// Check: build/bin/grade --exercise 15.1
IdxHeader parse_idx_header(const std::vector<std::uint8_t>& bytes) {
  // Exercise 15.1 (parse_idx_header): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 15.1 (parse_idx_header) is not implemented yet: open exercises/15_classification/exercises.cpp. Hint: bytes 2 and 3 are type and dimensions; each size is four bytes, the most significant first");
}

// ---- Exercise 15.2 (min_max_scale) --------------------------------------------
// The lecture's min-max scaler (scikit-learn's MinMaxScaler), column by
// column: each column of the TRAINING rows is mapped onto [0, 1] by a shift
// and a stretch that come from that column alone. Fit on the training split,
// then apply the same shift and stretch to the test split. A column that is
// constant on the training split must come out as 0 there, never NaN (as in
// scikit-learn). Lesson: "Scaling" (the lecture's formula).
// Check: every training column ends up in [0, 1] with 0 and 1 reached (unless
// it is constant); test values may leave [0, 1], and that is right.
// The classic mistakes: fitting on the test split too (it leaks the test data
// into the preprocessing), scaling the test split with its own minimum and
// maximum, and dividing by zero on a constant column.
// Check: build/bin/grade --exercise 15.2
Scaled min_max_scale(const Eigen::MatrixXd& train, const Eigen::MatrixXd& test) {
  // Exercise 15.2 (min_max_scale): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 15.2 (min_max_scale) is not implemented yet: open exercises/15_classification/exercises.cpp. Hint: every column's minimum and range come from the training rows alone, and a range of 0 must not divide");
}

// ---- Exercise 15.3 (accuracy_from_logits) ---------------------------------------
// Z holds one row per example and one column per class: the network's
// outputs before softmax (logits). The predicted class of a row is the column
// with the largest value (the first such column on a tie). Return the
// fraction of rows whose predicted class equals labels[row]. Softmax keeps
// the order of a row's values, so the answer is the same before or after it.
// Lesson: "Evaluate on the test set".
// Check: a row whose largest logit is negative still predicts that class.
// The classic mistakes: taking the largest value of a column (over the
// examples) instead of a row, and breaking a tie towards the last column.
// Check: build/bin/grade --exercise 15.3
double accuracy_from_logits(const Eigen::MatrixXd& Z, const std::vector<int>& labels) {
  // Exercise 15.3 (accuracy_from_logits): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 15.3 (accuracy_from_logits) is not implemented yet: open exercises/15_classification/exercises.cpp. Hint: one predicted class per row, the column of its largest value (the first on a tie); then count the matches");
}

// ---- Exercise 15.4 (confusion_counts) -------------------------------------------
// The confusion matrix C (classes × classes): C(t, p) counts the examples
// whose true class is t and whose predicted class is p. Row t sums to the
// number of examples of class t; the diagonal holds the right answers.
// Throw sg::ValueError when a label or a prediction is outside
// [0, classes) or the two lists differ in length.
// Lesson: "The confusion matrix".
// Check: the diagonal's sum divided by the number of examples is the accuracy.
// The classic mistake: rows and columns swapped (the convention here, as in
// scikit-learn and the engine, is rows = true class).
// Check: build/bin/grade --exercise 15.4
Eigen::MatrixXi confusion_counts(const std::vector<int>& labels, const std::vector<int>& predicted, int classes) {
  // Exercise 15.4 (confusion_counts): your code goes here, in place of the line below.
  throw sg::NotImplemented("Exercise 15.4 (confusion_counts) is not implemented yet: open exercises/15_classification/exercises.cpp. Hint: one count per example, in the row of its true class and the column of its prediction");
}

}  // namespace sg::ch15
