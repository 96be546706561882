// Chapter 7: the multi-layer perceptron. A hidden layer solves XOR where
// chapter 2's perceptron could not: the 2-2-1 network traced step by step,
// its boundary before and after, an unlucky seed that gets stuck and why;
// width against depth on two moons and three spirals; universal
// approximation of a curve; and the lecture's multiclass network with a
// softmax, every partial by hand (dJ/dx corrected).
//
// The lesson text is docs/book/07-mlp.md.
#include <CLI/CLI.hpp>

#include "chapters/07_mlp/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch07_mlp", "The multi-layer perceptron",
                   "A hidden layer solves XOR where the perceptron could not: the 2-2-1 network traced step "
                   "by step, its decision boundary before and after training, an unlucky seed stuck in a "
                   "local minimum and why; width against depth on two moons and three spirals; universal "
                   "approximation of a curve by more and more hidden units; the lecture's multiclass network "
                   "with a softmax, every partial derivative by hand, dJ/dx corrected.");
  ch07::XorSettings xs;
  ch.cli().add_option("--xor-seed", xs.seed, "Seed of the XOR network's initial weights (1 gets stuck with 2 units)")
      ->capture_default_str();
  ch.cli().add_option("--hidden", xs.hidden, "Hidden units of the XOR network (1 to 16)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  ch.cli().add_option("--lr", xs.lr, "Learning rate of the XOR networks' gradient descent (0 < lr <= 10)")
      ->check(CLI::Range(0.0, 10.0))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    ch07::ShapeSettings ss;
    if (ch.quick()) {   // the same lesson on a smaller budget: the tour and the tests
      xs.stuck_steps = 150;
      xs.survey_seeds = 2;
      xs.survey_widths = {2, 3};
      ss.steps = 60;
      ss.points = 60;
      ss.moons = false;
      ss.ua_steps = 150;
      ss.ua_widths = {1, 8};
      ss.grid = 41;
    }
    ch07::XorLog log;
    const std::vector<double> lucky = ch07::solve_xor(ch, xs, log);
    ch07::stuck_seed(ch, xs, lucky, log);
    ch07::seed_survey(ch, xs, log);
    ch07::width_vs_depth(ch, ss);
    ch07::universal_approximation(ch, ss);
    ch07::multiclass_network(ch);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch07_mlp --xor-seed 1                 the unlucky start as the lesson's network\n"
           "  ./build/bin/ch07_mlp --xor-seed 1 --hidden 3      one more unit gets out of the trap\n"
           "  ./build/bin/ch07_mlp --lr 0.5                     the demo's rate: the same paths, four times the steps\n"
           "  ./build/bin/ch07_mlp --lr 5                       large steps jump out of seed 1's trap\n"
           "  ./build/bin/ch07_mlp --lr 8                       too large: the steps overshoot, seed 2 fails too\n"
           "  ./build/bin/ch07_mlp --step                       walk through step 1 op by op (n, c, q)\n"
           "  open out/ch07_mlp/frames/ and follow dL/dZ back to W_hidden\n"
           "Next chapter: ch08_gradient_checking, how to know that a backward pass is right.");
  });
}
