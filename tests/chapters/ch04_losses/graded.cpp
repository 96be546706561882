// Graded tests of chapter 4's exercises (exercises/04_losses/exercises.cpp):
// mse, bce, logsumexp, cross_entropy and their gradients. Expected values are
// the formulas written out here, or constants worked out by hand (the
// comment says how); the gradients are also checked against a central
// difference of the formula. A stub throws sg::NotImplemented, which fails
// the case with the stub's message.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "chapters/04_losses/exercises.hpp"
#include "chapters/04_losses/losses.hpp"
#include "tests/graded/graded.hpp"
#include "tests/support/matrices.hpp"

using namespace sg;
using namespace sg::ch04;
using sg::graded::check_value;
using sg::test::column;
using sg::test::row;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kConventions = "docs/book/04-losses.md, section \"The losses and their conventions\"";
const std::string kLse = "docs/book/04-losses.md, section \"Log-sum-exp without overflow\"";
const std::string kUniform = "docs/book/04-losses.md, section \"The loss of a uniform guess is ln C\"";


// The chapter's examples (docs/book/04-losses.md).
const Mat kYhat = column({2.5, 0.0, 2.0, 8.0});
const Mat kY = column({3.0, -0.5, 2.0, 7.0});
const Mat kP = column({0.9, 0.2, 0.6, 0.4});
const Mat kT = column({1.0, 0.0, 1.0, 0.0});
Mat chapter_logits() { return (Mat(2, 3) << 2.0, 1.0, 0.1, 0.5, 2.5, -1.0).finished(); }


// Softmax cross-entropy of one row, written out in long double so that
// e^z is exact enough and does not overflow for |z| ≤ 1000 (the largest long
// double is about 1e4932 on x86; the tests below stay far from it).
double row_cross_entropy(const Mat& Z, Index b, int label) {
  long double sum = 0;
  for (Index j = 0; j < Z.cols(); ++j) sum += std::exp(static_cast<long double>(Z(b, j)));
  return static_cast<double>(std::log(sum) - Z(b, label));
}

}  // namespace

// ---- Exercise 4.1: mse, mse_backward -------------------------------------------------

TEST_CASE("4.1 mse: the chapter's regression example", "[ch04][ex4.1][points:1]") {
  // (Ŷ − Y)² = 0.25, 0.25, 0, 1; their mean is 1.5/4 = 0.375.
  check_value("mse(Ŷ=[2.5, 0, 2, 8], Y=[3, -0.5, 2, 7])", 0.375, mse(kYhat, kY),
              "checked: the mean of the squared differences on the lesson's example, N = 4; " + kConventions,
              {{1.5, "this is the sum of the squares; the mean divides it by N = 4"},
               {0.1875, "this is half the mean; mse has no ½ (that is half_squared_error's, without the mean)"},
               {std::sqrt(0.375), "this is the RMSE, the square root of the mean"},
               {0.5, "this is the mean of |Ŷ − Y|; square the differences instead"}});
}

TEST_CASE("4.1 mse: a (B,n) matrix averages over all B·n elements", "[ch04][ex4.1][points:1]") {
  Mat Yhat(2, 3), Y(2, 3);
  Yhat << 1.0, 2.0, 3.0, 4.0, 5.0, 6.0;
  Y << 0.0, 2.0, 1.0, 4.0, 8.0, 6.0;
  // differences 1, 0, 2, 0, −3, 0: squares sum to 1 + 4 + 9 = 14, over N = 6
  check_value("mse(Ŷ (2,3), Y (2,3))", 14.0 / 6.0, mse(Yhat, Y),
              "checked: a (2,3) matrix, whose mean is over all its N = 6 elements; " + kConventions,
              {{14.0 / 2.0, "you divided by the B = 2 rows; mse divides by all N = B·n = 6 elements"},
               {14.0 / 3.0, "you divided by the n = 3 columns; mse divides by all N = B·n = 6 elements"},
               {14.0, "this is the sum; divide by N = 6"}});
}

TEST_CASE("4.1 mse_backward: on the chapter's example", "[ch04][ex4.1][points:1]") {
  const Mat want = 2.0 * (kYhat - kY) / 4.0;   // [-0.25, 0.25, 0, 0.5]
  check_value("mse_backward(Ŷ=[2.5, 0, 2, 8], Y=[3, -0.5, 2, 7])", want, mse_backward(kYhat, kY),
              "checked: dL/dŶ element by element on the lesson's example (N = 4), the same shape as Ŷ; derived "
              "in " + kConventions,
              {{-want, "the sign is flipped: where Ŷ is above Y, raising Ŷ raises the loss, so the gradient is "
                       "positive there"},
               {want / 2.0, "the factor 2 from the square is missing"},
               {want * 4.0, "the 1/N of the mean is missing"},
               {want * 2.0, "the 1/N of the mean is missing, and so is the 2 (this is Ŷ − Y)"}});
}

