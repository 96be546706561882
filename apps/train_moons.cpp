// The engine's training library in one screen: a 2-16-16-2 network learns
// scikit-learn's two moons with Adam. docs/engine.md shows this file; the
// test smoke:train_moons runs it and checks its last line.
//
//   ./build/bin/train_moons          # prints the summary, progress, accuracy
#include <fmt/format.h>

#include <iostream>

#include "engine/stepgrad.hpp"

int main() {
  sg::keep_freed_memory();   // engine/core/memory.hpp: a step frees its graph; keep the memory for the next
  try {
    sg::Generator gen(7);                                   // the one source of randomness
    const sg::Dataset moons = sg::two_moons(600, 0.15, gen);
    const auto [train, val] = sg::train_test_split(moons, 0.25, gen, /*stratified=*/true);

    sg::Context ctx;
    sg::Sequential<> model;
    model.emplace<sg::Linear<>>(ctx, "fc1", 2, 16, gen, sg::Init::He);
    model.emplace<sg::ReLU<>>();
    model.emplace<sg::Linear<>>(ctx, "fc2", 16, 16, gen, sg::Init::He);
    model.emplace<sg::ReLU<>>();
    model.emplace<sg::Linear<>>(ctx, "out", 16, 2, gen);
    std::cout << sg::summary(model, {32, 2});

    sg::Adam<double> opt(model.trainable_params(), {.lr = 0.01});
    const sg::FitOptions options{.epochs = 30, .batch_size = 32};
    const sg::History h = sg::fit(model, sg::losses::cross_entropy(), opt, train, &val, options, gen);

    std::cout << fmt::format("train_moons: validation accuracy {:.1f}% after {} epochs\n",
                             100 * h.series("val_accuracy").back(), h.epochs());
    return 0;
  } catch (const sg::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
