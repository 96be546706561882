#include "tests/engine/optim/golden.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sg::test {

namespace {
Mat read_matrix(std::istringstream& in) {
  Index R = 0, C = 0;
  in >> R >> C;
  Mat m(R, C);
  for (Index r = 0; r < R; ++r) {
    for (Index c = 0; c < C; ++c) {
      std::string v;
      in >> v;
      m(r, c) = std::stod(v);   // Python's repr round-trips through strtod exactly
    }
  }
  if (!in) throw std::runtime_error("golden: a matrix record is short");
  return m;
}
}  // namespace

Golden read_golden(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("golden: cannot open " + path.string());
  Golden g;
  std::string line, current;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "grad") {
      int k = 0;
      std::string p;
      in >> k >> p;
      g.grads[k][p] = read_matrix(in);
    } else if (kind == "init") {
      std::string p;
      in >> p;
      g.init[p] = read_matrix(in);
    } else if (kind == "case") {
      in >> current;
      g.cases[current];
    } else if (kind == "end") {
      current.clear();
    } else if (kind == "step") {
      int k = 0;
      std::string p;
      in >> k >> p;
      g.cases.at(current).steps[k][p] = read_matrix(in);
    } else if (kind == "state") {
      std::string p, name;
      in >> p >> name;
      g.cases.at(current).state[p][name] = read_matrix(in);
    } else if (kind == "schedule") {
      std::string name;
      int n = 0;
      in >> name >> n;
      std::vector<double>& v = g.schedules[name];
      for (int i = 0; i < n; ++i) {
        std::string x;
        in >> x;
        v.push_back(std::stod(x));
      }
    }   // grad_norm, clipped_grad: what SGD then used; the parameters check it
  }
  return g;
}

template <typename T>
std::unique_ptr<Optimizer<T>> make_case(const std::string& n, std::vector<TensorT<T>> p) {
  if (n == "sgd") return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1});
  if (n == "sgd_momentum") return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9});
  if (n == "sgd_momentum_dampening")
    return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.1});
  if (n == "nesterov")
    return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true});
  if (n == "sgd_weight_decay")
    return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .weight_decay = 0.01});
  if (n == "adagrad") return std::make_unique<Adagrad<T>>(p, AdagradOptions{.lr = 0.1});
  if (n == "adagrad_weight_decay")
    return std::make_unique<Adagrad<T>>(p, AdagradOptions{.lr = 0.1, .weight_decay = 0.01});
  if (n == "adadelta")
    return std::make_unique<Adadelta<T>>(p, AdadeltaOptions{.lr = 1.0, .rho = 0.9, .eps = 1e-6});
  if (n == "rmsprop")
    return std::make_unique<RMSProp<T>>(p, RMSPropOptions{.lr = 0.01, .alpha = 0.99, .eps = 1e-8});
  if (n == "rmsprop_momentum")
    return std::make_unique<RMSProp<T>>(
        p, RMSPropOptions{.lr = 0.01, .alpha = 0.9, .eps = 1e-8, .momentum = 0.9});
  if (n == "adam") return std::make_unique<Adam<T>>(p, AdamOptions{.lr = 0.001});
  if (n == "adam_lr01") return std::make_unique<Adam<T>>(p, AdamOptions{.lr = 0.1});
  if (n == "adam_weight_decay")
    return std::make_unique<Adam<T>>(p, AdamOptions{.lr = 0.01, .weight_decay = 0.01});
  if (n == "adamw") return std::make_unique<AdamW<T>>(p, AdamWOptions{.lr = 0.01, .weight_decay = 0.01});
  if (n == "nadam" || n == "nadam_foreach") return std::make_unique<Nadam<T>>(p, NadamOptions{.lr = 0.002});
  if (n == "clip_norm_sgd") return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .clip_norm = 0.5});
  if (n == "clip_value_sgd") return std::make_unique<SGD<T>>(p, SGDOptions{.lr = 0.1, .clip_value = 0.6});
  return nullptr;
}

std::vector<std::string> reproduced_cases() {
  return {"sgd",     "sgd_momentum",   "sgd_momentum_dampening", "nesterov",      "sgd_weight_decay",
          "adagrad", "adagrad_weight_decay", "adadelta",        "rmsprop",       "rmsprop_momentum",
          "adam",    "adam_lr01",      "adam_weight_decay",      "adamw",         "nadam_foreach",
          "clip_norm_sgd", "clip_value_sgd"};
}

std::string our_state_name(const std::string& t) {
  if (t == "momentum_buffer") return "velocity";
  if (t == "sum") return "sum_sq";
  if (t == "exp_avg") return "m";
  if (t == "exp_avg_sq") return "v";
  return t;   // square_avg, acc_delta, mu_product, step
}

template std::unique_ptr<Optimizer<double>> make_case(const std::string&, std::vector<Tensor>);
template std::unique_ptr<Optimizer<float>> make_case(const std::string&, std::vector<TensorF>);

}  // namespace sg::test
