// Chapter 17's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/17_hyperparameter_search/exercises.hpp"

SG_FIELDS(sg::ch17::FoldRows, v.train, v.val)

SG_EXERCISE(sg::ch17, std::vector<sg::ch17::FoldRows>, kfold_rows, (long n, long k), (n, k))
SG_EXERCISE(sg::ch17, double, log_uniform, (double lo, double hi, double u), (lo, hi, u))
SG_EXERCISE(sg::ch17, int, border_side,
            (const std::vector<double>& values, const std::vector<double>& scores, double lo, double hi, double edge),
            (values, scores, lo, hi, edge))
