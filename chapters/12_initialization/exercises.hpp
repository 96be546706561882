// Chapter 12's exercises: the scales of Xavier and He initialisation, the
// test that tells whether hidden units are still copies of each other, and
// the per-layer statistics of a layer's activations. Plain double and Eigen,
// no engine. The chapter compares each with the engine (engine/nn/init.hpp,
// engine/train/health.hpp); `build/bin/grade --chapter 12` grades them.
#pragma once

#include <Eigen/Core>

namespace sg::ch12 {

// The two forms of each initialiser: weights drawn from N(0, σ²), or from
// U[−a, a]. The scale is σ for Normal and a for Uniform.
enum class Dist { Normal, Uniform };

// Shapes follow the engine: a layer's W is (fan_in, fan_out), Y = X·W, so
// column j holds the weights INTO hidden unit j.

// Exercise 12.1: Xavier (Glorot) initialisation's scale for a (fan_in, fan_out) layer (exercises/12_initialization/exercises.cpp).
double xavier_scale(int fan_in, int fan_out, Dist dist);
// Exercise 12.2: He (Kaiming) initialisation's scale for a layer with fan_in inputs (exercises/12_initialization/exercises.cpp).
double he_scale(int fan_in, Dist dist);

// Exercise 12.3: how far apart the units (columns) of W are: 0 when every column is a copy of the first (exercises/12_initialization/exercises.cpp).
double max_unit_difference(const Eigen::MatrixXd& W);

// The statistics of one layer's activations A (B, units), as the health table shows them.
struct LayerStats {
  double mean = 0.0;   // of every element
  double std = 0.0;    // of every element, about the mean
  double dead = 0.0;   // the fraction of units (columns) that are never > 0 in the batch
};
// Exercise 12.4: mean, standard deviation and dead fraction of A (exercises/12_initialization/exercises.cpp).
LayerStats layer_stats(const Eigen::MatrixXd& A);

}  // namespace sg::ch12
