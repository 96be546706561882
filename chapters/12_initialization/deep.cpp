// Chapter 12, parts 2 and 3: the scales of Xavier and He initialisation, and
// a deep network's activations and gradients, layer by layer, for each
// initialisation, with the training library's health table
// (engine/train/health.hpp). The student's scales (exercises 12.1, 12.2) and
// layer statistics (12.4) are put next to the engine's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <tuple>

#include "chapters/12_initialization/exercises.hpp"
#include "chapters/12_initialization/lesson.hpp"
#include "chapters/12_initialization/lesson_math.hpp"

namespace sg::ch12 {

namespace {

constexpr int kWidth = 64, kQuickWidth = 32;
constexpr Index kBatch = 256, kQuickBatch = 64;
constexpr int kClasses = 10;
constexpr double kStepLr = 0.01;   // the one SGD step that gives the health table's update ratio
constexpr int kBins = 40;


// The sample standard deviation of every element of M, about 0.
double spread(const Mat& M) { return std::sqrt(M.array().square().mean()); }

// ---- part 3's initialisations -----------------------------------------------
struct Config {
  std::string name;    // file stems: hist_<name>.svg, health_<name>.csv
  std::string title;   // "tanh, N(0, 0.01²)"
  std::string label;   // the plots' key: "tanh N(0,.01²)"
  Activation act;
  std::function<Mat(Index, Index, Generator&)> init;   // W (in, out)
  bool histogram;      // draw its activations' histograms
  double knock = 0.0;  // > 0: one SGD step at this rate before the statistics
};

std::vector<Config> configs() {
  const auto normal = [](double sigma) {
    return [sigma](Index in, Index out, Generator& g) { return init::normal(in, out, sigma, g); };
  };
  const auto xavier = [](Index in, Index out, Generator& g) { return init::xavier_normal(in, out, g); };
  const auto he = [](Index in, Index out, Generator& g) { return init::he_normal(in, out, g); };
  // Lecture 003 as written: np.random.randn(n) / np.sqrt(1.0/n), a standard deviation of √n.
  const auto as_written = [](Index in, Index out, Generator& g) {
    return init::normal(in, out, std::sqrt(static_cast<double>(in)), g);
  };
  return {{"tanh_small", "tanh, N(0, 0.01²)", "tanh N(0,.01²)", Activation::Tanh, normal(0.01), true},
          {"tanh_large", "tanh, N(0, 1)", "tanh N(0,1)", Activation::Tanh, normal(1.0), true},
          {"tanh_003", "tanh, lecture 003 as written (σ = √n)", "tanh σ=√n", Activation::Tanh, as_written, false},
          {"tanh_xavier", "tanh, Xavier", "tanh Xavier", Activation::Tanh, xavier, true},
          {"sigmoid_xavier", "sigmoid, Xavier", "sigmoid Xavier", Activation::Sigmoid, xavier, false},
          {"relu_xavier", "ReLU, Xavier", "ReLU Xavier", Activation::Relu, xavier, false},
          {"relu_he", "ReLU, He", "ReLU He", Activation::Relu, he, true},
          {"relu_large", "ReLU, N(0, 1)", "ReLU N(0,1)", Activation::Relu, normal(1.0), false},
          {"relu_knocked", "ReLU, He, after one step at η = 3", "ReLU He, η=3 step", Activation::Relu, he, true,
           3.0}};
}

Tensor activate(Activation a, const Tensor& Z) {
  switch (a) {
    case Activation::Tanh: return tanh(Z);
    case Activation::Sigmoid: return sigmoid(Z);
    case Activation::Relu: return relu(Z);
    case Activation::None: break;
  }
  return Z;
}

struct DeepRun {
  std::vector<Mat> A;                 // each hidden layer's activations (B, width)
  std::vector<LayerHealth> health;    // each hidden layer, then the output layer
  double loss = 0.0;
};

// layers × (Linear(width, width) → activation), then Linear(width, 10) and
// cross-entropy, on X (B, width) ~ N(0, 1) with random labels. With
// knock > 0, one SGD step at that (too large) rate first. Then one forward
// and backward pass, and one SGD step at kStepLr for the update ratios.
DeepRun run_deep(const Config& c, const Mat& X, const std::vector<int>& labels, int layers, Generator& gen,
                 GraphObserver* trace) {
  Context ctx(trace);
  const Index width = X.cols();
  std::vector<Tensor> W, b;
  for (int l = 1; l <= layers + 1; ++l) {
    const Index out = l == layers + 1 ? kClasses : width;
    W.push_back(ctx.param(c.init(width, out, gen), fmt::format("W{}", l)));
    b.push_back(ctx.param(Mat::Zero(1, out), fmt::format("b{}", l)));
  }
  std::vector<Tensor> A;
  auto forward_backward = [&] {
    A.clear();
    Tensor h = ctx.input(X, "X");
    for (std::size_t l = 0; l < W.size(); ++l) {
      Tensor Z = add(matmul(h, W[l]), b[l]);
      h = l + 1 < W.size() ? activate(c.act, Z).set_label(fmt::format("A{}", l + 1)) : Z.set_label("Z");
      if (l + 1 < W.size()) A.push_back(h);
    }
    Tensor L = cross_entropy(h, labels).set_label("loss").set_role(Role::Loss);
    for (Tensor& p : W) p.zero_grad();
    for (Tensor& p : b) p.zero_grad();
    L.backward();
    return L.item();
  };
  double loss = forward_backward();
  if (c.knock > 0.0) {   // one step too large, then look again
    for (std::size_t l = 0; l < W.size(); ++l) {
      W[l].value_mut() -= c.knock * W[l].grad();
      b[l].value_mut() -= c.knock * b[l].grad();
    }
    loss = forward_backward();
  }
  DeepRun run;
  run.loss = loss;
  for (std::size_t l = 0; l < W.size(); ++l) {
    const Mat& before = W[l].value();
    const Mat after = before - kStepLr * W[l].grad();
    const bool out = l == W.size() - 1;
    run.health.push_back(layer_health(out ? std::string("out") : fmt::format("layer {}", l + 1),
                                      out ? Mat() : A[l].value(), out ? Activation::None : c.act, before, after,
                                      W[l].grad()));
    if (!out) run.A.push_back(A[l].value());
  }
  return run;
}

std::string flags_of(const std::vector<LayerHealth>& rows) {
  int vanishing = 0, exploding = 0, saturated = 0, dead = 0;
  for (const LayerHealth& h : rows) {
    vanishing += h.vanishing;
    exploding += h.exploding;
    saturated += !std::isnan(h.saturation) && h.saturation >= 0.5;
    dead += !std::isnan(h.dead) && h.dead >= 0.5;
  }
  std::string f;
  const auto add = [&](int n, const char* what) {
    if (n > 0) f += fmt::format("{}{} {}", f.empty() ? "" : ", ", n, what);
  };
  add(vanishing, "vanishing");
  add(exploding, "exploding");
  add(saturated, "saturated");
  add(dead, "dead");
  return f.empty() ? "ok" : f;
}

// Histograms of layers 1, about L/3, about 2L/3 and L. tanh and sigmoid are
// bounded, so their raw values; a ReLU layer's spread changes by orders of
// magnitude from layer to layer, so each is divided by its own std (the spike
// at 0 is the fraction of units that are off).
void histogram_plot(book::Chapter& ch, const Config& c, const DeepRun& run) {
  const int L = static_cast<int>(run.A.size());
  const bool relu = c.act == Activation::Relu;
  const double lo = c.act == Activation::Tanh ? -1.0 : 0.0, hi = relu ? 4.0 : 1.0;
  std::vector<int> shown = {1, (L + 2) / 3, (2 * L + 2) / 3, L};
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  std::string layers;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    layers += (i == 0 ? "" : i + 1 == shown.size() ? " and " : ", ") + std::to_string(shown[i]);
  }
  book::Plot plot("hist_" + c.name, fmt::format("Activations of layers {}: {}", layers, c.title),
                  relu ? "activation / its layer's std" : "activation", "fraction of the values");
  for (int l : shown) {
    const Mat& A = run.A[static_cast<std::size_t>(l - 1)];
    const double sd = relu ? activation_std(A) : 1.0;
    const std::vector<double> h = histogram(sd > 0.0 ? Mat(A / sd) : A, lo, hi, kBins);
    book::Series s{fmt::format("layer {}", l), {}, h, "steps lw 2"};
    for (int k = 0; k < kBins; ++k) s.x.push_back(lo + k * (hi - lo) / kBins);
    plot.series.push_back(std::move(s));
  }
  ch.write_plot(plot);
}

}  // namespace

