// Chapter 8: gradient checking. How to know that a backward pass is right:
// the relative error and its CS231n bands, a whole network checked in full,
// sampled and directional mode, the error against the step size in double and
// float (the V curve), kinks, a gallery of planted backward bugs with the
// checker's diagnosis of each, and the student's own layer checked the way
// they would check any layer of their own.
//
// The lesson text is docs/book/08-gradient-checking.md.
#include <CLI/CLI.hpp>

#include "chapters/08_gradient_checking/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch08_gradient_checking", "Gradient checking",
                   "How to know that a backward pass is right: the relative error and its bands; a 2-8-8-3 "
                   "network checked in full, sampled and directional mode (and by your own checker); the "
                   "error against the step h in double and float, a V with its best h; ReLU's kink; six "
                   "planted backward bugs (sign, factor, transpose, broadcast, overwrite, forgotten parent) "
                   "and the checker's diagnosis of each; your own layer, checked.");

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    Generator gen = ch.generator();
    const ch08::Net net = ch08::make_net(gen);
    ch08::draw_network(ch, net);
    ch08::relative_error_and_bands(ch);
    ch08::whole_network(ch, net);
    ch08::step_size(ch, net, ch.quick());
    ch08::kinks(ch);
    ch08::bug_gallery(ch, net);
    ch08::your_layer(ch);
    if (ch.gradcheck_requested()) {   // the lesson checks all the time; --gradcheck adds the strictest: full mode at 1e-7
      GradcheckOptions o;
      o.tolerance = 1e-7;
      o.seed = ch.options().seed;
      ch.report_gradcheck("network", gradcheck([&](const std::vector<Tensor>& in) { return ch08::net_loss(in, net.labels); },
                                               net.inputs, o));
    }

    ch.section("What to try next");
    ch.say("  ./build/bin/ch08_gradient_checking --seed 7       another network, other samples and directions\n"
           "  ./build/bin/ch08_gradient_checking --step         walk through the checked network's forward and backward\n"
           "  In exercises/08_gradient_checking/exercises.cpp, break your softplus layer on purpose\n"
           "  (flip a sign, halve a gradient) and read what the check says.\n"
           "  Open out/ch08_gradient_checking/v_curve.svg and find the two slopes, 2 and −1.\n"
           "Next chapter: ch09_minibatch, batch, stochastic and mini-batch gradient descent.");
  });
}
