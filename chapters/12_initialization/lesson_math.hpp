// Chapter 12's helpers that are not exercises, header-only so that
// tests/chapters/ch12_initialization/test_lesson.cpp can run them: the small
// network of the symmetry part (trained from zeros, a constant or random
// weights), an exact test that hidden units are copies, and a histogram.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/stepgrad.hpp"

namespace sg::ch12 {

// A number as this chapter prints it: 4 significant digits, and a zero
// statistic as 0, never "-0" (a mean of exactly symmetric values).
inline std::string num(double v) { return fmt::format("{:.4g}", v == 0.0 ? 0.0 : v); }

// Every column of M equal to its first, bit for bit (M (rows, units)).
inline bool columns_identical(const Mat& M) {
  for (Index j = 1; j < M.cols(); ++j) {
    if (M.col(j) != M.col(0)) return false;
  }
  return true;
}

// The fraction of A's elements in each of `bins` equal bins over [lo, hi]
// (hi itself in the last bin, anything outside in none).
inline std::vector<double> histogram(const Mat& A, double lo, double hi, int bins) {
  std::vector<double> h(static_cast<std::size_t>(bins), 0.0);
  if (A.size() == 0 || !(hi > lo)) return h;
  for (Index i = 0; i < A.size(); ++i) {
    const double v = A.data()[i];
    if (!(v >= lo && v <= hi)) continue;
    const int b = std::min(bins - 1, static_cast<int>((v - lo) / (hi - lo) * bins));
    h[static_cast<std::size_t>(b)] += 1.0 / static_cast<double>(A.size());
  }
  return h;
}

// ---- the symmetry part's network: X (N,2) → Linear(2,H) → tanh → Linear(H,2) → cross-entropy

enum class Start { Zeros, Constant, Random };

inline std::string to_string(Start s) {
  switch (s) {
    case Start::Zeros: return "zeros";
    case Start::Constant: return "constant";
    case Start::Random: return "random";
  }
  return "?";
}

struct SmallNet {
  Mat W1, b1, W2, b2;   // (2,H), (1,H), (H,2), (1,2): hidden unit j is column j of W1 and b1, row j of W2
};

// The starting weights: all 0; all `constant` (biases 0, the lecture's "all
// 1.0"); or Xavier-uniform weights (the engine's Linear default), biases 0.
inline SmallNet small_net(Start s, Index hidden, double constant, Generator& gen) {
  SmallNet n{Mat::Zero(2, hidden), Mat::Zero(1, hidden), Mat::Zero(hidden, 2), Mat::Zero(1, 2)};
  if (s == Start::Constant) {
    n.W1.setConstant(constant);
    n.W2.setConstant(constant);
  } else if (s == Start::Random) {
    n.W1 = init::xavier_uniform(2, hidden, gen);
    n.W2 = init::xavier_uniform(hidden, 2, gen);
  }
  return n;
}

struct SmallNetRun {
  SmallNet start, end;
  std::vector<double> loss;   // before each step, then after the last
  double accuracy = 0.0;
};

// Full-batch gradient descent for `steps` steps at `lr` from `start`.
// on_step(k, loss) runs after step k (1-based): the chapter's trace markers.
inline SmallNetRun train_small_net(Context& ctx, const Dataset& data, const SmallNet& start, int steps, double lr,
                                   const std::function<void(int, double)>& on_step = {}) {
  SmallNetRun run;
  run.start = start;
  Tensor W1 = ctx.param(start.W1, "W1"), b1 = ctx.param(start.b1, "b1");
  Tensor W2 = ctx.param(start.W2, "W2"), b2 = ctx.param(start.b2, "b2");
  const Tensor X = ctx.input(data.X, "X");
  auto forward = [&] {
    const Tensor h = tanh(add(matmul(X, W1), b1)).set_label("h");
    return cross_entropy(add(matmul(h, W2), b2).set_label("Z"), data.labels).set_label("loss").set_role(Role::Loss);
  };
  SGD<double> opt({W1, b1, W2, b2}, lr);
  for (int k = 1; k <= steps; ++k) {
    opt.zero_grad();
    Tensor L = forward();
    run.loss.push_back(L.item());
    L.backward();
    opt.step();
    if (on_step) on_step(k, run.loss.back());
  }
  NoGrad no_grad(ctx);
  const Tensor h = tanh(add(matmul(X, W1), b1));
  const Tensor Z = add(matmul(h, W2), b2);
  run.loss.push_back(cross_entropy(Z, data.labels).item());
  run.accuracy = accuracy(Z.value(), data.labels);
  run.end = {W1.value(), b1.value(), W2.value(), b2.value()};
  return run;
}

// Hidden units that are exact copies: the columns of W1 and b1 and the rows of W2.
inline bool units_identical(const SmallNet& n) {
  return columns_identical(n.W1) && columns_identical(n.b1) && columns_identical(n.W2.transpose());
}

}  // namespace sg::ch12
