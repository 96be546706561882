# Chapter 1's own results (tests/smoke/check_results.sh says how a SPEC reads).
set(ch01 ch01_gradient_descent)

# x0 = 5, η = 0.1: x_k = 5·0.8^k is below 0.001 first at k = floor(ln(0.0002)/ln(0.8)) + 1 = 39
# (docs/book/01-gradient-descent.md), and the run takes exactly that many steps.
sg_chapter_check(${ch01} lr_0.1_converges_in_the_predicted_39_steps
  gd.steps_predicted=39 gd.steps=39 "gd.outcome=converged at step 39"
  gd.x_final~0.0008307674974:1e-12 gd.x_final<0.001
  function.samples=201 derivative.max_error<1e-8 gd.your_gd_step_agrees=yes
  -- --quiet --seed 1)
sg_chapter_check(${ch01} quick_mode_gives_the_same_numbers
  gd.steps=39 "sweep.lr_1.1=diverging, diverged at step 67" bowl.kappa_10.steps=45
  -- --quick --quiet --seed 1)
# η = 1.1: x_k = 5·(−1.2)^k passes 1e6 at step 67; the run says so instead of printing inf.
sg_chapter_check(${ch01} lr_1.1_diverges
  "gd.outcome=diverged at step 67" gd.steps_predicted=-1 gd.x_final<-1e6 gd.your_gd_step_agrees=yes
  -- --quiet --seed 1 --lr 1.1)
# η = 0.9 from x0 = −3: q = −0.8, k* = floor(ln(1/3000)/ln 0.8) + 1 = 36; x_36 = −3·0.8^36 < 0.
sg_chapter_check(${ch01} lr_0.9_oscillates_and_converges
  gd.steps_predicted=36 gd.steps=36 gd.x_final~-0.00097355566:1e-10
  -- --quiet --seed 1 --lr 0.9 --x0 -3)
sg_chapter_check(${ch01} lr_sweep_classes
  "sweep.lr_0.01=slow, converged at step 422"
  "sweep.lr_0.1=good, converged at step 39"
  "sweep.lr_0.5=fast, converged at step 1"
  "sweep.lr_0.9=oscillating, converged at step 39"
  "sweep.lr_1=stuck, not within 500 steps"
  "sweep.lr_1.1=diverging, diverged at step 67"
  -- --quiet --seed 1)
# The bowl ½(a x² + b y²) with η = 2/(a+b): steps grow with κ = a/b. The solutions'
# gd_step and bowl_grad retrace the engine's path exactly.
sg_chapter_check(${ch01} bowl_steps_grow_with_the_condition_number
  bowl.grad_error=0 bowl.steps_best_lr=45 bowl.steps_lr_1_over_a=86 bowl.your_steps=45 bowl.your_path_max_diff=0
  bowl.kappa_1.steps=1 bowl.kappa_10.steps=45 bowl.kappa_100.steps=451
  -- --quiet --seed 1)
sg_chapter_check(${ch01} gradcheck_passes
  "gradcheck.x_squared%^passed" "gradcheck.bowl%^passed"
  -- --quiet --seed 1 --gradcheck)

# Bad values are refused at the edge with exit code 2.
sg_smoke_test(${ch01}:bad_lr_negative 2 "--lr" $<TARGET_FILE:${ch01}> --lr -1)
sg_smoke_test(${ch01}:bad_lr_zero 2 "--lr" $<TARGET_FILE:${ch01}> --lr 0)
sg_smoke_test(${ch01}:bad_lr_too_large 2 "--lr" $<TARGET_FILE:${ch01}> --lr 11)
sg_smoke_test(${ch01}:bad_x0_at_the_minimum 2 "minimum" $<TARGET_FILE:${ch01}> --x0 0)
sg_smoke_test(${ch01}:bad_x0_too_far 2 "--x0" $<TARGET_FILE:${ch01}> --x0 1e9)
sg_smoke_test(${ch01}:bad_steps_zero 2 "--steps" $<TARGET_FILE:${ch01}> --steps 0)
sg_smoke_test(${ch01}:bad_steps_not_a_number 2 "--steps" $<TARGET_FILE:${ch01}> --steps many)
