# Chapter 8: the relative error and its bands, a whole network in three modes
# (and the student's checker on it), the V curve's best h within a factor 10
# of 1e-5 (double) and 1e-3 (float), kinks, the six planted bugs each with its
# diagnosis, and the student's layer passing the check. One quick run checks
# every section (each run costs seconds under the sanitizers).
set(ch08 ch08_gradient_checking)
sg_chapter_check(${ch08} lesson_numbers
  "net.parameters=123"
  # |a − n| / max(|a| + |n|, 1e-12) on the examples of the bands table.
  "band.relu_at_0.rel=1" "band.factor_2.rel~0.3333333333:1e-9" "band.both_zero.rel=0" "band.noise.rel~0.5:1e-9"
  "band.float.rel~7.811467587e-06:1e-13" "yours.bands_agree=yes"
  # Full: 123 elements, 2 forward passes each (+1 for the analytic gradient, +2 for the second backward).
  "whole.full.checked=123" "whole.full.forward_passes=249" "whole.full.passed=yes"
  "whole.full.largest_gradient_outside_good_band<1e-3"
  "whole.sampled.checked=23" "whole.sampled.passed=yes" "whole.directional.checked=18" "whole.directional.passed=yes"
  "yours.sampled.max_numeric_diff_engine<1e-10" "yours.sampled.max_rel_error<1e-7" "yours.sampled_bug.max_rel_error>1e-2"
  "yours.directional.max_rel_error<1e-7" "yours.directional.max_diff_along_unit<1e-8" "yours.directional_bug.min_rel_error>1e-2"
  # The V curve of a tanh layer: the best h within a factor 10 of 1e-5 (double) and of 1e-3 (float).
  "v.double.best_h>1e-6" "v.double.best_h<1e-4" "v.float.best_h>1e-4" "v.float.best_h<1e-2"
  "v.double.best_error<1e-9" "v.float.best_error<1e-3"
  "v.theory.double~6.055454452e-06:1e-14" "v.theory.float~0.004921566601:1e-12"
  # relu at 0: the central difference averages the slopes 0 and 1; gradcheck sees the kink and accepts.
  "kink.zero.numeric~0.5:1e-9" "kink.zero.analytic=0" "kink.zero.at_kink=yes" "kink.near.numeric~0.55:1e-6"
  "kink.near.at_kink=yes" "kink.far.at_kink=no" "kink.passed=yes" "kink.deep.at_kink=yes"
  # Six planted bugs, six diagnoses.
  "bug.sign.passed=no" "bug.sign.cause=wrong sign"
  "bug.factor.passed=no" "bug.factor.cause=constant factor" "bug.factor.factor~0.5:1e-6"
  "bug.transpose.passed=no" "bug.transpose.cause=transposed gradient"
  "bug.broadcast.passed=no" "bug.broadcast.cause=broadcast not reduced"
  "bug.overwrite.passed=no" "bug.overwrite.cause=overwrite instead of accumulate"
  "bug.forgotten.passed=no" "bug.forgotten.cause=no gradient"
  "net_bug.directional.failing=W2" "net_bug.full.cause=transposed gradient" "net_bug.full.wrong_elements=56"
  # The student's softplus layer (the reference solution here) passes, alone and in a network.
  "yours.layer.passed=yes" "yours.layer.max_rel_error<1e-7" "yours.layer_in_network.passed=yes"
  "gradcheck.network%^passed"
  -- --quick --quiet --seed 1 --gradcheck)
# The chapter adds no option of its own; a NaN for a common one is a usage error too.
sg_smoke_test(${ch08}:nan_seed 2 "--seed" $<TARGET_FILE:${ch08}> --seed nan)
