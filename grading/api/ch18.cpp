// Chapter 18's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/18_transfer_and_ensembles/exercises.hpp"

SG_FIELDS(sg::ch18::FewShot, v.rows, v.labels)
SG_FIELDS(sg::ch18::DenseLayer, v.in, v.out, v.frozen)

SG_EXERCISE(sg::ch18, sg::ch18::FewShot, few_shot_rows,
            (const std::vector<int>& labels, const std::vector<int>& classes, int per_class),
            (labels, classes, per_class))
SG_EXERCISE(sg::ch18, std::int64_t, trainable_parameters, (const std::vector<sg::ch18::DenseLayer>& layers), (layers))
SG_EXERCISE(sg::ch18, Eigen::MatrixXd, ensemble_probabilities, (const std::vector<Eigen::MatrixXd>& member_logits),
            (member_logits))
