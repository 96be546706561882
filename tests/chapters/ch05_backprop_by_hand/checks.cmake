# Chapter 5: the hand-derived partials equal the engine's gradients (1e-9) and
# the numeric ones (1e-6), and the numbers the lesson text quotes are printed.
# --no-frames: the 43 frames are the outputs test's; drawn here too, they
# would make each check 4 times slower under the sanitizers.
set(ch05 ch05_backprop_by_hand)
sg_chapter_check(${ch05} hand_equals_engine_and_numeric
  "logistic.max_abs_diff_engine<1e-9" "logistic.max_abs_diff_numeric<1e-6"
  "network.max_abs_diff_engine<1e-9" "network.max_abs_diff_numeric<1e-6"
  -- --quiet --seed 1 --no-frames)
# x = (1, 4, 6), y* = 1, θ = (-2, 0.3, 0.2): y = σ(0.4), dJ/da = y* − y.
sg_chapter_check(${ch05} logistic_partials
  "logistic.y~0.5986876601:1e-9" "logistic.J~-0.5130152524:1e-9" "logistic.L~0.5130152524:1e-9"
  "logistic.dJ_da~0.4013123399:1e-9" "logistic.dJ_dtheta1~1.6052493596:1e-9" "logistic.dJ_dtheta2~2.4078740393:1e-9"
  "sign_convention%^L = -J"
  -- --quiet --seed 1 --no-frames)
sg_chapter_check(${ch05} network_partials
  "network.y~0.4575311410:1e-9" "network.J~-0.7819103288:1e-9" "network.dJ_db~0.5424688590:1e-9"
  "network.dJ_dbeta1~0.2442010378:1e-9" "network.dJ_dalpha11~0.8056201967:1e-9"
  "network.dJ_dalpha22~-0.4250973032:1e-9"
  -- --quiet --seed 1 --no-frames)
# Where the hand formula breaks down in floating point: with 190 hours σ(a)
# rounds to 1, dJ/dy divides 0 by 0, and the comparison must not pass on the
# NaN (it once said "equal within 0.0e+00"); the verdict explains instead.
sg_chapter_check(${ch05} saturated_sigmoid_is_not_a_pass
  "logistic.y=1" "logistic.max_abs_diff_engine=nan" "verdict.hand_formula_saturates=yes"
  -- --quiet --seed 1 --no-frames --hours 190)
# One gradient step on L = −J lowers L.
sg_chapter_check(${ch05} one_step_lowers_the_loss
  "step.L_before~0.7819103288:1e-9" "step.L_after<0.7819103288"
  -- --quiet --seed 1 --no-frames)
# A student who failed: dJ/da = y* − y = −y, so every partial changes sign.
sg_chapter_check(${ch05} target_zero_flips_the_signs
  "logistic.dJ_da~-0.5986876601:1e-9" "logistic.dJ_dtheta1~-2.3947506404:1e-9"
  "network.max_abs_diff_engine<1e-9" "network.max_abs_diff_numeric<1e-6"
  -- --quiet --seed 1 --no-frames --target 0)
# No lectures attended: x1 = 0, so the weights on x1 get no gradient.
sg_chapter_check(${ch05} no_lectures_no_gradient_on_x1
  "logistic.dJ_dtheta1=0" "network.dJ_dalpha11=0"
  -- --quiet --seed 1 --no-frames --lectures 0)
sg_chapter_check(${ch05} gradcheck_flag
  "gradcheck.logistic_regression%^passed" "gradcheck.network%^passed"
  -- --quiet --seed 1 --no-frames --gradcheck)
sg_smoke_test(${ch05}:bad_lr 2 "--lr" $<TARGET_FILE:${ch05}> --lr -1)
sg_smoke_test(${ch05}:bad_target 2 "--target" $<TARGET_FILE:${ch05}> --target 2)
sg_smoke_test(${ch05}:bad_lectures 2 "--lectures" $<TARGET_FILE:${ch05}> --lectures -3)
# --no-frames: the graphs are drawn, the frames are not.
sg_smoke_test(${ch05}:no_frames 0 "^${ch05}: wrote [0-9]+ files into .*[(]pictures: logistic_graph, graph[)]$"
  $<TARGET_FILE:${ch05}> --quick --quiet --no-frames --out ${SG_SMOKE_DIR}/${ch05}/no_frames)
