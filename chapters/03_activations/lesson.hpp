// Chapter 3's lesson, one function per part; main.cpp calls them in order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "engine/stepgrad.hpp"

namespace sg::ch03 {

// One activation twice over: the student's own math (exercises.hpp; the
// identity's is a helper in activations.hpp) and the engine's op. The lesson
// draws with the engine and compares the student's functions with it.
struct Activation {
  std::string name;
  std::string exercise;                                  // "3.1", or "" (linear: no exercise)
  std::function<Mat(const Mat&)> forward;                // yours
  std::function<Mat(const Mat&, const Mat&)> backward;   // yours: (X, dY) -> dX
  std::function<Tensor(const Tensor&)> op;               // the engine's
  bool kink_at_zero = false;
};
// sigmoid, tanh, relu, leaky_relu (slope alpha below 0), linear.
std::vector<Activation> activations(double alpha);

// The chapter's options, validated by CLI11 in main().
struct Settings {
  double alpha = 0.01;   // leaky ReLU's slope below 0 (the engine's default)
  int steps = 50;        // training steps of the dead-ReLU demonstration
  double lr = 0.1;
};

// values.cpp
void draw_main_graph(book::Chapter& ch, Context& ctx, double alpha);
void values_and_derivatives(book::Chapter& ch, Context& ctx, double alpha);
void plot_activations(book::Chapter& ch, double alpha);
void saturation(book::Chapter& ch, Context& ctx);
void zero_centred(book::Chapter& ch, double alpha);

// networks.cpp
void dead_relu(book::Chapter& ch, Context& ctx, const Settings& s);
void collapse_linear_layers(book::Chapter& ch, Context& ctx);
void check_gradients(book::Chapter& ch, double alpha);

}  // namespace sg::ch03
