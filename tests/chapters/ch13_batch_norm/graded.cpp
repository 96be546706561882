// Graded tests of chapter 13's exercises (exercises/13_batch_norm/exercises.cpp):
// bn_forward, bn_backward, running_update, bn_eval. Expected values are the
// lecture's Algorithm 1 written out here element by element, with loops, or
// central differences of it; never the solution. A stub throws
// sg::NotImplemented, which fails the case with the stub's message.
#include <cmath>
#include <string>

#include "chapters/13_batch_norm/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch13;
using sg::graded::check_value;

namespace {

constexpr double kEps = 1e-5;

// The lesson's tiny batch: column 1 is 1, 3, 5, 7 (μ = 4, σ² = 5), column 2
// is −2, 0, 1, 5 (μ = 1, σ² = 6.5).
Mat tiny_X() { return (Mat(4, 2) << 1.0, -2.0, 3.0, 0.0, 5.0, 1.0, 7.0, 5.0).finished(); }
Mat tiny_gamma() { return (Mat(1, 2) << 2.0, 0.5).finished(); }
Mat tiny_beta() { return (Mat(1, 2) << 1.0, -1.0).finished(); }
Mat tiny_dY() { return (Mat(4, 2) << 0.1, -0.2, 0.3, 0.1, -0.2, 0.4, 0.5, -0.1).finished(); }
Mat row(double a, double b) { return (Mat(1, 2) << a, b).finished(); }

// Column statistics with loops: the mean and the variance dividing by `divisor_offset`
// less than m (0: biased, 1: unbiased).
Mat col_mean(const Mat& X) {
  Mat mu = Mat::Zero(1, X.cols());
  for (Index j = 0; j < X.cols(); ++j) {
    for (Index i = 0; i < X.rows(); ++i) mu(0, j) += X(i, j);
    mu(0, j) /= static_cast<double>(X.rows());
  }
  return mu;
}
Mat col_var(const Mat& X, int divisor_offset) {
  const Mat mu = col_mean(X);
  Mat var = Mat::Zero(1, X.cols());
  for (Index j = 0; j < X.cols(); ++j) {
    for (Index i = 0; i < X.rows(); ++i) var(0, j) += (X(i, j) - mu(0, j)) * (X(i, j) - mu(0, j));
    var(0, j) /= static_cast<double>(X.rows() - divisor_offset);
  }
  return var;
}

// y = γ (x − mean)/scale + β elementwise, scale(j) given: the normalisation with
// any statistics (the right ones or a mistake's).
Mat normalise(const Mat& X, const Mat& mean, const Mat& scale, const Mat& gamma, const Mat& beta) {
  Mat Y(X.rows(), X.cols());
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.cols(); ++j) Y(i, j) = gamma(0, j) * (X(i, j) - mean(0, j)) / scale(0, j) + beta(0, j);
  }
  return Y;
}
Mat sqrt_plus_eps(const Mat& var) { return (var.array() + kEps).sqrt().matrix(); }
Mat ones(Index n) { return Mat::Ones(1, n); }
Mat zeros(Index n) { return Mat::Zero(1, n); }

// The training-mode forward pass, Algorithm 1.
Mat bn_y(const Mat& X, const Mat& gamma, const Mat& beta) {
  return normalise(X, col_mean(X), sqrt_plus_eps(col_var(X, 0)), gamma, beta);
}
// L = Σ C ⊙ BN(X): its gradient with respect to Y is C.
double loss(const Mat& X, const Mat& gamma, const Mat& beta, const Mat& C) {
  return bn_y(X, gamma, beta).cwiseProduct(C).sum();
}

// Central differences of L with respect to every element of X, γ or β.
enum class Wrt { X, Gamma, Beta };
Mat numeric(Wrt wrt, const Mat& X, const Mat& gamma, const Mat& beta, const Mat& C) {
  constexpr double h = 1e-6;
  const Mat& of = wrt == Wrt::X ? X : wrt == Wrt::Gamma ? gamma : beta;
  Mat G(of.rows(), of.cols());
  for (Index i = 0; i < of.rows(); ++i) {
    for (Index j = 0; j < of.cols(); ++j) {
      Mat up = of, down = of;
      up(i, j) += h;
      down(i, j) -= h;
      const auto L = [&](const Mat& m) {
        return loss(wrt == Wrt::X ? m : X, wrt == Wrt::Gamma ? m : gamma, wrt == Wrt::Beta ? m : beta, C);
      };
      G(i, j) = (L(up) - L(down)) / (2 * h);
    }
  }
  return G;
}

