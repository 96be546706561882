// The chapter harness's pieces that do not need a whole chapter: the plot's
// CSV and gnuplot script, plots without gnuplot, and the result tables.
// (The flags, exit codes and outputs of real chapters are smoke tests:
// tests/CMakeLists.txt, tests/smoke/chapter_outputs.sh.)
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/common/chapter.hpp"
#include "chapters/common/plot.hpp"
#include "chapters/common/table.hpp"
#include "engine/core/error.hpp"
#include "tests/support/files.hpp"

using namespace sg;
using namespace sg::book;
using sg::test::read_file;
using sg::test::TempDir;

namespace {

// Runs a chapter named ch07_demo with --quiet into dir and collects what it
// prints on stdout and stderr.
struct ChapterRun {
  int code = -1;
  std::string out, err;
};
ChapterRun run_chapter(const std::filesystem::path& dir, const std::function<void(Chapter&)>& lesson) {
  Chapter ch("ch07_demo", "Demo", "A chapter for the harness's tests.");
  std::ostringstream out, err;
  struct Redirect {   // back to the terminal even when a CHECK throws
    std::ostream& stream;
    std::streambuf* saved;
    ~Redirect() { stream.rdbuf(saved); }
  } o{std::cout, std::cout.rdbuf(out.rdbuf())}, e{std::cerr, std::cerr.rdbuf(err.rdbuf())};
  const std::string where = dir.string();
  std::vector<const char*> argv = {"ch07_demo", "--quiet", "--out", where.c_str()};
  ChapterRun r;
  r.code = ch.run(static_cast<int>(argv.size()), const_cast<char**>(argv.data()), lesson);
  r.out = out.str();
  r.err = err.str();
  return r;
}

const char* const kStub = "Exercise 7.1 (f) is not implemented yet: open exercises/07_demo/exercises.cpp. Hint: h";

Plot two_series() {
  Plot p("sweep", "x \"squared\"", "x", "f");
  p.series.push_back({"lr = 0.1, good", {0, 1}, {1, 0.5}, "lines"});
  p.series.push_back({"nan", {0}, {std::numeric_limits<double>::quiet_NaN()}, "points"});
  return p;
}

}  // namespace

TEST_CASE("plot CSV: one row per point, series by index, titles quoted, round-trip numbers", "[harness]") {
  Plot p = two_series();
  p.series[0].y[1] = 0.1;   // not exact in binary: needs all 17 digits to round-trip
  CHECK(plot_csv(p) ==
        "index,series,x,y\n"
        "0,\"lr = 0.1, good\",0,1\n"
        "0,\"lr = 0.1, good\",1,0.10000000000000001\n"
        "1,nan,0,NaN\n");
}

TEST_CASE("plot script: reads its own CSV, writes SVG and PNG, quotes titles", "[harness]") {
  Plot p = two_series();
  p.logy = true;
  const std::string gp = plot_script(p);
  CHECK_THAT(gp, Catch::Contains("set output 'sweep.svg'"));
  CHECK_THAT(gp, Catch::Contains("set output 'sweep.png'"));
  CHECK_THAT(gp, Catch::Contains("set title \"x \\\"squared\\\"\""));
  CHECK_THAT(gp, Catch::Contains("'sweep.csv' using 3:($1==0?$4:NaN) with lines title \"lr = 0.1, good\""));
  CHECK_THAT(gp, Catch::Contains("'sweep.csv' using 3:($1==1?$4:NaN) with points title \"nan\""));
  CHECK_THAT(gp, Catch::Contains("set logscale y"));
}

TEST_CASE("plot without gnuplot: the CSV and the script are written, no pictures", "[harness]") {
  TempDir dir("plot");
  Plot p = two_series();
  p.shading = Shading{0, 1, 0, 1, 2, 2, {0, 1, 1, 0}};
  const PlotFiles files = write_plot(p, dir.path(), std::nullopt);
  CHECK(files.pictures.empty());
  REQUIRE(files.data.size() == 2);
  CHECK(read_file(dir.path() / "sweep.csv") == plot_csv(p));
  CHECK(read_file(dir.path() / "sweep_grid.csv") == "x,y,z\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n");
  CHECK_THAT(read_file(dir.path() / "sweep.gp"), Catch::Contains("'sweep_grid.csv' using 1:2:3 with image"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "sweep.svg"));
}

