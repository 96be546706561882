# Chapter 11: one quick run (30 epochs, 100 points; --quick --seed 1) and every
# number the lesson relies on. The closed forms to 1e-9 (the engine's
# schedules, with the lecture's formulas worked out in the comments); the
# training runs only by their verdict or a wide bound: a rate that is too
# large is chaotic, and its losses differ between a Release and a Debug build
# (rounding), while the verdicts do not.
set(ch11 ch11_learning_rate)
sg_chapter_check(${ch11} quick_run
  # Part 1: η = 0.01 × 0.5, 0.5, 20 × 0.5, full batch, from the same weights.
  "problem.epochs=30" "small.lr=0.005" "right.lr=0.5" "large.lr=10"
  "right.verdict=right" "right.rises=0" "right.final_loss<0.35"
  "small.verdict=too small: slow" "small.rises=0" "large.verdict%^too large"
  # Part 2: α0 = 3.5; step decay halves it every ⌊30/4⌋ = 7 epochs, so epoch 29
  # has had 4 drops: 3.5/16 = 0.21875, where the other two end too.
  # Epoch 15: step 3.5/4; exponential 3.5·e^(−15k), k = ln(16)/29; 1/t
  # 3.5/(1 + 15k), k = 15/29: 3.5·29/254.
  "sched.every=7" "sched.step.lr_mid~0.875:1e-12" "sched.step.lr_last~0.21875:1e-12"
  "sched.k_exponential~0.09560650766:1e-10" "sched.exponential.lr_mid~0.8341561646:1e-9"
  "sched.exponential.lr_last~0.21875:1e-12"
  "sched.k_inverse_time~0.5172413793:1e-10" "sched.inverse_time.lr_mid~0.3996062992:1e-9"
  "sched.inverse_time.lr_last~0.21875:1e-12" "sched.constant.lr_last=3.5"
  "sched.your_step_decay_agrees=yes" "sched.your_exponential_decay_agrees=yes"
  "sched.your_inverse_time_decay_agrees=yes"
  # ... and the loss they give: the constant rate bounces, every decay settles lower.
  "sched.constant.final_loss>0.5" "sched.step.final_loss<0.4" "sched.exponential.final_loss<0.4"
  "sched.inverse_time.final_loss<0.4"
  # Part 3: 50 rates from 1e-5 to 100, a factor 10^(7/49) = 10^(1/7) apart;
  # the loss falls fastest near 0.2 (k = 30), is lowest near 7 (k = 41) and
  # blows up at k = 43 (13.9).
  "range.steps=50" "range.factor~1.389495494:1e-9" "range.diverged=yes" "range.your_lrs_agree=yes"
  "range.your_blowup_agrees=yes" "range.steepest_k=30" "range.best_k=41" "range.blowup_k=43"
  "range.steepest_lr~0.1930697729:1e-9" "range.best_lr~7.19685673:1e-8"
  "range.tenth.final_loss<0.35" "range.steepest.final_loss<0.35"
  # --gradcheck: the network's gradients against central differences.
  "gradcheck.network%^passed"
  -- --quick --quiet --seed 1 --gradcheck)
sg_smoke_test(${ch11}:bad_lr 2 "--lr: 'nan' is not a finite number" $<TARGET_FILE:${ch11}> --lr nan)
sg_smoke_test(${ch11}:bad_lr0 2 "--lr0: .*inf" $<TARGET_FILE:${ch11}> --lr0 inf)
sg_smoke_test(${ch11}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch11}> --epochs 0)
sg_smoke_test(${ch11}:bad_batch 2 "--batch" $<TARGET_FILE:${ch11}> --batch 500)
