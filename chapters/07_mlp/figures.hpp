// Chapter 7's picture helpers: decision boundaries of 2-D classifiers as a
// shaded grid, lines across a square plot, the data points by class.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "chapters/common/plot.hpp"
#include "engine/core/shape.hpp"

namespace sg::ch07 {

constexpr int kGrid = 81;   // grid points a side of a shaded boundary
constexpr std::array<const char*, 4> kUnitColours = {"#7f6000", "#5b2c6f", "#1e8449", "#7b241c"};
constexpr std::array<const char*, 3> kClassColours = {"#c0392b", "#1f4e79", "#1e8449"};
constexpr std::array<int, 3> kClassPoints = {5, 7, 9};   // gnuplot point types: square, circle, triangle

// A square plot of [lo, hi]² with equal axes and the key outside.
inline book::Plot square_plot(std::string name, std::string title, std::string xlabel, std::string ylabel, double lo,
                              double hi) {
  book::Plot p(std::move(name), std::move(title), std::move(xlabel), std::move(ylabel));
  p.key = "outside right";
  p.xrange = {{lo, hi}};
  p.yrange = {{lo, hi}};
  p.extra = {"set size ratio -1", "set clip two"};
  return p;
}

// The shading of [x0, x1] × [y0, y1]: f gets the n² grid points as the rows
// of an (n², 2) matrix, row j·n + i at (x0 + i·dx, y0 + j·dy), and returns a
// value in [0, 1] for each.
inline book::Shading shade(double x0, double x1, double y0, double y1,
                           const std::function<Eigen::VectorXd(const Mat&)>& f, int n = kGrid) {
  Mat G(n * n, 2);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      G.row(j * n + i) << x0 + i * (x1 - x0) / (n - 1), y0 + j * (y1 - y0) / (n - 1);
    }
  }
  const Eigen::VectorXd z = f(G);
  return {x0, x1, y0, y1, n, n, std::vector<double>(z.data(), z.data() + z.size())};
}

// The line w1·x + w2·y + b = 0 across [lo, hi] (gnuplot clips the rest);
// no points when w = 0.
inline book::Series line_across(double w1, double w2, double b, double lo, double hi, std::string title,
                                std::string style) {
  book::Series line{std::move(title), {}, {}, std::move(style)};
  for (const double u : {lo, hi}) {
    if (std::abs(w2) >= std::abs(w1) && w2 != 0.0) {
      line.x.push_back(u);
      line.y.push_back(-(w1 * u + b) / w2);
    } else if (w1 != 0.0) {
      line.x.push_back(-(w2 * u + b) / w1);
      line.y.push_back(u);
    }
  }
  return line;
}

// The rows of X as points, one series per class (labels 0, 1, 2).
inline void add_points(book::Plot& plot, const Mat& X, const std::vector<int>& labels, double size = 2.5) {
  int classes = 0;
  for (int l : labels) classes = std::max(classes, l + 1);
  for (int c = 0; c < classes; ++c) {
    book::Series s{fmt::format("class {}", c), {}, {},
                   fmt::format("points pt {} ps {} lc rgb '{}'", kClassPoints[c % 3], size, kClassColours[c % 3])};
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] != c) continue;
      s.x.push_back(X(static_cast<Index>(i), 0));
      s.y.push_back(X(static_cast<Index>(i), 1));
    }
    plot.series.push_back(std::move(s));
  }
}

}  // namespace sg::ch07
