// Fashion-MNIST from Debian's dataset-fashion-mnist package. Without the
// package the real-data case WARNs and returns (Catch2 v2 has no skip); the
// folder search and its error message are tested on a temp dir either way.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "tests/support/files.hpp"

using namespace sg;

TEST_CASE("the Fashion-MNIST test split: 10000 images of 784 pixels, 1000 per class", "[data][fashion]") {
  if (!fashion_mnist_available()) {
    WARN("skipped: Fashion-MNIST is not in " << kFashionMnistDir << " (apt-get install dataset-fashion-mnist)");
    return;
  }
  const DatasetF ds = fashion_mnist<float>(MnistSplit::Test);
  REQUIRE(ds.size() == 10000);
  CHECK(ds.features() == 784);
  CHECK(ds.classes() == 10);
  CHECK(ds.class_counts() == std::vector<Index>(10, 1000));
  CHECK(ds.labels[0] == 9);   // the first test image is an ankle boot
  CHECK(ds.class_names[9] == "Ankle boot");
  CHECK(ds.X.minCoeff() == 0.0f);
  CHECK(ds.X.maxCoeff() == 1.0f);   // 255 / 255
  CHECK(ds.name == "fashion-mnist (test)");
  const DatasetF first = fashion_mnist<float>(MnistSplit::Test, kFashionMnistDir, 5);
  CHECK(first.size() == 5);
  CHECK(first.X == ds.X.topRows(5));
}

TEST_CASE("a folder without the MNIST files says how to get them", "[data][fashion]") {
  test::TempDir dir("fashion");
  CHECK_FALSE(fashion_mnist_available(dir.path()));
  CHECK_THROWS_WITH(fashion_mnist(MnistSplit::Train, dir.path()),
                    Catch::Contains("fashion_mnist: no 'train-images-idx3-ubyte.gz'") &&
                        Catch::Contains("apt-get install dataset-fashion-mnist") && Catch::Contains("--data-dir"));
  CHECK(parse_split("test") == MnistSplit::Test);
  CHECK_THROWS_WITH(parse_split("val"), "fashion_mnist: split is 'val', expected 'train' or 'test'");
}

TEST_CASE("a --data-dir with plain MNIST-format files is read, labels checked against the 10 classes", "[data][fashion]") {
  test::TempDir dir("fashion");
  std::string images = std::string("\0\0\x08\x03\0\0\0\x02\0\0\0\x1c\0\0\0\x1c", 16) + std::string(2 * 784, '\x7f');
  write_file(dir.path() / "t10k-images-idx3-ubyte", images, "test");
  write_file(dir.path() / "t10k-labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x02\x03\x07", 10), "test");
  const Dataset ds = fashion_mnist(MnistSplit::Test, dir.path());
  CHECK(ds.labels == std::vector<int>{3, 7});
  CHECK(fashion_mnist<float>("test", dir.path(), 1).labels == std::vector<int>{3});
  CHECK(ds.X(1, 783) == 127.0 / 255.0);
  write_file(dir.path() / "t10k-labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x02\x03\x0c", 10), "test");
  CHECK_THROWS_WITH(fashion_mnist(MnistSplit::Test, dir.path()),
                    Catch::Contains("t10k-labels-idx1-ubyte: byte 9: label 12, expected 0..9"));
  write_file(dir.path() / "t10k-labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x01\x03", 9), "test");
  CHECK_THROWS_WITH(fashion_mnist(MnistSplit::Test, dir.path()), Catch::Contains("1 labels, but"));
}
