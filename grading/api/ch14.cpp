// Chapter 14's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/14_regularization/exercises.hpp"

SG_FIELDS(sg::ch14::Penalty, v.value, v.grad)
SG_FIELDS(sg::ch14::DropoutPass, v.mask, v.Y)
SG_FIELDS(sg::ch14::EarlyStop, v.best_epoch, v.stop_epoch)

SG_EXERCISE(sg::ch14, sg::ch14::Penalty, penalty, (const sg::Mat& W, double lambda, sg::ch14::Norm norm),
            (W, lambda, norm))
SG_EXERCISE(sg::ch14, sg::Mat, soft_threshold, (const sg::Mat& W, double t), (W, t))
SG_EXERCISE(sg::ch14, sg::ch14::DropoutPass, inverted_dropout, (const sg::Mat& X, const sg::Mat& U, double p),
            (X, U, p))
SG_EXERCISE(sg::ch14, sg::ch14::EarlyStop, early_stopping,
            (const std::vector<double>& val_loss, int patience, double min_delta), (val_loss, patience, min_delta))
