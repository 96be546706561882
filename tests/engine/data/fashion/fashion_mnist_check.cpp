// The real Fashion-MNIST test split as its own executable, so that ctest can
// report it SKIPPED (exit code 77) when dataset-fashion-mnist is not
// installed, which a Catch2 v2 case cannot. Exit 0: every check passed;
// 1: a check failed (each printed); 77: no data. Registered in tests/CMakeLists.txt.
#include <cstdio>
#include <exception>
#include <vector>

#include "engine/data/fashion_mnist.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::path(sg::kFashionMnistDir);
  if (!sg::fashion_mnist_available(dir)) {
    std::printf("skipped: no Fashion-MNIST in %s (apt-get install dataset-fashion-mnist)\n", dir.c_str());
    return 77;
  }
  try {
    const sg::DatasetF ds = sg::fashion_mnist<float>(sg::MnistSplit::Test, dir);
    check(ds.size() == 10000, "10000 test images");
    check(ds.features() == 784, "784 pixels each");
    check(ds.class_counts() == std::vector<sg::Index>(10, 1000), "1000 images per class");
    check(!ds.labels.empty() && ds.labels[0] == 9, "the first test image is an ankle boot (label 9)");
    check(ds.X.minCoeff() == 0.0f && ds.X.maxCoeff() == 1.0f, "pixels scaled to [0, 1]");
  } catch (const std::exception& e) {
    std::printf("FAILED: %s\n", e.what());
    return 1;
  }
  std::printf("%s\n", failures == 0 ? "fashion-mnist test split: all checks passed" : "fashion-mnist: checks failed");
  return failures == 0 ? 0 : 1;
}
