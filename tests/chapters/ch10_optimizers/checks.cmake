# Chapter 10's own results (tests/smoke/check_results.sh says how a SPEC reads).
# One quick run with 100 steps per surface (--quick alone takes 50; the network
# race is one epoch) checks them all.
set(ch10 ch10_optimizers)

# The surfaces at their starts, in closed form: ½(16 + 100·0.25) = 20.5 and
# |(−4, 50)| = 50.16; Rosenbrock's (2.2)² + 100(1 − 1.44)² = 24.2 with gradient
# (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−215.6, −88); the saddle's
# 2.25 + 0.25 − 5e-7; the plateau's 1 − e^(−8.48) and slope r·e^(−r²/2) = 8.5e-4.
# Who arrives (f − f_min < 1e-3) within 100 steps, and when: on the plateau plain
# SGD and Adadelta are stuck while RMSProp's first steps (lr/√(1 − α) = 1 each)
# jump in. Momentum and Nesterov on w² from 5 (lr 0.01, μ 0.9): θ1 = 4.9 and 4.81,
# θ2 = 4.712 and 4.54622 (the lecture's W + μv); plain gradient descent needs
# ⌈ln(1e-3/5)/ln 0.98⌉ = 422 steps (chapter 1's number), momentum 107, Nesterov
# 85. The lecture's form (the solutions' momentum_step, nesterov_step) is the
# engine's to rounding, v = −lr·b, and Nesterov's θ is the look-ahead W + μv.
# Adam's first step is lr·sign(g) (up to eps/|g|) for g from 1e-3 to 1e3; without
# the bias correction it would be 0.1/√0.001 = 3.162 lr, peaking at 6.569 lr at
# t = 12 and still 1.258 lr at t = 1000.
sg_chapter_check(${ch10} quick_run
  race.quadratic.start_gap=20.5 race.quadratic.start_slope~50.15974482:1e-8
  race.rosenbrock.start_gap~24.2:1e-12 rosenbrock.start_gradient_x~-215.6:1e-10 rosenbrock.start_gradient_y~-88:1e-10
  race.saddle.start_gap~2.4999995:1e-12 race.plateau.start_gap~0.9997924213:1e-9
  race.plateau.start_slope~0.0008548614193:1e-12
  race.quadratic.sgd.steps=-1 race.quadratic.momentum.steps=76 race.quadratic.nesterov.steps=49
  race.quadratic.rmsprop.steps=25 race.quadratic.adam.steps=94 race.quadratic.nadam.steps=84
  race.quadratic.first=rmsprop
  race.rosenbrock.first=none
  race.saddle.sgd.steps=-1 race.saddle.nesterov.steps=46 race.saddle.nadam.steps=56 race.saddle.adam.steps=72
  race.saddle.rmsprop.steps=18 race.saddle.momentum.steps=71
  race.plateau.sgd.steps=-1 race.plateau.adadelta.steps=-1 race.plateau.rmsprop.steps=9 race.plateau.nadam.steps=27
  race.plateau.adam.steps=34 race.plateau.momentum.steps=65 race.plateau.nesterov.steps=62
  "gradcheck.surface_quadratic%^passed" "gradcheck.surface_rosenbrock%^passed"
  "gradcheck.surface_saddle%^passed" "gradcheck.surface_plateau%^passed"
  momentum.theta_1~4.9:1e-12 momentum.theta_2~4.712:1e-12 nesterov.theta_1~4.81:1e-12 nesterov.theta_2~4.54622:1e-12
  gd.steps_to_1e-3=422 momentum.steps_to_1e-3=107 nesterov.steps_to_1e-3=85
  momentum.lecture_vs_engine<1e-12 momentum.velocity_vs_buffer<1e-12 nesterov.lookahead_vs_engine<1e-12
  momentum.yours_agree=yes
  rmsprop.theta_1_x~-3:1e-6 rmsprop.theta_1_y~-0.5:1e-6 adam.theta_1_x~-3.9:1e-9 adam.theta_1_y~0.4:1e-9
  rmsprop.yours_vs_engine<1e-12 adam.yours_vs_engine<1e-12
  adam.first_step_over_lr.g_0.001~-1:2e-5 adam.first_step_over_lr.g_0.5~-1:1e-7
  adam.first_step_over_lr.g_1000~-1:1e-10 adam.first_step_over_lr.g_-20~1:1e-8
  adam.corrected_first_step_over_lr~-1:1e-7 adam.uncorrected_first_step_over_lr~-3.16227766:1e-5
  adam.uncorrected_peak_ratio~6.568520252:1e-8 adam.uncorrected_peak_t=12 adam.uncorrected_ratio_t1000~1.257583521:1e-8
  network.sgd.loss~0.6410318561:1e-8 network.lowest_loss=rmsprop
  -- --quick --quiet --seed 1 --gradcheck --steps 100)

# Bad values are refused at the edge with exit code 2 (NaN included: CLI11's
# Range lets it through, the chapter's finite() check does not).
sg_smoke_test(${ch10}:bad_momentum_nan 2 "--momentum: 'nan' is not a finite number" $<TARGET_FILE:${ch10}> --momentum nan)
sg_smoke_test(${ch10}:bad_momentum_one 2 "--momentum" $<TARGET_FILE:${ch10}> --momentum 1)
sg_smoke_test(${ch10}:bad_steps 2 "--steps" $<TARGET_FILE:${ch10}> --steps 5)
sg_smoke_test(${ch10}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch10}> --epochs 0)
