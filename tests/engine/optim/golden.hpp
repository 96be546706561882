// Reads golden/optimizers.txt (format: golden/README.md) and builds the
// optimiser each case names, for the golden and the behaviour tests.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/optim/adam.hpp"
#include "engine/optim/adaptive.hpp"
#include "engine/optim/sgd.hpp"

namespace sg::test {

struct GoldenCase {
  std::map<int, std::map<std::string, Mat>> steps;                  // step K → PARAM → value
  std::map<std::string, std::map<std::string, Mat>> state;          // PARAM → torch name → value
};

struct Golden {
  std::map<int, std::map<std::string, Mat>> grads;                  // step K → PARAM → gradient
  std::map<std::string, Mat> init;
  std::map<std::string, GoldenCase> cases;
  std::map<std::string, std::vector<double>> schedules;
};

// In the source tree, through SG_TESTS_DIR (tests/CMakeLists.txt), not
// __FILE__: under ccache with CCACHE_BASEDIR (scripts/test.sh), __FILE__ of a
// header found through -I is relative to the build folder, not to the folder
// the test runs in.
inline std::filesystem::path golden_path() {
  return std::filesystem::path(SG_TESTS_DIR) / "engine" / "optim" / "golden" / "optimizers.txt";
}

Golden read_golden(const std::filesystem::path& path = golden_path());

// The optimiser of golden case `name` (torch's construction in README.md);
// nullptr for a name it does not know.
template <typename T>
std::unique_ptr<Optimizer<T>> make_case(const std::string& name, std::vector<TensorT<T>> params);

// Every case the C++ reproduces ("nadam", torch 1.13's bug, is left out).
std::vector<std::string> reproduced_cases();

// Our state name for torch's ("momentum_buffer" → "velocity", ...).
std::string our_state_name(const std::string& torch_name);

}  // namespace sg::test
