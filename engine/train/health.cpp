// Per-layer health statistics (health.hpp).
#include "engine/train/health.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/core/error.hpp"

namespace sg {

template <typename T>
double activation_mean(const MatT<T>& A) {
  return A.size() == 0 ? 0.0 : A.template cast<double>().mean();
}

template <typename T>
double activation_std(const MatT<T>& A) {
  if (A.size() == 0) return 0.0;
  const double mu = activation_mean(A);
  const double var = (A.template cast<double>().array() - mu).square().mean();
  return std::sqrt(var);
}

template <typename T>
double saturation_fraction(const MatT<T>& A, Activation kind) {
  if (A.size() == 0) return 0.0;
  double saturated = 0.0;
  for (Index k = 0; k < A.size(); ++k) {
    const double a = static_cast<double>(A.data()[k]);
    if (kind == Activation::Tanh) {
      saturated += std::abs(a) > 0.99 ? 1.0 : 0.0;
    } else if (kind == Activation::Sigmoid) {
      saturated += (a < 0.01 || a > 0.99) ? 1.0 : 0.0;
    } else {
      throw ValueError("saturation_fraction: only tanh and sigmoid saturate; for ReLU ask dead_relu_fraction");
    }
  }
  return saturated / static_cast<double>(A.size());
}

template <typename T>
double dead_relu_fraction(const MatT<T>& A) {
  if (A.cols() == 0) return 0.0;
  Index dead = 0;
  for (Index c = 0; c < A.cols(); ++c) dead += (A.col(c).array() > T(0)).any() ? 0 : 1;
  return static_cast<double>(dead) / static_cast<double>(A.cols());
}

template <typename T>
double norm(const MatT<T>& M) {
  return M.template cast<double>().norm();
}

template <typename T>
double update_ratio(const MatT<T>& before, const MatT<T>& after) {
  if (before.rows() != after.rows() || before.cols() != after.cols()) {
    throw ShapeError(fmt::format("update_ratio: before is {} but after is {}: the same parameter twice",
                                 to_string(shape_of(before)), to_string(shape_of(after))));
  }
  const Mat delta = after.template cast<double>() - before.template cast<double>();
  const double step = delta.norm(), size = norm(before);
  if (size == 0.0) return step == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return step / size;
}

template <typename T>
LayerHealth layer_health(std::string name, const MatT<T>& A, Activation kind, const MatT<T>& before,
                         const MatT<T>& after, const MatT<T>& grad) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  LayerHealth h;
  h.name = std::move(name);
  // No activations (a parameter-only row): NaN, which the table prints as "-".
  h.act_mean = A.size() == 0 ? nan : activation_mean(A);
  h.act_std = A.size() == 0 ? nan : activation_std(A);
  h.saturation = (kind == Activation::Tanh || kind == Activation::Sigmoid) ? saturation_fraction(A, kind) : nan;
  h.dead = kind == Activation::Relu ? dead_relu_fraction(A) : nan;
  h.grad_norm = norm(grad);
  h.param_norm = norm(before);
  h.update_ratio = update_ratio(before, after);
  h.exploding = !std::isfinite(h.grad_norm) || h.grad_norm > exploding_norm;
  h.vanishing = !h.exploding && h.grad_norm < vanishing_ratio * h.param_norm;
  return h;
}

namespace {

std::string flags(const LayerHealth& h) {
  std::string f;
  const auto add = [&](const std::string& s) { f += (f.empty() ? "" : ", ") + s; };
  if (h.vanishing) add("vanishing");
  if (h.exploding) add("exploding");
  if (!std::isnan(h.dead) && h.dead >= 0.5) add(fmt::format("dead {:.0f}%", 100 * h.dead));
  if (!std::isnan(h.saturation) && h.saturation >= 0.5) add(fmt::format("saturated {:.0f}%", 100 * h.saturation));
  return f.empty() ? "ok" : f;
}

std::string cell(double x) { return std::isnan(x) ? "-" : fmt::format("{:.3g}", x); }

}  // namespace

std::string health_table(const std::vector<LayerHealth>& rows) {
  std::size_t width = 5;
  for (const LayerHealth& h : rows) width = std::max(width, h.name.size());
  std::string out = fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "layer", width,
                                "act mean", "act std", "saturated", "dead", "|grad|", "|dθ|/|θ|", "flags");
  for (const LayerHealth& h : rows) {
    out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", h.name, width, cell(h.act_mean),
                       cell(h.act_std), cell(h.saturation), cell(h.dead), cell(h.grad_norm), cell(h.update_ratio),
                       flags(h));
  }
  return out;
}

std::string health_csv(const std::vector<LayerHealth>& rows) {
  std::string out = "layer,act_mean,act_std,saturation,dead,grad_norm,param_norm,update_ratio,vanishing,exploding\n";
  for (const LayerHealth& h : rows) {
    out += fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{},{}\n", h.name, h.act_mean,
                       h.act_std, h.saturation, h.dead, h.grad_norm, h.param_norm, h.update_ratio,
                       h.vanishing ? 1 : 0, h.exploding ? 1 : 0);
  }
  return out;
}

Metrics health_metrics(const std::vector<LayerHealth>& rows) {
  Metrics m;
  for (const LayerHealth& h : rows) {
    if (!std::isnan(h.act_mean)) m.emplace_back(h.name + ".act_mean", h.act_mean);
    if (!std::isnan(h.act_std)) m.emplace_back(h.name + ".act_std", h.act_std);
    if (!std::isnan(h.saturation)) m.emplace_back(h.name + ".saturation", h.saturation);
    if (!std::isnan(h.dead)) m.emplace_back(h.name + ".dead", h.dead);
    m.emplace_back(h.name + ".grad_norm", h.grad_norm);
    m.emplace_back(h.name + ".update_ratio", h.update_ratio);
  }
  return m;
}

template double activation_mean(const Mat&);
template double activation_std(const Mat&);
template double saturation_fraction(const Mat&, Activation);
template double dead_relu_fraction(const Mat&);
template double norm(const Mat&);
template double update_ratio(const Mat&, const Mat&);
template LayerHealth layer_health(std::string, const Mat&, Activation, const Mat&, const Mat&, const Mat&);
template double activation_mean(const MatF&);
template double activation_std(const MatF&);
template double saturation_fraction(const MatF&, Activation);
template double dead_relu_fraction(const MatF&);
template double norm(const MatF&);
template double update_ratio(const MatF&, const MatF&);
template LayerHealth layer_health(std::string, const MatF&, Activation, const MatF&, const MatF&, const MatF&);

}  // namespace sg
