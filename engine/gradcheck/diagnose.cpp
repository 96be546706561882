// What gradcheck says: the relative error and its bands, the likely cause of
// a wrong gradient, and the report.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "engine/gradcheck/gradcheck.hpp"

namespace sg {

double relative_error(double a, double n, double tiny) {
  if (!std::isfinite(a) || !std::isfinite(n)) return std::numeric_limits<double>::infinity();
  return std::abs(a - n) / std::max(std::abs(a) + std::abs(n), tiny);
}

Band band_of(double rel_error) {
  if (rel_error < kBandGood) return Band::Good;
  if (rel_error < kBandOk) return Band::Ok;
  if (rel_error <= kBandWrong) return Band::Suspicious;
  return Band::Wrong;
}

std::string_view to_string(Band b) {
  switch (b) {
    case Band::Good: return "good";
    case Band::Ok: return "ok for kinks and float";
    case Band::Suspicious: return "suspicious";
    case Band::Wrong: return "wrong";
  }
  return "?";
}

std::string_view to_string(GradcheckMode m) {
  switch (m) {
    case GradcheckMode::Full: return "full";
    case GradcheckMode::Sampled: return "sampled";
    case GradcheckMode::Directional: return "directional";
  }
  return "?";
}

const InputCheck& GradcheckResult::input(std::string_view label) const {
  for (const InputCheck& in : inputs) {
    if (in.label == label) return in;
  }
  throw ValueError(fmt::format("gradcheck: no checked input is labelled '{}'", label));
}

std::string_view to_string(Cause c) {
  switch (c) {
    case Cause::None: return "none";
    case Cause::WrongSign: return "wrong sign";
    case Cause::ConstantFactor: return "constant factor";
    case Cause::Transposed: return "transposed gradient";
    case Cause::BroadcastNotReduced: return "broadcast not reduced";
    case Cause::OverwriteNotAccumulate: return "overwrite instead of accumulate";
    case Cause::NoGradient: return "no gradient";
    case Cause::Unknown: return "unknown";
  }
  return "?";
}

namespace {

// Two numbers "match" for a diagnosis: looser than a pass, since the point
// is to recognise a pattern in a gradient that is already known to be wrong.
constexpr double kPatternTolerance = 1e-4;

bool close(double x, double y, double noise) {
  return std::abs(x - y) <= noise || relative_error(x, y) < kPatternTolerance;
}

// Does every element satisfy pred(analytic, numeric, element)?
template <typename Pred>
bool every(const std::vector<const ElementCheck*>& es, Pred pred) {
  return std::all_of(es.begin(), es.end(), [&](const ElementCheck* e) { return pred(*e); });
}

std::string ops_text(const InputCheck& in) {
  if (in.consumers.empty()) return "the op that uses it";
  std::string s;
  for (std::size_t k = 0; k < in.consumers.size(); ++k) s += (k ? ", " : "") + in.consumers[k];
  return s;
}

std::string factor_hint(double c) {
  if (std::abs(c) < 1.0) {
    return fmt::format("a factor {:.4g} is missing in the backward (e.g. the 2 of d(x²)/dx = 2x)", 1.0 / c);
  }
  return fmt::format("the backward multiplies by an extra factor {:.4g}", c);
}

}  // namespace

namespace detail {

void diagnose(InputCheck& in, const Mat& A, double noise) {
  const std::string ops = ops_text(in);
  if (in.cause == Cause::BroadcastNotReduced) {
    in.detail = fmt::format(
        "broadcast not reduced: {} returned a gradient of its output's shape for '{}' {}; sum it back "
        "over the broadcast dimensions (reduce_to) before accumulating",
        ops, in.label, to_string(in.shape));
    return;
  }
  if (in.cause == Cause::OverwriteNotAccumulate) {
    in.detail = fmt::format(
        "overwrite instead of accumulate: a second backward on the same graph did not double the "
        "gradient of '{}'; {} assigns to the parent's grad instead of adding to it (use "
        "self.accumulate(i, d), which does +=)", in.label, ops);
    return;
  }
  // The elements that say something: failing ones above the noise floor, or
  // (for a pattern to show) every element above the noise floor.
  // Elements at a kink are judged against one-sided derivatives, so they show
  // no pattern against the central difference; leave them out.
  std::vector<const ElementCheck*> es;
  bool kink_failed = false;
  for (const ElementCheck& e : in.elements) {
    kink_failed = kink_failed || (e.at_kink && !e.passed);
    if (!e.at_kink && std::max(std::abs(e.analytic), std::abs(e.numeric)) > noise) es.push_back(&e);
  }
  if (es.empty()) {
    in.cause = Cause::Unknown;
    in.detail = kink_failed
        ? fmt::format("at a kink, the analytic derivative of {} lies outside the one-sided derivatives: "
                      "check its convention at 0 (it must be one of them, or between)", ops)
        : fmt::format("no simple pattern: re-derive the local derivative of {}", ops);
    return;
  }
  const bool directional = es.front()->row < 0;
  const bool all_match = every(es, [&](const ElementCheck& e) { return close(e.analytic, e.numeric, noise); });

  if (every(es, [&](const ElementCheck& e) { return std::abs(e.analytic) <= noise; })) {
    in.cause = Cause::NoGradient;
    in.detail = fmt::format("no gradient: analytic is 0 where numeric is not; the backward of {} "
                            "never accumulates into '{}'", ops, in.label);
  } else if (every(es, [&](const ElementCheck& e) { return close(e.analytic, -e.numeric, noise); })) {
    in.cause = Cause::WrongSign;
    in.detail = fmt::format("wrong sign: analytic ≈ -numeric on every checked element; the backward of "
                            "{} subtracts what it should add (check the sign of the local derivative)", ops);
  } else if (!directional && in.shape.rows == in.shape.cols && A.size() > 0 && !all_match &&
             every(es, [&](const ElementCheck& e) { return close(A(e.col, e.row), e.numeric, noise); })) {
    in.cause = Cause::Transposed;
    in.detail = fmt::format("transposed gradient: analytic ≈ numericᵀ; the backward of {} returns the "
                            "transpose of the gradient of '{}' (check the order of the product: "
                            "dX = dY·Wᵀ, dW = Xᵀ·dY)", ops, in.label);
  } else {
    // Least squares c in analytic ≈ c · numeric; a pattern if it fits every element.
    double an = 0.0, nn = 0.0;
    for (const ElementCheck* e : es) {
      an += e->analytic * e->numeric;
      nn += e->numeric * e->numeric;
    }
    const double c = nn > 0 ? an / nn : 0.0;
    const bool fits = nn > 0 && every(es, [&](const ElementCheck& e) { return close(e.analytic, c * e.numeric, noise); });
    if (fits && std::abs(c - 1.0) > kPatternTolerance) {
      in.cause = Cause::ConstantFactor;
      in.factor = c;
      in.detail = fmt::format("a constant factor: analytic ≈ {:.4g} × numeric on every checked element; "
                              "in {}, {}", c, ops, factor_hint(c));
    } else {
      in.cause = Cause::Unknown;
      in.detail = fmt::format("no simple pattern (not a sign, a constant factor{}): re-derive the local "
                              "derivative of {}{}", directional ? "" : " or a transpose", ops,
                              directional ? "; run gradcheck in full mode on it for an element-wise diagnosis" : "");
    }
  }
}

}  // namespace detail

namespace {

// x + 0.0 turns -0.0 into 0.0, so a zero always prints the same way.
double unsigned_zero(double x) { return x + 0.0; }

std::string element_text(const ElementCheck& e) {
  std::string where = e.row >= 0 ? fmt::format("element ({},{})", e.row, e.col)
                                  : fmt::format("direction {}", e.col);
  std::string s = fmt::format("{}: analytic {:.6e} vs numeric {:.6e}, rel error {:.2e} [{}]", where,
                              unsigned_zero(e.analytic), unsigned_zero(e.numeric), e.rel_error,
                              to_string(e.band));
  if (e.at_kink) {
    s += fmt::format(", at a kink (one-sided {:.6e} and {:.6e}{})", unsigned_zero(e.left), unsigned_zero(e.right),
                     e.passed ? ": accepted" : ": analytic outside them");
  }
  return s;
}

// The element to show: the first failing one, else the first at a kink.
const ElementCheck* shown_element(const InputCheck& in) {
  const ElementCheck* kink = nullptr;
  for (const ElementCheck& e : in.elements) {
    if (!e.passed) return &e;
    if (e.at_kink && !kink) kink = &e;
  }
  return kink;
}

}  // namespace

std::string GradcheckResult::report() const {
  std::size_t failing = 0;
  for (const InputCheck& in : inputs) failing += in.passed ? 0 : 1;
  std::string s = fmt::format("gradcheck ({} mode, eps {:g}, tolerance {:g}): {}", to_string(mode), eps,
                              tolerance, passed ? "PASS" : "FAIL");
  if (backward_error.empty()) {
    s += fmt::format(", max rel error {:.2e} [{}]", max_rel_error, to_string(band_of(max_rel_error)));
  }
  if (!passed) s += fmt::format(", {} of {} inputs failing", failing, inputs.size());
  s += "\n";
  if (!backward_error.empty()) s += fmt::format("  backward threw: {}\n", backward_error);
  for (const InputCheck& in : inputs) {
    std::size_t kinks = 0, bad = 0;
    for (const ElementCheck& e : in.elements) {
      kinks += e.at_kink ? 1 : 0;
      bad += e.passed ? 0 : 1;
    }
    s += fmt::format("  input '{}' {} into {}: {}", in.label, to_string(in.shape), ops_text(in),
                     in.passed ? "ok" : "FAIL");
    if (!in.elements.empty()) {
      s += fmt::format(", {} checked, {} failing, max rel error {:.2e}", in.elements.size(), bad,
                       in.max_rel_error);
    }
    if (kinks) s += fmt::format(", {} at a kink", kinks);
    s += "\n";
    if (const ElementCheck* e = shown_element(in)) {
      s += fmt::format("    {}\n", element_text(*e));
    }
    if (!in.detail.empty()) {
      s += fmt::format("    {}{}\n", in.cause == Cause::None ? "" : "likely cause: ", in.detail);
    }
  }
  return s;
}

}  // namespace sg
