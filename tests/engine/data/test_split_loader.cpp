// Splits, k-fold, scalers, one-hot and the seeded loader.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "engine/data/loader.hpp"
#include "engine/data/scaling.hpp"
#include "engine/data/split.hpp"
#include "engine/data/synthetic.hpp"

using namespace sg;

namespace {

// An unbalanced 3-class set: 50, 30 and 20 examples.
Dataset unbalanced() {
  Dataset ds;
  ds.name = "unbalanced";
  ds.X.resize(100, 1);
  for (Index i = 0; i < 100; ++i) {
    ds.X(i, 0) = static_cast<double>(i);
    ds.labels.push_back(i < 50 ? 0 : i < 80 ? 1 : 2);
  }
  return ds;
}

std::vector<Index> counts_of(const std::vector<int>& labels, const std::vector<Index>& rows, int k) {
  std::vector<Index> c(static_cast<std::size_t>(k), 0);
  for (Index r : rows) ++c[static_cast<std::size_t>(labels[static_cast<std::size_t>(r)])];
  return c;
}

}  // namespace

TEST_CASE("a stratified train/test split keeps class proportions and loses no row", "[data][split]") {
  const Dataset ds = unbalanced();
  Generator gen(11);
  const TrainTest<double> s = train_test_split(ds, 0.25, gen, true);
  CHECK(s.test.size() == 25);
  CHECK(s.train.size() == 75);
  // 0.25 of (50, 30, 20) is (12.5, 7.5, 5): floor or one more each, 25 in all.
  const std::vector<Index> c = s.test.class_counts();
  CHECK(std::abs(c[0] - 12.5) <= 0.5);
  CHECK(std::abs(c[1] - 7.5) <= 0.5);
  CHECK(c[2] == 5);
  std::set<double> seen;
  for (Index i = 0; i < s.train.size(); ++i) seen.insert(s.train.X(i, 0));
  for (Index i = 0; i < s.test.size(); ++i) seen.insert(s.test.X(i, 0));
  CHECK(seen.size() == 100);
  Generator again(11);
  CHECK(train_test_split(ds, 0.25, again, true).test.X == s.test.X);
}

TEST_CASE("train/val/test split sizes, and split errors", "[data][split]") {
  const Dataset ds = unbalanced();
  Generator gen(4);
  const TrainValTest<double> s = train_val_test_split(ds, 0.2, 0.1, gen, true);
  CHECK(s.val.size() == 20);
  CHECK(s.test.size() == 10);
  CHECK(s.train.size() == 70);
  CHECK(s.val.class_counts() == std::vector<Index>{10, 6, 4});
  const Dataset curve = regression_curve(10, 0.1, gen);
  CHECK(train_test_split(curve, 0.3, gen, false).test.targets.rows() == 3);
  CHECK_THROWS_WITH(train_test_split(curve, 0.3, gen, true), Catch::Contains("pass stratified = false for regression"));
  CHECK_THROWS_WITH(train_test_split(ds, 1.0, gen, true), Catch::Contains("test_fraction must be in (0, 1), got 1"));
  CHECK_THROWS_WITH(train_test_split(curve, 0.01, gen, false), Catch::Contains("the test split of"));
  CHECK_THROWS_WITH(train_val_test_split(ds, 0.5, 0.5, gen, true), Catch::Contains("must be < 1"));
}

TEST_CASE("stratified k-fold: every row validated once, class counts per fold within one", "[data][split]") {
  const Dataset ds = unbalanced();
  Generator gen(9);
  const std::vector<Fold> folds = stratified_kfold(ds.labels, 7, gen);
  REQUIRE(folds.size() == 7);
  std::vector<int> validated(100, 0);
  for (const Fold& f : folds) {
    CHECK(f.train_rows.size() + f.val_rows.size() == 100);
    for (Index r : f.val_rows) ++validated[static_cast<std::size_t>(r)];
    const std::vector<Index> c = counts_of(ds.labels, f.val_rows, 3);
    CHECK(std::abs(static_cast<double>(c[0]) - 50.0 / 7) < 1);
    CHECK(std::abs(static_cast<double>(c[1]) - 30.0 / 7) < 1);
    CHECK(std::abs(static_cast<double>(c[2]) - 20.0 / 7) < 1);
    std::vector<Index> all = f.train_rows;
    all.insert(all.end(), f.val_rows.begin(), f.val_rows.end());
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());   // train and val disjoint
  }
  CHECK(std::all_of(validated.begin(), validated.end(), [](int v) { return v == 1; }));
  CHECK_THROWS_WITH(stratified_kfold(ds.labels, 1, gen), "stratified_kfold: k must be at least 2, got 1");
  CHECK_THROWS_WITH(stratified_kfold(ds.labels, 21, gen),
                    Catch::Contains("k = 21 but class 2 has only 20 examples") && Catch::Contains("use k <= 20"));
}

TEST_CASE("scalers fitted on train transform test with train's statistics", "[data][scaling]") {
  Mat train(3, 2), test(2, 2);
  train << 0, 5, 10, 5, 20, 5;   // column 1 is constant
  test << 40, 6, -10, 5;
  MinMaxScaler<double> mm;
  const Mat train_mm = mm.fit_transform(train);
  CHECK(train_mm.col(0) == Mat((Mat(3, 1) << 0, 0.5, 1).finished()));
  CHECK(train_mm.col(1).isZero());   // constant column: scale 1, x - min = 0
  const Mat test_mm = mm.transform(test);
  CHECK(test_mm(0, 0) == 2.0);      // (40 - 0) / 20: train's range, not test's
  CHECK(test_mm(1, 0) == -0.5);
  CHECK(test_mm(0, 1) == 1.0);
  StandardScaler<double> ss;
  ss.fit(train);
  CHECK(ss.mean()(0, 0) == 10.0);
  CHECK(ss.scale()(0, 0) == Approx(std::sqrt(200.0 / 3)).epsilon(1e-14));   // population std, / N
  CHECK(ss.scale()(0, 1) == 1.0);
  const Mat test_ss = ss.transform(test);
  CHECK(test_ss(0, 0) == Approx(30 / std::sqrt(200.0 / 3)).epsilon(1e-14));   // a few ulps of sqrt and /
  CHECK(test_ss(0, 1) == 1.0);
}

