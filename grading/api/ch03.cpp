// Chapter 3's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/03_activations/exercises.hpp"

SG_EXERCISE(sg::ch03, sg::Mat, sigmoid_forward, (const sg::Mat& X), (X))
SG_EXERCISE(sg::ch03, sg::Mat, sigmoid_backward, (const sg::Mat& X, const sg::Mat& dY), (X, dY))
SG_EXERCISE(sg::ch03, sg::Mat, tanh_forward, (const sg::Mat& X), (X))
SG_EXERCISE(sg::ch03, sg::Mat, tanh_backward, (const sg::Mat& X, const sg::Mat& dY), (X, dY))
SG_EXERCISE(sg::ch03, sg::Mat, relu_forward, (const sg::Mat& X), (X))
SG_EXERCISE(sg::ch03, sg::Mat, relu_backward, (const sg::Mat& X, const sg::Mat& dY), (X, dY))
SG_EXERCISE(sg::ch03, sg::Mat, leaky_relu_forward, (const sg::Mat& X, double alpha), (X, alpha))
SG_EXERCISE(sg::ch03, sg::Mat, leaky_relu_backward, (const sg::Mat& X, const sg::Mat& dY, double alpha), (X, dY, alpha))
