#include "engine/data/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "engine/core/error.hpp"

namespace sg {

template <typename T>
DataLoader<T>::DataLoader(const DatasetT<T>& ds, Index batch_size, Generator& gen, bool shuffle, BatchMode mode)
    : ds_(&ds), gen_(&gen), batch_size_(batch_size), shuffle_(shuffle) {
  validate(ds, "DataLoader");
  if (ds.size() < 1) throw ValueError(fmt::format("DataLoader: dataset '{}' is empty", ds.name));
  switch (mode) {
    case BatchMode::Batch: batch_size_ = ds.size(); break;
    case BatchMode::Stochastic: batch_size_ = 1; break;
    case BatchMode::MiniBatch:
      if (batch_size < 1) {
        throw ValueError(fmt::format("DataLoader: batch_size must be at least 1, got {} "
                                     "(BatchMode::Batch takes the whole dataset)", batch_size));
      }
      batch_size_ = std::min(batch_size, ds.size());
      break;
  }
  order_.resize(static_cast<std::size_t>(ds.size()));
  std::iota(order_.begin(), order_.end(), Index{0});
  if (shuffle_) rows_ = ds.X;   // see loader.hpp: gathering rows needs them contiguous
}

template <typename T>
void DataLoader<T>::new_epoch() {
  ++epochs_;
  if (shuffle_) order_ = permutation(ds_->size(), *gen_);
}

// Copies rows_ rows `rows` into X (column-major), 16 rows at a time: for
// each feature, 16 floats read from 16 rows and written as one cache line of
// X's column. Row by row, each row's 784 stores went to 784 lines B floats
// apart, and at B = 256 (a 1 KB stride) they all fell into 4 of the L1
// cache's 64 sets: the gather took 28 % of an epoch.
template <typename T>
void DataLoader<T>::gather_rows(const std::vector<Index>& rows, MatT<T>& X) const {
  constexpr Index kBlock = 16;
  const Index B = static_cast<Index>(rows.size()), F = rows_.cols();
  X.resize(B, F);
  const T* src[kBlock];
  for (Index j0 = 0; j0 < B; j0 += kBlock) {
    const Index nb = std::min(kBlock, B - j0);
    for (Index k = 0; k < nb; ++k) src[k] = rows_.row(rows[static_cast<std::size_t>(j0 + k)]).data();
    for (Index c = 0; c < F; ++c) {
      T* dst = X.col(c).data() + j0;
      for (Index k = 0; k < nb; ++k) dst[k] = src[k][c];
    }
  }
}

template <typename T>
Batch<T> DataLoader<T>::batch(Index i) const {
  if (i < 0 || i >= batches_per_epoch()) {
    throw ValueError(fmt::format("DataLoader::batch: batch {} is outside [0, {})", i, batches_per_epoch()));
  }
  const Index start = i * batch_size_;
  const Index B = std::min(batch_size_, ds_->size() - start);
  Batch<T> b;
  b.rows.assign(order_.begin() + start, order_.begin() + start + B);
  const bool has_targets = ds_->targets.size() > 0;
  if (shuffle_) {
    gather_rows(b.rows, b.X);
  } else {
    b.X = ds_->X.middleRows(start, B);   // rows start..start+B-1: a contiguous piece of every column
  }
  if (has_targets) b.targets.resize(B, ds_->targets.cols());
  if (!ds_->labels.empty()) b.labels.resize(static_cast<std::size_t>(B));
  for (Index j = 0; j < B; ++j) {
    const Index r = b.rows[static_cast<std::size_t>(j)];
    if (has_targets) b.targets.row(j) = ds_->targets.row(r);
    if (!ds_->labels.empty()) b.labels[static_cast<std::size_t>(j)] = ds_->labels[static_cast<std::size_t>(r)];
  }
  return b;
}

template class DataLoader<double>;
template class DataLoader<float>;

}  // namespace sg
