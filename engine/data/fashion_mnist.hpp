// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28x28 grey images of 10 kinds
// of clothing, 60 000 for training and 10 000 for testing, in the MNIST IDX
// format. Debian's package dataset-fashion-mnist installs the four gzip'd
// files in kFashionMnistDir; any folder holding the four files (gzip'd or
// not, MNIST's names) works as well, e.g. a chapter's --data-dir.
#pragma once

#include <array>
#include <filesystem>
#include <string_view>

#include "engine/data/dataset.hpp"

namespace sg {

inline constexpr std::string_view kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

inline constexpr std::array<std::string_view, 10> kFashionMnistClasses = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

enum class MnistSplit { Train, Test };

// "train" or "test" (a chapter's flag) → the split; anything else is a ValueError.
MnistSplit parse_split(std::string_view split);

// The image file of `split` in `data_dir`, trying the names in order:
// PREFIX-images-idx3-ubyte.gz, PREFIX-images-idx3-ubyte, PREFIX-images.idx3-ubyte
// (PREFIX = train or t10k), and the same for labels (idx1). Throws IoError
// naming the folder and saying how to get the files when none is there.
std::filesystem::path find_mnist_file(const std::filesystem::path& data_dir, MnistSplit split, bool images);

// Images scaled to [0, 1] (pixel / 255) as X (N, 784), labels 0..9, the ten
// class names; `limit` > 0 keeps only the first `limit` examples (and reads
// no further). Throws IoError for missing or damaged files.
template <typename T = double>
DatasetT<T> fashion_mnist(MnistSplit split, const std::filesystem::path& data_dir = kFashionMnistDir,
                          Index limit = 0);

// The same with the split as a chapter's flag gives it: "train" or "test".
template <typename T = double>
DatasetT<T> fashion_mnist(std::string_view split, const std::filesystem::path& data_dir = kFashionMnistDir,
                          Index limit = 0) {
  return fashion_mnist<T>(parse_split(split), data_dir, limit);
}

// Each row of X is a side × side image, row by row. Returns the images with
// every k × k block of pixels replaced by its mean, (N, (side/k)²): k = 4
// turns 28×28 into 7×7, 16 times less arithmetic in a first layer (the
// chapters' --quick slices). k = 1 returns X; ValueError when k does not
// divide side or X has not side² columns.
template <typename T>
MatT<T> average_pool(const MatT<T>& X, Index side, Index k);

// True when all four files are in `data_dir` (tests skip without them).
bool fashion_mnist_available(const std::filesystem::path& data_dir = kFashionMnistDir);

}  // namespace sg
