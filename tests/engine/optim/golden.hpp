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

// Found next to this header (not through a compile definition).
inline std::filesystem::path golden_path() {
  return std::filesystem::path(__FILE__).parent_path() / "golden" / "optimizers.txt";
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
