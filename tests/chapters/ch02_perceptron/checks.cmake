# Chapter 2's own results (tests/smoke/check_results.sh says how a SPEC reads).
set(ch02 ch02_perceptron)

# From w = 0, b = 0, cases in order, η = 1 (docs/book/02-perceptron.md).
sg_chapter_check(${ch02} learns_and_or_nand
  and.converged=yes and.epochs=6 and.w1=2 and.w2=1 and.b=-3 and.right=4
  or.converged=yes or.epochs=4 or.w1=1 or.w2=1 or.b=-1 or.right=4
  nand.converged=yes nand.epochs=6 nand.w1=-2 nand.w2=-1 nand.b=2 nand.right=4
  -- --quiet --seed 1)
# The solutions' predict, rosenblatt_update and count_errors agree with the
# engine's unit and update on every case of every gate.
sg_chapter_check(${ch02} solutions_agree_with_the_engine
  yours.predict_agrees=yes yours.rosenblatt_update_agrees=yes yours.count_errors_agrees=yes
  -- --quiet --seed 1 --lr 0.3)
sg_chapter_check(${ch02} xor_never_converges
  xor.converged=no xor.epochs=20 xor.right<4 xor.cycle_length=1 xor.best_line_right=3
  -- --quiet --seed 1)
sg_chapter_check(${ch02} xor_still_fails_with_more_epochs
  xor.converged=no xor.epochs=500 and.converged=yes
  -- --quiet --seed 1 --epochs 500)
sg_chapter_check(${ch02} quick_mode_gives_the_same_numbers
  and.epochs=6 or.epochs=4 nand.epochs=6 xor.converged=no
  -- --quick --quiet --seed 1)
# From w = 0 an exact rate (a power of two) only scales the weights.
sg_chapter_check(${ch02} lr_0.5_scales_the_weights
  and.epochs=6 and.w1=1 and.w2=0.5 and.b=-1.5 nand.b=1
  -- --quiet --seed 1 --lr 0.5)
sg_chapter_check(${ch02} gradcheck_passes
  "gradcheck.unit_z%^passed" "gradcheck.unit_step%^passed"
  -- --quiet --seed 1 --gradcheck)

# Bad values are refused at the edge with exit code 2.
sg_smoke_test(${ch02}:bad_epochs_zero 2 "--epochs" $<TARGET_FILE:${ch02}> --epochs 0)
sg_smoke_test(${ch02}:bad_epochs_too_many 2 "--epochs" $<TARGET_FILE:${ch02}> --epochs 20000)
sg_smoke_test(${ch02}:bad_lr_negative 2 "--lr" $<TARGET_FILE:${ch02}> --lr -1)
sg_smoke_test(${ch02}:bad_lr_zero 2 "--lr" $<TARGET_FILE:${ch02}> --lr 0)
