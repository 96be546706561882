// Graded tests of chapter 15's exercises (exercises/15_classification/exercises.cpp):
// parse_idx_header, min_max_scale, accuracy_from_logits, confusion_counts.
// Expected values are worked out by hand here (the IDX format from its
// specification, big-endian sizes), never taken from the solution's code. A
// stub throws sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/15_classification/exercises.hpp"
#include "engine/core/error.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch15;
using sg::graded::check_equal;
using sg::graded::check_value;
using sg::test::matrix;

namespace {

// A size's four bytes read least significant first: what an x86 processor
// would make of them.
double little_endian(std::uint8_t b0, std::uint8_t b1, std::uint8_t b2, std::uint8_t b3) {
  return b0 + 256.0 * b1 + 65536.0 * b2 + 16777216.0 * b3;
}

const char* kEndian =
    "you read the size least significant byte first, the way an x86 processor stores its own "
    "integers; IDX stores sizes big-endian: the first of the four bytes is the most significant";

}  // namespace

// ---- Exercise 15.1: parse_idx_header ---------------------------------------------------

TEST_CASE("15.1 parse_idx_header: Fashion-MNIST's training images", "[ch15][ex15.1][points:1]") {
  // 00 00 08 03 | 60000 = 0x0000EA60 | 28 = 0x0000001C | 28
  const IdxHeader h = parse_idx_header({0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0xEA, 0x60, 0x00, 0x00, 0x00, 0x1C,
                                        0x00, 0x00, 0x00, 0x1C});
  check_equal("parse_idx_header(train images).type", 8, h.type,
              "byte 2 is the type of the values: 0x08, unsigned bytes");
  check_equal("parse_idx_header(train images).dims", 3, h.dims,
              "byte 3 is the number of dimensions: 3 for images (count, rows, cols)");
  REQUIRE(h.sizes.size() == 3);
  check_value("parse_idx_header(train images).sizes[0]", 60000.0, static_cast<double>(h.sizes[0]),
              "bytes 4 to 7 are the image count, 60000, as 00 00 EA 60",
              {{little_endian(0x00, 0x00, 0xEA, 0x60), kEndian},
               {234.0, "only byte 6 (0xEA = 234) was read: a size is all four bytes 4..7"},
               {96.0, "only byte 7 (0x60 = 96) was read: a size is all four bytes 4..7"}});
  check_value("parse_idx_header(train images).sizes[1]", 28.0, static_cast<double>(h.sizes[1]),
              "bytes 8 to 11 are the rows of an image, 28",
              {{little_endian(0x00, 0x00, 0x00, 0x1C), kEndian}});
  check_value("parse_idx_header(train images).sizes[2]", 28.0, static_cast<double>(h.sizes[2]),
              "bytes 12 to 15 are the columns of an image, 28");
}

TEST_CASE("15.1 parse_idx_header: a label file has one dimension", "[ch15][ex15.1][points:1]") {
  // t10k-labels: 00 00 08 01 | 10000 = 0x00002710 (then the labels, which are not the header)
  const IdxHeader h = parse_idx_header({0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x27, 0x10, 0x09, 0x02, 0x01});
  check_equal("parse_idx_header(test labels).dims", 1, h.dims, "byte 3: one dimension, the count");
  REQUIRE(h.sizes.size() == 1);
  check_value("parse_idx_header(test labels).sizes[0]", 10000.0, static_cast<double>(h.sizes[0]),
              "bytes 4 to 7: 00 00 27 10 is 10000; the bytes after the header are labels, not sizes",
              {{little_endian(0x00, 0x00, 0x27, 0x10), kEndian}});
}

TEST_CASE("15.1 parse_idx_header: every byte of a size counts", "[ch15][ex15.1][points:1]") {
  // One dimension of size 0x01FF80FE = 33521918: four different bytes, two of them above 127.
  const IdxHeader h = parse_idx_header({0x00, 0x00, 0x08, 0x01, 0x01, 0xFF, 0x80, 0xFE});
  REQUIRE(h.sizes.size() == 1);
  check_value("parse_idx_header(00 00 08 01 01 FF 80 FE).sizes[0]", 33521918.0, static_cast<double>(h.sizes[0]),
              "size = ((b4·256 + b5)·256 + b6)·256 + b7 with each byte between 0 and 255",
              {{little_endian(0x01, 0xFF, 0x80, 0xFE), kEndian},
               {static_cast<double>(0xFF80FE), "the first byte of the size (0x01) is missing: use all four"},
               {static_cast<double>((0x01 << 24) - (0x01 << 16) - (0x80 << 8) - 2),
                "a byte above 127 was taken as negative (a signed char): treat every byte as 0..255"}});
  check_equal("parse_idx_header(00 00 0D 01 ...).type", 0x0D, parse_idx_header({0, 0, 0x0D, 1, 0, 0, 0, 1}).type,
              "byte 2 is the type whatever it is (0x0D means 4-byte floats); report it, do not assume 8");
}

