// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/),
// read plain or gzip'd (zlib's gzread reads both). A file is a 4-byte magic
// number 0x00 0x00 TYPE DIMS, then DIMS big-endian uint32 sizes, then the
// values row-major. Only TYPE 0x08 (unsigned byte) is read: images have
// 3 dimensions (count, rows, cols), labels 1 (count).
//
// Every failure throws IoError naming the file, the byte offset (in the
// decompressed stream) and what was expected there.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "engine/core/shape.hpp"

namespace sg {

// Bytes row-major, so a whole image block is read straight into place.
using ByteMat = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct IdxImages {
  ByteMat pixels;    // (N, height·width): image i is row i, its pixels row by row
  Index height = 0;  // rows of one image (28 for MNIST)
  Index width = 0;   // cols of one image
};

// The upper bound on any one dimension (a sane header never comes near it).
inline constexpr std::uint32_t kIdxMaxDimension = 100'000'000;
// The upper bound on the pixel bytes of an image file (16 GiB; MNIST's training set has 47 MB).
inline constexpr std::uint64_t kIdxMaxBytes = std::uint64_t{1} << 34;

// Reads an idx3-ubyte file. `limit` > 0 reads only the first `limit` images
// (fewer if the file has fewer) and then does not check the file's length
// past them; limit = 0 reads all and requires the file to end exactly after
// header + N·rows·cols bytes.
IdxImages read_idx_images(const std::filesystem::path& path, Index limit = 0);

// Reads an idx1-ubyte file; `limit` as above.
std::vector<int> read_idx_labels(const std::filesystem::path& path, Index limit = 0);

// Throws IoError when an image file and a label file loaded together do not
// have the same count: "LABELS: 9999 labels but IMAGES has 10000 images".
void require_same_count(const std::filesystem::path& images, Index n_images,
                        const std::filesystem::path& labels, Index n_labels);

}  // namespace sg
