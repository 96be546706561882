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
    b.X.resize(B, ds_->features());
    for (Index j = 0; j < B; ++j) b.X.row(j) = rows_.row(b.rows[static_cast<std::size_t>(j)]);
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
