// Numerical gradient checking: does an op's (or a network's) backward agree
// with central differences?
//
// The function under test is a builder: given input tensors, it builds the
// graph and returns its output. Define-by-run makes this natural: gradcheck
// re-runs the builder on perturbed copies of the inputs, each time in a fresh
// sg::Context, and compares
//
//   numeric  n = (f(x + h·e) - f(x - h·e)) / 2h        (central difference, double)
//   analytic a = the gradient backward() computed
//
// with the CS231n relative error |a - n| / max(|a| + |n|, tiny). A non-scalar
// output F is scalarised as f = Σ v ⊙ F with a seeded random cotangent v, and
// its analytic gradient is backward(v). Kinks (relu, abs, ...) crossed by x±h
// are detected and judged against the one-sided derivatives. A failure is
// diagnosed: wrong sign, a constant factor, a transposed gradient, a broadcast
// not reduced, overwrite instead of accumulate. See docs/gradcheck.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/autograd/tensor.hpp"

namespace sg {

// ---- relative error and its bands ---------------------------------------------

// Guard of the relative error's denominator: 0/0 is taken as 0.
constexpr double kGradcheckTiny = 1e-12;

// |a - n| / max(|a| + |n|, tiny); +inf when either is NaN or infinite.
double relative_error(double a, double n, double tiny = kGradcheckTiny);

// The CS231n bands of the relative error:
//   Good        < 1e-7          the gradient is right
//   Ok          [1e-7, 1e-4)    fine at kinks and in float; suspicious for smooth ops in double
//   Suspicious  [1e-4, 1e-2]    probably a bug (or a kink crossed undetected)
//   Wrong       > 1e-2          the gradient is wrong
enum class Band { Good, Ok, Suspicious, Wrong };
constexpr double kBandGood = 1e-7;
constexpr double kBandOk = 1e-4;
constexpr double kBandWrong = 1e-2;
Band band_of(double rel_error);
std::string_view to_string(Band b);

// ---- options ------------------------------------------------------------------

enum class GradcheckMode {
  Full,         // every element of every input that requires a gradient
  Sampled,      // `samples` random elements per input (seeded)
  Directional,  // `directions` random unit directions d per input: n = (f(x+hd) - f(x-hd))/2h vs a = Σ grad ⊙ d
};
std::string_view to_string(GradcheckMode m);

struct GradcheckOptions {
  GradcheckMode mode = GradcheckMode::Full;
  double eps = 1e-6;               // h of the central difference
  double tolerance = 1e-6;         // an element passes with a relative error <= tolerance
  // Differences below atol · max(1, Σ|v ⊙ F|) are the rounding noise of the
  // central difference (≈ 1e-16·|f| / h): an element whose relative error is
  // above tolerance but whose difference is that small (a gradient that is 0
  // or nearly) passes, is marked below_noise and does not count towards
  // max_rel_error.
  double atol = 1e-9;
  double kink_tolerance = 1e-5;    // slack around the one-sided derivatives at a kink
  int samples = 8;                 // Sampled: elements per input
  int directions = 3;              // Directional: directions per input
  std::uint64_t seed = 0;          // cotangent, samples and directions
  bool check_accumulation = true;  // run backward twice: leaf gradients must double
};

// ---- results ------------------------------------------------------------------

enum class Cause {
  None,                 // nothing failed
  WrongSign,            // analytic ≈ -numeric
  ConstantFactor,       // analytic ≈ c · numeric, c ≠ ±1 (see InputCheck::factor)
  Transposed,           // analytic ≈ numericᵀ
  BroadcastNotReduced,  // the gradient has the op's output shape, not the input's
  OverwriteNotAccumulate,  // a second backward did not double the leaf gradient
  NoGradient,           // analytic is 0 where numeric is not
  Unknown,              // no simple pattern
};
std::string_view to_string(Cause c);

struct ElementCheck {
  Index row = -1;          // -1 in directional mode
  Index col = -1;          // in directional mode: the direction's number
  double analytic = 0.0;
  double numeric = 0.0;
  double rel_error = 0.0;  // at a kink: to the nearest point between the one-sided derivatives
  Band band = Band::Good;
  bool at_kink = false;    // x±h crossed (or touched) a kink of a relu/abs/... input
  double left = 0.0;       // one-sided derivatives (f(x) - f(x-h))/h and
  double right = 0.0;      //   (f(x+h) - f(x))/h, set when at_kink
  bool below_noise = false;  // passed only because |a - n| is within the noise floor
  bool passed = true;
};

struct InputCheck {
  std::string label;
  Shape shape;
  std::vector<std::string> consumers;  // the ops that take this input, in graph order
  std::vector<ElementCheck> elements;
  double max_rel_error = 0.0;
  bool passed = true;
  Cause cause = Cause::None;
  double factor = 0.0;                 // for ConstantFactor: analytic ≈ factor · numeric
  std::string detail;                  // the likely cause, explained
};

struct GradcheckResult {
  GradcheckMode mode = GradcheckMode::Full;
  double eps = 0.0;
  double tolerance = 0.0;
  std::vector<InputCheck> inputs;      // the inputs that require a gradient
  double max_rel_error = 0.0;
  bool passed = true;
  std::string backward_error;          // what backward threw, if it threw

  // The input with this label; throws ValueError if there is none.
  const InputCheck& input(std::string_view label) const;
  // A readable summary: per input, the worst element and, on failure, the
  // op, element, analytic vs numeric, band and likely cause.
  std::string report() const;
};

// ---- checking -----------------------------------------------------------------

// The function under test: builds the graph from its inputs, returns the output.
using GradcheckBuilder = std::function<Tensor(const std::vector<Tensor>& inputs)>;

struct GradcheckInput {
  Mat value;
  std::string label;
  bool requires_grad = true;   // false: data (targets, masks), not checked
};

// Each evaluation creates the inputs in a fresh Context and calls f.
GradcheckResult gradcheck(const GradcheckBuilder& f, const std::vector<GradcheckInput>& inputs,
                          const GradcheckOptions& options = {});
// Every input requires a gradient; labels are x0, x1, ...
GradcheckResult gradcheck(const GradcheckBuilder& f, const std::vector<Mat>& inputs,
                          const GradcheckOptions& options = {});

// A whole built network: `loss` rebuilds the forward pass from the current
// values of `params` (the chapter's own Context and layers). Directional mode
// by default. The parameters' values, gradients and the context's trace are
// restored afterwards.
GradcheckOptions network_gradcheck_options();
GradcheckResult gradcheck_network(const std::function<Tensor()>& loss,
                                  const std::vector<Tensor>& params,
                                  const GradcheckOptions& options = network_gradcheck_options());

namespace detail {
// Fills cause, factor and detail of a failing input (gradcheck_diagnose.cpp).
// A is the full analytic gradient; noise the absolute noise floor.
void diagnose(InputCheck& input, const Mat& A, double noise);
}  // namespace detail

}  // namespace sg
