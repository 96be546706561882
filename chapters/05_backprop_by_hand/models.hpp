// The lecture's two models built out of scalar (1x1) tensors, one node per
// term, so the graph looks like the lecture's neuron diagram:
//   logistic regression  a = Σj θj·xj,  y = σ(a),  L = bce(y, y*) = −J
//   one hidden layer     aj = Σi αji·xi,  zj = σ(aj),  b = Σj βj·zj,  y = σ(b),  L = −J
// x0 = 1 is the bias input.
#pragma once

#include <Eigen/Dense>

#include <string>
#include <vector>

#include "engine/gradcheck/gradcheck.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch05 {

// One student: x = (x0 = 1, lectures attended, hours on the final project).
struct Example {
  Eigen::VectorXd x;
  double y_star = 1.0;   // 1: passed, 0: did not
};

// The leaves of a model, in the order gradcheck gets them: the weights (that
// need a gradient) first, then the data x0..x(D-1), then y*.
struct Leaves {
  std::vector<Tensor> weights;
  std::vector<Tensor> x;
  Tensor y_star;
};

// Σj w_j·x_j as a chain of labelled products and sums; the last sum is `name`.
Tensor weighted_sum(const std::vector<Tensor>& w, const std::vector<Tensor>& x, const std::string& name);

// L = −J of the logistic regression. weights = θ0..θ(D-1).
Tensor logreg_loss(const Leaves& leaves);
// L = −J of the network. weights = α (row by row: α10, α11, ..., α20, ...), then β1..βH.
Tensor net_loss(const Leaves& leaves, Index hidden);

// Leaves as labelled tensors of ctx: weights are parameters (1x1), x and y*
// are data. names: the weights' labels.
Leaves make_leaves(Context& ctx, const std::vector<double>& weights, const std::vector<std::string>& names,
                   const Example& ex);

// The same leaves as gradcheck inputs (weights checked, data not).
std::vector<GradcheckInput> gradcheck_inputs(const Leaves& leaves);
// Splits gradcheck's input tensors back into Leaves (n_weights weights first).
Leaves split_inputs(const std::vector<Tensor>& inputs, std::size_t n_weights);

// "α11" style labels: θ0..θ(D-1); α(j)(i) for j = 1..H, i = 0..D-1, then β1..βH.
std::vector<std::string> theta_names(Index D);
std::vector<std::string> net_names(Index H, Index D);

}  // namespace sg::ch05
