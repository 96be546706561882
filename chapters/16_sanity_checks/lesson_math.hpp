// Chapter 16's model, header-only so that
// tests/chapters/ch16_sanity_checks/test_lesson.cpp can run it: a Dense layer
// with a ReLU (Keras's Dense(units, activation='relu')) whose ReLU backward is
// written here, so that it can carry the planted bug, the network every check
// runs on, and its regularised loss.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/stepgrad.hpp"

namespace sg::ch16 {

// Y = relu(X·W + b), a Dense layer with its ReLU, whose ReLU backward is
// written here by hand: it lets the gradient through where the unit is on,
// Z = X·W + b > 0, and rebuilds that mask from the layer's own numbers. The
// planted bug rebuilds it from X·W alone: the bias left out. While b = 0 (at
// initialisation) the two masks are the same and the bug is invisible; once
// training has moved b, they differ wherever |X·W| < |b| with the opposite
// sign. (X·W + b are the engine's ops, compiled with optimisation in every
// build; only the mask is the chapter's.)
inline const OpInfo dense_relu_info{"dense_relu", {"Y = max(Z, 0), Z = X·W + b", "dZ += dY ⊙ [Z > 0]"}};
inline const OpInfo dense_relu_bug_info{"dense_relu_bug",
                                        {"Y = max(Z, 0), Z = X·W + b", "dZ += dY ⊙ [Z − b > 0] (bug: the mask forgets b)"}};

inline Tensor dense_relu(const Tensor& X, const Tensor& W, const Tensor& b, bool planted_bug) {
  const Tensor Z = add(matmul(X, W), b);
  return X.ctx().make_result<double>(
      planted_bug ? dense_relu_bug_info : dense_relu_info, Z.value().cwiseMax(0.0), {Z.node_ptr()},
      [planted_bug, b](Node<double>& self) {
        Mat pre = self.parent(0).value;
        if (planted_bug) pre.rowwise() -= b.value().row(0);
        self.accumulate(0, self.grad.cwiseProduct((pre.array() > 0.0).cast<double>().matrix()));
      });
}

// The layer: He-initialised W (in, out), b = 0.
class DenseRelu final : public Module<double> {
 public:
  DenseRelu(Context& ctx, std::string name, Index in, Index out, Generator& gen, bool planted_bug)
      : Module<double>(std::move(name)), bug_(planted_bug) {
    Scope scope(ctx, this->name());
    W = ctx.param(init_matrix(Init::He, in, out, gen), "W_" + this->name());
    b = ctx.param(Mat::Zero(1, out), "b_" + this->name());
  }
  Tensor forward(const Tensor& X) override {
    output_shape(X.shape());
    ModuleScope scope(W.ctx(), name());
    return dense_relu(X, W, b, bug_);
  }
  std::string kind() const override { return "DenseReLU"; }
  std::string describe() const override {
    return fmt::format("Dense {}→{}, ReLU{}", W.rows(), W.cols(), bug_ ? " (bug planted)" : "");
  }
  std::vector<NamedParam<double>> named_params() const override {
    return {{qualified("W"), W}, {qualified("b"), b}};
  }
  Shape output_shape(Shape in) const override {
    if (in.cols != W.rows()) {
      throw ShapeError(fmt::format("{} ({}): input is {} but the layer expects {} columns", name(), describe(),
                                   to_string(in), W.rows()));
    }
    return {in.rows, W.cols()};
  }
  Tensor W, b;

 private:
  bool bug_;
};

// What can be wrong with a set-up; all false is the healthy one.
struct Setup {
  std::string key;             // results and the table: "healthy", "big_weights", ...
  std::string name;            // what is broken, in words
  double out_sigma = 0.01;     // the output layer's weights ~ N(0, σ²): "small weights"
  double penalty_sign = 1.0;   // −1: the L2 penalty subtracted from the loss
  bool shuffled_labels = false;   // labels drawn apart from their images, every step
  double lr_factor = 1.0;      // the learning rate × this
  bool layer_bug = false;      // the planted bug in dense_relu's backward
};

// The network: DenseRelu "fc1" (inputs → hidden) then Linear "out" (hidden →
// classes) with small weights, each with its Context and generator.
struct Net {
  std::unique_ptr<Context> ctx;
  std::unique_ptr<Generator> gen;
  Sequential<double> model{"net"};
  DenseRelu* fc1 = nullptr;
  Linear<double>* out = nullptr;
};

inline std::unique_ptr<Net> build_net(const Setup& s, Index inputs, Index hidden, Index classes, std::uint64_t seed,
                                      GraphObserver* trace = nullptr) {
  auto net = std::make_unique<Net>();
  net->ctx = std::make_unique<Context>(trace);
  net->gen = std::make_unique<Generator>(seed);
  net->fc1 = &net->model.emplace<DenseRelu>(*net->ctx, "fc1", inputs, hidden, *net->gen, s.layer_bug);
  net->out = &net->model.emplace<Linear<double>>(*net->ctx, "out", hidden, classes, *net->gen);
  net->out->W.value_mut() = net->gen->normal_matrix(hidden, classes, 0.0, s.out_sigma);
  return net;
}

// The data loss L plus sign · (λ/2)·(‖W_fc1‖² + ‖W_out‖²): the L2 penalty
// on the weights (not the biases); sign −1 is the bug of check 2.
inline Tensor with_penalty(const Tensor& L, Net& net, double lambda, double penalty_sign = 1.0) {
  if (lambda == 0.0) return L;
  const Tensor penalty = add(l2_penalty(net.fc1->W, lambda), l2_penalty(net.out->W, lambda));
  return add(L, mul_scalar(penalty, penalty_sign)).set_label("loss");
}

// The cross-entropy of the network on X plus the penalty.
inline Tensor regularised_loss(Net& net, const Tensor& X, const std::vector<int>& labels, double lambda,
                               double penalty_sign = 1.0) {
  return with_penalty(cross_entropy(net.model(X), labels).set_label("loss"), net, lambda, penalty_sign);
}

}  // namespace sg::ch16
