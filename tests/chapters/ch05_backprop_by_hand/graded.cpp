// Graded tests of chapter 5's exercises (exercises/05_backprop_by_hand/exercises.cpp):
// dJ_dy, logreg_partials, net_partials. Every partial is of the lecture's
// log-likelihood J = y* log y + (1 − y*) log(1 − y), which learning
// maximises; the engine's loss is L = −J, so a result with every sign flipped
// is dL/d·. Expected values are the formulas written out here, or central
// differences of J written out here. A stub throws sg::NotImplemented, which
// fails the case with the stub's message.
#include <cmath>
#include <string>

#include "chapters/05_backprop_by_hand/exercises.hpp"
#include "tests/graded/graded.hpp"

using namespace sg;
using namespace sg::ch05;
using sg::graded::check_value;

namespace {

// The lesson sections that derive each exercise. A hint says what was checked
// and sends the student there; it does not write the answer
// (docs/instructors.md, "Add an exercise").
const std::string kLogreg = "docs/book/05-backprop-by-hand.md, section \"Logistic regression\"";
const std::string kNet = "docs/book/05-backprop-by-hand.md, section \"One hidden layer\"";
const std::string kSigma = "docs/book/03-activations.md, section \"The five functions\"";

double sig(double a) { return 1.0 / (1.0 + std::exp(-a)); }
double J_of(double y, double y_star) { return y_star * std::log(y) + (1.0 - y_star) * std::log(1.0 - y); }

// The lecture's example: x = (1, 4, 6) (bias, lectures, hours), θ = (−2, 0.3, 0.2).
Eigen::VectorXd lecture_x() { return Eigen::Vector3d(1.0, 4.0, 6.0); }
Eigen::VectorXd lecture_theta() { return Eigen::Vector3d(-2.0, 0.3, 0.2); }
// The network: α (2,3), row j = unit j's weights; β (2).
Eigen::MatrixXd lecture_alpha() { return (Eigen::MatrixXd(2, 3) << -1.0, 0.5, -0.2, 0.5, -0.3, 0.4).finished(); }
Eigen::VectorXd lecture_beta() { return Eigen::Vector2d(1.5, -1.0); }

// J of the network, written out, for central differences.
double net_J(const Eigen::MatrixXd& alpha, const Eigen::VectorXd& beta, const Eigen::VectorXd& x, double y_star) {
  double b = 0.0;
  for (Index j = 0; j < alpha.rows(); ++j) b += beta(j) * sig(alpha.row(j).dot(x));
  return J_of(sig(b), y_star);
}

Mat as_mat(const Eigen::VectorXd& v) { return v; }

}  // namespace

// ---- Exercise 5.1: dJ_dy -------------------------------------------------------------

TEST_CASE("5.1 dJ_dy: a target y* = 1", "[ch05][ex5.1][points:1]") {
  check_value("dJ_dy(y=0.6, y*=1)", 1.0 / 0.6, dJ_dy(0.6, 1.0),
              "checked: dJ/dy at y = 0.6 with y* = 1, where only the log y term of J is left; derived in " + kLogreg,
              {{-1.0 / 0.6, "the sign is flipped: this is dL/dy of L = −J; the lecture's partials are of J"},
               {0.4, "this is y* − y = dJ/da, the derivative with respect to the logit a, not y"},
               {std::log(0.6), "this is J itself, not its derivative by y"}});
}

TEST_CASE("5.1 dJ_dy: a target y* = 0", "[ch05][ex5.1][points:1]") {
  check_value("dJ_dy(y=0.6, y*=0)", -1.0 / 0.4, dJ_dy(0.6, 0.0),
              "checked: dJ/dy at y = 0.6 with y* = 0, where only the log(1 − y) term of J is left; " + kLogreg,
              {{1.0 / 0.4, "the sign is flipped: the −1 from the inside of log(1 − y) is lost (or this is dL/dy of "
                           "L = −J)"},
               {-1.0 / 0.6, "this differentiates log y; with y* = 0 the term left is log(1 − y)"}});
}

