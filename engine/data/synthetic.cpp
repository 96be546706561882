#include "engine/data/synthetic.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

namespace {

void require_points(std::string_view who, Index n, Index at_least) {
  if (n < at_least) {
    throw ValueError(fmt::format("{}: n must be at least {}, got {}", who, at_least, n));
  }
}

void require_noise(std::string_view who, double noise) {
  if (!(noise >= 0) || !std::isfinite(noise)) {
    throw ValueError(fmt::format("{}: noise is a standard deviation and must be >= 0, got {}", who, noise));
  }
}

// Adds N(0, noise²) to every entry, row by row (the order a reader expects).
void add_noise(Mat& X, double noise, Generator& gen) {
  if (noise == 0) return;
  for (Index r = 0; r < X.rows(); ++r)
    for (Index c = 0; c < X.cols(); ++c) X(r, c) += gen.normal(0.0, noise);
}

// numpy's linspace(lo, hi, m, endpoint): point i of m.
double linspace(double lo, double hi, Index i, Index m, bool endpoint = true) {
  const Index steps = endpoint ? m - 1 : m;
  return steps <= 0 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(steps);
}

Dataset labelled(Index n, Index d, std::string name, std::vector<std::string> class_names) {
  Dataset ds;
  ds.X.resize(n, d);
  ds.labels.resize(static_cast<std::size_t>(n));
  ds.name = std::move(name);
  ds.class_names = std::move(class_names);
  return ds;
}

}  // namespace

Dataset two_moons(Index n, double noise, Generator& gen) {
  require_points("two_moons", n, 2);
  require_noise("two_moons", noise);
  const Index n_out = n / 2, n_in = n - n_out;
  Dataset ds = labelled(n, 2, "two_moons", {"upper", "lower"});
  constexpr double pi = std::numbers::pi;
  for (Index i = 0; i < n_out; ++i) {
    const double t = linspace(0, pi, i, n_out);
    ds.X(i, 0) = std::cos(t);
    ds.X(i, 1) = std::sin(t);
    ds.labels[static_cast<std::size_t>(i)] = 0;
  }
  for (Index i = 0; i < n_in; ++i) {
    const double t = linspace(0, pi, i, n_in);
    ds.X(n_out + i, 0) = 1 - std::cos(t);
    ds.X(n_out + i, 1) = 1 - std::sin(t) - 0.5;
    ds.labels[static_cast<std::size_t>(n_out + i)] = 1;
  }
  add_noise(ds.X, noise, gen);
  return ds;
}

Dataset circles(Index n, double noise, double factor, Generator& gen) {
  require_points("circles", n, 2);
  require_noise("circles", noise);
  if (!(factor > 0 && factor < 1)) {
    throw ValueError(fmt::format("circles: factor is the inner radius over the outer one and must be in (0, 1), got {}", factor));
  }
  const Index n_out = n / 2, n_in = n - n_out;
  Dataset ds = labelled(n, 2, "circles", {"outer", "inner"});
  constexpr double two_pi = 2 * std::numbers::pi;
  for (Index i = 0; i < n_out; ++i) {
    const double t = linspace(0, two_pi, i, n_out, false);
    ds.X(i, 0) = std::cos(t);
    ds.X(i, 1) = std::sin(t);
    ds.labels[static_cast<std::size_t>(i)] = 0;
  }
  for (Index i = 0; i < n_in; ++i) {
    const double t = linspace(0, two_pi, i, n_in, false);
    ds.X(n_out + i, 0) = factor * std::cos(t);
    ds.X(n_out + i, 1) = factor * std::sin(t);
    ds.labels[static_cast<std::size_t>(n_out + i)] = 1;
  }
  add_noise(ds.X, noise, gen);
  return ds;
}