TEST_CASE("4.1 mse_backward: matches a central difference of the mean squared error", "[ch04][ex4.1][points:1]") {
  Mat Yhat(3, 2), Y(3, 2);
  Yhat << 0.3, -1.2, 2.0, 0.7, -0.4, 1.1;
  Y << 0.0, -1.0, 2.5, 0.7, 0.6, 0.0;
  const auto L = [&Y](const Mat& Yh) { return (Yh - Y).array().square().sum() / 6.0; };
  // mse is quadratic: the central difference is exact up to rounding (~1e-10 at h = 1e-4).
  check_value("mse_backward(Ŷ (3,2), Y (3,2)) against (L(Ŷ + h) − L(Ŷ − h))/2h", numerical_gradient(L, Yhat, 1e-4),
              mse_backward(Yhat, Y),
              "checked: against a central difference of the mean squared error on a (3,2) matrix, N = 6; " +
                  kConventions,
              {}, 1e-8);
}

// ---- Exercise 4.2: bce, bce_backward -------------------------------------------------

TEST_CASE("4.2 bce: the chapter's binary example", "[ch04][ex4.2][points:1]") {
  const double want = -(std::log(0.9) + std::log(0.8) + std::log(0.6) + std::log(0.6)) / 4.0;   // 0.3375
  check_value("bce(P=[0.9, 0.2, 0.6, 0.4], Y=[1, 0, 1, 0])", want, bce(kP, kT),
              "checked: the binary cross-entropy of probabilities on the lesson's example, the mean over N = 4; "
              "its formula is in the table of " + kConventions,
              {{-want, "the sign is flipped: each log is negative, the loss −mean(...) is positive"},
               {4.0 * want, "this is the sum; the loss is the mean over N = 4"},
               {-(std::log(0.9) + std::log(0.6)) / 4.0,
                "only the y·log p term is there: the targets y = 0 add nothing to it, and need a term of their "
                "own"}});
}

TEST_CASE("4.2 bce: a (B,n) matrix averages over all B·n elements", "[ch04][ex4.2][points:1]") {
  Mat P(2, 2), Y(2, 2);
  P << 0.5, 0.25, 0.8, 0.1;
  Y << 1.0, 0.0, 0.0, 0.0;
  // −(ln 0.5 + ln 0.75 + ln 0.2 + ln 0.9)/4
  const double want = -(std::log(0.5) + std::log(0.75) + std::log(0.2) + std::log(0.9)) / 4.0;
  check_value("bce(P (2,2), Y (2,2))", want, bce(P, Y),
              "checked: a (2,2) matrix, averaged over all its N = 4 elements; " + kConventions,
              {{2.0 * want, "you divided by the B = 2 rows; bce averages over all N = B·n = 4 elements"},
               {4.0 * want, "this is the sum; divide by N = 4"}});
}

TEST_CASE("4.2 bce_backward: on the chapter's example", "[ch04][ex4.2][points:1]") {
  const Mat want = ((kP - kT).array() / (kP.array() * (1.0 - kP.array())) / 4.0).matrix();
  // = [-0.2778, 0.3125, -0.4167, 0.4167]
  const Mat logits_gradient = (kP - kT) / 4.0;
  check_value("bce_backward(P=[0.9, 0.2, 0.6, 0.4], Y=[1, 0, 1, 0])", want, bce_backward(kP, kT),
              "checked: dL/dP element by element on the lesson's example (N = 4); differentiate each log term "
              "by p, as " + kConventions + " does",
              {{-want, "the sign is flipped: the loss has a minus in front of the mean"},
               {want * 4.0, "the 1/N of the mean is missing"},
               {logits_gradient, "this is (p − y)/N, the gradient with respect to the logit z (bce_with_logits), "
                                 "not with respect to the probability p"}});
}

TEST_CASE("4.2 bce_backward: matches a central difference of the binary cross-entropy", "[ch04][ex4.2][points:1]") {
  Mat P(2, 3), Y(2, 3);
  P << 0.3, 0.75, 0.05, 0.5, 0.99, 0.6;
  Y << 1.0, 1.0, 0.0, 0.0, 1.0, 0.0;
  const auto L = [&Y](const Mat& Pr) {
    return -(Y.array() * Pr.array().log() + (1.0 - Y.array()) * (1.0 - Pr.array()).log()).sum() / 6.0;
  };
  // h = 1e-6 keeps 0.99 ± h inside (0, 1); the difference's error is ~1e-9 here.
  check_value("bce_backward(P (2,3), Y (2,3)) against (L(P + h) − L(P − h))/2h", numerical_gradient(L, P, 1e-6),
              bce_backward(P, Y),
              "checked: against a central difference of the binary cross-entropy on a (2,3) matrix, N = 6; " +
                  kConventions,
              {}, 1e-6);
}

