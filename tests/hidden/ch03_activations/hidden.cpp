// Hidden tests of chapter 3 (an example of an instructor's hidden set;
// docs/instructors.md, "Hidden tests"). Not in the student version
// (cmake/StudentTarball.cmake leaves tests/hidden/ out); compiled into the
// judge of the instructor's tree, reported with the visibility their tags
// give. Their inputs are drawn from the run's seed (grade --seed), so the
// numbers differ on every run: an answer written in for the visible tests'
// inputs earns nothing here. Expected values come from the formulas, written
// out here, never from the solutions.
#include <cmath>
#include <random>
#include <string>

#include "chapters/03_activations/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch03;
using sg::graded::check_value;

namespace {

// A (rows, cols) matrix of numbers in [lo, hi), from the run's seed and a
// stream of its own for each test case.
Mat draw(int rows, int cols, double lo, double hi, std::uint64_t stream) {
  std::mt19937_64 rng(sg::graded::seed() * 1000003 + stream);
  std::uniform_real_distribution<double> u(lo, hi);
  Mat M(rows, cols);
  for (Index i = 0; i < M.size(); ++i) M.data()[i] = u(rng);
  return M;
}

double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }

const std::string kFive = "docs/book/03-activations.md, section \"The five functions\"";

}  // namespace

TEST_CASE("3.1 sigmoid_backward: hidden: inputs drawn from the run's seed",
          "[ch03][ex3.1][points:1][visibility:after_published]") {
  const Mat X = draw(3, 4, -6, 6, 1), dY = draw(3, 4, -2, 2, 2);
  const Mat expected = X.unaryExpr([](double x) { return sig(x) * (1 - sig(x)); }).cwiseProduct(dY);
  check_value("sigmoid_backward(X, dY) at inputs drawn from the seed " + std::to_string(sg::graded::seed()), expected,
              sigmoid_backward(X, dY), "checked: σ'(X) ⊙ dY at random inputs; " + kFive);
}

TEST_CASE("3.2 tanh_backward: hidden: inputs drawn from the run's seed",
          "[ch03][ex3.2][points:1][visibility:hidden]") {
  const Mat X = draw(2, 5, -3, 3, 3), dY = draw(2, 5, -2, 2, 4);
  const Mat expected = X.unaryExpr([](double x) { return 1 - std::tanh(x) * std::tanh(x); }).cwiseProduct(dY);
  check_value("tanh_backward(X, dY) at inputs drawn from the seed " + std::to_string(sg::graded::seed()), expected,
              tanh_backward(X, dY), "checked: (1 − tanh²(X)) ⊙ dY at random inputs; " + kFive);
}