TEST_CASE("5.1 dJ_dy: a soft target matches a central difference of J", "[ch05][ex5.1][points:1]") {
  constexpr double h = 1e-6;
  for (const auto& [y, y_star] : {std::pair{0.3, 0.25}, {0.9, 0.5}, {0.05, 0.8}}) {
    const double want = (J_of(y + h, y_star) - J_of(y - h, y_star)) / (2 * h);
    check_value("dJ_dy(y=" + sg::graded::show(y) + ", y*=" + sg::graded::show(y_star) +
                    ") against (J(y + h) − J(y − h))/2h",
                want, dJ_dy(y, y_star),
                "checked: soft targets, where both log terms of J count, each with its own weight; " + kLogreg,
                {{-want, "the sign is flipped: the partials are of J, not of L = −J"}},
                1e-6);   // the difference's own error at h = 1e-6 is ~1e-9 here
  }
}

// ---- Exercise 5.2: logreg_partials ----------------------------------------------------

TEST_CASE("5.2 logreg_partials: the forward pass a, y, J", "[ch05][ex5.2][points:1]") {
  const LogRegPartials p = logreg_partials(lecture_theta(), lecture_x(), 1.0);
  const double a = -2.0 * 1 + 0.3 * 4 + 0.2 * 6;   // 0.4
  check_value("logreg_partials(θ=(-2, 0.3, 0.2), x=(1, 4, 6), y*=1).a", a, p.a,
              "checked: the forward pass a = Σj θj·xj, the bias input x0 = 1 included; " + kLogreg,
              {{a + 2.0, "the bias term θ0·x0 is missing"}});
  check_value("logreg_partials(...).y", sig(a), p.y, "checked: the forward pass y = σ(a); " + kLogreg,
              {{a, "this is a; y = σ(a)"}});
  check_value("logreg_partials(...).J", std::log(sig(a)), p.J,
              "checked: the log-likelihood J = y* log y + (1 − y*) log(1 − y); " + kLogreg,
              {{-std::log(sig(a)), "this is L = −J; J is the log-likelihood, ≤ 0"}});
}

TEST_CASE("5.2 logreg_partials: dJ/dy, dy/da and dJ/da", "[ch05][ex5.2][points:1]") {
  const LogRegPartials p = logreg_partials(lecture_theta(), lecture_x(), 1.0);
  const double y = sig(0.4);
  check_value("logreg_partials(θ=(-2, 0.3, 0.2), x=(1, 4, 6), y*=1).dJ_dy", 1.0 / y, p.dJ_dy,
              "checked: your dJ_dy (5.1) at y = σ(a); " + kLogreg,
              {{-1.0 / y, "the sign is flipped: the partials are of J, not of L = −J"}});
  check_value("logreg_partials(...).dy_da", y * (1 - y), p.dy_da,
              "checked: dy/da, the derivative of σ at a, written with y; σ' is derived in " + kSigma,
              {{y, "this is σ(a) itself, not its derivative"}});
  check_value("logreg_partials(...).dJ_da", 1.0 - y, p.dJ_da,
              "checked: dJ/da by the chain rule, from your dJ/dy and dy/da; " + kLogreg,
              {{y - 1.0, "the sign is flipped: this is dL/da of L = −J; the partials are of J"}});
}

TEST_CASE("5.2 logreg_partials: dJ/dθ on the lecture's student", "[ch05][ex5.2][points:1]") {
  const LogRegPartials p = logreg_partials(lecture_theta(), lecture_x(), 1.0);
  const double dJ_da = 1.0 - sig(0.4);   // 0.4013
  const Mat want = as_mat(dJ_da * lecture_x());   // (0.4013, 1.6052, 2.4079)
  check_value("logreg_partials(θ=(-2, 0.3, 0.2), x=(1, 4, 6), y*=1).dJ_dtheta", want, as_mat(p.dJ_dtheta),
              "checked: dJ/dθ, one entry per feature (3 here), by the chain rule through a; " + kLogreg,
              {{-want, "the sign is flipped: this is dL/dθ; the partials are of J"},
               {as_mat(Eigen::Vector3d::Constant(dJ_da)),
                "this is dJ/da in every entry: the local derivative da/dθj is missing"},
               {as_mat(dJ_da * lecture_theta()),
                "this uses θj where da/dθj is needed: differentiating a = Σ θj·xj by θj does not leave θj"}});
}

