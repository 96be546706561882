// A seeded data loader: cuts a dataset into batches, in a fresh random order
// every epoch (drawn from the generator it is given), so that the same seed
// gives the same batches.
//
//   Generator gen(42);
//   DataLoader<double> loader(train, 32, gen);      // mini-batches of 32, shuffled
//   for (int epoch = 0; epoch < 10; ++epoch)
//     for (const Batch<double>& b : loader) { ... b.X (B, features), b.labels ... }
//
// Each `for` (each begin()) starts a new epoch and reshuffles. The last batch
// of an epoch is smaller when B does not divide N: it is kept
// (drop_last = false), so batches_per_epoch() = ceil(N / B) and every row is
// seen exactly once per epoch.
//
// A shuffling loader keeps its own row-major copy of X (as much memory again
// as X): the dataset is column-major, so one example (a row) lies scattered
// over X, one cache line per feature, and gathering 64 Fashion-MNIST images
// took 9x longer from it than from the copy, where each image is 3 KB in a
// row. Changes to ds.X after the loader is made are not seen by it.
#pragma once

#include <cstddef>
#include <iterator>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/data/dataset.hpp"

namespace sg {

enum class BatchMode {
  Batch,       // full-batch gradient descent: B = N (batch_size is ignored)
  Stochastic,  // stochastic gradient descent: B = 1 (batch_size is ignored)
  MiniBatch,   // B = batch_size (N when batch_size > N)
};

template <typename T>
struct Batch {
  MatT<T> X;                // (B, features)
  std::vector<int> labels;  // B labels, or empty
  MatT<T> targets;          // (B, k), or empty
  std::vector<Index> rows;  // which rows of the dataset, in batch order
};

template <typename T>
class DataLoader {
 public:
  // Keeps references to `ds` and `gen`: both must outlive the loader.
  // Throws ValueError for batch_size < 1 in MiniBatch mode or an empty dataset.
  DataLoader(const DatasetT<T>& ds, Index batch_size, Generator& gen, bool shuffle = true,
             BatchMode mode = BatchMode::MiniBatch);

  Index batch_size() const { return batch_size_; }
  Index batches_per_epoch() const { return (ds_->size() + batch_size_ - 1) / batch_size_; }
  Index epochs_started() const { return epochs_; }

  // Starts the next epoch: a new order (shuffled, or 0..N-1 when not shuffling).
  void new_epoch();
  // Batch i of the current epoch (i in [0, batches_per_epoch())).
  Batch<T> batch(Index i) const;
  // The row order of the current epoch.
  const std::vector<Index>& order() const { return order_; }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Batch<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = const Batch<T>*;
    using reference = const Batch<T>&;

    iterator(const DataLoader* loader, Index i) : loader_(loader), i_(i) { load(); }
    reference operator*() const { return current_; }
    pointer operator->() const { return &current_; }
    iterator& operator++() {
      ++i_;
      load();
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    void load() {
      if (i_ < loader_->batches_per_epoch()) current_ = loader_->batch(i_);
    }
    const DataLoader* loader_;
    Index i_;
    Batch<T> current_;
  };

  iterator begin() {
    new_epoch();
    return iterator(this, 0);
  }
  iterator end() const { return iterator(this, batches_per_epoch()); }

 private:
  const DatasetT<T>* ds_;
  Generator* gen_;
  Index batch_size_;
  bool shuffle_;
  Index epochs_ = 0;
  std::vector<Index> order_;
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows_;   // X by rows (shuffling only)
  void gather_rows(const std::vector<Index>& rows, MatT<T>& X) const;
};

}  // namespace sg
