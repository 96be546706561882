# Chapter 16's own results (the generic smoke tests are in tests/CMakeLists.txt).
# One --quick run checks the whole lesson: 1000 training images pooled to 7×7,
# a 49-32-10 network, six set-ups (the healthy one and five broken on
# purpose) × five checks, a few seconds in the sanitizer build. The
# acceptance: every check passes on the healthy set-up, and each breakage
# fails the check that is there to catch it.
set(ch ch16_sanity_checks)

sg_chapter_check(${ch} quick_every_check_and_every_breakage
  "data.images=1000" "data.inputs=49"
  # 49·32 + 32 + 32·10 + 10 = 1930 parameters.
  "model.params=1930"
  # 1: ln 10 = 2.302585093; with logits of standard deviation s the loss is
  # about ln 10 + s²/2, and the small output weights keep s below 0.1.
  "initial.expected~2.302585093:1e-9" "initial.loss~2.3026:0.05" "check.1=PASS"
  "initial.your_expected~2.302585093:1e-9" "initial.your_expected_agrees=yes"
  # 2: the loss rises with λ, by exactly (λ/2)·ΣW² (He weights: ΣW² ≈ 49·32·2/49 = 64).
  "reg.loss.0~2.3026:0.05" "reg.loss.0.1>5" "reg.sum_of_squared_weights>50" "reg.sum_of_squared_weights<75"
  "reg.rise_is_the_penalty=yes" "check.2=PASS"
  # 3: 20 images memorised.
  "overfit.first_loss~2.3026:0.05" "overfit.final_loss<0.01" "overfit.accuracy=1" "check.3=PASS"
  # 4: the gradient check at initialisation and after the steps (tolerance 1e-5).
  "gradcheck.at_init.max_rel_error<1e-5" "gradcheck.after.max_rel_error<1e-5" "check.4=PASS"
  # 5: fc1's ratio within a factor of 10 of 1e-3; the output layer's starts
  # higher (its weights are tiny); the student's ratio and rule agree with the chapter's.
  "ratio.fc1_largest>1e-4" "ratio.fc1_largest<1e-2" "ratio.out_first>1e-2" "check.5=PASS"
  "ratio.your_ratio_agrees=yes" "ratio.your_rule_agrees=yes"
  "healthy.all_pass=yes"
  # Each breakage fails its check: big weights check 1 (the loss starts near
  # 4.5, not 2.3), the subtracted penalty check 2, shuffled labels check 3
  # (the loss stays at ln 10), the learning rate ×100 check 5, the planted
  # layer bug check 4 only after training (at initialisation b = 0 hides it).
  "big_weights.check1=FAIL" "big_weights.initial_loss>3"
  "penalty_subtracted.check2=FAIL" "penalty_subtracted.rise<0" "penalty_subtracted.failed=2"
  "shuffled_labels.check3=FAIL" "shuffled_labels.overfit_loss>2" "shuffled_labels.failed=3"
  "lr_x100.check5=FAIL" "lr_x100.fc1_ratio_largest>1e-2"
  "layer_bug.check4=FAIL" "layer_bug.gradcheck_at_init=PASS" "layer_bug.gradcheck_after.max_rel_error>1e-2"
  "layer_bug.failed=4"
  -- --quick --quiet --seed 1 --no-frames)

# Missing, truncated and corrupt files: exit 1, naming the file and what is
# wrong (and the package, for a missing one).
sg_bad_data_test(${ch} no_such_folder corrupt_gzip truncated)

sg_smoke_test(${ch}:bad_train 2 "--train" $<TARGET_FILE:${ch}> --train 50)
sg_smoke_test(${ch}:bad_pool 2 "--pool" $<TARGET_FILE:${ch}> --pool 3)
sg_smoke_test(${ch}:bad_hidden 2 "--hidden" $<TARGET_FILE:${ch}> --hidden 2000)
sg_smoke_test(${ch}:bad_lr 2 "--lr" $<TARGET_FILE:${ch}> --lr 0)
sg_smoke_test(${ch}:nan_lr 2 "--lr: 'nan' is not a finite number" $<TARGET_FILE:${ch}> --lr nan)
sg_smoke_test(${ch}:bad_steps 2 "--steps" $<TARGET_FILE:${ch}> --steps 0)