void scales(book::Chapter& ch) {
  ch.section("Xavier and He: where the scales come from");
  ch.say("A unit adds up fan_in inputs, each times a weight: Var(a) = fan_in · Var(w) · E[x²]. To\n"
         "keep the signal's size from layer to layer, Var(w) = 1/fan_in (LeCun; lecture 002's\n"
         "\"Xavier\" for tanh). Backward, the same argument with fan_out. Glorot and Bengio's\n"
         "compromise (lecture 000's Xavier): Var(w) = 2/(fan_in + fan_out). ReLU zeroes half of\n"
         "its inputs, halving E[x²]; He doubles the variance back: Var(w) = 2/fan_in. A uniform\n"
         "U[−a, a] has variance a²/3, so each uniform form has a = √3 σ.");
  // The engine's initialisers, measured: the spread of the weights they draw.
  Generator gen = ch.generator();
  book::Table t({"fan_in", "fan_out", "Xavier normal σ", "Xavier uniform a", "He normal σ", "He uniform a"});
  const std::vector<std::pair<int, int>> layers = {{64, 64}, {784, 256}, {256, 10}};
  for (const auto& [in, out] : layers) {
    const Mat xn = init::xavier_normal(in, out, gen), xu = init::xavier_uniform(in, out, gen);
    const Mat hn = init::he_normal(in, out, gen), hu = init::he_uniform(in, out, gen);
    t.add({std::to_string(in), std::to_string(out), num(spread(xn)), num(xu.cwiseAbs().maxCoeff()), num(spread(hn)),
           num(hu.cwiseAbs().maxCoeff())});
    const std::string key = fmt::format("scale.{}x{}", in, out);
    ch.result(key + ".xavier_normal_measured", spread(xn));
    ch.result(key + ".he_normal_measured", spread(hn));
  }
  ch.say("The engine's initialisers, measured (σ: the spread of the weights drawn; a: the largest |w|):");
  ch.table(t, "scales_measured.csv");
  // Yours (exercises 12.1 and 12.2), each in its own part, so that one can be
  // done before the other; "-" where a stub is still waiting.
  std::vector<std::vector<std::string>> yours(layers.size(), std::vector<std::string>(4, "-"));
  ch.part("your xavier_scale against the engine's", [&] {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const auto [in, out] = layers[i];
      yours[i][0] = num(xavier_scale(in, out, Dist::Normal));
      yours[i][1] = num(xavier_scale(in, out, Dist::Uniform));
    }
    ch.result("scale.784x256.your_xavier_normal", xavier_scale(784, 256, Dist::Normal));
  });
  ch.part("your he_scale against the engine's", [&] {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      yours[i][2] = num(he_scale(layers[i].first, Dist::Normal));
      yours[i][3] = num(he_scale(layers[i].first, Dist::Uniform));
    }
    ch.result("scale.784x256.your_he_uniform", he_scale(784, Dist::Uniform));
  });
  book::Table y({"fan_in", "fan_out", "Xavier normal σ", "Xavier uniform a", "He normal σ", "He uniform a"});
  for (std::size_t i = 0; i < layers.size(); ++i) {
    y.add({std::to_string(layers[i].first), std::to_string(layers[i].second), yours[i][0], yours[i][1], yours[i][2],
           yours[i][3]});
  }
  ch.say("Yours (exercises 12.1 and 12.2):");
  ch.table(y, "scales_yours.csv");
}

