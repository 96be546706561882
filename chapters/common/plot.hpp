// Plots for the chapters: we write the data (CSV) and a gnuplot script, and
// gnuplot draws the SVG and PNG. No plotting code of our own beyond that, so a
// reader can restyle any figure by editing its .gp file and running
//   cd out/ch01_gradient_descent && gnuplot lr_sweep.gp
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sg::book {

// One curve or one set of points.
struct Series {
  std::string title;
  std::vector<double> x;
  std::vector<double> y;
  // gnuplot's `with` clause: "lines", "linespoints", "points pt 7 ps 1.2", ...
  std::string style = "lines";
};

// A background shading for 2-D classifiers: z in [0, 1] (say p(y=1)) on a
// regular nx × ny grid over [x0, x1] × [y0, y1], z[j * nx + i] at
// (x0 + i (x1 - x0) / (nx - 1), y0 + j (y1 - y0) / (ny - 1)). Drawn from
// light red (0) to light blue (1), with the 0.5 contour as the decision line.
struct Shading {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  int nx = 0, ny = 0;
  std::vector<double> z;
};

struct Plot {
  Plot() = default;
  Plot(std::string name_, std::string title_, std::string xlabel_, std::string ylabel_)
      : name(std::move(name_)), title(std::move(title_)), xlabel(std::move(xlabel_)), ylabel(std::move(ylabel_)) {}

  std::string name;     // file stem: NAME.csv, NAME.gp, NAME.svg, NAME.png
  std::string title;
  std::string xlabel;
  std::string ylabel;
  std::vector<Series> series;
  std::optional<Shading> shading;        // written to NAME_grid.csv
  std::optional<std::pair<double, double>> xrange;
  std::optional<std::pair<double, double>> yrange;
  bool logy = false;
  std::string key = "top right";         // gnuplot `set key ...`
  std::vector<std::string> extra;        // more gnuplot commands, run before `plot`
};

// The files one plot consists of (inside the output directory).
struct PlotFiles {
  std::vector<std::filesystem::path> data;      // NAME.csv (and NAME_grid.csv)
  std::filesystem::path script;                  // NAME.gp
  std::vector<std::filesystem::path> pictures;   // NAME.svg, NAME.png; empty without gnuplot
};

// The CSV of the series: a header `index,series,x,y`, then one row per point,
// series after series (index 0, 1, ...). Deterministic ({:.17g}).
std::string plot_csv(const Plot& plot);
// The gnuplot script that reads NAME.csv from its own directory and writes
// NAME.svg and NAME.png next to it.
std::string plot_script(const Plot& plot);

// Where gnuplot is on PATH, if it is.
std::optional<std::filesystem::path> find_gnuplot();

// Writes the CSV(s) and the script into dir, then runs gnuplot there when
// `gnuplot` is given. Throws sg::Error when a file cannot be written or
// gnuplot fails (with what gnuplot said). Checks the plot first: every series
// needs as many x as y values, the shading nx·ny values.
PlotFiles write_plot(const Plot& plot, const std::filesystem::path& dir,
                     const std::optional<std::filesystem::path>& gnuplot);

}  // namespace sg::book
