# Chapter 12: one quick run (--quick --seed 1: 100 steps of the symmetry part,
# a 10-layer network 32 units wide on a batch of 64) and every number the
# lesson relies on. Exact where the lesson says "exactly" (zero init changes
# nothing; the units of a zero or constant start stay bit-for-bit copies);
# the closed-form scales to 1e-12; the engine's sampled initialisers within 7
# standard errors of the sample std (σ/√(2n), n = 784·256); the deep
# network's statistics by the health table's flags and wide bounds.
set(ch12 ch12_initialization)
sg_chapter_check(${ch12} quick_run
  # Symmetry: from zeros nothing moves (tanh(0) = 0, balanced classes), so the
  # loss stays ln 2; from a constant the units stay copies (one unit wide: a
  # straight boundary, below 90 %); random weights break the symmetry.
  "zeros.units_identical=yes" "zeros.final_loss~0.6931471806:1e-10" "zeros.largest_weight=0"
  "zeros.accuracy=0.5" "zeros.max_unit_difference=0"
  "constant.units_identical=yes" "constant.max_unit_difference=0" "constant.final_loss<0.35"
  "constant.accuracy<0.9"
  "random.units_identical=no" "random.max_unit_difference>0.5" "random.accuracy>0.95"
  # Scales: Xavier normal σ = √(2/1040), He uniform a = √(6/784), ...
  "scale.784x256.your_xavier_normal~0.04385290097:1e-12" "scale.784x256.your_he_uniform~0.08748177653:1e-12"
  "scale.784x256.xavier_normal_measured~0.04385290097:5e-4" "scale.784x256.he_normal_measured~0.05050762723:5e-4"
  # Ten layers deep: too small vanishes, too large saturates (and σ = √n, lecture
  # 003 as written, saturates almost everything), Xavier keeps tanh alive;
  # sigmoid vanishes even with Xavier; ReLU shrinks with Xavier, holds with He,
  # explodes with N(0, 1), and one step at η = 3 kills half the units.
  "deep.tanh_small.flags%vanishing" "deep.tanh_small.act_std_last<1e-6"
  "deep.tanh_large.flags%saturated" "deep.tanh_large.saturated_last>0.5"
  "deep.tanh_003.saturated_last>0.9" "deep.tanh_xavier.flags=ok" "deep.tanh_xavier.act_std_last>0.1"
  "deep.sigmoid_xavier.flags%vanishing" "deep.sigmoid_xavier.grad_first<1e-5" "deep.sigmoid_xavier.grad_last>0.05"
  "deep.relu_xavier.act_std_last<0.05" "deep.relu_he.flags=ok" "deep.relu_he.act_std_last>0.3"
  "deep.relu_large.flags%exploding" "deep.relu_large.act_std_last>1e4"
  "deep.relu_knocked.flags%dead" "deep.relu_knocked.dead_last>0.4"
  "deep.tanh_small.your_layer_stats_agree=yes" "deep.relu_knocked.your_layer_stats_agree=yes"
  # --gradcheck: the trained symmetric network's gradients against central differences.
  "gradcheck.symmetric_network%^passed"
  -- --quick --quiet --seed 1 --gradcheck)
sg_smoke_test(${ch12}:bad_width 2 "--width" $<TARGET_FILE:${ch12}> --width 2)
sg_smoke_test(${ch12}:bad_layers 2 "--layers" $<TARGET_FILE:${ch12}> --layers nan)
sg_smoke_test(${ch12}:bad_steps 2 "--steps" $<TARGET_FILE:${ch12}> --steps 0)