void deep_statistics(book::Chapter& ch, const Settings& s) {
  ch.section("Ten layers deep: the health table");
  const int width = s.width > 0 ? s.width : (ch.quick() ? kQuickWidth : kWidth);
  const Index batch = ch.quick() ? kQuickBatch : kBatch;
  const int layers = s.layers;
  Generator gen = ch.generator();
  const Mat X = gen.normal_matrix(batch, width);
  std::vector<int> labels(static_cast<std::size_t>(batch));
  for (int& y : labels) y = static_cast<int>(gen.below(kClasses));
  const std::uint64_t weight_seed = gen.next_u64();   // every start draws its weights from this seed
  ch.say(fmt::format(
      "{} layers of {} units (Linear → activation), then Linear({}, {}) and cross-entropy, on a\n"
      "batch of {} inputs drawn from N(0, 1) with random labels: one forward and one backward\n"
      "pass per initialisation, biases 0. The health table (engine/train/health.hpp) gives each\n"
      "layer's activation mean and std, the fraction saturated (tanh |a| > 0.99; sigmoid outside\n"
      "[0.01, 0.99]) or dead (ReLU units never > 0), ‖dW‖, and ‖ΔW‖/‖W‖ after one SGD step (η = {}).",
      layers, width, width, kClasses, batch, kStepLr));

  book::Plot std_plot("act_std_by_layer", "Activation std, layer by layer", "layer", "std of the activations");
  book::Plot grad_plot("grad_by_layer", "Gradient norm ‖dW‖, layer by layer", "layer", "‖dW‖");
  std_plot.logy = grad_plot.logy = true;
  std_plot.key = grad_plot.key = "outside right";
  book::Table summary({"init", "act std L1", fmt::format("act std L{}", layers), "‖dW‖ L1",
                       fmt::format("‖dW‖ L{}", layers), fmt::format("saturated L{}", layers),
                       fmt::format("dead L{}", layers), "flags"});
  bool first = true;
  std::vector<std::tuple<std::string, Activation, DeepRun>> runs;
  for (const Config& c : configs()) {
    Generator weights(weight_seed);
    const DeepRun run = run_deep(c, X, labels, layers, weights, first ? &ch.trace() : nullptr);
    if (first) ch.restore_trace();
    first = false;
    const LayerHealth& l1 = run.health.front();
    const LayerHealth& lL = run.health[static_cast<std::size_t>(layers - 1)];
    const std::vector<LayerHealth> hidden(run.health.begin(), run.health.end() - 1);
    const std::string flags = flags_of(run.health);
    summary.add({c.title, num(l1.act_std), num(lL.act_std), num(l1.grad_norm), num(lL.grad_norm),
                 std::isnan(lL.saturation) ? "-" : num(lL.saturation), std::isnan(lL.dead) ? "-" : num(lL.dead),
                 flags});
    book::Series sd{c.label, {}, {}, "linespoints lw 2"}, gd{c.label, {}, {}, "linespoints lw 2"};
    for (std::size_t l = 0; l < hidden.size(); ++l) {
      sd.x.push_back(static_cast<double>(l + 1));
      sd.y.push_back(hidden[l].act_std);
      gd.x.push_back(static_cast<double>(l + 1));
      gd.y.push_back(hidden[l].grad_norm);
    }
    std_plot.series.push_back(std::move(sd));
    grad_plot.series.push_back(std::move(gd));
    ch.write_text("health_" + c.name + ".csv", health_csv(run.health));
    if (c.histogram) histogram_plot(ch, c, run);
    const std::string key = "deep." + c.name;
    ch.result(key + ".act_std_first", l1.act_std);
    ch.result(key + ".act_std_last", lL.act_std);
    ch.result(key + ".grad_first", l1.grad_norm);
    ch.result(key + ".grad_last", lL.grad_norm);
    if (!std::isnan(lL.saturation)) ch.result(key + ".saturated_last", lL.saturation);
    if (!std::isnan(lL.dead)) ch.result(key + ".dead_last", lL.dead);
    ch.result(key + ".flags", flags);
    if (c.name == "sigmoid_xavier" || c.name == "relu_large" || c.name == "relu_knocked" || c.name == "relu_he") {
      ch.say(fmt::format("\n{}:\n{}", c.title, health_table(run.health)));
    }
    runs.emplace_back(c.name, c.act, run);
  }
  // Your layer statistics (exercise 12.4) against the health table, every layer of every start.
  ch.part("your layer_stats against the health table", [&] {
    for (const auto& [name, act, run] : runs) {
      double worst = 0.0;
      for (std::size_t l = 0; l < run.A.size(); ++l) {
        const LayerStats y = layer_stats(run.A[l]);
        const LayerHealth& h = run.health[l];
        const double dead = act == Activation::Relu ? h.dead : dead_relu_fraction(run.A[l]);
        worst = std::max({worst, std::abs(y.mean - h.act_mean) / std::max(1.0, std::abs(h.act_mean)),
                          std::abs(y.std - h.act_std) / std::max(1.0, h.act_std), std::abs(y.dead - dead)});
      }
      ch.result("deep." + name + ".your_layer_stats_agree", worst <= 1e-9 ? "yes" : "no");
    }
  });
  ch.say("\nEvery initialisation side by side:");
  ch.table(summary, "deep_summary.csv");
  ch.write_plot(std_plot);
  ch.write_plot(grad_plot);
}

}  // namespace sg::ch12
