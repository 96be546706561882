// Chapter 13's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/13_batch_norm/exercises.hpp"

SG_FIELDS(sg::ch13::BnForward, v.mu, v.var, v.Xhat, v.Y)
SG_FIELDS(sg::ch13::BnGrads, v.dXhat, v.dvar, v.dmu, v.dX, v.dgamma, v.dbeta)
SG_FIELDS(sg::ch13::RunningStats, v.mean, v.var)

SG_EXERCISE(sg::ch13, sg::ch13::BnForward, bn_forward,
            (const sg::Mat& X, const sg::Mat& gamma, const sg::Mat& beta, double eps), (X, gamma, beta, eps))
SG_EXERCISE(sg::ch13, sg::ch13::BnGrads, bn_backward,
            (const sg::Mat& dY, const sg::Mat& X, const sg::Mat& gamma, double eps), (dY, X, gamma, eps))
SG_EXERCISE(sg::ch13, sg::ch13::RunningStats, running_update,
            (const sg::ch13::RunningStats& running, const sg::Mat& X, double momentum), (running, X, momentum))
SG_EXERCISE(sg::ch13, sg::Mat, bn_eval,
            (const sg::Mat& X, const sg::Mat& gamma, const sg::Mat& beta, const sg::ch13::RunningStats& running,
             double eps),
            (X, gamma, beta, running, eps))
