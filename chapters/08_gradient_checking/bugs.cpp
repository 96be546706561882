// Chapter 8: the network every section checks, a gallery of planted backward
// bugs (custom ops built with the engine's public Context::make_result, each
// a wrong copy of a real op) with gradcheck's diagnosis of each, one bug
// hidden inside the network, and the student's own layer (exercise 8.4)
// wrapped into an op and checked the same way.
#include <fmt/format.h>

#include <initializer_list>
#include <iostream>

#include "chapters/08_gradient_checking/exercises.hpp"
#include "chapters/08_gradient_checking/lesson.hpp"

namespace sg::ch08 {
namespace {

// An op's result node from its value, its operands and its backward: what
// every op in engine/ops does (detail::make), with the public API.
Tensor make_op(const OpInfo& info, Mat value, std::initializer_list<Tensor> operands, BackwardFn<double> backward) {
  std::vector<std::shared_ptr<Node<double>>> parents;
  for (const Tensor& t : operands) parents.push_back(t.node_ptr());
  return operands.begin()->ctx().make_result<double>(info, std::move(value), std::move(parents), std::move(backward));
}

// ---- six planted bugs, each a wrong copy of a real op --------------------------------

// Y = tanh(X) with dX += −(1 − Y²) ⊙ dY: the sign of the local derivative flipped.
const OpInfo tanh_wrong_sign_info{"tanh_wrong_sign", {"dX += −(1 − Y²) ⊙ dY (bug: the sign)"}};
Tensor tanh_wrong_sign(const Tensor& X) {
  return make_op(tanh_wrong_sign_info, X.value().array().tanh().matrix(), {X}, [](Node<double>& self) {
    const Mat local = (1.0 - self.value.array().square()).matrix();
    self.accumulate(0, -local.cwiseProduct(self.grad));
  });
}

// L = mean((Ŷ − Y)²) with dŶ += (Ŷ − Y)/N · dL: the 2 of the square forgotten.
const OpInfo mse_missing_2_info{"mse_missing_2", {"dŶ += (Ŷ − Y)/N · dL (bug: should be 2(Ŷ − Y)/N)", "dY += ..."}};
Tensor mse_missing_2(const Tensor& Yhat, const Tensor& Y) {
  const Mat D = Yhat.value() - Y.value();
  return make_op(mse_missing_2_info, Mat::Constant(1, 1, D.squaredNorm() / static_cast<double>(D.size())), {Yhat, Y},
                 [](Node<double>& self) {
                   const Mat D = self.parent(0).value - self.parent(1).value;
                   const double scale = self.grad(0, 0) / static_cast<double>(D.size());
                   if (self.needs(0)) self.accumulate(0, scale * D);
                   if (self.needs(1)) self.accumulate(1, -scale * D);
                 });
}

// Y = X·W with dW += (Xᵀ·dY)ᵀ: the right shape when W is square, the wrong layout.
const OpInfo matmul_transposed_info{"matmul_transposed_dW", {"dX += dY · Wᵀ", "dW += (Xᵀ · dY)ᵀ (bug: transposed)"}};
Tensor matmul_transposed_dW(const Tensor& X, const Tensor& W) {
  return make_op(matmul_transposed_info, X.value() * W.value(), {X, W}, [](Node<double>& self) {
    if (self.needs(0)) self.accumulate(0, self.grad * self.parent(1).value.transpose());
    if (self.needs(1)) self.accumulate(1, (self.parent(0).value.transpose() * self.grad).transpose());
  });
}

// Y = A + b with b (1,n) added to every row of A, and db += dY: not summed over the rows.
const OpInfo add_unreduced_info{"add_bias_unreduced", {"dA += dY", "db += dY (bug: not summed over the rows)"}};
Tensor add_bias_unreduced(const Tensor& A, const Tensor& b) {
  Mat Y = A.value();
  Y.rowwise() += b.value().row(0);
  return make_op(add_unreduced_info, std::move(Y), {A, b}, [](Node<double>& self) {
    if (self.needs(0)) self.accumulate(0, self.grad);
    if (self.needs(1)) self.accumulate(1, self.grad);
  });
}

// Y = A ⊙ B whose backward ASSIGNS the parents' gradients instead of adding.
const OpInfo mul_overwrite_info{"mul_overwrite", {"dA = dY ⊙ B (bug: = instead of +=)", "dB = dY ⊙ A (bug)"}};
Tensor mul_overwrite(const Tensor& A, const Tensor& B) {
  return make_op(mul_overwrite_info, A.value().cwiseProduct(B.value()), {A, B}, [](Node<double>& self) {
    const Mat dA = self.grad.cwiseProduct(self.parent(1).value);
    const Mat dB = self.grad.cwiseProduct(self.parent(0).value);
    if (self.needs(0)) self.parent(0).grad = dA;
    if (self.needs(1)) self.parent(1).grad = dB;
  });
}

// Y = A ⊙ B whose backward forgets B.
const OpInfo mul_forgets_b_info{"mul_forgets_B", {"dA += dY ⊙ B", "(bug: nothing sent to B)"}};
Tensor mul_forgets_b(const Tensor& A, const Tensor& B) {
  return make_op(mul_forgets_b_info, A.value().cwiseProduct(B.value()), {A, B}, [](Node<double>& self) {
    if (self.needs(0)) self.accumulate(0, self.grad.cwiseProduct(self.parent(1).value));
  });
}

using book::sci;

// ---- the student's layer as an op ------------------------------------------------------

const OpInfo softplus_dense_info{"softplus_dense",
                                 {"dX (your exercise 8.4)", "dW (your exercise 8.4)", "db (your exercise 8.4)"}};
Tensor softplus_dense_op(const Tensor& X, const Tensor& W, const Tensor& b) {
  return make_op(softplus_dense_info, softplus_dense(X.value(), W.value(), b.value()), {X, W, b},
                 [](Node<double>& self) {
                   const DenseGradients g = softplus_dense_backward(self.parent(0).value, self.parent(1).value,
                                                                    self.parent(2).value, self.grad);
                   if (self.needs(0)) self.accumulate(0, g.dX);
                   if (self.needs(1)) self.accumulate(1, g.dW);
                   if (self.needs(2)) self.accumulate(2, g.db);
                 });
}

}  // namespace

Index Net::parameter_count() const {
  Index n = 0;
  for (std::size_t i = 1; i < inputs.size(); ++i) n += inputs[i].value.size();
  return n;
}

Net make_net(Generator& gen) {
  const Dataset d = spirals(12, 3, 0.2, gen);
  Net net;
  net.labels = d.labels;
  net.inputs = {{d.X, "X", false},
                {gen.uniform_matrix(2, 8, -1.0, 1.0), "W1", true},
                {gen.uniform_matrix(1, 8, -0.5, 0.5), "b1", true},
                {gen.uniform_matrix(8, 8, -0.6, 0.6), "W2", true},
                {gen.uniform_matrix(1, 8, -0.5, 0.5), "b2", true},
                {gen.uniform_matrix(8, 3, -0.6, 0.6), "W3", true},
                {gen.uniform_matrix(1, 3, -0.5, 0.5), "b3", true}};
  return net;
}

Tensor net_loss(const std::vector<Tensor>& in, const std::vector<int>& labels, Layer2 layer2) {
  const Tensor H1 = tanh(matmul(in[0], in[1]) + in[2]);
  const Tensor P2 = layer2 == Layer2::Right ? matmul(H1, in[3]) : matmul_transposed_dW(H1, in[3]);
  const Tensor H2 = tanh(P2 + in[4]);
  return cross_entropy(matmul(H2, in[5]) + in[6], labels);
}

void bug_gallery(book::Chapter& ch, const Net& net) {
  ch.section("A gallery of planted bugs");
  ch.say("Six ops whose forward pass is right and whose backward has one classic bug each,\n"
         "built the way the engine builds its own (an OpInfo with the chain-rule formula, a value,\n"
         "the operands, a backward function: Context::make_result). Each is checked alone in full\n"
         "mode on small random inputs; gradcheck says what is wrong and where.");
  Generator gen = ch.generator();
  const Mat A = gen.uniform_matrix(3, 3, -1.0, 1.0), B = gen.uniform_matrix(3, 3, -1.0, 1.0);
  const Mat b = gen.uniform_matrix(1, 3, -1.0, 1.0), T = gen.uniform_matrix(3, 3, -1.0, 1.0);
  struct Bug {
    std::string key, name, planted, input;
    GradcheckBuilder f;
    std::vector<GradcheckInput> inputs;
  };
  const std::vector<Bug> bugs = {
      {"sign", "tanh_wrong_sign", "dX += −(1 − Y²) ⊙ dY", "X",
       [](const std::vector<Tensor>& in) { return tanh_wrong_sign(in[0]); }, {{A, "X", true}}},
      {"factor", "mse_missing_2", "dŶ += (Ŷ − Y)/N", "Yhat",
       [](const std::vector<Tensor>& in) { return mse_missing_2(in[0], in[1]); },
       {{A, "Yhat", true}, {T, "Y", false}}},
      {"transpose", "matmul_transposed_dW", "dW += (Xᵀ·dY)ᵀ", "W",
       [](const std::vector<Tensor>& in) { return matmul_transposed_dW(in[0], in[1]); },
       {{A, "X", true}, {B, "W", true}}},
      {"broadcast", "add_bias_unreduced", "db += dY (not summed)", "b",
       [](const std::vector<Tensor>& in) { return add_bias_unreduced(in[0], in[1]); },
       {{A, "A", true}, {b, "b", true}}},
      {"overwrite", "mul_overwrite (x ⊙ x)", "dA = dY ⊙ B (= for +=)", "X",
       [](const std::vector<Tensor>& in) { return mul_overwrite(in[0], in[0]); }, {{A, "X", true}}},
      {"forgotten", "mul_forgets_B", "nothing sent to B", "B",
       [](const std::vector<Tensor>& in) { return mul_forgets_b(in[0], in[1]); }, {{A, "A", true}, {B, "B", true}}},
  };
  book::Table t({"bug", "planted backward", "input", "max rel error", "band", "gradcheck's diagnosis"});
  for (const Bug& bug : bugs) {
    GradcheckOptions o;
    o.seed = ch.options().seed;
    const GradcheckResult r = gradcheck(bug.f, bug.inputs, o);
    const InputCheck& in = r.input(bug.input);
    std::string cause(to_string(in.cause));
    if (in.cause == Cause::ConstantFactor) cause += fmt::format(" {:.3g}", in.factor);
    const bool threw = !r.backward_error.empty();   // nothing to compare: backward itself failed
    t.add({bug.name, bug.planted, bug.input, threw ? "-" : sci(in.max_rel_error),
           threw ? "backward threw" : std::string(to_string(band_of(in.max_rel_error))), cause});
    ch.say(fmt::format("  {}: {}", bug.name, in.detail.empty() ? cause : in.detail));
    ch.result("bug." + bug.key + ".passed", r.passed ? "yes" : "no");
    ch.result("bug." + bug.key + ".cause", to_string(in.cause));
    if (in.cause == Cause::ConstantFactor) ch.result("bug." + bug.key + ".factor", in.factor);
  }
  ch.table(t, "bug_gallery.csv");
  ch.say("How each is recognised: a ≈ −n on every element (sign); a ≈ c·n for one c (factor,\n"
         "c = 0.5 here: a 2 missing); a(r,c) ≈ n(c,r) on a square input (transpose); backward\n"
         "threw a ShapeError from accumulate, naming the (3,3) gradient sent to a (1,3) bias\n"
         "(broadcast); a second backward did not double the leaf's gradient, or x ⊙ x lost one\n"
         "of its two contributions (overwrite); a = 0 where n is not (forgotten). A bug in the\n"
         "forward pass is invisible here: backward and the differences then agree on the\n"
         "wrong function. Check the forward against numbers you trust (chapter 5's by hand).");

  ch.section("One bug inside the network");
  const auto builder = [&](const std::vector<Tensor>& in) { return net_loss(in, net.labels, Layer2::TransposedBug); };
  GradcheckOptions o;
  o.seed = ch.options().seed;
  o.mode = GradcheckMode::Directional;
  const GradcheckResult dir = gradcheck(builder, net.inputs, o);
  std::string failing;
  for (const InputCheck& in : dir.inputs) {
    if (!in.passed) failing += (failing.empty() ? "" : " ") + in.label;
  }
  o.mode = GradcheckMode::Full;
  const GradcheckResult full = gradcheck(builder, net.inputs, o);
  const InputCheck& W2 = full.input("W2");
  Index wrong = 0;
  for (const ElementCheck& e : W2.elements) wrong += e.passed ? 0 : 1;
  ch.say(fmt::format(
      "The network again, with layer 2's product replaced by matmul_transposed_dW. The\n"
      "directional check ({} directions per tensor, {} forward passes' worth) fails on: {}.\n"
      "Only W2: the bug is in dW2 alone, dX (which carries the gradient on to W1 and b1) is\n"
      "right. Full mode on the network then names it: {} of W2's {} elements wrong (the\n"
      "diagonal is symmetric and passes), likely cause: {}.",
      o.directions, 2 * o.directions * 6, failing.empty() ? "nothing" : failing, wrong, W2.elements.size(),
      to_string(W2.cause)));
  ch.result("net_bug.directional.failing", failing.empty() ? "none" : failing);
  ch.result("net_bug.full.cause", to_string(W2.cause));
  ch.result("net_bug.full.wrong_elements", static_cast<double>(wrong));
}

void your_layer(book::Chapter& ch) {
  ch.section("Your layer, checked");
  ch.say("Exercise 8.4 is a layer the engine does not have, Y = softplus(X·W + b)\n"
         "(softplus(a) = log(1 + e^a), a smooth ReLU). Its forward pass is given; its backward is\n"
         "yours. The chapter wraps the two into an op, as the gallery did, and checks it the way\n"
         "you would check any layer of your own:\n"
         "  1. small shapes, in double, with random inputs that are not special (no zeros, no\n"
         "     ties, W square so that a transpose cannot hide behind a shape error);\n"
         "  2. every input, data included (dX is what the layer below receives);\n"
         "  3. a random cotangent for the non-scalar output (with all ones, errors can cancel);\n"
         "  4. full mode on the layer alone, then directional on a network that uses it;\n"
         "  5. backward twice: the leaf gradients must double (accumulate, never assign).");
  Generator gen = ch.generator();
  const Mat X = gen.uniform_matrix(4, 3, -1.5, 1.5), W = gen.uniform_matrix(3, 3, -1.0, 1.0);
  const Mat b = gen.uniform_matrix(1, 3, -0.5, 0.5), V = gen.uniform_matrix(3, 2, -1.0, 1.0);
  ch.part("your softplus layer's backward", [&] {
    softplus_dense_backward(X, W, b, Mat::Ones(4, 3));   // a stub says so here, not inside gradcheck
    GradcheckOptions o;
    o.seed = ch.options().seed;
    const GradcheckResult alone =
        gradcheck([](const std::vector<Tensor>& in) { return softplus_dense_op(in[0], in[1], in[2]); },
                  {{X, "X", true}, {W, "W", true}, {b, "b", true}}, o);
    ch.say(alone.report());
    o.mode = GradcheckMode::Directional;
    const std::vector<int> labels = {0, 1, 1, 0};
    const GradcheckResult in_net = gradcheck(
        [&](const std::vector<Tensor>& in) {
          return cross_entropy(matmul(softplus_dense_op(in[0], in[1], in[2]), in[3]), labels);
        },
        {{X, "X", true}, {W, "W", true}, {b, "b", true}, {V, "V", true}}, o);
    ch.result("yours.layer.passed", alone.passed ? "yes" : "no");
    ch.result("yours.layer.max_rel_error", alone.max_rel_error);
    ch.result("yours.layer_in_network.passed", in_net.passed ? "yes" : "no");
    if (!alone.passed || !in_net.passed) {
      if (!alone.passed) std::cout << alone.report();
      if (!in_net.passed) std::cout << in_net.report();
      throw Error("your softplus_dense_backward fails the gradient check: the report above names the input, "
                  "the element and the likely cause (build/bin/grade --exercise 8.4 too)");
    }
    ch.say("Your layer passes: every element in the good band, and inside a network too.");
  });
}

}  // namespace sg::ch08
