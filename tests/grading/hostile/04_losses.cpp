// Chapter 4, hostile (hostile.hpp): 100 MB of output, a 20 GiB allocation,
// 100k open files, invalid UTF-8 in the output and in an exception.
#include "chapters/04_losses/exercises.hpp"
#include "hostile.hpp"

namespace sg::ch04 {

double mse(const Mat&, const Mat&) {
  hostile::print_100_mb();
  return 0;
}
Mat mse_backward(const Mat& Yhat, const Mat&) {
  hostile::print_100_mb();
  return Yhat;
}
double bce(const Mat&, const Mat&) { return hostile::allocate_20_gb(); }
Mat bce_backward(const Mat& P, const Mat&) { return P * hostile::allocate_20_gb(); }
Mat logsumexp(const Mat&) { hostile::open_100k_files(); }
double cross_entropy(const Mat&, const std::vector<int>&) { hostile::invalid_utf8(); }
Mat cross_entropy_backward(const Mat&, const std::vector<int>&) { hostile::invalid_utf8(); }

}  // namespace sg::ch04
