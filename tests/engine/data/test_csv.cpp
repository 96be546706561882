// The CSV reader: a good file read back, and each documented error with its line.
#include <catch2/catch.hpp>

#include <string>

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/data/csv.hpp"
#include "tests/support/files.hpp"

using namespace sg;

namespace {

constexpr const char* kIris =
    "sepal_length,sepal_width,species,petal_width\n"
    "5.1,3.5,setosa,0.2\r\n"
    "\n"
    "7.0, 3.2 ,versicolor,1.4\n"
    "6.3,3.3,\"virginica\",2.5\n"
    "4.9,3.0,setosa,-2e-1\n";

std::string csv_error(const std::string& text, const std::string& label = "species", CsvLabels mode = CsvLabels::Auto) {
  test::TempDir dir("csv");
  const auto p = dir.path() / "iris.csv";
  write_file(p, text, "test");
  try {
    read_csv(p, label, mode);
  } catch (const IoError& e) {
    return e.what();
  }
  FAIL("no IoError");
  return "";
}

}  // namespace

TEST_CASE("a good CSV file reads back: features in file order, names in order of first appearance", "[data][csv]") {
  test::TempDir dir("csv");
  write_file(dir.path() / "iris.csv", kIris, "test");
  const Dataset ds = read_csv(dir.path() / "iris.csv", "species");
  REQUIRE(ds.size() == 4);
  REQUIRE(ds.features() == 3);
  Mat expected(4, 3);
  expected << 5.1, 3.5, 0.2, 7.0, 3.2, 1.4, 6.3, 3.3, 2.5, 4.9, 3.0, -0.2;
  CHECK(ds.X == expected);   // exact: from_chars gives the correctly rounded double
  CHECK(ds.labels == std::vector<int>{0, 1, 2, 0});
  CHECK(ds.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(ds.name == "iris.csv");
}

TEST_CASE("a CSV label column of whole numbers is taken as class indices, or as a target", "[data][csv]") {
  test::TempDir dir("csv");
  write_file(dir.path() / "d.csv", "x,y\n1,2\n3,0\n5,2\n", "test");
  const Dataset ds = read_csv(dir.path() / "d.csv", "y");
  CHECK(ds.labels == std::vector<int>{2, 0, 2});
  CHECK(ds.classes() == 3);
  const Dataset named = read_csv(dir.path() / "d.csv", "y", CsvLabels::Names);
  CHECK(named.labels == std::vector<int>{0, 1, 0});
  CHECK(named.class_names == std::vector<std::string>{"2", "0"});
  const Dataset reg = read_csv(dir.path() / "d.csv", "y", CsvLabels::Target);
  CHECK(reg.labels.empty());
  REQUIRE(reg.targets.rows() == 3);
  CHECK(reg.targets(1, 0) == 0.0);
}

TEST_CASE("a CSV cell that is not a number names the line and the column", "[data][csv]") {
  const std::string text = "sepal_length,petal_width,species\n1,2,a\n1,2,b\n1,abc,a\n";
  CHECK_THAT(csv_error(text), Catch::EndsWith("iris.csv line 4, column 'petal_width': 'abc' is not a number"));
  CHECK_THAT(csv_error("a,species\n,x\n"), Catch::Contains("line 2, column 'a': '' is not a number"));
  CHECK_THAT(csv_error("a,species\nnan,x\n"), Catch::Contains("line 2, column 'a': 'nan' is not a number"));
}

TEST_CASE("a ragged CSV row names its line and the header's width", "[data][csv]") {
  CHECK_THAT(csv_error("a,b,species\n1,2,x\n\n1,2\n"),
             Catch::Contains("iris.csv line 4: 2 fields, but the header (line 1) names 3 columns"));
}

TEST_CASE("an empty CSV file and a header-only one are refused", "[data][csv]") {
  CHECK_THAT(csv_error(""), Catch::Contains("iris.csv: the file is empty: expected a header row naming the columns"));
  CHECK_THAT(csv_error("\n  \n"), Catch::Contains("the file is empty"));
  CHECK_THAT(csv_error("a,species\n"), Catch::Contains("iris.csv: only a header, no data rows after line 1"));
}

TEST_CASE("a missing CSV label column lists the columns there are", "[data][csv]") {
  CHECK_THAT(csv_error("a,b,kind\n1,2,x\n"),
             Catch::Contains("iris.csv line 1: no column named 'species' in the header (columns: a, b, kind)"));
}

TEST_CASE("a CSV regression target that is not a number is named", "[data][csv]") {
  CHECK_THAT(csv_error("a,y\n1,2\n1,big\n", "y", CsvLabels::Target),
             Catch::Contains("line 3, column 'y': 'big' is not a number (the regression target)"));
  CHECK_THROWS_WITH(read_csv("/nonexistent/iris.csv", "species"), Catch::Contains("/nonexistent/iris.csv: cannot open"));
}
