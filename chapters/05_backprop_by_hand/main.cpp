// Chapter 5: backprop by hand. The lecture's logistic regression and its
// one-hidden-layer network on one "will I pass this class?" example, every
// partial derivative written out with its numbers next to the engine's
// gradient and the numeric one; the chain-rule lines as text and LaTeX. The
// partials by hand are the student's exercises (exercises.hpp).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "chapters/05_backprop_by_hand/lesson.hpp"
#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch05_backprop_by_hand", "Backprop by hand",
                   "The lecture's logistic regression and one-hidden-layer network on one example "
                   "(x1 = lectures attended, x2 = hours on the final project): every partial derivative "
                   "written out with its numbers, next to the engine's gradient and the numeric one. "
                   "Writes the graph, the backward frames and chain_rule.txt/.tex for slides.");
  double lectures = ch05::kLectures;
  double hours = ch05::kHours;
  int target = static_cast<int>(ch05::kTarget);
  double lr = 0.5;
  ch.cli().add_option("--lectures", lectures, "x1: lectures attended")->check(CLI::Range(0.0, 100.0))->capture_default_str();
  ch.cli().add_option("--hours", hours, "x2: hours on the final project")->check(CLI::Range(0.0, 1000.0))->capture_default_str();
  ch.cli().add_option("--target", target, "y*: 1 passed, 0 did not")->check(CLI::IsMember({0, 1}))->capture_default_str();
  ch.cli().add_option("--lr", lr, "Learning rate of the one gradient step")->check(CLI::PositiveNumber)->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    ch05::Example ex;
    ex.x = Eigen::Vector3d(1.0, lectures, hours);   // x0 = 1: the bias input
    ex.y_star = target;
    ch.say(fmt::format("Will I pass this class? x0 = 1 (bias), x1 = {} lectures, x2 = {} hours, y* = {}",
                       ch05::shown(lectures), ch05::shown(hours), target));
    ch05::explain_sign(ch);

    Context ctx(&ch.trace());   // --trace/--step show both models' forward and backward passes
    std::vector<ch05::ChainSection> sections;
    const std::optional<ch05::Agreement> logistic = ch05::logistic_regression(ch, ctx, ex, sections);
    const std::optional<ch05::Agreement> network = ch05::hidden_layer_network(ch, ctx, ex, lr, sections);
    ch05::write_chain_rule(ch, ex, sections);

    ch.section("Verdict");
    if (!logistic || !network) {
      ch.say("The verdict waits for your partials by hand (exercises 5.1 to 5.3): the engine's graph and\n"
             "frames above are drawn without them.");
    } else {
      const bool nan = std::isnan(logistic->engine + network->engine + logistic->numeric + network->numeric);
      const auto saturated = [](const ch05::Agreement& a) { return a.y == 0.0 || a.y == 1.0; };
      if (nan && (saturated(*logistic) || saturated(*network))) {
        // Not the student's mistake: the formula is right in real numbers and
        // breaks down in floating point.
        ch.say(
            "Not compared: a hand-derived partial is NaN. At these inputs a is so large that y = σ(a)\n"
            "rounds to exactly 1 in double (1 + e^−a rounds to 1 once e^−a < 2^−53, i.e. a > 36.7).\n"
            "Then the lecture's chain breaks down: dJ/dy = y*/y − (1 − y*)/(1 − y) divides 0 by 0, and\n"
            "dJ/dy · dy/da multiplies that NaN by dy/da = y(1 − y) = 0 (J = y* log y + (1 − y*) log(1 − y)\n"
            "is NaN too: 0 · log 0). In real numbers the product is dJ/da = y* − y, finite everywhere,\n"
            "and computed in that fused form it is exactly 0 here; the engine's and the numeric\n"
            "gradients in the table are finite. The chain rule is right; dividing by a quantity that\n"
            "has rounded to zero is not.");
        ch.result("verdict.hand_formula_saturates", "yes");
      } else {
        const double worst_engine = std::max(logistic->engine, network->engine);
        const double worst_numeric = std::max(logistic->numeric, network->numeric);
        if (nan || !(worst_engine <= 1e-9) || !(worst_numeric <= 1e-6)) {
          throw Error("the hand-derived partials disagree with the engine: look at the table above for the line "
                      "that differs");
        }
        ch.say(fmt::format("Every hand-derived partial equals the engine's within {:.1e} and the numeric one "
                           "within {:.1e}.", worst_engine, worst_numeric));
      }
    }

    ch.section("What to try next");
    ch.say("  ./build/bin/ch05_backprop_by_hand --target 0        # the student failed: every sign flips\n"
           "  ./build/bin/ch05_backprop_by_hand --lectures 0      # x1 = 0: dJ/dθ1 and dJ/dα11, dJ/dα21 vanish\n"
           "  ./build/bin/ch05_backprop_by_hand --step            # walk the forward and backward passes op by op\n"
           "  open out/ch05_backprop_by_hand/frames/ and flip through the backward pass, frame by frame");
  });
}
