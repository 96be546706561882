// Synthetic sets: deterministic for a seed, the right shapes and balance, the
// documented formulas; and the Dataset helpers.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/data/dataset.hpp"
#include "engine/data/synthetic.hpp"

using namespace sg;

namespace {

bool same(const Dataset& a, const Dataset& b) {
  return a.X == b.X && a.labels == b.labels && a.targets == b.targets;
}

}  // namespace

TEST_CASE("every synthetic set is the same for the same seed and differs for another", "[data][synthetic]") {
  auto make_all = [](std::uint64_t seed) {
    Generator gen(seed);
    return std::vector<Dataset>{two_moons(50, 0.1, gen),   circles(50, 0.1, 0.5, gen), spirals(60, 3, 0.2, gen),
                                blobs(50, 3, 1.0, gen),     xor_set(40, 0.1, gen),      regression_curve(30, 0.1, gen)};
  };
  const std::vector<Dataset> a = make_all(7), b = make_all(7), c = make_all(8);
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("set " << a[i].name);
    CHECK(same(a[i], b[i]));
    CHECK_FALSE(same(a[i], c[i]));
    CHECK_NOTHROW(validate(a[i], "test"));
  }
}

TEST_CASE("synthetic sets have the documented shapes and class balance", "[data][synthetic]") {
  Generator gen(1);
  const Dataset moons = two_moons(101, 0.0, gen);
  CHECK(moons.X.rows() == 101);
  CHECK(moons.features() == 2);
  CHECK(moons.class_counts() == std::vector<Index>{50, 51});   // sklearn: n//2 outer, the rest inner
  CHECK(circles(10, 0.0, 0.3, gen).class_counts() == std::vector<Index>{5, 5});
  const Dataset sp = spirals(301, 3, 0.2, gen);
  CHECK(sp.class_counts() == std::vector<Index>{101, 100, 100});
  CHECK(sp.classes() == 3);
  CHECK(blobs(10, 4, 1.0, gen).class_counts() == std::vector<Index>{3, 3, 2, 2});
  CHECK(xor_set(40, 0.2, gen).class_counts() == std::vector<Index>{20, 20});
  const Dataset curve = regression_curve(20, 0.1, gen);
  CHECK(curve.labels.empty());
  CHECK(curve.targets.rows() == 20);
  CHECK(curve.targets.cols() == 1);
}

TEST_CASE("noise-free synthetic sets lie on their formulas", "[data][synthetic]") {
  Generator gen(3);
  constexpr double tol = 1e-12;   // a few ulps of cos/sin of values up to 2π
  const Dataset moons = two_moons(10, 0.0, gen);
  for (Index i = 0; i < 5; ++i) CHECK(std::hypot(moons.X(i, 0), moons.X(i, 1)) == Approx(1.0).margin(tol));
  for (Index i = 5; i < 10; ++i)
    CHECK(std::hypot(moons.X(i, 0) - 1, moons.X(i, 1) - 0.5) == Approx(1.0).margin(tol));
  const Dataset c = circles(8, 0.0, 0.25, gen);
  for (Index i = 0; i < 8; ++i)
    CHECK(std::hypot(c.X(i, 0), c.X(i, 1)) == Approx(i < 4 ? 1.0 : 0.25).margin(tol));
  const Dataset curve = regression_curve(5, 0.0, gen);
  CHECK(curve.X(4, 0) == 1.0);
  CHECK(curve.targets(1, 0) == Approx(1.0).margin(tol));   // x = 0.25: sin(π/2)
  Mat centers(2, 3);
  centers << 0, 0, 0, 100, 100, 100;
  const Dataset bl = blobs(2, centers, 0.0, gen);
  CHECK(bl.X == centers);
}

TEST_CASE("the XOR truth table is exact and xor_set labels are a xor b", "[data][synthetic]") {
  const Dataset t = xor_truth_table();
  Mat X(4, 2);
  X << 0, 0, 0, 1, 1, 0, 1, 1;
  CHECK(t.X == X);
  CHECK(t.labels == std::vector<int>{0, 1, 1, 0});
  Generator gen(5);
  const Dataset s = xor_set(8, 0.0, gen);
  CHECK(s.X.topRows(4) == X);
  CHECK(s.labels == std::vector<int>{0, 1, 1, 0, 0, 1, 1, 0});
}

TEST_CASE("synthetic sets refuse bad arguments with the argument's name", "[data][synthetic]") {
  Generator gen(0);
  CHECK_THROWS_WITH(two_moons(1, 0.1, gen), "two_moons: n must be at least 2, got 1");
  CHECK_THROWS_WITH(circles(10, 0.1, 1.5, gen), Catch::Contains("factor") && Catch::Contains("(0, 1), got 1.5"));
  CHECK_THROWS_WITH(spirals(10, 1, 0.1, gen), "spirals: classes must be at least 2, got 1");
  CHECK_THROWS_WITH(xor_set(10, -1, gen), Catch::Contains("xor_set: noise is a standard deviation"));
  CHECK_THROWS_AS(blobs(10, Mat(0, 2), 1.0, gen), ShapeError);
}

TEST_CASE("a dataset's subset, cast and validation", "[data][dataset]") {
  Generator gen(2);
  const Dataset ds = spirals(9, 3, 0.1, gen);
  const Dataset sub = ds.subset({8, 0, 8});
  CHECK(sub.size() == 3);
  CHECK(sub.labels == std::vector<int>{2, 0, 2});
  CHECK(sub.X.row(0) == ds.X.row(8));
  CHECK(sub.class_names == ds.class_names);
  CHECK_THROWS_WITH(ds.subset({9}), Catch::Contains("row 9 is outside [0, 9)"));
  const DatasetF f = ds.cast<float>();
  CHECK(f.X(3, 1) == static_cast<float>(ds.X(3, 1)));
  Dataset bad = ds;
  bad.labels.pop_back();
  CHECK_THROWS_AS(validate(bad, "fit"), ShapeError);
  CHECK_THROWS_WITH(validate(bad, "fit"), Catch::Contains("fit: dataset 'spirals' has 9 rows in X but 8 labels"));
  bad = ds;
  bad.labels[0] = 3;
  CHECK_THROWS_WITH(validate(bad, "fit"), Catch::Contains("row 0 has label 3, outside [0, 3)"));
}