// A batch with nothing special about it: 5 examples, 3 features.
Mat odd_X() {
  return (Mat(5, 3) << 0.3, -1.2, 4.0, 1.7, 0.4, 3.1, -0.6, 2.2, 5.5, 2.9, -0.8, 2.4, 0.1, 1.5, 4.7).finished();
}
Mat odd_gamma() { return (Mat(1, 3) << 1.3, -0.7, 0.25).finished(); }
Mat odd_beta() { return (Mat(1, 3) << 0.2, 0.0, -2.0).finished(); }
Mat odd_C() {
  return (Mat(5, 3) << 0.5, -1.0, 0.3, 0.2, 0.7, -0.4, -0.9, 0.1, 0.8, 0.4, 0.6, -0.2, 1.1, -0.3, 0.05).finished();
}

const std::string kShapes = "statistics are rows (1, n), one number per feature (column); x̂ and y have X's shape (B, n)";

}  // namespace

// ---- Exercise 13.1: bn_forward ------------------------------------------------------

TEST_CASE("13.1 bn_forward: the mini-batch mean and variance of each feature", "[ch13][ex13.1][points:1]") {
  const BnForward f = bn_forward(tiny_X(), tiny_gamma(), tiny_beta(), kEps);
  check_value("bn_forward(X = [[1, -2], [3, 0], [5, 1], [7, 5]]).mu", row(4.0, 1.0), f.mu,
              "μ_B = the mean of each column over the 4 examples; " + kShapes);
  check_value("bn_forward(X = [[1, -2], [3, 0], [5, 1], [7, 5]]).var", row(5.0, 6.5), f.var,
              "σ²_B = the mean of (x_i − μ_B)² over the batch, per column; " + kShapes,
              {{row(20.0 / 3.0, 26.0 / 3.0),
                "you divided by m − 1 = 3: that is the unbiased estimate, which the running statistics use (13.3); "
                "the training normalisation uses the batch's own variance, (1/m) Σ (x_i − μ_B)²"},
               {row(std::sqrt(5.0), std::sqrt(6.5)), "this is the standard deviation σ_B; the field holds σ²_B"}});
}

TEST_CASE("13.1 bn_forward: x̂ and y on the lesson's batch", "[ch13][ex13.1][points:2]") {
  const Mat X = tiny_X(), gamma = tiny_gamma(), beta = tiny_beta();
  const BnForward f = bn_forward(X, gamma, beta, kEps);
  const Mat mu = col_mean(X), var = col_var(X, 0);
  const Mat Xhat = normalise(X, mu, sqrt_plus_eps(var), ones(2), zeros(2));
  check_value("bn_forward(tiny batch, eps = 1e-5).Xhat", Xhat, f.Xhat,
              "x̂ = (x − μ_B)/√(σ²_B + ε), per column; " + kShapes,
              {{normalise(X, mu, (var.array().sqrt() + kEps).matrix(), ones(2), zeros(2)),
                "ε is added to the standard deviation; it belongs under the square root, with σ²_B"},
               {normalise(X, mu, sqrt_plus_eps(col_var(X, 1)), ones(2), zeros(2)),
                "you normalised with the unbiased variance (÷ (m − 1)); Algorithm 1 divides by m"},
               {normalise(X, mu, (var.array() + kEps).matrix(), ones(2), zeros(2)),
                "you divided by σ²_B + ε, the variance; divide by its square root"}});
  const Mat Y = normalise(X, mu, sqrt_plus_eps(var), gamma, beta);
  check_value("bn_forward(tiny batch, γ = (2, 0.5), β = (1, -1)).Y", Y, f.Y,
              "y = γ·x̂ + β, γ and β per column",
              {{Xhat, "this is x̂: scale by γ and shift by β"},
               {normalise(X, mu, sqrt_plus_eps(var), beta, gamma), "γ and β are swapped: y = γ·x̂ + β"}});
}

TEST_CASE("13.1 bn_forward: a constant feature gives β, not NaN", "[ch13][ex13.1][points:1]") {
  const Mat X = (Mat(3, 2) << 3.0, 1.0, 3.0, 2.0, 3.0, 6.0).finished();
  const BnForward f = bn_forward(X, tiny_gamma(), tiny_beta(), kEps);
  const Mat Y = normalise(X, col_mean(X), sqrt_plus_eps(col_var(X, 0)), tiny_gamma(), tiny_beta());
  check_value("bn_forward(X with a constant first column 3, 3, 3).Y", Y, f.Y,
              "σ²_B = 0 for a constant column: ε keeps the division finite, x̂ = 0 and y = β there "
              "(NaN means ε is missing, or outside the square root of a 0)");
}

