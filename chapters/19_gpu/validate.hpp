// Validation against the CPU before anything is timed.
//
// A float product cannot match its reference exactly: every multiply-add
// rounds, and the GPU adds in a different order from the CPU. How far apart
// may two correct results be? For C = A·B with inner size K, the textbook
// rounding bound (Higham, "Accuracy and Stability of Numerical Algorithms",
// §3.1) says each result is within K·ε·(|A|·|B|)_ij of the exact value, so two
// correct results are within
//
//   bound_ij = abs_tol + 2·K·ε·(|A|·|B|)_ij        ε = float epsilon = 1.2e-7
//
// That is an absolute tolerance plus |reference| × epsilon, where |reference|
// is measured as the sum of the magnitudes of the K terms, (|A|·|B|)_ij: the
// size the rounding errors scale with (|C_ij| itself can cancel to near 0),
// and the epsilon is paid once per addition. A wrong index or a missing tile
// is off by a whole term or more, far outside it at every size the chapter
// validates (1 to 2048).
#pragma once

#include <string_view>

#include "engine/core/shape.hpp"

namespace sg::ch19 {

// For elements whose terms are all ~0 (a zero row of A): a floor under the bound.
inline constexpr float kAbsTol = 1e-6f;

// The worst element of a comparison.
struct Worst {
  Index row = 0, col = 0;
  float got = 0, want = 0, bound = 0;
  double ratio = 0;   // |got - want| / bound: <= 1 passes
};

// Compares got with ref elementwise under bound_ij = kAbsTol + 2·K·ε·magnitude_ij,
// magnitude = |A|·|B|. Returns the worst element; throws sg::ValueError naming
// `what`, that element, both values and the bound when it exceeds the bound
// (or is NaN), or when the shapes differ.
Worst check_product(std::string_view what, const MatF& got, const MatF& ref, const MatF& magnitude,
                    Index K);

// Norm-wise relative difference ‖got − want‖ / ‖want‖ (Frobenius): how the
// MLP's gradients are compared, where single entries can be ~0.
double normwise_difference(const MatF& got, const MatF& want);

}  // namespace sg::ch19