TEST_CASE("scalers and one_hot refuse misuse", "[data][scaling]") {
  StandardScaler<double> ss;
  CHECK_THROWS_WITH(ss.transform(Mat::Ones(2, 2)), Catch::Contains("not fitted: call fit(X_train) first"));
  ss.fit(Mat::Ones(2, 2));
  CHECK_THROWS_WITH(ss.transform(Mat::Ones(2, 3)),
                    "StandardScaler.transform: X is (2,3) but the scaler was fitted on 2 features");
  MinMaxScaler<float> mm;
  CHECK_THROWS_AS(mm.fit(MatF(0, 3)), ShapeError);
  CHECK_FALSE(mm.fitted());
  const Mat Y = one_hot({2, 0}, 3);
  CHECK(Y == (Mat(2, 3) << 0, 0, 1, 1, 0, 0).finished());
  CHECK_THROWS_WITH(one_hot({0, 3}, 3), "one_hot: labels[1] is 3, outside [0, 3)");
}

TEST_CASE("the loader covers every row once per epoch and reshuffles between epochs", "[data][loader]") {
  Generator data_gen(1);
  const Dataset ds = spirals(103, 3, 0.1, data_gen);
  Generator gen(5);
  DataLoader<double> loader(ds, 10, gen);
  CHECK(loader.batches_per_epoch() == 11);   // ceil(103 / 10), drop_last = false
  std::vector<std::vector<Index>> orders;
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::vector<Index> rows;
    Index batches = 0;
    for (const Batch<double>& b : loader) {
      CHECK(b.X.rows() == (batches == 10 ? 3 : 10));
      for (std::size_t j = 0; j < b.rows.size(); ++j) {
        CHECK(b.X.row(static_cast<Index>(j)) == ds.X.row(b.rows[j]));
        CHECK(b.labels[j] == ds.labels[static_cast<std::size_t>(b.rows[j])]);
      }
      rows.insert(rows.end(), b.rows.begin(), b.rows.end());
      ++batches;
    }
    CHECK(batches == 11);
    orders.push_back(rows);
    std::sort(rows.begin(), rows.end());
    for (Index i = 0; i < 103; ++i) CHECK(rows[static_cast<std::size_t>(i)] == i);
  }
  CHECK(orders[0] != orders[1]);
  CHECK(loader.epochs_started() == 2);
  Generator same(5);
  DataLoader<double> again(ds, 10, same);
  again.new_epoch();
  CHECK(again.order() == orders[0]);   // same seed, same first epoch
}

// The shuffling loader gathers 16 rows at a time (loader.cpp): batches of
// whole blocks, a partial block, and one row, each row the dataset's.
TEST_CASE("a shuffled batch holds exactly its rows, whatever its size against the gather's blocks", "[data][loader]") {
  Generator data_gen(2);
  const Dataset ds = spirals(150, 3, 0.1, data_gen);
  for (const Index B : {Index{1}, Index{16}, Index{37}, Index{150}}) {
    Generator gen(7);
    DataLoader<double> loader(ds, B, gen);
    for (const Batch<double>& b : loader) {
      REQUIRE(b.X.rows() == static_cast<Index>(b.rows.size()));
      REQUIRE(b.X.cols() == ds.X.cols());
      for (std::size_t j = 0; j < b.rows.size(); ++j) CHECK(b.X.row(static_cast<Index>(j)) == ds.X.row(b.rows[j]));
    }
  }
}

TEST_CASE("without shuffling, batch i is rows i·B to i·B + B − 1, the last one shorter", "[data][loader]") {
  Generator data_gen(1);
  const Dataset ds = spirals(23, 2, 0.1, data_gen);
  Generator gen(5);
  DataLoader<double> loader(ds, 10, gen, /*shuffle=*/false);
  Index start = 0;
  for (const Batch<double>& b : loader) {
    CHECK(b.X == ds.X.middleRows(start, b.X.rows()));
    CHECK(b.rows.front() == start);
    start += b.X.rows();
  }
  CHECK(start == ds.size());
}

TEST_CASE("batch, stochastic and mini-batch modes give B = N, 1 and batch_size", "[data][loader]") {
  Generator gen(0);
  const Dataset curve = regression_curve(7, 0.1, gen);
  CHECK(DataLoader<double>(curve, 3, gen, true, BatchMode::Batch).batch_size() == 7);
  CHECK(DataLoader<double>(curve, 3, gen, true, BatchMode::Stochastic).batches_per_epoch() == 7);
  DataLoader<double> mini(curve, 3, gen, false, BatchMode::MiniBatch);
  CHECK(mini.batches_per_epoch() == 3);
  mini.new_epoch();
  const Batch<double> last = mini.batch(2);
  CHECK(last.rows == std::vector<Index>{6});   // no shuffle: rows in order
  CHECK(last.targets(0, 0) == curve.targets(6, 0));
  CHECK(last.labels.empty());
  CHECK(DataLoader<double>(curve, 100, gen).batch_size() == 7);
  CHECK_THROWS_WITH(DataLoader<double>(curve, 0, gen), Catch::Contains("batch_size must be at least 1, got 0"));
  CHECK_THROWS_WITH(mini.batch(3), Catch::Contains("batch 3 is outside [0, 3)"));
}
