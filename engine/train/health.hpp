// Per-layer health: the numbers that say a network is learning or stuck.
// Functions on matrices (no graph), then a row per layer, printable as a
// table or CSV and attachable to a trace step event.
//
//   activation mean / std     of every element of a layer's output A (B,out)
//   saturation                tanh: fraction with |a| > 0.99;
//                             sigmoid: fraction outside [0.01, 0.99]
//   dead ReLU                 fraction of units (columns) never > 0 over the batch
//   gradient norm             ‖dθ‖ (Frobenius)
//   update ratio              ‖Δθ‖ / ‖θ‖; CS231n's rule of thumb is about 1e-3
//                             (much lower: lr too small; much higher: too big)
//   vanishing                 ‖dθ‖ < 1e-7·‖θ‖
//   exploding                 ‖dθ‖ > 1e3, or any non-finite gradient
#pragma once

#include <string>
#include <vector>

#include "engine/core/shape.hpp"
#include "engine/trace/trace.hpp"

namespace sg {

enum class Activation { None, Tanh, Sigmoid, Relu };

inline constexpr double vanishing_ratio = 1e-7;   // ‖dθ‖ / ‖θ‖ below this: vanishing
inline constexpr double exploding_norm = 1e3;     // ‖dθ‖ above this: exploding

template <typename T> double activation_mean(const MatT<T>& A);
// Population standard deviation (divides by the count).
template <typename T> double activation_std(const MatT<T>& A);
// Throws ValueError for Activation::None/Relu (they do not saturate).
template <typename T> double saturation_fraction(const MatT<T>& A, Activation kind);
template <typename T> double dead_relu_fraction(const MatT<T>& A);
template <typename T> double norm(const MatT<T>& M);
// ‖after − before‖ / ‖before‖; 0 when both are zero, inf when only before is.
template <typename T> double update_ratio(const MatT<T>& before, const MatT<T>& after);

struct LayerHealth {
  std::string name;
  double act_mean = 0.0, act_std = 0.0;   // NaN when no activations were given
  double saturation = 0.0;   // NaN when the activation does not saturate
  double dead = 0.0;         // NaN unless the activation is ReLU
  double grad_norm = 0.0, param_norm = 0.0, update_ratio = 0.0;
  bool vanishing = false, exploding = false;
};

// One row from a layer's activations A (empty: none, for a parameter-only
// row), its parameter before and after an update, and its gradient.
template <typename T>
LayerHealth layer_health(std::string name, const MatT<T>& A, Activation kind, const MatT<T>& before,
                         const MatT<T>& after, const MatT<T>& grad);

// A fixed-width table with a flags column ("vanishing", "exploding", "dead
// 60%", "saturated 80%"), a CSV with a header row, and trace metrics named
// "<layer>.grad_norm", "<layer>.update_ratio", ...
std::string health_table(const std::vector<LayerHealth>& rows);
std::string health_csv(const std::vector<LayerHealth>& rows);
Metrics health_metrics(const std::vector<LayerHealth>& rows);

}  // namespace sg
