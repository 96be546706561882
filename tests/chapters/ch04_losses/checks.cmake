# Chapter 4's own results (the generic smoke tests are in tests/CMakeLists.txt).
# Reference values from Python's math module.
# Results print 10 significant digits: a tolerance below that cannot pass.
set(ch ch04_losses)

# A uniform guess over C classes costs ln C.
sg_chapter_check(${ch} uniform_10
  "uniform_loss~2.302585093:1e-9" "uniform_loss_formula~2.302585093:1e-9" "classes=10" -- --quiet --seed 1)
sg_chapter_check(${ch} uniform_3 "uniform_loss~1.0986122886681098:1e-9" -- --quick --quiet --classes 3)

# Log-sum-exp: the naive formula overflows, the stable one does not.
sg_chapter_check(${ch} log_sum_exp
  "lse_naive=inf" "softmax_naive_first=nan" "lse_naive_negative=-inf"
  "lse_stable~1002.40760596:1e-8" "lse_stable_negative~-999.59239404:1e-8"
  "engine_cross_entropy_of_large_logits~0.4076059644:1e-9" -- --quiet --seed 1)

# The fixed examples: values, and gradients checked against the engine and numerically.
sg_chapter_check(${ch} values
  "mse=0.375" "rmse~0.6123724356957945:1e-9" "half_squared_error=0.75"
  "bce~0.3375388286260044:1e-9" "bce_with_logits~0.3375388286260044:1e-9"
  "cross_entropy~0.285104111700061:1e-9" "graph_vs_fused_abs_diff<1e-12" -- --quiet --seed 1)
sg_chapter_check(${ch} against_engine
  "mse_value_engine_diff<1e-12" "mse_grad_engine_diff<1e-12"
  "rmse_value_engine_diff<1e-12" "rmse_grad_engine_diff<1e-12"
  "half_squared_error_value_engine_diff<1e-12" "half_squared_error_grad_engine_diff<1e-12"
  "bce_value_engine_diff<1e-12" "bce_grad_engine_diff<1e-12"
  "bce_with_logits_value_engine_diff<1e-12" "bce_with_logits_grad_engine_diff<1e-12"
  "cross_entropy_value_engine_diff<1e-12" "cross_entropy_grad_engine_diff<1e-12"
  "cross_entropy_onehot_value_engine_diff<1e-12" "cross_entropy_onehot_grad_engine_diff<1e-12"
  "graph_grad_vs_formula_max_abs_diff<1e-12" -- --quiet --seed 1)
sg_chapter_check(${ch} against_numeric
  "mse_grad_numeric_diff<1e-7" "rmse_grad_numeric_diff<1e-7" "half_squared_error_grad_numeric_diff<1e-7"
  "bce_grad_numeric_diff<1e-7" "bce_with_logits_grad_numeric_diff<1e-7"
  "cross_entropy_grad_numeric_diff<1e-7" "cross_entropy_onehot_grad_numeric_diff<1e-7"
  -- --quiet --seed 1)

# Accuracy is flat: its gradient is 0; cross-entropy's points the way.
sg_chapter_check(${ch} accuracy_vs_ce
  "accuracy_at_t=0" "accuracy_grad_at_t=0" "cross_entropy_grad_at_t<-0.5" -- --quiet --seed 1)
sg_chapter_check(${ch} accuracy_right_guess
  "accuracy_at_t=1" "accuracy_grad_at_t=0" "cross_entropy_grad_at_t<0" -- --quick --quiet --logit 1.5)

sg_chapter_check(${ch} gradcheck
  "gradcheck.mse%^passed" "gradcheck.rmse%^passed" "gradcheck.half_squared_error%^passed"
  "gradcheck.bce%^passed" "gradcheck.bce_with_logits%^passed" "gradcheck.cross_entropy%^passed"
  "gradcheck.cross_entropy_onehot%^passed" "gradcheck.softmax_log_graph%^passed" -- --quick --quiet --gradcheck)

sg_smoke_test(${ch}:bad_classes 2 "--classes" $<TARGET_FILE:${ch}> --classes 1)
sg_smoke_test(${ch}:bad_logit 2 "--logit" $<TARGET_FILE:${ch}> --logit 1e6)