TEST_CASE("13.1 bn_forward: each feature over the batch, not each example over its features",
          "[ch13][ex13.1][points:1]") {
  // Square, so that normalising the wrong way still has the right shape.
  const Mat X = (Mat(3, 3) << 1.0, 2.0, 6.0, 4.0, -1.0, 0.0, 2.0, 5.0, 3.0).finished();
  const BnForward f = bn_forward(X, ones(3), zeros(3), kEps);
  const Mat Xt = X.transpose();
  const Mat layer_norm = normalise(Xt, col_mean(Xt), sqrt_plus_eps(col_var(Xt, 0)), ones(3), zeros(3)).transpose();
  check_value("bn_forward(3×3 X, γ = 1, β = 0).Y", bn_y(X, ones(3), zeros(3)), f.Y,
              "each column (one feature) is normalised over the rows (the batch)",
              {{layer_norm, "you normalised each row, one example over its features: that is layer "
                            "normalisation; batch norm normalises each feature (column) over the batch"}});
}

// ---- Exercise 13.2: bn_backward -----------------------------------------------------

TEST_CASE("13.2 bn_backward: dγ and dβ", "[ch13][ex13.2][points:1]") {
  const Mat X = tiny_X(), dY = tiny_dY();
  const BnGrads g = bn_backward(dY, X, tiny_gamma(), kEps);
  const Mat Xhat = normalise(X, col_mean(X), sqrt_plus_eps(col_var(X, 0)), ones(2), zeros(2));
  Mat dgamma = zeros(2), dbeta = zeros(2);
  for (Index i = 0; i < 4; ++i) {
    for (Index j = 0; j < 2; ++j) {
      dgamma(0, j) += dY(i, j) * Xhat(i, j);
      dbeta(0, j) += dY(i, j);
    }
  }
  check_value("bn_backward(dY, tiny batch).dbeta", dbeta, g.dbeta, "y = γ·x̂ + β: each y of a column adds its dy",
              {{dgamma, "this is dγ; dβ is the sum of dy over the batch"},
               {dbeta / 4.0, "the mean of dy; β is used by all 4 examples, so their gradients add up (sum)"}});
  check_value("bn_backward(dY, tiny batch).dgamma", dgamma, g.dgamma, "dγ = Σ over the batch of dy·x̂, per column",
              {{dbeta, "this is dβ; γ multiplies x̂, so each term carries an x̂"}});
}

TEST_CASE("13.2 bn_backward: dx̂, dσ² and dμ, path by path", "[ch13][ex13.2][points:2]") {
  const Mat X = tiny_X(), dY = tiny_dY(), gamma = tiny_gamma();
  const BnGrads g = bn_backward(dY, X, gamma, kEps);
  const Mat mu = col_mean(X), var = col_var(X, 0);
  Mat dXhat(4, 2), dvar = zeros(2), dmu = zeros(2);
  for (Index j = 0; j < 2; ++j) {
    const double s = std::sqrt(var(0, j) + kEps);
    for (Index i = 0; i < 4; ++i) {
      dXhat(i, j) = dY(i, j) * gamma(0, j);
      dvar(0, j) += dXhat(i, j) * (X(i, j) - mu(0, j)) * -0.5 / (s * s * s);
      dmu(0, j) += -dXhat(i, j) / s;   // the σ² path adds dσ²·(−2/m)Σ(x − μ) = 0
    }
  }
  check_value("bn_backward(dY, tiny batch, γ = (2, 0.5)).dXhat", dXhat, g.dXhat, "y = γ·x̂ + β, so dx̂ = dy·γ",
              {{dY, "γ is missing: y = γ·x̂ + β"}});
  check_value("bn_backward(dY, tiny batch).dvar", dvar, g.dvar,
              "σ²_B enters every x̂ of its column through 1/√(σ²_B + ε): sum over the batch, d(v^(−1/2))/dv = "
              "−½ v^(−3/2)",
              {{-dvar, "the sign is flipped: x̂ shrinks as σ²_B grows"},
               {dvar * 2.0, "a factor 2 too many: the derivative of v^(−1/2) is −½ v^(−3/2)"}});
  check_value("bn_backward(dY, tiny batch).dmu", dmu, g.dmu,
              "μ_B enters every x̂ of its column (and σ²_B, a term that sums to 0 here): sum over the batch",
              {{-dmu, "the sign is flipped: x̂ = (x − μ)/σ falls as μ grows"}});
}

