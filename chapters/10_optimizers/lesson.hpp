// The parts of chapter 10's lesson, called in order by main(): the eight
// optimisers of engine/optim racing on four 2-D surfaces and on a small
// network, momentum against Nesterov step by step in the lecture's form and
// the engine's, and Adam's bias correction.
#pragma once

#include <Eigen/Core>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch10 {

struct Settings {
  int steps = 500;         // steps on each surface (--quick: 50)
  int epochs = 40;         // epochs of the network race (--quick: 1)
  double momentum = 0.9;   // μ of momentum, Nesterov (and the trace)
};

// The eight optimisers, in the order the engine's docs list them.
inline const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names = {"sgd", "momentum", "nesterov", "adagrad",
                                                 "adadelta", "rmsprop", "adam", "nadam"};
  return names;
}
// "sgd" ... "nadam" on params with learning rate lr, everything else at
// PyTorch's defaults (momentum and nesterov with μ = momentum).
std::unique_ptr<Optimizer<double>> make_optimizer(const std::string& name, const std::vector<Tensor>& params,
                                                  double lr, double momentum);

// A 2-D loss surface f(x, y), with what the race needs to know about it.
struct Surface {
  std::string name;      // "quadratic": file stems, result keys
  std::string formula;   // "f = ½(x² + 25y²)"
  std::string point;     // what it shows
  Eigen::Vector2d start, minimum;
  double f_min = 0.0;
  double lr_gradient = 0.0;   // SGD, momentum, Nesterov: limited by the curvature
  double lr_adaptive = 0.0;   // Adagrad, RMSProp, Adam, Nadam: a step length in units of x and y
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;   // the plot's window
  std::vector<double> levels;              // contour levels of f
  std::function<Tensor(const Tensor&, const Tensor&)> f;   // by the engine's ops
  std::function<double(double, double)> value;            // the same in plain double
  // The learning rate optimiser `name` races with here (Adadelta: 1, Zeiler's method).
  double lr_for(const std::string& name) const;
};
std::vector<Surface> surfaces();

// The gradient of a surface at p, by the engine (a fresh graph, backward).
Eigen::Vector2d surface_gradient(const Surface& s, const Eigen::Vector2d& p);

// The parts of the lesson.
void race_on_surfaces(book::Chapter& ch, const Settings& set);
void momentum_and_nesterov(book::Chapter& ch, const Settings& set);
void rmsprop_and_adam_steps(book::Chapter& ch);
void adam_bias_correction(book::Chapter& ch);
void race_on_a_network(book::Chapter& ch, const Settings& set);

// "0.25", "1.5e-06": the chapter's numbers in prose and tables.
std::string num(double v);

}  // namespace sg::ch10