TEST_CASE("15.1 parse_idx_header: what is not a header is an error", "[ch15][ex15.1][points:1]") {
  // A header must be 4 bytes at least, start with two zero bytes and hold every size.
  REQUIRE(parse_idx_header({0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x05}).sizes.size() == 1);
  CHECK_THROWS_AS(parse_idx_header({0x00, 0x00}), ValueError);
  CHECK_THROWS_AS(parse_idx_header({0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00}), ValueError);   // a zip file
  CHECK_THROWS_AS(parse_idx_header({0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0xEA, 0x60}), ValueError);  // 2 sizes short
}

// ---- Exercise 15.2: min_max_scale -------------------------------------------------------

TEST_CASE("15.2 min_max_scale: the training split ends in [0, 1]", "[ch15][ex15.2][points:1]") {
  // Column 0: min 0, max 4; column 1: min 10, max 30 (range 20).
  const Eigen::MatrixXd train = matrix(3, 2, {0, 10, 2, 30, 4, 20});
  const Eigen::MatrixXd test = matrix(2, 2, {1, 50, 5, 10});
  const Scaled s = min_max_scale(train, test);
  check_value("min_max_scale(train 3×2, test 2×2).train", matrix(3, 2, {0, 0, 0.5, 1, 1, 0.5}), s.train,
              "(x − min)/(max − min), column by column, with the training rows' min and max",
              {{matrix(3, 2, {0, 0, 0.4, 0.5, 0.8, 0.25}),
                "the minimum and maximum came from the training AND test rows: fit on the training rows only (the "
                "test split must not shape the preprocessing)"},
               {matrix(3, 2, {0, 1.0 / 3, 0.5, 1, 1, 2.0 / 3}),
                "that is x/max: subtract the column's minimum first, (x − min)/(max − min)"},
               {matrix(3, 2, {0, 0, 0.5, 2.0 / 3, 1, 1.0 / 3}), "divided by the maximum; divide by max − min, the range"}},
              1e-12);
}

TEST_CASE("15.2 min_max_scale: the test split uses the training statistics", "[ch15][ex15.2][points:1]") {
  const Eigen::MatrixXd train = matrix(3, 2, {0, 10, 2, 30, 4, 20});
  const Eigen::MatrixXd test = matrix(2, 2, {1, 50, 5, 10});
  const Scaled s = min_max_scale(train, test);
  // Column 0: (1 − 0)/4, (5 − 0)/4; column 1: (50 − 10)/20, (10 − 10)/20.
  check_value("min_max_scale(train 3×2, test 2×2).test", matrix(2, 2, {0.25, 2.0, 1.25, 0.0}), s.test,
              "scale the test rows with the training rows' min and range; values outside [0, 1] are right",
              {{matrix(2, 2, {0, 1, 1, 0}),
                "the test split was scaled with its own minimum and maximum: use the training split's, which the "
                "model was trained with"},
               {matrix(2, 2, {0.2, 1, 1, 0}),
                "the minimum and maximum came from the training AND test rows: that leaks the test split into the "
                "preprocessing"},
               {matrix(2, 2, {0.25, 1, 1, 0}), "values were clipped to [0, 1]: keep 1.25 and 2, the model should see "
                                               "that the test image is brighter than any training one"}},
              1e-12);
}

TEST_CASE("15.2 min_max_scale: a constant column becomes 0, not NaN", "[ch15][ex15.2][points:1]") {
  // Column 0 is 3 on every training row (an edge pixel that is always 0 is the same case).
  const Eigen::MatrixXd train = matrix(2, 2, {3, 1, 3, 2});
  const Eigen::MatrixXd test = matrix(1, 2, {5, 1.5});
  const Scaled s = min_max_scale(train, test);
  check_value("min_max_scale(constant column).train", matrix(2, 2, {0, 0, 0, 1}), s.train,
              "max − min = 0: divide by 1 instead (as scikit-learn), so the column is 0 where it was fitted");
  check_value("min_max_scale(constant column).test", matrix(1, 2, {2, 0.5}), s.test,
              "the constant column's test value 5 becomes (5 − 3)/1 = 2", {}, 1e-12);
}