TEST_CASE("13.2 bn_backward: dX, dγ and dβ against central differences", "[ch13][ex13.2][points:2]") {
  const Mat X = odd_X(), gamma = odd_gamma(), beta = odd_beta(), C = odd_C();
  const BnGrads g = bn_backward(C, X, gamma, kEps);
  const Mat dX = numeric(Wrt::X, X, gamma, beta, C);
  const Mat naive = (C.array().rowwise() * (gamma.array() / sqrt_plus_eps(col_var(X, 0)).array()).row(0)).matrix();
  check_value("bn_backward(dY (5×3), X (5×3), γ).dX against (L(x + h) − L(x − h))/2h", dX, g.dX,
              "x_i reaches the loss along three paths, through x̂_i, through μ_B and through σ²_B: dx_i is the sum "
              "of all three (the lesson's \"Backward, by hand\")",
              {{naive, "this treats μ_B and σ²_B as constants (dx = dy·γ/σ): they are computed from the same "
                       "x, so the paths through them add two more terms"},
               {-dX, "the sign is flipped"}},
              1e-6);   // the central difference's own error at h = 1e-6 is ~1e-9 here
  check_value("bn_backward(...).dgamma against central differences", numeric(Wrt::Gamma, X, gamma, beta, C),
              g.dgamma, "dγ = Σ over the batch of dy·x̂", {}, 1e-6);
  check_value("bn_backward(...).dbeta against central differences", numeric(Wrt::Beta, X, gamma, beta, C),
              g.dbeta, "dβ = Σ over the batch of dy", {}, 1e-6);
}

TEST_CASE("13.2 bn_backward: each column of dX sums to 0", "[ch13][ex13.2][points:1]") {
  const BnGrads g = bn_backward(odd_C(), odd_X(), odd_gamma(), kEps);
  check_value("the column sums of bn_backward(...).dX", Mat(Mat::Zero(1, 3)),
              g.dX.rows() == 5 ? Mat(g.dX.colwise().sum()) : g.dX,
              "adding the same constant to every x of a column changes no y, so Σ_i dx_i = 0 per column; a "
              "nonzero sum means a path is missing: the one through μ_B cancels the mean of the direct path");
}

// ---- Exercise 13.3: running_update --------------------------------------------------

TEST_CASE("13.3 running_update: the first batch from the starting values 0 and 1", "[ch13][ex13.3][points:1]") {
  const RunningStats next = running_update({zeros(2), ones(2)}, tiny_X(), 0.1);
  check_value("running_update({0, 1}, tiny batch, momentum 0.1).mean", row(0.4, 0.1), next.mean,
              "0.9 of the old running mean (0) plus 0.1 of the batch mean (4, 1)",
              {{row(3.6, 0.9), "the momentum is the other way round: PyTorch's momentum 0.1 takes 0.1 of the "
                               "NEW batch statistic and keeps 0.9 of the old (Keras's 0.99 keeps 0.99)"},
               {row(4.0, 1.0), "this is the batch mean alone; the running mean keeps most of its old value"}});
  check_value("running_update({0, 1}, tiny batch, momentum 0.1).var",
              row(0.9 + 0.1 * 20.0 / 3.0, 0.9 + 0.1 * 26.0 / 3.0), next.var,
              "0.9 of the old running variance (1) plus 0.1 of the batch's UNBIASED variance (÷ (m − 1))",
              {{row(0.9 + 0.1 * 5.0, 0.9 + 0.1 * 6.5),
                "you averaged the biased variance (÷ m); the running variance estimates the population's, so it "
                "averages the unbiased one, σ²_B·m/(m − 1), as the paper's inference step does"},
               {row(0.1 + 0.9 * 20.0 / 3.0, 0.1 + 0.9 * 26.0 / 3.0), "the momentum is the other way round"}});
}