TEST_CASE("plot refuses series of unequal length, a bad shading and a path as name", "[harness]") {
  TempDir dir("plot-bad");
  Plot p = two_series();
  p.series[0].y.pop_back();
  CHECK_THROWS_AS(write_plot(p, dir.path(), std::nullopt), ShapeError);
  CHECK_THROWS_WITH(write_plot(p, dir.path(), std::nullopt), Catch::Contains("2 x values but 1 y values"));
  Plot q = two_series();
  q.shading = Shading{0, 1, 0, 1, 3, 3, {0, 1}};
  CHECK_THROWS_AS(write_plot(q, dir.path(), std::nullopt), ShapeError);
  Plot r = two_series();
  r.name = std::string("../escape");
  CHECK_THROWS_AS(write_plot(r, dir.path(), std::nullopt), ValueError);
}

TEST_CASE("plot with gnuplot draws an SVG and a PNG", "[harness]") {
  const auto gnuplot = find_gnuplot();
  if (!gnuplot) {
    WARN("gnuplot is not installed: skipping the drawing (scripts/setup.sh installs gnuplot-nox)");
    return;
  }
  TempDir dir("plot-draw");
  const PlotFiles files = write_plot(two_series(), dir.path(), gnuplot);
  REQUIRE(files.pictures.size() == 2);
  CHECK_THAT(read_file(dir.path() / "sweep.svg"), Catch::Contains("<svg"));
  CHECK(read_file(dir.path() / "sweep.png").substr(1, 3) == "PNG");
}

TEST_CASE("table text: columns aligned by characters, numbers to the right", "[harness]") {
  Table t({"activation", "f(0)", "f'(0)"});
  t.add({"σ", "0.5", "0.25"});
  t.add({"leaky ReLU", "0", "0.01"});
  CHECK(t.text() ==
        "activation  f(0)  f'(0)\n"
        "----------  ----  -----\n"
        "σ            0.5   0.25\n"
        "leaky ReLU     0   0.01\n");
}

TEST_CASE("table CSV quotes what needs it, and rows must fit the columns", "[harness]") {
  Table t({"run", "note"});
  t.add({"1.1", "diverged, at step 7"});
  t.add({"0.5", "say \"fast\""});
  CHECK(t.csv() == "run,note\n1.1,\"diverged, at step 7\"\n0.5,\"say \"\"fast\"\"\"\n");
  CHECK_THROWS_AS(t.add({"only one"}), ShapeError);
}

TEST_CASE("part: a stub skips the rest of that part only, is named once in full, and the last line waits for it",
          "[harness]") {
  TempDir dir("part");
  std::vector<std::string> ran;
  const ChapterRun r = run_chapter(dir.path(), [&](Chapter& ch) {
    CHECK_FALSE(ch.part("the first figure", [&] {
      ran.push_back("first");
      throw NotImplemented(kStub);
    }));
    CHECK(ch.part("the table", [&] { ran.push_back("table"); }));
    CHECK_FALSE(ch.part("the second figure", [&] { throw NotImplemented(kStub); }));
  });
  CHECK(r.code == 0);
  CHECK(ran == std::vector<std::string>{"first", "table"});
  CHECK_THAT(r.err, Catch::Contains(std::string("note: skipped the first figure: ") + kStub));
  CHECK_THAT(r.err, Catch::Contains("note: skipped the second figure: Exercise 7.1 is still a stub"));
  CHECK_THAT(r.out, Catch::Contains("ch07_demo: wrote 0 files into " + dir.path().string() +
                                    "/; waiting for Exercise 7.1 (check them with: build/bin/grade --chapter 7)"));
}

TEST_CASE("part: any other error still stops the chapter with exit code 1", "[harness]") {
  TempDir dir("part_error");
  const ChapterRun r = run_chapter(dir.path(), [&](Chapter& ch) {
    ch.part("a broken part", [] { throw Error("the data file is corrupt"); });
  });
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("error: the data file is corrupt"));
}