// ---- Exercise 4.3: logsumexp --------------------------------------------------------

TEST_CASE("4.3 logsumexp: small logits, one value per row", "[ch04][ex4.3][points:1]") {
  Mat Z(2, 3);
  Z << 0.0, 0.0, 0.0, 1.0, 2.0, 3.0;
  const Mat want = column({std::log(3.0), std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0))});   // [1.099, 3.408]
  check_value("logsumexp([[0, 0, 0], [1, 2, 3]])", want, logsumexp(Z),
              "checked: log Σ_j exp(z_j) of each row, a (2,1) column, on small logits; " + kLse,
              {{column({0.0, 3.0}), "this is only each row's maximum; the rest of the log-sum-exp is missing"},
               {column({3.0, std::exp(1.0) + std::exp(2.0) + std::exp(3.0)}), "the log is missing: this is Σ exp(z)"},
               {column({std::log(3.0), std::log(1.0 + std::exp(-1.0) + std::exp(-2.0))}),
                "this is the log-sum-exp of the shifted rows: the shift was not undone in the result (" + kLse +
                    ")"}});
}

TEST_CASE("4.3 logsumexp: does not overflow at 1000", "[ch04][ex4.3][points:1]") {
  // 1002 + ln(e^−2 + e^−1 + 1) = 1002.40760596...
  const Mat z = row({1000.0, 1001.0, 1002.0});
  const double want = 1002.0 + std::log(std::exp(-2.0) + std::exp(-1.0) + 1.0);
  check_value("logsumexp([[1000, 1001, 1002]])", want, logsumexp(z)(0, 0),
              "checked: a row near 1000, where exp overflows; " + kLse + " shows the shift that keeps every exp "
              "finite",
              {{kInf, "e^1000 overflowed to inf: exp must never see a number that large (" + kLse + ")"}}, 1e-12);
  // The lesson's softmax is exp(z − lse) with your logsumexp: [e^−2, e^−1, 1]/(e^−2 + e^−1 + 1).
  const double sum = std::exp(-2.0) + std::exp(-1.0) + 1.0;
  // exp(z − lse) inherits lse's absolute rounding, one ulp of 1002 ≈ 2.3e-13.
  check_value("softmax([[1000, 1001, 1002]]) = exp(z − logsumexp(z))",
              row({std::exp(-2.0) / sum, std::exp(-1.0) / sum, 1.0 / sum}), softmax(z),
              "softmax (losses.hpp) is exp(z − lse): it is right once logsumexp is", {}, 1e-12);
}

TEST_CASE("4.3 logsumexp: does not underflow at -1000", "[ch04][ex4.3][points:1]") {
  // −1000 + ln(1 + e^−1 + e^−2) = −999.59239404...
  const double want = -1000.0 + std::log(1.0 + std::exp(-1.0) + std::exp(-2.0));
  check_value("logsumexp([[-1000, -1001, -1002]])", want, logsumexp(row({-1000.0, -1001.0, -1002.0}))(0, 0),
              "checked: a row near −1000, where every exp underflows to 0 unless the row is shifted; the shift "
              "that works at 1000 works here too (not a shift by 0, nor by the minimum): " + kLse,
              {{-kInf, "e^−1000 underflowed to 0 and log 0 = −inf: this row needs its shift too (" + kLse + ")"}},
              1e-12);
}

TEST_CASE("4.3 logsumexp: rows near 1000 and -1000 in one matrix", "[ch04][ex4.3][points:1]") {
  Mat Z(2, 2);
  Z << 1000.0, 1000.0, -1000.0, -1000.0;
  const Mat want = column({1000.0 + std::log(2.0), -1000.0 + std::log(2.0)});
  check_value("logsumexp([[1000, 1000], [-1000, -1000]])", want, logsumexp(Z),
              "checked: a row near 1000 and a row near −1000 in one matrix: each row needs a shift of its own, "
              "not one for the whole matrix (" + kLse + ")",
              {{column({1000.0 + std::log(2.0), -kInf}),
                "the second row was shifted by the first row's 1000: e^−2000 underflows. Each row needs its own "
                "shift"}},
              1e-12);
}

// ---- Exercise 4.4: cross_entropy, cross_entropy_backward -----------------------------

