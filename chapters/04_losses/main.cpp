// Chapter 4: losses. MSE, RMSE, ½(y - y*)², binary and categorical
// cross-entropy, each checked against the engine and numerically; why we do
// not train on accuracy; the ln C of a uniform guess; log-sum-exp. The math a
// student writes is exercises/04_losses/exercises.cpp (exercises.hpp), the
// other formulas losses.hpp; the lesson's parts are in checks.cpp and
// classification.cpp.
#include <CLI/CLI.hpp>

#include "chapters/04_losses/lesson.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch04_losses", "Losses",
                   "MSE, RMSE, ½(y - y*)², binary and categorical cross-entropy (softmax, one-hot): values\n"
                   "and gradients checked against the engine and numerically; why cross-entropy and not\n"
                   "accuracy; the loss ln C of a uniform guess; log-sum-exp for stability.");
  int classes = 10;
  double t = 0.5;
  ch.cli().add_option("--classes", classes, "Classes C of the uniform guess (its loss is ln C)")
      ->check(CLI::Range(2, 1000000))->capture_default_str();
  ch.cli().add_option("--logit", t, "The true class's logit t where accuracy and cross-entropy are compared")
      ->check(CLI::Range(-50.0, 50.0))->capture_default_str();
  return ch.run(argc, argv, [&](book::Chapter& ch) {
    Context ctx(&ch.trace());
    ch04::draw_main_graph(ch, ctx);
    ch04::check_losses(ch, ctx);
    ch04::accuracy_vs_cross_entropy(ch, ctx, t);
    ch04::uniform_guess(ch, ctx, classes);
    ch04::log_sum_exp(ch, ctx);
    if (ch.gradcheck_requested()) ch04::gradcheck_losses(ch);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch04_losses --logit 1.5        a right guess: accuracy 1, cross-entropy still pushes\n"
           "  ./build/bin/ch04_losses --classes 1000     the first loss of an ImageNet classifier: ln 1000\n"
           "  ./build/bin/ch04_losses --step             walk through softmax, log and the loss op by op\n"
           "  ./build/bin/ch04_losses --gradcheck        check every loss numerically");
  });
}
