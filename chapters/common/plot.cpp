#include "chapters/common/plot.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "chapters/common/table.hpp"
#include "engine/core/error.hpp"
#include "engine/core/files.hpp"

namespace fs = std::filesystem;

namespace sg::book {

namespace {

// {:.17g} round-trips a double; NaN and ±inf as gnuplot reads them.
std::string number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
  return fmt::format("{:.17g}", x);
}

// A gnuplot string literal in double quotes.
std::string gp_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A shell word in single quotes.
std::string shell_word(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void check(const Plot& plot) {
  if (plot.name.empty() || plot.name.find('/') != std::string::npos) {
    throw ValueError(fmt::format("plot: the name '{}' must be a plain file stem", plot.name));
  }
  for (const Series& s : plot.series) {
    if (s.x.size() != s.y.size()) {
      throw ShapeError(fmt::format("plot {}: series '{}' has {} x values but {} y values",
                                   plot.name, s.title, s.x.size(), s.y.size()));
    }
  }
  if (plot.shading) {
    const Shading& g = *plot.shading;
    if (g.nx < 2 || g.ny < 2 || g.z.size() != static_cast<std::size_t>(g.nx) * g.ny) {
      throw ShapeError(fmt::format("plot {}: the shading needs nx, ny >= 2 and nx·ny = {}·{} values, got {}",
                                   plot.name, g.nx, g.ny, g.z.size()));
    }
  }
}

std::string grid_csv(const Shading& g) {
  std::string out = "x,y,z\n";
  for (int j = 0; j < g.ny; ++j) {
    for (int i = 0; i < g.nx; ++i) {
      const double x = g.x0 + i * (g.x1 - g.x0) / (g.nx - 1);
      const double y = g.y0 + j * (g.y1 - g.y0) / (g.ny - 1);
      out += fmt::format("{},{},{}\n", number(x), number(y), number(g.z[j * g.nx + i]));
    }
  }
  return out;
}

// Runs a shell command; returns its exit status and what it printed.
std::pair<int, std::string> run_command(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "could not start a shell"};
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  return {pclose(pipe), output};
}

}  // namespace

std::string plot_csv(const Plot& plot) {
  std::string out = "index,series,x,y\n";
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    const std::string title = csv_cell(s.title);
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      out += fmt::format("{},{},{},{}\n", k, title, number(s.x[i]), number(s.y[i]));
    }
  }
  return out;
}

std::string plot_script(const Plot& plot) {
  const std::string& n = plot.name;
  std::ostringstream gp;
  gp << "# " << n << ": written by stepgrad. Run `gnuplot " << n << ".gp` in this folder to redraw\n"
     << "# " << n << ".svg and " << n << ".png from " << n << ".csv (columns: index,series,x,y).\n"
     << "set datafile separator ','\n"
     << "set terminal svg size 800,500 noenhanced font 'sans,12' background '#ffffff'\n"
     << "set output '" << n << ".svg'\n"
     << "set title " << gp_string(plot.title) << "\n"
     << "set xlabel " << gp_string(plot.xlabel) << "\n"
     << "set ylabel " << gp_string(plot.ylabel) << "\n"
     << "set grid\n"
     << "set key " << plot.key << " opaque box\n";
  if (plot.xrange) gp << fmt::format("set xrange [{}:{}]\n", number(plot.xrange->first), number(plot.xrange->second));
  if (plot.yrange) gp << fmt::format("set yrange [{}:{}]\n", number(plot.yrange->first), number(plot.yrange->second));
  if (plot.logy) gp << "set logscale y\n";
  if (plot.shading) {
    gp << "set palette defined (0 '#f4cccc', 1 '#cfe2f3')\n"
       << "set cbrange [0:1]\n"
       << "unset colorbox\n";
  }
  for (const std::string& line : plot.extra) gp << line << "\n";

  std::vector<std::string> items;
  if (plot.shading) items.push_back("'" + n + "_grid.csv' using 1:2:3 with image notitle");
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    items.push_back(fmt::format("'{}.csv' using 3:($1=={}?$4:NaN) with {} title {}", n, k, s.style,
                                gp_string(s.title)));
  }
  gp << "plot ";
  for (std::size_t i = 0; i < items.size(); ++i) gp << (i ? ", \\\n     " : "") << items[i];
  gp << "\n"
     << "set terminal pngcairo size 800,500 noenhanced font 'sans,10' background '#ffffff'\n"
     << "set output '" << n << ".png'\n"
     << "replot\n";
  return gp.str();
}

std::optional<fs::path> find_gnuplot() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::istringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / "gnuplot";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

PlotFiles write_plot(const Plot& plot, const fs::path& dir,
                     const std::optional<fs::path>& gnuplot) {
  check(plot);
  PlotFiles files;
  files.data.push_back(dir / (plot.name + ".csv"));
  write_file(files.data.back(), plot_csv(plot), "plot");
  if (plot.shading) {
    files.data.push_back(dir / (plot.name + "_grid.csv"));
    write_file(files.data.back(), grid_csv(*plot.shading), "plot");
  }
  files.script = dir / (plot.name + ".gp");
  write_file(files.script, plot_script(plot), "plot");
  if (!gnuplot) return files;

  const auto [status, said] = run_command(fmt::format("cd {} && {} {}", shell_word(dir.string()),
                                                      shell_word(gnuplot->string()),
                                                      shell_word(plot.name + ".gp")));
  if (status != 0) {
    throw Error(fmt::format("plot {}: gnuplot failed on '{}':\n{}", plot.name, files.script.string(), said));
  }
  files.pictures = {dir / (plot.name + ".svg"), dir / (plot.name + ".png")};
  return files;
}

}  // namespace sg::book
