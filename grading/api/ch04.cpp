// Chapter 4's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/04_losses/exercises.hpp"

SG_EXERCISE(sg::ch04, double, mse, (const sg::Mat& Yhat, const sg::Mat& Y), (Yhat, Y))
SG_EXERCISE(sg::ch04, sg::Mat, mse_backward, (const sg::Mat& Yhat, const sg::Mat& Y), (Yhat, Y))
SG_EXERCISE(sg::ch04, double, bce, (const sg::Mat& P, const sg::Mat& Y), (P, Y))
SG_EXERCISE(sg::ch04, sg::Mat, bce_backward, (const sg::Mat& P, const sg::Mat& Y), (P, Y))
SG_EXERCISE(sg::ch04, sg::Mat, logsumexp, (const sg::Mat& Z), (Z))
SG_EXERCISE(sg::ch04, double, cross_entropy, (const sg::Mat& Z, const std::vector<int>& labels), (Z, labels))
SG_EXERCISE(sg::ch04, sg::Mat, cross_entropy_backward, (const sg::Mat& Z, const std::vector<int>& labels), (Z, labels))
