#include "engine/data/split.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "engine/core/error.hpp"

namespace sg {

namespace {

// The rows of each group, shuffled: one group per class when stratified, else
// one group of all rows.
std::vector<std::vector<Index>> shuffled_groups(Index n, const std::vector<int>& labels, bool stratified,
                                                Generator& gen) {
  const std::vector<Index> order = permutation(n, gen);
  if (!stratified) return {order};
  const int k = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  std::vector<std::vector<Index>> groups(static_cast<std::size_t>(k));
  for (Index r : order) groups[static_cast<std::size_t>(labels[static_cast<std::size_t>(r)])].push_back(r);
  return groups;
}

// How many of each group go to a part of `fraction`: round(fraction·total)
// in all, floor(fraction·n_g) or one more per group (largest remainders first).
std::vector<Index> allocate(const std::vector<std::vector<Index>>& groups, double fraction) {
  Index total = 0;
  for (const auto& g : groups) total += static_cast<Index>(g.size());
  const auto want = static_cast<Index>(std::llround(fraction * static_cast<double>(total)));
  std::vector<Index> count(groups.size());
  std::vector<double> remainder(groups.size());
  Index given = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double ideal = fraction * static_cast<double>(groups[g].size());
    count[g] = static_cast<Index>(std::floor(ideal));
    remainder[g] = ideal - static_cast<double>(count[g]);
    given += count[g];
  }
  std::vector<std::size_t> by_remainder(groups.size());
  std::iota(by_remainder.begin(), by_remainder.end(), std::size_t{0});
  std::stable_sort(by_remainder.begin(), by_remainder.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t i = 0; i < by_remainder.size() && given < want; ++i, ++given) ++count[by_remainder[i]];
  return count;
}

void require_fraction(std::string_view who, std::string_view what, double f) {
  if (!(f > 0 && f < 1)) throw ValueError(fmt::format("{}: {} must be in (0, 1), got {}", who, what, f));
}

template <typename T>
void require_splittable(std::string_view who, const DatasetT<T>& ds, bool stratified) {
  validate(ds, who);
  if (stratified && ds.labels.empty()) {
    throw ValueError(fmt::format("{}: a stratified split needs labels, and '{}' has none: "
                                 "pass stratified = false for regression", who, ds.name));
  }
}

template <typename T>
DatasetT<T> part(const DatasetT<T>& ds, std::vector<Index> rows, std::string_view who, std::string_view what) {
  if (rows.empty()) {
    throw ValueError(fmt::format("{}: the {} split of '{}' ({} examples) would be empty: "
                                 "use a larger fraction or more data", who, what, ds.name, ds.size()));
  }
  std::sort(rows.begin(), rows.end());
  return ds.subset(rows);
}

}  // namespace

template <typename T>
TrainTest<T> train_test_split(const DatasetT<T>& ds, double test_fraction, Generator& gen, bool stratified) {
  constexpr std::string_view who = "train_test_split";
  require_fraction(who, "test_fraction", test_fraction);
  require_splittable(who, ds, stratified);
  const auto groups = shuffled_groups(ds.size(), ds.labels, stratified, gen);
  const std::vector<Index> n_test = allocate(groups, test_fraction);
  std::vector<Index> train, test;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t i = 0; i < groups[g].size(); ++i)
      (static_cast<Index>(i) < n_test[g] ? test : train).push_back(groups[g][i]);
  }
  return {part(ds, std::move(train), who, "train"), part(ds, std::move(test), who, "test")};
}

template <typename T>
TrainValTest<T> train_val_test_split(const DatasetT<T>& ds, double val_fraction, double test_fraction,
                                     Generator& gen, bool stratified) {
  constexpr std::string_view who = "train_val_test_split";
  require_fraction(who, "val_fraction", val_fraction);
  require_fraction(who, "test_fraction", test_fraction);
  if (!(val_fraction + test_fraction < 1)) {
    throw ValueError(fmt::format("{}: val_fraction + test_fraction is {} + {}, must be < 1 to leave rows for training",
                                 who, val_fraction, test_fraction));
  }
  require_splittable(who, ds, stratified);
  const auto groups = shuffled_groups(ds.size(), ds.labels, stratified, gen);
  const std::vector<Index> n_test = allocate(groups, test_fraction);
  const std::vector<Index> n_val = allocate(groups, val_fraction);
  std::vector<Index> train, val, test;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto size = static_cast<Index>(groups[g].size());
    const Index val_end = std::min(size, n_test[g] + n_val[g]);
    for (Index i = 0; i < size; ++i) {
      const Index r = groups[g][static_cast<std::size_t>(i)];
      (i < n_test[g] ? test : i < val_end ? val : train).push_back(r);
    }
  }
  return {part(ds, std::move(train), who, "train"), part(ds, std::move(val), who, "validation"),
          part(ds, std::move(test), who, "test")};
}

std::vector<Fold> stratified_kfold(const std::vector<int>& labels, Index k, Generator& gen) {
  if (k < 2) throw ValueError(fmt::format("stratified_kfold: k must be at least 2, got {}", k));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0) throw ValueError(fmt::format("stratified_kfold: labels[{}] is {}, must be >= 0", i, labels[i]));
  }
  const auto groups = shuffled_groups(static_cast<Index>(labels.size()), labels, true, gen);
  for (std::size_t c = 0; c < groups.size(); ++c) {
    if (!groups[c].empty() && static_cast<Index>(groups[c].size()) < k) {   // absent classes do not count
      throw ValueError(fmt::format("stratified_kfold: k = {} but class {} has only {} example{}: "
                                   "every fold must see every class; use k <= {}",
                                   k, c, groups[c].size(), groups[c].size() == 1 ? "" : "s", groups[c].size()));
    }
  }
  std::vector<std::vector<Index>> parts(static_cast<std::size_t>(k));
  std::size_t next = 0;   // carries on across classes, so part sizes stay within one
  for (const auto& g : groups)
    for (Index r : g) parts[next++ % parts.size()].push_back(r);
  std::vector<Fold> folds(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::size_t j = 0; j < parts.size(); ++j) {
      std::vector<Index>& dst = i == j ? folds[i].val_rows : folds[i].train_rows;
      dst.insert(dst.end(), parts[j].begin(), parts[j].end());
    }
    std::sort(folds[i].train_rows.begin(), folds[i].train_rows.end());
    std::sort(folds[i].val_rows.begin(), folds[i].val_rows.end());
  }
  return folds;
}

template TrainTest<double> train_test_split(const DatasetT<double>&, double, Generator&, bool);
template TrainTest<float> train_test_split(const DatasetT<float>&, double, Generator&, bool);
template TrainValTest<double> train_val_test_split(const DatasetT<double>&, double, double, Generator&, bool);
template TrainValTest<float> train_val_test_split(const DatasetT<float>&, double, double, Generator&, bool);

}  // namespace sg