TEST_CASE("13.3 running_update: momentum 1 keeps only the batch", "[ch13][ex13.3][points:1]") {
  const Mat X = odd_X();
  const RunningStats next = running_update({Mat::Constant(1, 3, 7.0), Mat::Constant(1, 3, 7.0)}, X, 1.0);
  check_value("running_update({7, 7}, X (5×3), momentum 1).mean", col_mean(X), next.mean,
              "with momentum 1 nothing of the old value is kept: the batch mean",
              {{Mat(Mat::Constant(1, 3, 7.0)), "the old value came back whole: the momentum is the other way "
                                               "round (momentum is the fraction taken from the new batch)"}});
  check_value("running_update({7, 7}, X (5×3), momentum 1).var", col_var(X, 1), next.var,
              "with momentum 1: the batch's unbiased variance, ÷ (m − 1)",
              {{col_var(X, 0), "the biased variance (÷ m); the running variance uses the unbiased one"}});
}

TEST_CASE("13.3 running_update: three batches in a row", "[ch13][ex13.3][points:1]") {
  RunningStats mine{zeros(3), ones(3)};
  Mat mean = zeros(3), var = ones(3);
  for (int k = 0; k < 3; ++k) {
    const Mat X = odd_X().array() * (1.0 + k) - k;   // three different batches
    mine = running_update(mine, X, 0.25);
    mean = 0.75 * mean + 0.25 * col_mean(X);
    var = 0.75 * var + 0.25 * col_var(X, 1);
  }
  check_value("running_update, three batches, momentum 0.25: mean", mean, mine.mean,
              "each call starts from the running statistics it is given (the previous call's result)");
  check_value("running_update, three batches, momentum 0.25: var", var, mine.var,
              "each call starts from the running statistics it is given (the previous call's result)");
}

// ---- Exercise 13.4: bn_eval -----------------------------------------------------------

TEST_CASE("13.4 bn_eval: the running statistics, not the batch's", "[ch13][ex13.4][points:2]") {
  const Mat X = tiny_X(), gamma = tiny_gamma(), beta = tiny_beta();
  const RunningStats running{row(3.0, 0.5), row(4.0, 2.25)};
  const Mat got = bn_eval(X, gamma, beta, running, kEps);
  const Mat want = normalise(X, running.mean, sqrt_plus_eps(running.var), gamma, beta);
  check_value("bn_eval(tiny batch, running mean (3, 0.5), running var (4, 2.25))", want, got,
              "Algorithm 1 with the running mean and variance in place of μ_B and σ²_B; the result has X's shape",
              {{bn_y(X, gamma, beta), "these are the batch's own statistics (train mode); eval mode uses the "
                                      "running ones, so an example's output does not depend on its batch"},
               {normalise(X, running.mean, (running.var.array() + kEps).matrix(), gamma, beta),
                "you divided by the running variance; divide by the square root of (running var + ε)"},
               {normalise(X, running.mean, running.var.array().sqrt().matrix(), gamma, beta),
                "ε is missing: √(running var + ε), as in training"}});
}

TEST_CASE("13.4 bn_eval: one example alone", "[ch13][ex13.4][points:1]") {
  const Mat x = row(5.0, -1.0);
  const RunningStats running{row(4.0, 1.0), row(5.0, 6.5)};
  check_value("bn_eval(one row (5, -1))", normalise(x, running.mean, sqrt_plus_eps(running.var), tiny_gamma(), tiny_beta()),
              bn_eval(x, tiny_gamma(), tiny_beta(), running, kEps),
              "a batch of one row is fine in eval mode: nothing is computed from the batch",
              {{tiny_beta(), "y = β whatever x is: you normalised with the batch's own statistics, and one row "
                             "has mean x and variance 0; eval mode uses the running ones"}});
}

TEST_CASE("13.4 bn_eval: the running mean comes out as β", "[ch13][ex13.4][points:1]") {
  const RunningStats running{(Mat(1, 3) << 0.5, -2.0, 10.0).finished(), (Mat(1, 3) << 0.04, 9.0, 100.0).finished()};
  Mat X(2, 3);
  X.row(0) = running.mean;
  X.row(1) = running.mean + sqrt_plus_eps(running.var);
  Mat want(2, 3);
  want.row(0) = odd_beta();
  want.row(1) = odd_beta() + odd_gamma();
  check_value("bn_eval([running mean; running mean + √(running var + ε)])", want,
              bn_eval(X, odd_gamma(), odd_beta(), running, kEps),
              "x = running mean normalises to 0 (y = β); one running standard deviation above it to 1 (y = γ + β)",
              {{Mat(bn_y(X, odd_gamma(), odd_beta())), "these are the batch's own statistics (train mode)"}});
}
