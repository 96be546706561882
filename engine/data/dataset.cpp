#include "engine/data/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/core/error.hpp"

namespace sg {

template <typename T>
Index DatasetT<T>::classes() const {
  if (!class_names.empty()) return static_cast<Index>(class_names.size());
  if (labels.empty()) return 0;
  return static_cast<Index>(*std::max_element(labels.begin(), labels.end())) + 1;
}

template <typename T>
std::vector<Index> DatasetT<T>::class_counts() const {
  std::vector<Index> counts(static_cast<std::size_t>(classes()), 0);
  for (int y : labels) {
    if (y >= 0 && static_cast<std::size_t>(y) < counts.size()) ++counts[static_cast<std::size_t>(y)];
  }
  return counts;
}

template <typename T>
DatasetT<T> DatasetT<T>::subset(const std::vector<Index>& rows) const {
  const Index n = static_cast<Index>(rows.size());
  DatasetT out;
  out.X.resize(n, X.cols());
  if (targets.size() > 0) out.targets.resize(n, targets.cols());
  if (!labels.empty()) out.labels.resize(rows.size());
  for (Index i = 0; i < n; ++i) {
    const Index r = rows[static_cast<std::size_t>(i)];
    if (r < 0 || r >= size()) {
      throw ValueError(fmt::format("subset of '{}': row {} is outside [0, {}): pick rows of this dataset",
                                   name, r, size()));
    }
    out.X.row(i) = X.row(r);
    if (targets.size() > 0) out.targets.row(i) = targets.row(r);
    if (!labels.empty()) out.labels[static_cast<std::size_t>(i)] = labels[static_cast<std::size_t>(r)];
  }
  out.class_names = class_names;
  out.name = name;
  return out;
}

template <typename T>
void validate(const DatasetT<T>& ds, std::string_view who) {
  const Index n = ds.size();
  if (!ds.labels.empty() && static_cast<Index>(ds.labels.size()) != n) {
    throw ShapeError(fmt::format("{}: dataset '{}' has {} rows in X but {} labels: one label per row",
                                 who, ds.name, n, ds.labels.size()));
  }
  if (ds.targets.size() > 0 && ds.targets.rows() != n) {
    throw ShapeError(fmt::format("{}: dataset '{}' has {} rows in X but targets are {}: one target row per example",
                                 who, ds.name, n, to_string(shape_of(ds.targets))));
  }
  const Index k = ds.classes();
  for (std::size_t i = 0; i < ds.labels.size(); ++i) {
    if (ds.labels[i] < 0 || ds.labels[i] >= k) {
      throw ValueError(fmt::format("{}: dataset '{}' row {} has label {}, outside [0, {}){}", who, ds.name, i,
                                   ds.labels[i], k,
                                   ds.class_names.empty() ? "" : ": class_names lists fewer classes"));
    }
  }
}

std::vector<Index> permutation(Index n, Generator& gen) {
  std::vector<Index> p(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = i;
  // Fisher–Yates from the back: p[i] swaps with a uniform p[j], j in [0, i].
  for (Index i = n - 1; i > 0; --i) {
    const auto j = static_cast<Index>(gen.below(static_cast<std::uint64_t>(i) + 1));
    std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(j)]);
  }
  return p;
}

template struct DatasetT<double>;
template struct DatasetT<float>;
template void validate(const DatasetT<double>&, std::string_view);
template void validate(const DatasetT<float>&, std::string_view);

}  // namespace sg