// ---- Exercise 15.3: accuracy_from_logits --------------------------------------------------

TEST_CASE("15.3 accuracy_from_logits: the largest logit of each row", "[ch15][ex15.3][points:1]") {
  // Row argmax: 2, 0, 1; labels 2, 0, 0: two of three right.
  const Eigen::MatrixXd Z = matrix(3, 3, {0, 1, 9, 8, 0, 1, 1, 7, 0});
  check_value("accuracy_from_logits(Z 3×3, labels {2, 0, 0})", 2.0 / 3.0, accuracy_from_logits(Z, {2, 0, 0}),
              "predict the column of each row's largest value, then the fraction of rows that match",
              {{1.0 / 3.0, "you took the largest value of each column (over the examples); a row is one example, "
                           "and its largest column is its class"},
               {0.0, "that is the smallest logit of each row: the prediction is the largest"},
               {2.0, "that is the count of right answers: return the fraction"}},
              1e-12);
}

TEST_CASE("15.3 accuracy_from_logits: negative logits and ties", "[ch15][ex15.3][points:1]") {
  const Eigen::MatrixXd negative = matrix(2, 3, {-1, -3, -2, -5, -4, -6});
  check_value("accuracy_from_logits(all negative, labels {0, 1})", 1.0, accuracy_from_logits(negative, {0, 1}),
              "a row's largest logit is its prediction even when every logit is negative",
              {{0.5, "the search for the largest started at 0 (or at class 0 with value 0): start from the row's "
                     "first value"}},
              1e-12);
  const Eigen::MatrixXd ties = matrix(2, 3, {1, 3, 3, 2, 2, 0});
  check_value("accuracy_from_logits(ties, labels {1, 0})", 1.0, accuracy_from_logits(ties, {1, 0}),
              "on a tie the first of the largest columns is the prediction (as numpy's argmax)",
              {{0.0, "ties went to the last column: keep the first (replace only on a strictly larger value)"}}, 1e-12);
}

// ---- Exercise 15.4: confusion_counts -------------------------------------------------------

TEST_CASE("15.4 confusion_counts: rows are the true class", "[ch15][ex15.4][points:1]") {
  const Eigen::MatrixXi C = confusion_counts({0, 0, 1, 2, 2, 2}, {0, 1, 1, 2, 0, 2}, 3);
  REQUIRE(C.rows() == 3);
  REQUIRE(C.cols() == 3);
  check_value("confusion_counts(labels {0,0,1,2,2,2}, predicted {0,1,1,2,0,2}, 3)",
              matrix(3, 3, {1, 1, 0, 0, 1, 0, 1, 0, 2}), C.cast<double>(),
              "C(t, p) counts the examples of true class t predicted as p",
              {{matrix(3, 3, {1, 0, 1, 1, 1, 0, 0, 0, 2}),
                "rows and columns are swapped: the row is the true class, the column the prediction"}});
}

TEST_CASE("15.4 confusion_counts: an absent class still has its row and column", "[ch15][ex15.4][points:1]") {
  const Eigen::MatrixXi C = confusion_counts({1, 1, 0}, {1, 0, 0}, 4);
  REQUIRE(C.rows() == 4);
  REQUIRE(C.cols() == 4);
  check_value("confusion_counts(labels {1,1,0}, predicted {1,0,0}, 4)",
              matrix(4, 4, {1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), C.cast<double>(),
              "a classes × classes matrix of counts, zeros where nothing fell");
  check_equal("trace of confusion_counts(...) (the right answers)", 2, C.trace(),
              "the diagonal holds the examples whose prediction is their label");
}

TEST_CASE("15.4 confusion_counts: labels outside the classes are an error", "[ch15][ex15.4][points:1]") {
  REQUIRE(confusion_counts({0, 1}, {0, 1}, 2).sum() == 2);
  CHECK_THROWS_AS(confusion_counts({0, 1}, {0, 2}, 2), ValueError);    // a prediction of class 2 of 2
  CHECK_THROWS_AS(confusion_counts({-1, 1}, {0, 1}, 2), ValueError);   // a negative label
  CHECK_THROWS_AS(confusion_counts({0, 1, 1}, {0, 1}, 2), ValueError); // lengths differ
}