Dataset spirals(Index n, Index classes, double noise, Generator& gen) {
  if (classes < 2) throw ValueError(fmt::format("spirals: classes must be at least 2, got {}", classes));
  require_points("spirals", n, 2 * classes);
  require_noise("spirals", noise);
  std::vector<std::string> names;
  for (Index j = 0; j < classes; ++j) names.push_back(fmt::format("arm {}", j));
  Dataset ds = labelled(n, 2, "spirals", std::move(names));
  Index row = 0;
  for (Index j = 0; j < classes; ++j) {
    const Index m = n / classes + (j < n % classes ? 1 : 0);
    for (Index i = 0; i < m; ++i, ++row) {
      const double r = linspace(0, 1, i, m);
      const double t = linspace(4.0 * static_cast<double>(j), 4.0 * static_cast<double>(j + 1), i, m) +
                       (noise > 0 ? gen.normal(0.0, noise) : 0.0);
      ds.X(row, 0) = r * std::sin(t);
      ds.X(row, 1) = r * std::cos(t);
      ds.labels[static_cast<std::size_t>(row)] = static_cast<int>(j);
    }
  }
  return ds;
}

Dataset blobs(Index n, const Mat& centers, double std, Generator& gen) {
  const Index k = centers.rows();
  if (k < 1 || centers.cols() < 1) {
    throw ShapeError(fmt::format("blobs: centers is {}: give one row per centre, at least (1,1)",
                                 to_string(shape_of(centers))));
  }
  require_points("blobs", n, k);
  require_noise("blobs", std);
  std::vector<std::string> names;
  for (Index c = 0; c < k; ++c) names.push_back(fmt::format("blob {}", c));
  Dataset ds = labelled(n, centers.cols(), "blobs", std::move(names));
  Index row = 0;
  for (Index c = 0; c < k; ++c) {
    const Index m = n / k + (c < n % k ? 1 : 0);
    for (Index i = 0; i < m; ++i, ++row) {
      for (Index f = 0; f < centers.cols(); ++f) ds.X(row, f) = centers(c, f) + gen.normal(0.0, std);
      ds.labels[static_cast<std::size_t>(row)] = static_cast<int>(c);
    }
  }
  return ds;
}

Dataset blobs(Index n, Index centers, double std, Generator& gen) {
  if (centers < 1) throw ValueError(fmt::format("blobs: centers must be at least 1, got {}", centers));
  const Mat C = gen.uniform_matrix(centers, 2, -10.0, 10.0);
  return blobs(n, C, std, gen);
}

Dataset xor_set(Index n, double noise, Generator& gen) {
  require_points("xor_set", n, 4);
  require_noise("xor_set", noise);
  Dataset ds = labelled(n, 2, "xor", {"0", "1"});
  for (Index i = 0; i < n; ++i) {
    const int a = static_cast<int>((i % 4) / 2), b = static_cast<int>(i % 2);
    ds.X(i, 0) = a;
    ds.X(i, 1) = b;
    ds.labels[static_cast<std::size_t>(i)] = a ^ b;
  }
  add_noise(ds.X, noise, gen);
  return ds;
}

Dataset xor_truth_table() {
  Dataset ds = labelled(4, 2, "xor truth table", {"0", "1"});
  ds.X << 0, 0, 0, 1, 1, 0, 1, 1;
  ds.labels = {0, 1, 1, 0};
  return ds;
}

Dataset regression_curve(Index n, double noise, Generator& gen) {
  require_points("regression_curve", n, 2);
  require_noise("regression_curve", noise);
  Dataset ds;
  ds.name = "sin(2πx)";
  ds.X.resize(n, 1);
  ds.targets.resize(n, 1);
  for (Index i = 0; i < n; ++i) {
    const double x = linspace(0, 1, i, n);
    ds.X(i, 0) = x;
    ds.targets(i, 0) = std::sin(2 * std::numbers::pi * x) + (noise > 0 ? gen.normal(0.0, noise) : 0.0);
  }
  return ds;
}

}  // namespace sg