TEST_CASE("5.2 logreg_partials: y* = 0 flips the signs", "[ch05][ex5.2][points:1]") {
  const LogRegPartials p = logreg_partials(lecture_theta(), lecture_x(), 0.0);
  const double y = sig(0.4);
  check_value("logreg_partials(θ=(-2, 0.3, 0.2), x=(1, 4, 6), y*=0).J", std::log(1 - y), p.J,
              "checked: J with y* = 0, where only its log(1 − y) term is left; " + kLogreg,
              {{std::log(y), "the target was ignored: this is J for y* = 1"}});
  const Mat want = as_mat(-y * lecture_x());   // dJ/da = y* − y = −y
  check_value("logreg_partials(..., y*=0).dJ_dtheta", want, as_mat(p.dJ_dtheta),
              "checked: dJ/dθ with y* = 0: every partial depends on the target; " + kLogreg,
              {{as_mat((1 - y) * lecture_x()), "the target was ignored: dJ/dy depends on y*"},
               {-want, "the sign is flipped: this is dL/dθ; the partials are of J"}});
}

// ---- Exercise 5.3: net_partials -------------------------------------------------------

TEST_CASE("5.3 net_partials: the forward pass", "[ch05][ex5.3][points:1]") {
  const NetPartials p = net_partials(lecture_alpha(), lecture_beta(), lecture_x(), 1.0);
  const Eigen::Vector2d a(-1.0 + 0.5 * 4 - 0.2 * 6, 0.5 - 0.3 * 4 + 0.4 * 6);   // (−0.2, 1.7)
  const Eigen::Vector2d z(sig(a(0)), sig(a(1)));
  const double b = 1.5 * z(0) - 1.0 * z(1);
  check_value("net_partials(α, β, x=(1, 4, 6), y*=1).a", as_mat(a), as_mat(p.a),
              "checked: the forward pass aj = Σi αji·xi, one entry per hidden unit; " + kNet);
  check_value("net_partials(...).z", as_mat(z), as_mat(p.z), "checked: the forward pass zj = σ(aj); " + kNet,
              {{as_mat(a), "this is a; z = σ(a)"}});
  check_value("net_partials(...).y", sig(b), p.y, "checked: the forward pass b = Σj βj·zj, y = σ(b); " + kNet,
              {{b, "this is b; y = σ(b)"}});
  check_value("net_partials(...).J", std::log(sig(b)), p.J,
              "checked: the log-likelihood J = y* log y + (1 − y*) log(1 − y); " + kNet,
              {{-std::log(sig(b)), "this is L = −J; J is the log-likelihood, ≤ 0"}});
}

TEST_CASE("5.3 net_partials: the output layer, dJ/db and dJ/dbeta", "[ch05][ex5.3][points:1]") {
  const NetPartials p = net_partials(lecture_alpha(), lecture_beta(), lecture_x(), 1.0);
  const Eigen::Vector2d z(sig(-0.2), sig(1.7));
  const double y = sig(1.5 * z(0) - z(1));
  const double dJ_db = 1.0 - y;   // dJ/dy · y(1 − y) = (1/y) · y(1 − y), 0.5425
  check_value("net_partials(α, β, x=(1, 4, 6), y*=1).dJ_db", dJ_db, p.dJ_db,
              "checked: dJ/db, from your dJ/dy through the output's σ; " + kNet,
              {{-dJ_db, "the sign is flipped: this is dL/db; the partials are of J"},
               {1.0 / y, "this is dJ/dy: the local derivative of y = σ(b) is missing"}});
  check_value("net_partials(...).dJ_dbeta", as_mat(dJ_db * z), as_mat(p.dJ_dbeta),
              "checked: dJ/dβ, one entry per hidden unit; " + kNet,
              {{as_mat(dJ_db * lecture_beta()),
                "this is dJ/dz: differentiating b = Σ βj·zj by βj does not leave βj"}});
}

