// Chapter 2: the perceptron, a threshold unit, learns AND, OR and NAND with
// Rosenblatt's rule, and never learns XOR.
//
//   ./build/bin/ch02_perceptron                   the lesson
//   ./build/bin/ch02_perceptron --epochs 100      XOR still does not converge
//   ./build/bin/ch02_perceptron --step            step through the unit's forward passes
//
// The lesson text is docs/book/02-perceptron.md.
#include <CLI/CLI.hpp>

#include <vector>

#include "chapters/02_perceptron/lesson.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch02_perceptron", "The perceptron",
                   "A threshold unit y = step(w·x + b) with the bias as a negative threshold (b = −θ); "
                   "Rosenblatt's learning rule learns AND, OR and NAND; XOR never converges, because no "
                   "line separates it; a short history from McCulloch–Pitts to backpropagation.");
  ch02::Settings s;
  ch.cli().add_option("--epochs", s.epochs, "Most epochs (passes over the four cases) per gate (1 to 10000)")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  ch.cli().add_option("--lr", s.lr, "Learning rate η of Rosenblatt's rule (0 < η <= 10)")
      ->check(CLI::PositiveNumber)
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    ch.say("Nothing here is random (the weights start at 0, the cases come in order), so --seed\n"
           "changes nothing.");
    ch02::threshold_unit(ch);
    const std::vector<ch02::Gate> gates = {{"AND", {0, 0, 0, 1}},
                                           {"OR", {0, 1, 1, 1}},
                                           {"NAND", {1, 1, 1, 0}},
                                           {"XOR", {0, 1, 1, 0}}};
    std::vector<ch02::Training> runs;
    for (const ch02::Gate& gate : gates) runs.push_back(ch02::train(ch, gate, s));
    ch02::report(ch, gates, runs);
    ch02::compare_with_yours(ch, gates, runs, s);
    for (std::size_t i = 0; i < gates.size(); ++i) ch02::plot_gate(ch, gates[i], runs[i]);
    ch02::plot_errors(ch, gates, runs);
    ch02::why_not_xor(ch, gates[3], runs[3]);
    ch02::draw_unit(ch, runs[0]);
    if (ch.gradcheck_requested()) ch02::check_gradients(ch, runs[0]);
    ch02::history(ch);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch02_perceptron --lr 0.5          the same epochs, every weight halved: why?\n"
           "  ./build/bin/ch02_perceptron --lr 0.1          AND now takes 4 epochs: rounding moves z = 0 cases\n"
           "  ./build/bin/ch02_perceptron --epochs 1000     XOR still cycles; no epoch limit helps\n"
           "  ./build/bin/ch02_perceptron --step            press n to walk through the unit's ops\n"
           "  Hand-train AND on paper with the table above, then compare with and.svg.\n"
           "Next chapter: ch03_activations, smooth units whose gradients can flow.");
  });
}