TEST_CASE("4.4 cross_entropy: the chapter's two samples", "[ch04][ex4.4][points:1]") {
  const Mat Z = chapter_logits();
  // (0.4170300163 + 0.1531782071)/2 = 0.2851041117
  const double l0 = row_cross_entropy(Z, 0, 0), l1 = row_cross_entropy(Z, 1, 1);
  check_value("cross_entropy([[2, 1, 0.1], [0.5, 2.5, -1]], labels [0, 1])", (l0 + l1) / 2.0,
              cross_entropy(Z, {0, 1}),
              "checked: the mean over the B = 2 rows of −log softmax at each row's label, on the lesson's logits; "
              + kLse + " writes it with log-sum-exp",
              {{l0 + l1, "this is the sum over the rows; the loss is their mean (divide by B = 2)"},
               {-(l0 + l1) / 2.0, "the sign is flipped: −log p of the label is positive"},
               {(l0 + l1) / 6.0, "you divided by B·C = 6; cross-entropy averages over the B = 2 rows only"},
               {(row_cross_entropy(Z, 0, 1) + row_cross_entropy(Z, 1, 0)) / 2.0,
                "the labels are swapped: row b's label is labels[b]"}});
}

TEST_CASE("4.4 cross_entropy: equal logits cost ln C, even at 1000", "[ch04][ex4.4][points:1]") {
  check_value("cross_entropy(zeros (1,10), label 3)", std::log(10.0), cross_entropy(Mat::Zero(1, 10), {3}),
              "checked: equal logits, where softmax is 1/C for every class and the loss is ln C; " + kUniform,
              {{-std::log(10.0), "the sign is flipped: the loss is −log p"}}, 1e-12);
  check_value("cross_entropy([[1000, 1000, 1000]], label 0)", std::log(3.0),
              cross_entropy(Mat::Constant(1, 3, 1000.0), {0}),
              "checked: equal logits at 1000 cost ln 3 too. nan or inf means an exp overflowed, or a probability "
              "rounded to 0 before its log: write the loss with your logsumexp (4.3), as " + kLse + " does",
              {}, 1e-12);
}

TEST_CASE("4.4 cross_entropy_backward: on the chapter's two samples", "[ch04][ex4.4][points:2]") {
  const Mat Z = chapter_logits();
  // softmax of each row written out, then minus the one-hot of labels [0, 1], over B = 2
  Mat P = Z.array().exp().matrix();
  for (Index b = 0; b < 2; ++b) P.row(b) /= P.row(b).sum();
  Mat onehot = Mat::Zero(2, 3);
  onehot(0, 0) = onehot(1, 1) = 1.0;
  const Mat want = (P - onehot) / 2.0;
  check_value("cross_entropy_backward([[2, 1, 0.1], [0.5, 2.5, -1]], labels [0, 1])", want,
              cross_entropy_backward(Z, {0, 1}),
              "checked: dL/dZ on the lesson's logits, shape (B,C) = (2,3); derived in " + kConventions,
              {{-want, "the sign is flipped: raising a wrong class's logit must raise the loss"},
               {want * 2.0, "the 1/B of the mean over the rows is missing"},
               {want * 2.0 / 6.0, "you divided by B·C = 6; divide by the B = 2 rows only"},
               {P / 2.0, "this is softmax(Z)/B: the derivative of the loss's −z_label term is missing"}});
}

TEST_CASE("4.4 cross_entropy_backward: matches a central difference, with logits near 1000", "[ch04][ex4.4][points:1]") {
  Mat Z(3, 3);
  Z << 1000.0, 1001.0, 999.5, -1000.0, -1002.0, -1000.5, 0.3, -0.2, 0.0;
  const std::vector<int> labels{2, 0, 1};
  const auto L = [&labels](const Mat& X) {
    double sum = 0.0;
    for (Index b = 0; b < 3; ++b) {
      const double m = X.row(b).maxCoeff();   // written out stably, as the test's reference
      sum += m + std::log((X.row(b).array() - m).exp().sum()) - X(b, labels[static_cast<std::size_t>(b)]);
    }
    return sum / 3.0;
  };
  // At 1000 an h of 1e-5 changes the logits by ~1e-8 of their size: the difference keeps ~6 digits.
  check_value("cross_entropy_backward(Z (3,3) with rows near 1000, -1000 and 0, labels [2, 0, 1])",
              numerical_gradient(L, Z, 1e-5), cross_entropy_backward(Z, labels),
              "checked: against a central difference, with logits near 1000 and −1000. nan or inf means a softmax "
              "computed without the shift of " + kLse + " (losses.hpp's softmax has it); the gradient is derived "
              "in " + kConventions,
              {}, 1e-6);
}
