// Chapter 3: activations. What each one computes, its derivative (three ways),
// where it saturates, whether it is zero-centred, how a ReLU dies, and why a
// network needs a nonlinearity at all. The math a student writes is in
// exercises/03_activations/exercises.cpp (declared in exercises.hpp); the
// lesson's parts in values.cpp and networks.cpp.
#include <CLI/CLI.hpp>

#include "chapters/03_activations/lesson.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch03_activations", "Activations",
                   "Sigmoid, tanh, ReLU, leaky ReLU and linear: values and derivatives (formula, engine,\n"
                   "central difference), saturation at ±10, zero-centred outputs, a dead ReLU that SGD\n"
                   "cannot revive, and two linear layers collapsing into one matrix.");
  ch03::Settings s;
  ch.cli().add_option("--alpha", s.alpha, "Leaky ReLU's slope for x < 0")
      ->check(CLI::Range(1e-6, 0.999))->capture_default_str();
  ch.cli().add_option("--steps", s.steps, "SGD steps of the dead-ReLU demonstration")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  ch.cli().add_option("--lr", s.lr, "Learning rate of the dead-ReLU demonstration")
      ->check(CLI::Range(1e-9, 10.0))->capture_default_str();
  return ch.run(argc, argv, [&](book::Chapter& ch) {
    if (ch.quick()) s.steps = std::min(s.steps, 10);
    Context ctx(&ch.trace());
    ch03::draw_main_graph(ch, ctx, s.alpha);
    ch03::values_and_derivatives(ch, ctx, s.alpha);
    ch03::plot_activations(ch, s.alpha);
    ch03::saturation(ch, ctx);
    ch03::zero_centred(ch, s.alpha);
    ch03::dead_relu(ch, ctx, s);
    ch03::collapse_linear_layers(ch, ctx);
    if (ch.gradcheck_requested()) ch03::check_gradients(ch, s.alpha);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch03_activations --alpha 0.2        a leakier ReLU: see both plots change\n"
           "  ./build/bin/ch03_activations --step             walk through every op and backward step\n"
           "  ./build/bin/ch03_activations --steps 500 --lr 1 the dead ReLU stays dead however long\n"
           "  ./build/bin/ch03_activations --gradcheck        check every activation numerically");
  });
}
