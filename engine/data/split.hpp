// Splits of a dataset: train/test, train/validation/test, and stratified
// k-fold for cross-validation. The rows are drawn at random from `gen`; each
// split keeps its rows in the dataset's order (sorted), so that the same seed
// gives the same split and a split reads like the file it came from.
//
// Stratified: each class is split on its own, so every part has (within one
// example per class) the class proportions of the whole. The count per part
// is round(fraction·N) exactly; per class it is floor(fraction·n_c) or one
// more, the extra ones going to the classes with the largest remainders
// (ties: the lower class index).
#pragma once

#include <vector>

#include "engine/core/random.hpp"
#include "engine/data/dataset.hpp"

namespace sg {

template <typename T>
struct TrainTest {
  DatasetT<T> train, test;
};

template <typename T>
struct TrainValTest {
  DatasetT<T> train, val, test;
};

// `test_fraction` in (0, 1) of the rows go to test; ValueError when a part
// would be empty, or when stratified and the dataset has no labels.
template <typename T>
TrainTest<T> train_test_split(const DatasetT<T>& ds, double test_fraction, Generator& gen, bool stratified);

// val_fraction and test_fraction of the rows, the rest to train
// (val_fraction + test_fraction < 1).
template <typename T>
TrainValTest<T> train_val_test_split(const DatasetT<T>& ds, double val_fraction, double test_fraction,
                                     Generator& gen, bool stratified);

struct Fold {
  std::vector<Index> train_rows, val_rows;
};

// k folds: fold i validates on the rows of part i and trains on the others.
// Each class's rows are shuffled and dealt round-robin to the parts, carrying
// on from class to class, so parts differ in size by at most one and each
// class's count per part by at most one. ValueError for k < 2 or k larger
// than the smallest class (a part would miss that class).
std::vector<Fold> stratified_kfold(const std::vector<int>& labels, Index k, Generator& gen);

}  // namespace sg
