// Chapter 10, part 5: the eight optimisers train the same small network on
// two moons, from the same initial weights and the same batches, through the
// engine's fit(): loss curves side by side.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "chapters/10_optimizers/lesson.hpp"

namespace sg::ch10 {

namespace {

constexpr Index kExamples = 200;    // two moons, noise 0.2
constexpr Index kHidden = 16;       // 2-16-2, tanh
constexpr Index kBatch = 32;        // ⌈200/32⌉ = 7 updates per epoch (chapter 9)

// Each optimiser's learning rate for the network: the usual starting points
// (torch's defaults where they suit a network this small; Adam's 1e-3 is
// slow for 7 updates an epoch, so 1e-2, the lecture's "great starting point"
// scaled up with the other adaptive methods).
const std::map<std::string, double>& network_lr() {
  static const std::map<std::string, double> lr = {
      {"sgd", 0.1},     {"momentum", 0.1}, {"nesterov", 0.1}, {"adagrad", 0.1},
      {"adadelta", 1.0}, {"rmsprop", 0.01}, {"adam", 0.01},    {"nadam", 0.01}};
  return lr;
}

}  // namespace

void race_on_a_network(book::Chapter& ch, const Settings& set) {
  ch.section("The same race on a network");
  Generator data_gen = ch.generator();
  const Dataset moons = two_moons(kExamples, 0.2, data_gen);
  ch.say(fmt::format(
      "A 2-{}-2 network with tanh learns two moons ({} points, noise 0.2) for {} epochs in mini-batches of\n"
      "{} ({} updates an epoch), once per optimiser: the same initial weights and the same batches\n"
      "every time (both drawn from --seed), through the engine's fit().",
      kHidden, kExamples, set.epochs, kBatch, (kExamples + kBatch - 1) / kBatch));
  book::Table t({"optimiser", "lr", "loss after epoch 1", "final loss", "final accuracy"});
  book::Plot plot("network_loss", fmt::format("training loss of a 2-{}-2 tanh network on two moons", kHidden),
                  "epoch", "cross-entropy (mean over the epoch's batches)");
  plot.logy = true;
  plot.key = "outside right top";
  const std::vector<std::string> colours = {"#7f8c8d", "#2980b9", "#16a085", "#d35400",
                                            "#8e44ad", "#c0392b", "#27ae60", "#f39c12"};
  std::string best;
  double best_loss = 1e300;
  for (std::size_t i = 0; i < optimizer_names().size(); ++i) {
    const std::string& name = optimizer_names()[i];
    Generator gen = ch.generator();   // the same weights, then the same shuffles, for every optimiser
    Context ctx;                      // untraced: the trace shows the surfaces' first steps
    Sequential<> model;
    model.emplace<Linear<>>(ctx, "fc1", 2, kHidden, gen);
    model.emplace<Tanh<>>();
    model.emplace<Linear<>>(ctx, "fc2", kHidden, 2, gen);
    const double lr = network_lr().at(name);
    const std::unique_ptr<Optimizer<double>> opt = make_optimizer(name, model.trainable_params(), lr, set.momentum);
    const History h = fit(model, losses::cross_entropy(), *opt, moons, nullptr,
                          FitOptions{.epochs = set.epochs, .batch_size = kBatch, .quiet = true, .trace = false}, gen);
    const std::vector<double>& loss = h.series("loss");
    const double accuracy = h.series("accuracy").back();
    t.add({name, num(lr), num(loss.front()), num(loss.back()), fmt::format("{:.1f}%", 100 * accuracy)});
    ch.result(fmt::format("network.{}.loss", name), loss.back());
    ch.result(fmt::format("network.{}.accuracy", name), accuracy);
    if (loss.back() < best_loss) {
      best_loss = loss.back();
      best = name;
    }
    book::Series s{name, {}, {}, fmt::format("lines lw 2 lc rgb '{}'", colours[i])};
    for (std::size_t e = 0; e < loss.size(); ++e) {
      s.x.push_back(static_cast<double>(e + 1));
      s.y.push_back(loss[e]);
    }
    plot.series.push_back(s);
  }
  ch.table(t, "network_race.csv");
  ch.result("network.lowest_loss", best);
  ch.write_plot(plot);
}

}  // namespace sg::ch10