TEST_CASE("5.3 net_partials: the hidden layer, dJ/dz and dJ/da", "[ch05][ex5.3][points:1]") {
  const NetPartials p = net_partials(lecture_alpha(), lecture_beta(), lecture_x(), 1.0);
  const Eigen::Vector2d a(-0.2, 1.7), z(sig(-0.2), sig(1.7));
  const double dJ_db = 1.0 - sig(1.5 * z(0) - z(1));
  const Eigen::Vector2d dJ_dz = dJ_db * lecture_beta();
  const Eigen::Vector2d dJ_da(dJ_dz(0) * z(0) * (1 - z(0)), dJ_dz(1) * z(1) * (1 - z(1)));
  check_value("net_partials(α, β, x=(1, 4, 6), y*=1).dJ_dz", as_mat(dJ_dz), as_mat(p.dJ_dz),
              "checked: dJ/dz, one entry per hidden unit; " + kNet,
              {{as_mat(dJ_db * z), "this is dJ/dβ: differentiating b = Σ βj·zj by zj does not leave zj"}});
  check_value("net_partials(...).dJ_da", as_mat(dJ_da), as_mat(p.dJ_da),
              "checked: dJ/da, one entry per hidden unit; " + kNet,
              {{as_mat(dJ_dz), "this is dJ/dz: the local derivative of zj = σ(aj) is missing"},
               {as_mat(Eigen::Vector2d(dJ_dz(0) * a(0) * (1 - a(0)), dJ_dz(1) * a(1) * (1 - a(1)))),
                "σ' was evaluated with a where the lesson has σ(a) = z: write it with zj"},
               {-as_mat(dJ_da), "the sign is flipped: the partials are of J, not of L = −J"}});
}

TEST_CASE("5.3 net_partials: dJ/dalpha against a central difference of J", "[ch05][ex5.3][points:2]") {
  // Another example, y* = 0 and a student with 2 lectures and 9 hours, so that
  // nothing is special about the lecture's numbers.
  const Eigen::VectorXd x = Eigen::Vector3d(1.0, 2.0, 9.0);
  const Eigen::MatrixXd alpha = (Eigen::MatrixXd(2, 3) << 0.3, -0.4, 0.1, -0.2, 0.25, -0.05).finished();
  const Eigen::VectorXd beta = Eigen::Vector2d(-0.7, 1.2);
  const NetPartials p = net_partials(alpha, beta, x, 0.0);
  constexpr double h = 1e-6;
  Mat want(2, 3);
  for (Index j = 0; j < 2; ++j) {
    for (Index i = 0; i < 3; ++i) {
      Eigen::MatrixXd up = alpha, down = alpha;
      up(j, i) += h;
      down(j, i) -= h;
      want(j, i) = (net_J(up, beta, x, 0.0) - net_J(down, beta, x, 0.0)) / (2 * h);
    }
  }
  check_value("net_partials(α (2,3), β, x=(1, 2, 9), y*=0).dJ_dalpha against (J(α + h) − J(α − h))/2h", want,
              p.dJ_dalpha,
              "checked: dJ/dα, an (H, D) = (2,3) matrix like α whose row j, column i is dJ/dαji, against a central "
              "difference of J; " + kNet,
              {{-want, "the sign is flipped: the partials are of J, not of L = −J"}},
              1e-7);   // the central difference's own error at h = 1e-6 is ~1e-10
  Mat want_beta(2, 1);
  for (Index j = 0; j < 2; ++j) {
    Eigen::VectorXd up = beta, down = beta;
    up(j) += h;
    down(j) -= h;
    want_beta(j, 0) = (net_J(alpha, up, x, 0.0) - net_J(alpha, down, x, 0.0)) / (2 * h);
  }
  check_value("net_partials(..., y*=0).dJ_dbeta against (J(β + h) − J(β − h))/2h", want_beta, as_mat(p.dJ_dbeta),
              "checked: dJ/dβ with y* = 0 against a central difference of J; " + kNet,
              {{-want_beta, "the sign is flipped: the partials are of J, not of L = −J"}}, 1e-7);
}
