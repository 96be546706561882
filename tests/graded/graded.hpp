// What every graded test uses to say what went wrong, so that a failure
// teaches: what was called, what was expected, what came back, and a hint.
//
//   check_value("sigmoid_backward(x=0.5, dY=1)", 0.2350, got,
//               "checked: the derivative of σ at x = 0.5; derive σ', written with σ itself, as "
//               "docs/book/03-activations.md, section \"The five functions\" does",
//               {{0.6225, "this is σ(x), not its derivative"}});
//
// fails with
//
//   sigmoid_backward(x=0.5, dY=1): expected 0.235, got 0.6225: this is σ(x),
//   not its derivative
//
// when the student returned σ(x), and with "... got 0.3. Hint: checked: the
// derivative of σ at x = 0.5; ..." for a wrong value nobody foresaw. A listed
// mistake is a wrong answer we know the cause of; the hint is for all the
// others. Neither writes the answer (docs/instructors.md, "Add an exercise"):
// the hint says what was checked and which lesson section derives it, and a
// mistake says what the wrong value is, not what the right one would be.
//
// Tags of a graded TEST_CASE: "[chNN][exN.M][points:P]", and its name starts
// with the exercise id: "3.1 sigmoid_backward: ...". `grade` reads both.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/shape.hpp"

namespace sg::graded {

// A wrong answer we recognise, and what it means.
template <class T>
struct Mistake {
  T value;
  std::string meaning;
};

// Numbers as a student reads them: `digits` significant digits (4 unless a
// failure needs more to tell expected from got).
std::string show(double v, int digits = 4);
// A matrix as [[a, b], [c, d]] (at most 6 elements shown, then "…"); a 1×1
// one as its number.
std::string show(const Mat& M, int digits = 4);

// got ≈ expected: |got − expected| <= tol · max(1, |expected|), elementwise
// for matrices, whose shapes must also agree. A NaN or inf is never close.
bool close(double expected, double got, double tol);
bool close(const Mat& expected, const Mat& got, double tol);

// Checks got ≈ expected and on failure fails the test (and goes on: every
// check of the test case is reported) with the message described above.
void check_value(const std::string& call, double expected, double got, const std::string& hint,
                 const std::vector<Mistake<double>>& mistakes = {}, double tol = 1e-9);
void check_value(const std::string& call, const Mat& expected, const Mat& got, const std::string& hint,
                 const std::vector<Mistake<Mat>>& mistakes = {}, double tol = 1e-9);
// The same for exact answers (indices, counts, orders).
void check_equal(const std::string& call, long long expected, long long got, const std::string& hint);
void check_equal(const std::string& call, const std::vector<int>& expected, const std::vector<int>& got,
                 const std::string& hint);

// The seed of this grading run (grade --seed, or one grade draws): a test
// case that draws its inputs from it (an instructor's hidden tests,
// tests/hidden/) checks different numbers on every run, so an answer
// hard-coded for the visible tests earns nothing there.
std::uint64_t seed();
void set_seed(std::uint64_t s);

}  // namespace sg::graded
