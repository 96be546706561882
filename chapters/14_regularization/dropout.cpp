// Chapter 14, part 3: inverted dropout. The student's inverted_dropout (14.3)
// against the engine's Dropout layer on the same uniform numbers; why the
// kept units are scaled; train against eval; the gradient of a dropped unit;
// the graph of a regularised loss (the chapter's main graph), gradient-checked
// with --gradcheck.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "chapters/14_regularization/exercises.hpp"
#include "chapters/14_regularization/lesson.hpp"

namespace sg::ch14 {

namespace {

constexpr double kP = 0.5;   // the lectures' "typically drop 50%"

// A hidden layer's activations for 3 examples of 6 units (tanh outputs).
Mat activations() {
  return (Mat(3, 6) << 0.2, -0.5, 0.9, 0.1, -0.3, 0.7, 0.6, 0.4, -0.8, 0.3, 0.5, -0.1, -0.2, 0.8, 0.1, -0.6, 0.9,
          0.4)
      .finished();
}

std::string rows(const Mat& M) {
  std::string s;
  for (Index i = 0; i < M.rows(); ++i) {
    s += "    ";
    for (Index j = 0; j < M.cols(); ++j) s += fmt::format("{:>6.2f}", M(i, j));
    s += '\n';
  }
  return s;
}

}  // namespace

void dropout_mechanics(book::Chapter& ch, Context& ctx) {
  ch.section("Dropout");
  ch.say(fmt::format(
      "During training each unit of a layer is dropped (set to 0) with probability p, a new random choice\n"
      "every forward pass; the lectures drop 50%. PyTorch's p and Keras's rate are the probability of\n"
      "DROPPING; lecture 001's \"each node with retained probability p\" uses p for keeping, as the original\n"
      "paper does: read which one a text means. Lecture 004 quotes PyTorch: \"the outputs are scaled by a\n"
      "factor of 1/(1 − p) during training. This means that during evaluation the module simply computes\n"
      "an identity function.\" That is inverted dropout, here with p = {}, on a layer's activations H:\n{}",
      kP, rows(activations())));
  const Mat H = activations();
  Generator layer_gen(ch.options().seed);
  Dropout<> drop(kP, layer_gen, "drop");
  Tensor tH = ctx.input(H, "H", true);
  Tensor Y = drop.forward(tH);
  const Mat mask = drop.last_mask();
  sum(Y).backward();
  ch.say(fmt::format("The engine's Dropout layer (train mode) keeps the units marked 1:\n{}and outputs\n{}"
                     "The kept units are doubled, 1/(1 − p) = {}. Its gradient is the same mask times 1/(1 − p):\n"
                     "a dropped unit gets no gradient, it did not take part.",
                     rows(mask), rows(Y.value()), 1.0 / (1.0 - kP)));
  ch.result("dropout.kept_in_example", mask.sum());
  ch.result("dropout.scale", 1.0 / (1.0 - kP));
  ch.result("dropout.grad_of_dropped_units", tH.grad().cwiseProduct((1.0 - mask.array()).matrix()).cwiseAbs().maxCoeff());
  ch.result("dropout.grad_of_kept_units", (tH.grad().array() * mask.array()).maxCoeff());

  ch.part("your inverted_dropout against the layer", [&] {
    Generator same(ch.options().seed);   // the layer's uniform numbers, in its order (row by row)
    const Mat U = same.uniform_matrix(H.rows(), H.cols(), 0.0, 1.0);
    const DropoutPass mine = inverted_dropout(H, U, kP);
    if (mine.mask.rows() != H.rows() || mine.mask.cols() != H.cols() || mine.Y.rows() != H.rows() ||
        mine.Y.cols() != H.cols()) {
      throw Error("your inverted_dropout's mask and Y must have X's shape");
    }
    const double diff = std::max((mine.mask - mask).cwiseAbs().maxCoeff(), (mine.Y - Y.value()).cwiseAbs().maxCoeff());
    ch.say(fmt::format("Your inverted_dropout on the same uniform numbers: differs from the layer by {:.2g}.", diff));
    ch.result("dropout.max_abs_diff_exercise", diff);
    if (diff > 1e-15) {
      throw Error(fmt::format("your inverted_dropout differs from the engine's Dropout layer by {:.3g}: is a unit "
                              "dropped when u < p, and how are the kept ones scaled?", diff));
    }
  });

  // Why the scaling: the mean output over many units and masks.
  {
    Context c;
    NoGrad no_grad(c);
    Generator g(ch.options().seed + 1);
    Dropout<> many(kP, g);
    const Mat ones = Mat::Ones(ch.quick() ? 200 : 2000, 100);
    const Mat out = many.forward(c.input(ones)).value();
    const double kept = many.last_mask().mean();
    ch.say(fmt::format(
        "Why 1/(1 − p): on {} units of value 1, {:.4f} of them are kept and the mean output is {:.4f},\n"
        "the input's 1. Without the scaling it would be {:.4f}, and the next layer would see inputs half as\n"
        "large in training as in evaluation. (The original dropout scaled by the keep probability at test\n"
        "time instead; inverted dropout does it once, in training, and leaves evaluation alone.)",
        ones.size(), kept, out.mean(), kept));
    ch.result("dropout.kept_fraction", kept);
    ch.result("dropout.mean_output", out.mean());
    drop.eval();
    const Mat evaluated = drop.forward(ctx.input(H)).value();
    ch.say(fmt::format("In eval mode the layer is the identity: max |Y − H| = {}.", (evaluated - H).cwiseAbs().maxCoeff()));
    ch.result("dropout.eval_max_abs_change", (evaluated - H).cwiseAbs().maxCoeff());
  }

  // The graph of a regularised loss: dropout in the network, L2 terms added to the loss.
  {
    Generator init(14), masks(ch.options().seed);
    Scope scope(ctx, "net");
    Linear<> fc1(ctx, "fc1", 2, 3, init);
    Dropout<> d(kP, masks, "drop");
    Linear<> fc2(ctx, "fc2", 3, 2, init);
    const Mat X = (Mat(4, 2) << 0.1, 0.9, 1.2, -0.4, -0.7, 0.3, 0.5, 0.5).finished();
    Tensor Z = fc2(d.forward(tanh(fc1(ctx.input(X, "X")))));
    Tensor L = cross_entropy(Z, std::vector<int>{0, 1, 0, 1}) + l2_penalty(fc1.W, 0.01) + l2_penalty(fc2.W, 0.01);
    L.set_label("L");
    L.backward();
    DotOptions dot;
    dot.title = "a regularised loss: dropout between the layers, (λ/2)ΣW² added for each W";
    dot.show_formulas = true;
    dot.legend = true;
    ch.write_graph("graph", to_dot(L, dot), true);

    // --gradcheck: the same loss against central differences, with this step's
    // mask held fixed (a fresh mask per evaluation would make L a random function).
    if (ch.gradcheck_requested()) {
      Context c;   // untraced: the checker evaluates L many times
      Generator same_init(14);
      Linear<> g1(c, "fc1", 2, 3, same_init);
      Linear<> g2(c, "fc2", 3, 2, same_init);
      const Mat keep = d.last_mask() / (1.0 - kP);   // 0 or 1/(1 − p): what the layer multiplied by
      ch.report_gradcheck("regularised_loss", gradcheck_network(
          [&] {
            Tensor H = tanh(g1(c.input(X, "X"))) * c.input(keep, "mask");
            return cross_entropy(g2(H), std::vector<int>{0, 1, 0, 1}) + l2_penalty(g1.W, 0.01) +
                   l2_penalty(g2.W, 0.01);
          },
          {g1.W, g1.b, g2.W, g2.b}));
    }
  }
}

}  // namespace sg::ch14
