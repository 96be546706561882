// Chapter 15's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/15_classification/exercises.hpp"

SG_FIELDS(sg::ch15::IdxHeader, v.type, v.dims, v.sizes)
SG_FIELDS(sg::ch15::Scaled, v.train, v.test)

SG_EXERCISE(sg::ch15, sg::ch15::IdxHeader, parse_idx_header, (const std::vector<std::uint8_t>& bytes), (bytes))
SG_EXERCISE(sg::ch15, sg::ch15::Scaled, min_max_scale, (const Eigen::MatrixXd& train, const Eigen::MatrixXd& test),
            (train, test))
SG_EXERCISE(sg::ch15, double, accuracy_from_logits, (const Eigen::MatrixXd& Z, const std::vector<int>& labels),
            (Z, labels))
SG_EXERCISE(sg::ch15, Eigen::MatrixXi, confusion_counts,
            (const std::vector<int>& labels, const std::vector<int>& predicted, int classes),
            (labels, predicted, classes))
