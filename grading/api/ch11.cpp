// Chapter 11's exercise functions, as the graded tests call them (grading/rpc.hpp).
#include "grading/rpc.hpp"
#include "chapters/11_learning_rate/exercises.hpp"

SG_FIELDS(sg::ch11::RangeReading, v.steepest, v.blowup)

SG_EXERCISE(sg::ch11, double, step_decay, (double lr0, double drop, int every, int epoch), (lr0, drop, every, epoch))
SG_EXERCISE(sg::ch11, double, exponential_decay, (double lr0, double k, int epoch), (lr0, k, epoch))
SG_EXERCISE(sg::ch11, double, inverse_time_decay, (double lr0, double k, int epoch), (lr0, k, epoch))
SG_EXERCISE(sg::ch11, std::vector<double>, range_test_lrs, (double lo, double hi, int steps), (lo, hi, steps))
SG_EXERCISE(sg::ch11, sg::ch11::RangeReading, read_range_test,
            (const std::vector<double>& lrs, const std::vector<double>& losses), (lrs, losses))
