// Chapter 1, hostile (hostile.hpp): exit(0), _exit(0), abort().
#include <cstdlib>

#include "chapters/01_gradient_descent/exercises.hpp"
#include "hostile.hpp"

namespace {

// A global destructor that forges results: it runs when 1.1 calls exit(0).
struct ForgeAtExit {
  ~ForgeAtExit() { hostile::forge_results(); }
} forge_at_exit;

// A static initialiser that forges results: it runs in every worker.
const int forged_at_start = (hostile::forge_results(), 0);

}  // namespace

namespace sg::ch01 {

double gd_step(double, double, double) { std::exit(0); }
Eigen::Vector2d gd_step(const Eigen::Vector2d&, const Eigen::Vector2d&, double) { std::exit(0); }
double central_difference(const std::function<double(double)>&, double, double) { _exit(0); }
Eigen::Vector2d bowl_grad(const Eigen::Vector2d&, double, double) { std::abort(); }

}  // namespace sg::ch01
