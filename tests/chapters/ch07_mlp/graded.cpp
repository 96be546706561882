// Graded tests of chapter 7's exercises (exercises/07_mlp/exercises.cpp):
// mlp_forward, mlp_backward, softmax_backward, multiclass_partials.
// Expected values are the formulas written out here element by element, or
// central differences of the loss written out here; never the solution.
// A stub throws sg::NotImplemented, which fails the case with its message.
#include <cmath>
#include <functional>
#include <string>

#include "chapters/07_mlp/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch07;
using sg::graded::check_value;

namespace {

double sig(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// Where the lesson derives what each test checks (the hints name the section, never the answer).
const std::string kStep = "docs/book/07-mlp.md, section \"The 2-2-1 network, step by step\"";
const std::string kMulti = "docs/book/07-mlp.md, section \"The multiclass network\"";
const std::string kTanh = "docs/book/03-activations.md, section \"The five functions\"";

// ---- the XOR network, written out element by element -----------------------------

// Three cases of two features, three hidden units: every shape differs, so a
// transpose cannot pass by luck.
Mat case_X() { return Mat{{0.0, 1.0}, {1.0, 0.5}, {-0.5, 2.0}}; }
Mat case_Y() { return Mat{{1.0}, {0.0}, {1.0}}; }
Mat case_W1() { return Mat{{0.5, -1.0, 0.25}, {0.75, 0.5, -0.5}}; }
Mat case_b1() { return Mat{{0.1, -0.2, 0.3}}; }
Mat case_W2() { return Mat{{1.5}, {-2.0}, {0.5}}; }
Mat case_b2() { return Mat{{-0.25}}; }

struct Expected {
  Mat A, H, Z, P;
  double L = 0.0;
};

// The forward pass by loops: a(i,j) = Σd x(i,d)·W1(d,j) + b1(j), ...; the loss
// of each case is −[y log p + (1 − y) log(1 − p)], averaged.
Expected loops_forward(const Mat& X, const Mat& W1, const Mat& b1, const Mat& W2, const Mat& b2, const Mat& Y) {
  const Index B = X.rows(), D = X.cols(), H = W1.cols();
  Expected e{Mat(B, H), Mat(B, H), Mat(B, 1), Mat(B, 1), 0.0};
  for (Index i = 0; i < B; ++i) {
    double z = b2(0, 0);
    for (Index j = 0; j < H; ++j) {
      double a = b1(0, j);
      for (Index d = 0; d < D; ++d) a += X(i, d) * W1(d, j);
      e.A(i, j) = a;
      e.H(i, j) = std::tanh(a);
      z += e.H(i, j) * W2(j, 0);
    }
    e.Z(i, 0) = z;
    e.P(i, 0) = sig(z);
    e.L += -(Y(i, 0) * std::log(e.P(i, 0)) + (1 - Y(i, 0)) * std::log(1 - e.P(i, 0))) / static_cast<double>(B);
  }
  return e;
}

double loss_of(const Mat& W1, const Mat& b1, const Mat& W2, const Mat& b2) {
  return loops_forward(case_X(), W1, b1, W2, b2, case_Y()).L;
}

// d loss / d M(r,c) by central differences, for every element of one weight
// (which = 0: W1, 1: b1, 2: W2, 3: b2).
Mat numeric_grad(int which) {
  Mat w[4] = {case_W1(), case_b1(), case_W2(), case_b2()};
  Mat g(w[which].rows(), w[which].cols());
  constexpr double h = 1e-6;
  for (Index r = 0; r < g.rows(); ++r) {
    for (Index c = 0; c < g.cols(); ++c) {
      Mat up[4] = {w[0], w[1], w[2], w[3]}, down[4] = {w[0], w[1], w[2], w[3]};
      up[which](r, c) += h;
      down[which](r, c) -= h;
      g(r, c) = (loss_of(up[0], up[1], up[2], up[3]) - loss_of(down[0], down[1], down[2], down[3])) / (2 * h);
    }
  }
  return g;
}

MlpForward call_forward() {
  return mlp_forward(case_X(), case_W1(), case_b1(), case_W2(), case_b2(), case_Y());
}

// The forward pass as the tests expect it, in MlpForward form (the input of mlp_backward).
MlpForward expected_forward() {
  const Expected e = loops_forward(case_X(), case_W1(), case_b1(), case_W2(), case_b2(), case_Y());
  MlpForward f;
  f.A = e.A;
  f.H = e.H;
  f.Z = e.Z;
  f.P = e.P;
  f.L = e.L;
  return f;
}

// ---- the multiclass network --------------------------------------------------------

Mat lecture_alpha() { return Mat{{-1.0, 0.5, -0.2}, {0.5, -0.3, 0.4}}; }
Mat lecture_beta() { return Mat{{1.5, -1.0}, {-0.5, 1.2}, {0.2, 0.4}}; }
Eigen::VectorXd lecture_x() { return Eigen::Vector3d(1.0, 4.0, 6.0); }
Eigen::VectorXd one_hot(Index k) {
  Eigen::VectorXd y = Eigen::VectorXd::Zero(3);
  y(k) = 1.0;
  return y;
}

Eigen::VectorXd softmax_of(const Eigen::VectorXd& b) {
  Eigen::VectorXd e(b.size());
  for (Index k = 0; k < b.size(); ++k) e(k) = std::exp(b(k) - b.maxCoeff());
  return e / e.sum();
}

// J = Σk y*k log softmax(β σ(α x))k, written out.
double multiclass_J(const Mat& alpha, const Mat& beta, const Eigen::VectorXd& x, const Eigen::VectorXd& y_star) {
  Eigen::VectorXd z(alpha.rows());
  for (Index j = 0; j < alpha.rows(); ++j) z(j) = sig(alpha.row(j).dot(x));
  const Eigen::VectorXd y = softmax_of(beta * z);
  double J = 0.0;
  for (Index k = 0; k < y.size(); ++k) J += y_star(k) * std::log(y(k));
  return J;
}

Mat as_mat(const Eigen::VectorXd& v) { return v; }

}  // namespace

// ---- Exercise 7.1: mlp_forward ----------------------------------------------------------

TEST_CASE("7.1 mlp_forward: A, H, Z, P of three cases through three hidden units", "[ch07][ex7.1][points:2]") {
  const MlpForward f = call_forward();
  const Expected e = loops_forward(case_X(), case_W1(), case_b1(), case_W2(), case_b2(), case_Y());
  Mat no_bias = case_X() * case_W1();
  Mat first_row_only = no_bias;
  first_row_only.row(0) += case_b1().row(0);
  check_value("mlp_forward(X (3,2), W1 (2,3), ...).A", e.A, f.A,
              "checked: the hidden pre-activations A (B,H) = (3,3) of three cases through three units, biases "
              "included; " + kStep,
              {{no_bias, "the bias b1 is missing"}, {first_row_only, "b1 was added to the first row only"}});
  check_value("mlp_forward(...).H", e.H, f.H, "checked: the hidden activations H (3,3), tanh units; " + kStep,
              {{e.A, "this is A, before the activation"},
               {Mat(e.A.unaryExpr([](double a) { return sig(a); })), "this is σ(A): the hidden units here are tanh"}});
  check_value("mlp_forward(...).Z", e.Z, f.Z, "checked: the logits Z (B,1) = (3,1), one per case; " + kStep,
              {{Mat(e.Z.array() - case_b2()(0, 0)), "the output bias b2 is missing"}});
  check_value("mlp_forward(...).P", e.P, f.P, "checked: the probabilities P (3,1); " + kStep,
              {{e.Z, "this is Z, before the sigmoid"}});
  check_value("mlp_forward(...).L", e.L, f.L, "checked: the mean binary cross-entropy of the 3 cases; " + kStep,
              {{3 * e.L, "this is the sum over the 3 cases, not their mean"},
               {-e.L, "the sign is flipped: this is the log-likelihood, and the loss is its negative, ≥ 0"}});
}

TEST_CASE("7.1 mlp_forward: the loss stays finite for a confident wrong logit", "[ch07][ex7.1][points:1]") {
  // One case, H = 1: A = 0.5·4 = 2, H = tanh 2, Z = 60·tanh 2 − 2.6 ≈ 55.2 (so σ(Z) rounds to 1), y = 0:
  // L = −log(1 − σ(Z)) = log(1 + e^Z) = Z + log(1 + e^−Z).
  const Mat X{{4.0}}, W1{{0.5}}, b1{{0.0}}, W2{{60.0}}, b2{{-2.6}}, Y{{0.0}};
  const MlpForward f = mlp_forward(X, W1, b1, W2, b2, Y);
  const double z = 60.0 * std::tanh(2.0) - 2.6;
  check_value("mlp_forward(x = 4, y = 0, logit Z ≈ 55).L", z + std::log1p(std::exp(-z)), f.L,
              "checked: a confident wrong case, Z ≈ 55 with y = 0; σ(55) rounds to 1 in double, so a loss "
              "computed from P takes log 0 (the engine's bce_with_logits works from Z); " + kStep,
              {}, 1e-12);
}

// ---- Exercise 7.2: mlp_backward -----------------------------------------------------

TEST_CASE("7.2 mlp_backward: dZ and the output layer", "[ch07][ex7.2][points:2]") {
  const MlpForward f = expected_forward();
  const MlpGradients g = mlp_backward(case_X(), case_Y(), case_W2(), f);
  const Mat dZ = (f.P - case_Y()) / 3.0;
  check_value("mlp_backward(...).dZ", dZ, g.dZ,
              "checked: dL/dZ (3,1) of the mean loss through the fused sigmoid + cross-entropy; " + kStep,
              {{Mat(f.P - case_Y()), "this is B = 3 times too large: the loss is a mean over the cases"},
               {Mat(-dZ), "the sign is flipped: this points towards larger loss"},
               {Mat((f.P - case_Y()).cwiseProduct(f.P.cwiseProduct(Mat((1.0 - f.P.array()).matrix()))) / 3.0),
                "this carries an extra factor σ'(Z) = P(1 − P), which the fused loss cancels"}});
  Mat dW2 = f.H.transpose() * dZ;
  check_value("mlp_backward(...).dW2", dW2, g.dW2, "checked: dW2 (3,1), shaped like W2; " + kStep,
              {{Mat(numeric_grad(2) * 3.0), "this is B = 3 times too large: the loss is a mean"}});
  Mat db2(1, 1);
  db2(0, 0) = dZ.sum();
  check_value("mlp_backward(...).db2", db2, g.db2,
              "checked: db2 (1,1); b2 was added to every row of the batch; " + kStep,
              {{Mat(dZ.topRows(1)), "this is the first case's gradient alone: b2 reached every case"},
               {Mat(3.0 * db2), "this is B = 3 times too large: the loss is a mean"}});
}

TEST_CASE("7.2 mlp_backward: back through the output layer and the tanh", "[ch07][ex7.2][points:1]") {
  const MlpForward f = expected_forward();
  const MlpGradients g = mlp_backward(case_X(), case_Y(), case_W2(), f);
  const Mat dZ = (f.P - case_Y()) / 3.0;
  const Mat dH = dZ * case_W2().transpose();
  check_value("mlp_backward(...).dH", dH, g.dH, "checked: dH (3,3), the gradient at the hidden activations; " + kStep);
  Mat dA(3, 3), dA_with_A(3, 3);
  for (Index i = 0; i < 3; ++i) {
    for (Index j = 0; j < 3; ++j) {
      dA(i, j) = dH(i, j) * (1 - f.H(i, j) * f.H(i, j));
      dA_with_A(i, j) = dH(i, j) * (1 - f.A(i, j) * f.A(i, j));
    }
  }
  check_value("mlp_backward(...).dA", dA, g.dA,
              "checked: dA (3,3), back through the tanh; its derivative is derived in " + kTanh,
              {{dH, "this is dH: the tanh's local derivative is missing"},
               {dA_with_A, "this evaluates the local derivative at A as if A were tanh's output; it is H"}});
}

TEST_CASE("7.2 mlp_backward: dW1 and db1 against central differences of L", "[ch07][ex7.2][points:2]") {
  const MlpForward f = expected_forward();
  const MlpGradients g = mlp_backward(case_X(), case_Y(), case_W2(), f);
  const Mat dW1 = numeric_grad(0), db1 = numeric_grad(1);
  check_value("mlp_backward(...).dW1 against (L(W1 + h) − L(W1 − h))/2h", dW1, g.dW1,
              "checked: dW1 (2,3), shaped like W1; " + kStep,
              {{Mat(dW1 * 3.0), "this is B = 3 times too large: the loss is a mean"}, {Mat(-dW1), "the sign is flipped"}},
              1e-8);   // the central difference's own error at h = 1e-6 is ~1e-10 here
  check_value("mlp_backward(...).db1 against (L(b1 + h) − L(b1 − h))/2h", db1, g.db1,
              "checked: db1 (1,3); b1 was added to every row of the batch; " + kStep,
              {{Mat(db1 * 3.0), "this is B = 3 times too large: the loss is a mean"}}, 1e-8);
  check_value("mlp_backward(...).dW2 against central differences", numeric_grad(2), g.dW2,
              "checked: dW2 (3,1) against the loss itself; " + kStep, {}, 1e-8);
}

// ---- Exercise 7.3: softmax_backward -----------------------------------------------------

TEST_CASE("7.3 softmax_backward: every output depends on every score", "[ch07][ex7.3][points:1]") {
  const Eigen::VectorXd y = Eigen::Vector3d(0.2, 0.3, 0.5), d = Eigen::Vector3d(1.0, -2.0, 0.5);
  // dJ/dbk = Σl dJ/dyl · dyl/dbk with dyl/dbk = yl(δlk − yk): y·d = 0.2 − 0.6 + 0.25 = −0.15
  const Eigen::VectorXd want = Eigen::Vector3d(0.2 * (1.0 + 0.15), 0.3 * (-2.0 + 0.15), 0.5 * (0.5 + 0.15));
  const Eigen::VectorXd elementwise = Eigen::Vector3d(0.2 * 0.8 * 1.0, 0.3 * 0.7 * -2.0, 0.5 * 0.5 * 0.5);
  check_value("softmax_backward(y = (0.2, 0.3, 0.5), dJ/dy = (1, −2, 0.5))", as_mat(want),
              as_mat(softmax_backward(y, d)),
              "checked: dJ/db through a softmax of 3 outputs; every yl depends on every bk; " + kMulti,
              {{as_mat(elementwise), "this keeps only the l = k terms yk(1 − yk)·dJ/dyk, as if softmax were "
                                     "elementwise like σ; every yl depends on bk through the denominator"},
               {as_mat(-want), "the sign is flipped"}});
}

TEST_CASE("7.3 softmax_backward: a constant upstream gradient gives 0", "[ch07][ex7.3][points:1]") {
  const Eigen::VectorXd y = Eigen::Vector4d(0.1, 0.2, 0.3, 0.4);
  check_value("softmax_backward(y (4), dJ/dy = (1, 1, 1, 1))", Mat::Zero(4, 1),
              as_mat(softmax_backward(y, Eigen::VectorXd::Ones(4))),
              "checked: J = Σl yl, which is 1 whatever b is; " + kMulti,
              {{as_mat(Eigen::Vector4d(0.09, 0.16, 0.21, 0.24)), "this keeps only the l = k terms yk(1 − yk)"}},
              1e-12);
}

TEST_CASE("7.3 softmax_backward: against central differences of g·softmax(b)", "[ch07][ex7.3][points:1]") {
  const Eigen::VectorXd b = Eigen::Vector3d(0.3, -1.2, 2.0), gvec = Eigen::Vector3d(-0.7, 0.4, 1.1);
  constexpr double h = 1e-6;
  Eigen::VectorXd want(3);
  for (Index k = 0; k < 3; ++k) {
    Eigen::VectorXd up = b, down = b;
    up(k) += h;
    down(k) -= h;
    want(k) = (gvec.dot(softmax_of(up)) - gvec.dot(softmax_of(down))) / (2 * h);
  }
  check_value("softmax_backward(softmax(0.3, −1.2, 2), g = (−0.7, 0.4, 1.1)) against central differences",
              as_mat(want), as_mat(softmax_backward(softmax_of(b), gvec)),
              "checked: J = g·softmax(b) against central differences of J; " + kMulti, {}, 1e-8);
}

// ---- Exercise 7.4: multiclass_partials ---------------------------------------------------

TEST_CASE("7.4 multiclass_partials: the forward pass", "[ch07][ex7.4][points:1]") {
  const MulticlassPartials p = multiclass_partials(lecture_alpha(), lecture_beta(), lecture_x(), one_hot(1));
  const Eigen::Vector2d a(-1.0 + 0.5 * 4 - 0.2 * 6, 0.5 - 0.3 * 4 + 0.4 * 6);   // (−0.2, 1.7)
  const Eigen::Vector2d z(sig(a(0)), sig(a(1)));
  const Eigen::Vector3d b(1.5 * z(0) - z(1), -0.5 * z(0) + 1.2 * z(1), 0.2 * z(0) + 0.4 * z(1));
  const Eigen::VectorXd y = softmax_of(b);
  check_value("multiclass_partials(α, β, x = (1, 4, 6), y* = (0, 1, 0)).a", as_mat(a), as_mat(p.a),
              "checked: the hidden pre-activations a (2); " + kMulti);
  check_value("multiclass_partials(...).z", as_mat(z), as_mat(p.z), "checked: the hidden activations z (2); " + kMulti);
  check_value("multiclass_partials(...).b", as_mat(b), as_mat(p.b), "checked: the output scores b (3); " + kMulti,
              {{as_mat(lecture_beta() * a), "this is β·a: the hidden units' sigmoid is skipped"}});
  check_value("multiclass_partials(...).y", as_mat(y), as_mat(p.y), "checked: the softmax probabilities y (3); " + kMulti,
              {{as_mat(b.unaryExpr([](double v) { return sig(v); })), "this is σ(b), not a softmax"}});
  check_value("multiclass_partials(...).J", std::log(y(1)), p.J, "checked: the log-likelihood J; " + kMulti,
              {{-std::log(y(1)), "this is L = −J; J is the log-likelihood, ≤ 0"}});
}

TEST_CASE("7.4 multiclass_partials: dJ/dy, dJ/db and dJ/dβ", "[ch07][ex7.4][points:1]") {
  const MulticlassPartials p = multiclass_partials(lecture_alpha(), lecture_beta(), lecture_x(), one_hot(1));
  const Eigen::VectorXd y = p.y;
  Eigen::VectorXd want_dy = Eigen::VectorXd::Zero(3);
  want_dy(1) = 1.0 / y(1);
  check_value("multiclass_partials(..., y* = (0, 1, 0)).dJ_dy", as_mat(want_dy), as_mat(p.dJ_dy),
              "checked: dJ/dy for a one-hot target; " + kMulti,
              {{as_mat(-want_dy), "the sign is flipped: the partials are of J, not of L = −J"}});
  const Eigen::VectorXd want_db = one_hot(1) - y;
  check_value("multiclass_partials(...).dJ_db", as_mat(want_db), as_mat(p.dJ_db),
              "checked: dJ/db, your softmax_backward (7.3) of your dJ/dy; " + kMulti,
              {{as_mat(-want_db), "the sign is flipped: this is dL/db of L = −J; the partials are of J"},
               {as_mat(Eigen::Vector3d(0.0, 1.0 - y(1), 0.0)), "this keeps only the l = k terms of the softmax"}});
  const Mat want_dbeta = want_db * p.z.transpose();
  check_value("multiclass_partials(...).dJ_dbeta", want_dbeta, p.dJ_dbeta, "checked: dJ/dβ (3,2), shaped like β; " + kMulti,
              {{Mat(want_dbeta.transpose()), "this is the transpose: row k, column j must be dJ/dβkj"}});
}

TEST_CASE("7.4 multiclass_partials: dJ/dz, dJ/da and dJ/dα", "[ch07][ex7.4][points:1]") {
  const MulticlassPartials p = multiclass_partials(lecture_alpha(), lecture_beta(), lecture_x(), one_hot(2));
  const Eigen::VectorXd db = one_hot(2) - p.y;
  Eigen::VectorXd dz(2), da(2);
  for (Index j = 0; j < 2; ++j) {
    dz(j) = 0.0;
    for (Index k = 0; k < 3; ++k) dz(j) += db(k) * lecture_beta()(k, j);
    da(j) = dz(j) * p.z(j) * (1 - p.z(j));
  }
  check_value("multiclass_partials(..., y* = (0, 0, 1)).dJ_dz", as_mat(dz), as_mat(p.dJ_dz),
              "checked: dJ/dz (2); each zj feeds every output k; " + kMulti,
              {{as_mat(-dz), "the sign is flipped: the partials are of J, not of L = −J"}});
  check_value("multiclass_partials(...).dJ_da", as_mat(da), as_mat(p.dJ_da), "checked: dJ/da (2); " + kMulti,
              {{as_mat(dz), "this is dJ/dz: the sigmoid's local derivative is missing"}});
  const Mat want = da * lecture_x().transpose();
  check_value("multiclass_partials(...).dJ_dalpha", want, p.dJ_dalpha, "checked: dJ/dα (2,3), shaped like α; " + kMulti,
              {{Mat(want.transpose()), "this is the transpose: row j, column i must be dJ/dαji"}});
}

TEST_CASE("7.4 multiclass_partials: dJ/dx sums over the hidden units, not over the alphas",
          "[ch07][ex7.4][points:2]") {
  // Another student and a soft target, so that nothing is special about the lecture's numbers.
  const Eigen::VectorXd x = Eigen::Vector3d(1.0, 2.0, 9.0), y_star = Eigen::Vector3d(0.2, 0.5, 0.3);
  const Mat alpha{{0.3, -0.4, 0.1}, {-0.2, 0.25, -0.05}}, beta{{-0.7, 1.2}, {0.4, 0.9}, {1.1, -0.6}};
  const MulticlassPartials p = multiclass_partials(alpha, beta, x, y_star);
  constexpr double h = 1e-6;
  Eigen::VectorXd want(3);
  for (Index i = 0; i < 3; ++i) {
    Eigen::VectorXd up = x, down = x;
    up(i) += h;
    down(i) -= h;
    want(i) = (multiclass_J(alpha, beta, up, y_star) - multiclass_J(alpha, beta, down, y_star)) / (2 * h);
  }
  // The slide: dJ/dxi = dJ/daj · Σj αji (for unit j = 1, or j = 2).
  const Eigen::VectorXd col_sums = alpha.colwise().sum().transpose();
  check_value("multiclass_partials(α, β, x = (1, 2, 9), y* = (0.2, 0.5, 0.3)).dJ_dx against central differences",
              as_mat(want), as_mat(p.dJ_dx),
              "checked: dJ/dx against central differences of J; xi reaches J through every hidden unit; " + kMulti,
              {{as_mat(p.dJ_da(0) * col_sums), "this is the lecture slide's dJ/daj · Σj αji with j = 1: a sum over the "
                                               "α's alone, the slip that section corrects"},
               {as_mat(p.dJ_da(1) * col_sums), "this is the lecture slide's dJ/daj · Σj αji with j = 2: a sum over the "
                                               "α's alone, the slip that section corrects"},
               {as_mat(-want), "the sign is flipped: the partials are of J, not of L = −J"}},
              1e-7);   // the central difference's own error at h = 1e-6 is ~1e-10 here
  Mat want_alpha(2, 3);
  for (Index j = 0; j < 2; ++j) {
    for (Index i = 0; i < 3; ++i) {
      Mat up = alpha, down = alpha;
      up(j, i) += h;
      down(j, i) -= h;
      want_alpha(j, i) = (multiclass_J(up, beta, x, y_star) - multiclass_J(down, beta, x, y_star)) / (2 * h);
    }
  }
  check_value("multiclass_partials(...).dJ_dalpha against central differences", want_alpha, p.dJ_dalpha,
              "checked: dJ/dα for a soft target against central differences of J; " + kMulti, {}, 1e-7);
}
