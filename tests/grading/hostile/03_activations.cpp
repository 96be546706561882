// Chapter 3, hostile (hostile.hpp): SIGKILL, a stack overflow, a fork that
// outlives the call, a forgery through the judge's file descriptors.
#include <signal.h>

#include "chapters/03_activations/exercises.hpp"
#include "hostile.hpp"

namespace sg::ch03 {

Mat sigmoid_forward(const Mat& X) {
  raise(SIGKILL);
  return X;
}
Mat sigmoid_backward(const Mat& X, const Mat&) {
  raise(SIGKILL);
  return X;
}
Mat tanh_forward(const Mat& X) { return Mat::Constant(X.rows(), X.cols(), hostile::recurse(0)); }
Mat tanh_backward(const Mat& X, const Mat&) { return Mat::Constant(X.rows(), X.cols(), hostile::recurse(0)); }
Mat relu_forward(const Mat&) {
  hostile::fork_and_abandon();
  return Mat();
}
Mat relu_backward(const Mat&, const Mat&) {
  hostile::fork_and_abandon();
  return Mat();
}
Mat leaky_relu_forward(const Mat& X, double) {
  hostile::forge_results();
  return X;
}
Mat leaky_relu_backward(const Mat& X, const Mat&, double) {
  hostile::forge_results();
  return X;
}

}  // namespace sg::ch03
