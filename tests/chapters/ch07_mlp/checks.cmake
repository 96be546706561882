# Chapter 7: XOR solved by a hidden layer (loss < 0.01), the unlucky seed that
# gets stuck and why, width against depth, universal approximation, and the
# multiclass network's hand partials equal to the engine's to 1e-12. One quick
# run checks every section (--no-frames: the frames are the outputs test's;
# under the sanitizers each run costs seconds).
set(ch07 ch07_mlp)
sg_chapter_check(${ch07} lesson_numbers
  # XOR, seed 2, lr 2: L < 0.01, all four right; your forward/backward equal the engine's at step 1.
  "xor.step1.loss~0.8159239772:1e-9" "xor.final_loss<0.01" "xor.right=4" "xor.solved_steps~202:2"
  "xor.yours.forward_max_abs_diff<1e-12" "xor.yours.backward_max_abs_diff<1e-12"
  # Seed 1 is stuck near (2 ln 2)/4: two cases sent to one hidden point, tanh' ~ 0 there,
  # every curvature positive; one more unit solves it.
  "stuck.solved=no" "stuck.right=2" "stuck.final_loss>0.3465" "stuck.final_loss<0.36"
  "stuck.two_undecided_loss~0.3465735903:1e-9" "stuck.hidden_gap<0.01" "stuck.max_tanh_slope<0.02"
  "stuck.hessian_min_eigenvalue>0" "stuck.three_units_solved_steps>0"
  "survey.seeds=2" "survey.h2_solved<2" "survey.h3_solved=2"
  # Width and depth (--quick: the spirals only): 4 units cannot fit them; 64 wide and 12-12-12 deep
  # (387 parameters each) can.
  "spirals.wide.params=387" "spirals.deep.params=387" "spirals.narrow.params=27"
  "spirals.narrow.train_accuracy<0.8" "spirals.wide.train_accuracy>0.9" "spirals.deep.train_accuracy>0.9"
  # Universal approximation: the staircase of n bumps (closed form), and trained fits of 1 and 8 units.
  "ua.bumps2.max_error~0.7294459889:1e-9" "ua.bumps50.max_error~0.04666295463:1e-9"
  "ua.h1.mse>0.05" "ua.h8.mse<0.01"
  # The multiclass network: x = (1, 4, 6), chapter 5's α, β = ((1.5, −1), (−0.5, 1.2), (0.2, 0.4)), truth k = 2.
  "multiclass.yours.softmax_backward_max_abs_diff<1e-12" "multiclass.partials=25" "multiclass.max_abs_diff_engine<1e-12" "multiclass.J~-0.7322305418:1e-9"
  "multiclass.y2~0.4808352699:1e-9" "multiclass.dJ_db2~0.5191647301:1e-9" "multiclass.dJ_dalpha11~-0.596805503:1e-9"
  "multiclass.dJ_dx1~-0.1009748333:1e-9" "multiclass.dJ_dx2~0.06500580232:1e-9"
  "multiclass.slide_dJ_dx1_j1~-0.02984027515:1e-9" "multiclass.slide_dJ_dx1_j2~0.01758276359:1e-9"
  "gradcheck.multiclass%^passed"
  -- --quick --quiet --seed 1 --no-frames --gradcheck)
# NaN passes CLI11's Range; the harness refuses it (Chapter::run), as every bad value, with exit 2.
sg_smoke_test(${ch07}:nan_lr 2 "--lr: 'nan' is not a finite number" $<TARGET_FILE:${ch07}> --lr nan)
sg_smoke_test(${ch07}:bad_hidden 2 "--hidden" $<TARGET_FILE:${ch07}> --hidden 0)
sg_smoke_test(${ch07}:bad_xor_seed 2 "--xor-seed" $<TARGET_FILE:${ch07}> --xor-seed one)
