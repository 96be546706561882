# Chapter 14's own results (the generic smoke tests are in tests/CMakeLists.txt).
# One quick run checks the whole lesson (--quick: 90 epochs, width 16, 200
# validation points; the L1/L2 networks 40 epochs on 100 points): each run costs
# seconds in the sanitizer build. Results print 10 significant digits.
set(ch ch14_regularization)

# Acceptance: L1 (by the soft-threshold step) drives at least half of the 192
# weights to exactly 0, L2 none; the subgradient steps leave them near 0, not
# at it. Early stopping (patience 30) stops 30 epochs after the best epoch and
# restores it: the restored model's validation loss is the best epoch's, bit
# for bit. The same run checks the rest of the lesson.
sg_chapter_check(${ch} l1_zeros_early_stopping_and_the_lesson
  "weights.total=192" "l1_soft_threshold.zero_fraction>0.5" "l2.exact_zeros=0" "l2.smallest_abs_weight>0"
  "l1_subgradient.exact_zeros=0" "l1_subgradient.within_lr_lambda_of_0>96"
  "l1_soft_threshold.val_accuracy>0.75"
  "early.best_epoch=52" "early.stopped_epoch=82" "early.epochs_run=82" "early.restored_minus_best=0"
  "early.last_val_loss>0.35" "early.best_val_loss<0.33" "early.your_rule_agrees=yes"
  # Under- and overfitting: the linear model's two losses are close (bias), the
  # big network's far apart (variance).
  "linear.train_loss>0.3" "linear.gap<0.05" "big.train_loss<0.2" "big.gap>0.2"
  # The penalties on W = [[0.5, −0.2], [0, 1.5]], λ = 0.1: λΣ|w| = 0.22, λ·sign(w);
  # (λ/2)Σw² = 0.05·2.54 = 0.127, λw.
  "penalty.l1.value~0.22:1e-12" "penalty.l1.grad11~0.1:1e-12" "penalty.l1.grad21=0"
  "penalty.l1.max_abs_diff_engine<1e-15"
  "penalty.l2.value~0.127:1e-12" "penalty.l2.grad11~0.05:1e-12" "penalty.l2.grad21=0"
  "penalty.l2.max_abs_diff_engine<1e-15"
  # Inverted dropout, p = 0.5: kept units doubled, dropped ones get no gradient,
  # the mean output over 20000 units of 1 stays 1, eval is the identity.
  "dropout.scale=2" "dropout.grad_of_dropped_units=0" "dropout.grad_of_kept_units=2"
  "dropout.max_abs_diff_exercise<1e-15" "dropout.kept_fraction~0.5:0.02" "dropout.mean_output~1:0.04"
  "dropout.eval_max_abs_change=0"
  # The cures lower the big network's final validation loss (0.388 without one,
  # --quick); too much noise underfits: its training loss rises to meet validation.
  "cure.none.val_loss>0.37" "cure.l2.val_loss<0.38" "cure.dropout.val_loss<0.385" "cure.noise.val_loss<0.35"
  "cure.shifts.val_loss<0.36" "cure.too_much_noise.train_loss>0.4" "cure.early_stopping.val_loss<0.33"
  # --gradcheck: the regularised loss of graph.svg (dropout's mask held fixed, L2 terms).
  "gradcheck.regularised_loss%^passed"
  -- --quick --quiet --seed 1 --gradcheck)

# One bad value per option (CLI11's range checks), and NaN, which passes
# them: the harness refuses it for every floating-point option (Chapter::run).
sg_smoke_test(${ch}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch}> --epochs 5)
sg_smoke_test(${ch}:bad_lr 2 "--lr" $<TARGET_FILE:${ch}> --lr 2)
sg_smoke_test(${ch}:bad_width 2 "--width" $<TARGET_FILE:${ch}> --width 1000)
sg_smoke_test(${ch}:bad_l2 2 "--l2" $<TARGET_FILE:${ch}> --l2 -0.1)
sg_smoke_test(${ch}:bad_dropout 2 "--dropout" $<TARGET_FILE:${ch}> --dropout 1)
sg_smoke_test(${ch}:bad_patience 2 "--patience" $<TARGET_FILE:${ch}> --patience 0)
sg_smoke_test(${ch}:bad_lambda 2 "--lambda" $<TARGET_FILE:${ch}> --lambda 0)
sg_smoke_test(${ch}:nan_is_a_usage_error 2 "--dropout: 'nan' is not a finite number"
  $<TARGET_FILE:${ch}> --dropout nan)
