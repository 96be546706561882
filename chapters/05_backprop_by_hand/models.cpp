#include "chapters/05_backprop_by_hand/models.hpp"

#include <fmt/format.h>

namespace sg::ch05 {

Tensor weighted_sum(const std::vector<Tensor>& w, const std::vector<Tensor>& x, const std::string& name) {
  Tensor total;
  std::string so_far;
  for (std::size_t j = 0; j < w.size(); ++j) {
    const std::string term = fmt::format("{}·{}", w[j].label(), x[j].label());
    Tensor product = mul(w[j], x[j]).set_label(term);
    so_far += (j ? "+" : "") + term;
    total = j == 0 ? product : add(total, product).set_label(j + 1 == w.size() ? name : so_far);
  }
  return total;
}

Tensor logreg_loss(const Leaves& leaves) {
  const Tensor a = weighted_sum(leaves.weights, leaves.x, "a");
  const Tensor y = sigmoid(a).set_label("y");
  return bce(y, leaves.y_star).set_label("L = −J");
}

Tensor net_loss(const Leaves& leaves, Index hidden) {
  const std::size_t D = leaves.x.size();
  std::vector<Tensor> z, beta;
  for (Index j = 0; j < hidden; ++j) {
    const std::vector<Tensor> alpha_j(leaves.weights.begin() + j * D, leaves.weights.begin() + (j + 1) * D);
    const Tensor a_j = weighted_sum(alpha_j, leaves.x, fmt::format("a{}", j + 1));
    z.push_back(sigmoid(a_j).set_label(fmt::format("z{}", j + 1)));
    beta.push_back(leaves.weights[hidden * D + j]);
  }
  const Tensor b = weighted_sum(beta, z, "b");
  const Tensor y = sigmoid(b).set_label("y");
  return bce(y, leaves.y_star).set_label("L = −J");
}

Leaves make_leaves(Context& ctx, const std::vector<double>& weights, const std::vector<std::string>& names,
                   const Example& ex) {
  Leaves l;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    l.weights.push_back(ctx.param(Mat::Constant(1, 1, weights[k]), names[k]));
  }
  for (Index i = 0; i < ex.x.size(); ++i) {
    l.x.push_back(ctx.scalar(ex.x(i), fmt::format("x{}", i), /*requires_grad=*/false));
  }
  l.y_star = ctx.scalar(ex.y_star, "y*", /*requires_grad=*/false);
  return l;
}

std::vector<GradcheckInput> gradcheck_inputs(const Leaves& leaves) {
  std::vector<GradcheckInput> in;
  for (const Tensor& w : leaves.weights) in.push_back({w.value(), w.label(), true});
  for (const Tensor& x : leaves.x) in.push_back({x.value(), x.label(), false});
  in.push_back({leaves.y_star.value(), leaves.y_star.label(), false});
  return in;
}

Leaves split_inputs(const std::vector<Tensor>& inputs, std::size_t n_weights) {
  Leaves l;
  l.weights.assign(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(n_weights));
  l.x.assign(inputs.begin() + static_cast<std::ptrdiff_t>(n_weights), inputs.end() - 1);
  l.y_star = inputs.back();
  return l;
}

std::vector<std::string> theta_names(Index D) {
  std::vector<std::string> names;
  for (Index j = 0; j < D; ++j) names.push_back(fmt::format("θ{}", j));
  return names;
}

std::vector<std::string> net_names(Index H, Index D) {
  std::vector<std::string> names;
  for (Index j = 1; j <= H; ++j) {
    for (Index i = 0; i < D; ++i) names.push_back(fmt::format("α{}{}", j, i));
  }
  for (Index j = 1; j <= H; ++j) names.push_back(fmt::format("β{}", j));
  return names;
}

}  // namespace sg::ch05
