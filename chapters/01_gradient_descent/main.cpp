// Chapter 1: gradient descent on f(x) = x², then on an ill-conditioned bowl.
//
//   ./build/bin/ch01_gradient_descent                     the lesson
//   ./build/bin/ch01_gradient_descent --lr 0.9 --x0 -3    another run
//   ./build/bin/ch01_gradient_descent --step              step through the first updates
//
// The lesson text is docs/book/01-gradient-descent.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "chapters/01_gradient_descent/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

namespace {

// --x0 must not be (nearly) 0: that is already the minimum, with nothing to descend.
CLI::Validator away_from_minimum() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && std::abs(v) < 0.01) {
          return "x0 = " + text + " is (nearly) the minimum 0 of x² already; start farther away: |x0| >= 0.01";
        }
        return "";
      },
      "|X0| >= 0.01");
}

}  // namespace

int main(int argc, char** argv) {
  book::Chapter ch("ch01_gradient_descent", "Gradient descent",
                   "f(x) = x² and its derivative three ways (by hand, by the engine, numerically); "
                   "gradient descent traced update by update; the learning rate from too small to "
                   "diverging; a 2-D ill-conditioned bowl where gradient descent zig-zags.");
  ch01::Settings s;
  ch.cli().add_option("--lr", s.lr, "Learning rate η of the traced run (0 < η <= 10)")
      ->check(CLI::PositiveNumber)
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  ch.cli().add_option("--x0", s.x0, "Starting point x0 (0.01 <= |x0| <= 1000)")
      ->check(CLI::Range(-1000.0, 1000.0))
      ->check(away_from_minimum())
      ->capture_default_str();
  ch.cli().add_option("--steps", s.steps, "Most steps of each run on f(x) = x² (1 to 100000); the 2-D bowl's runs go on until they converge (at most 100000 steps)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    ch.say("We minimise f(x) = x² by walking downhill: x ← x − η·f'(x).\n"
           "Nothing here is random, so --seed changes nothing.");
    ch01::plot_function(ch, s);
    ch01::derivative_three_ways(ch);
    ch01::traced_descent(ch, s);
    ch01::learning_rate_sweep(ch, s);
    ch01::ill_conditioned_bowl(ch);
    if (ch.gradcheck_requested()) ch01::check_gradients(ch, s);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch01_gradient_descent --lr 0.9 --x0 -3     oscillating, but still converging\n"
           "  ./build/bin/ch01_gradient_descent --lr 1.1 --steps 20  diverging: the table stops at step 20\n"
           "  ./build/bin/ch01_gradient_descent --step               press n to walk through each op\n"
           "  ./build/bin/ch01_gradient_descent --trace ops --trace-file run.jsonl   the trace as JSON Lines\n"
           "Next chapter: ch02_perceptron, a unit that learns logic gates.");
  });
}
