// Chapter 6: the computational graph. How the engine works: the graph of an
// expression, its topological order, a fork where a value is used twice and
// its gradients add up, what a second backward does, gradient-checking the
// whole graph, and one network drawn op by op and collapsed layer by layer.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chapters/06_computational_graph/lesson.hpp"
#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

using namespace sg;

int main(int argc, char** argv) {
  book::Chapter ch("ch06_computational_graph", "The computational graph",
                   "How the engine works: the graph of L = (a·b + c)·(a·b), its topological order, the "
                   "fork where a·b is used twice and its two gradients add up, what a second backward does "
                   "(leaf gradients accumulate), gradient-checking the whole graph, and a 2-4-4-1 network "
                   "drawn op by op and collapsed layer by layer.");
  double a = ch06::kA, b = ch06::kB, c = ch06::kC;
  for (auto [flag, value] : {std::pair{"--a", &a}, {"--b", &b}, {"--c", &c}}) {
    ch.cli().add_option(flag, *value, fmt::format("The value of {} in L = (a·b + c)·(a·b)", flag + 2))
        ->check(CLI::Range(-1000.0, 1000.0))
        ->capture_default_str();
  }

  return ch.run(argc, argv, [&](book::Chapter& ch) {
    Context ctx(&ch.trace());   // --trace/--step show every op of every graph below
    ch06::Expression x = ch06::build_expression(ctx, a, b, c);
    const ch06::SmallGraph g = ch06::build_small_graph(a, b, c);

    ch06::show_topological_order(ch, x, g);
    ch06::show_fork(ch, x, g);
    ch06::check_gradients(ch, x, g);
    ch06::draw_expression(ch, x);
    ch06::backward_twice(ch, x);
    ch06::mlp_two_views(ch, ctx);

    ch.section("What to try next");
    ch.say("  ./build/bin/ch06_computational_graph --c 0             # dL/dc = d, and the two fork paths are equal\n"
           "  ./build/bin/ch06_computational_graph --step            # every op, forward and backward, one by one\n"
           "  ./build/bin/ch06_computational_graph --trace ops --trace-file run.jsonl   # the same events as JSON Lines\n"
           "  flip through out/ch06_computational_graph/frames/: watch d's gradient arrive in two parts\n\n"
           "Next chapter: ch07_mlp, Part II: a hidden layer solves the XOR that ch02's perceptron could not.");
  });
}
