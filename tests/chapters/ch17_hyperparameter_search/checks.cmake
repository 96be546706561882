# Chapter 17's own results (the generic smoke tests are in tests/CMakeLists.txt).
# Never the full data: --quick reads 400 training images (320 to train on, 80
# to validate on, stratified) and 300 test images, pooled to 7×7, and every
# trial is a 49→32→10 network trained for 2 epochs in batches of 32: 32 trials
# and 6 k-fold runs, about 2 s of CPU in the sanitizer build (most of it the
# process's start and exit). One run checks the whole lesson.
set(ch ch17_hyperparameter_search)

sg_chapter_check(${ch} quick_slice_the_whole_lesson
  "data.train=320" "data.val=80" "data.test=300" "data.inputs=49"
  # k-fold: 5 folds of 80 (exercise 17.1 beside the engine's stratified_kfold);
  # every fold learns (chance is 10 %).
  "kfold.k=5" "kfold.min_accuracy>0.3" "kfold.mean_accuracy>0.4" "kfold.your_folds_agree=yes"
  # 10 000 draws over [1e-4, 1]: uniform in η puts (1 − 0.1)/(1 − 1e-4) = 0.90009
  # of them into the top decade, uniform in log η a quarter (binomial standard
  # errors 0.003 and 0.0043: 0.015 is over 3 of them). Exercise 17.2 agrees.
  "sampling.uniform_top_decade~0.90009:0.015" "sampling.log_top_decade~0.25:0.015"
  "sampling.your_log_uniform_agrees=yes"
  # Grid and random search on the same 9 trials: the grid tries 3 learning
  # rates, random search 9, and (the acceptance, seed 1) finds the better
  # validation accuracy. η matters more than λ.
  "grid.trials=9" "random.trials=9" "grid.distinct_lr=3" "random.distinct_lr=9"
  "search.random_beats_grid=yes" "search.random_minus_grid>0" "grid.spread_over_lr>0.1" "grid.spread_over_wd<0.1"
  # The border rule: the lecture's range [1e-5, 1e-3] is too low for SGD, its
  # best η is the highest, and the warning fires; the wide search's best η is
  # inside, and it does not. Exercise 17.3 agrees on all three.
  "border.lecture_best_lr~0.001:1e-12" "border.lecture_side=high" "border.lecture_warning=yes"
  "border.wide_lr_side=inside" "border.wide_lr_warning=no" "border.your_rule_agrees=yes"
  # Coarse to fine, and the test set once.
  "fine.best_val_accuracy>0.5" "final.test_accuracy>0.5" "final.trials_run=32"
  -- --quick --quiet --seed 1 --no-frames)

# Missing, truncated and corrupt files: exit 1, naming the file and what is
# wrong (and the package, for a missing one).
sg_bad_data_test(${ch} empty not_idx truncated)

sg_smoke_test(${ch}:bad_train 2 "--train" $<TARGET_FILE:${ch}> --train 50)
sg_smoke_test(${ch}:bad_test 2 "--test" $<TARGET_FILE:${ch}> --test 20000)
sg_smoke_test(${ch}:bad_pool 2 "--pool" $<TARGET_FILE:${ch}> --pool 3)
sg_smoke_test(${ch}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch}> --epochs 0)
sg_smoke_test(${ch}:nan_epochs 2 "--epochs" $<TARGET_FILE:${ch}> --epochs nan)
sg_smoke_test(${ch}:bad_grid 2 "--grid" $<TARGET_FILE:${ch}> --grid 1)
sg_smoke_test(${ch}:bad_folds 2 "--folds" $<TARGET_FILE:${ch}> --folds 11)
