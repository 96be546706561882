# Chapter 3's own results (the generic smoke tests are in tests/CMakeLists.txt).
# Results print 10 significant digits: a tolerance below that cannot pass.
set(ch ch03_activations)

# Two linear layers are one: W = W1·W2 reproduces them to rounding; with tanh
# between them it does not.
sg_chapter_check(${ch} collapse
  "collapse_max_abs_diff<1e-12" "collapse_max_abs_diff_plain_eigen<1e-12" "tanh_collapse_max_abs_diff>0.1"
  -- --quiet --seed 1)
sg_chapter_check(${ch} collapse_other_seed
  "collapse_max_abs_diff<1e-12" "tanh_collapse_max_abs_diff>0.1" -- --quick --quiet --seed 7)

# The derivatives three ways, and the engine's conventions at the kink.
sg_chapter_check(${ch} derivatives
  "max_abs_diff_formula_vs_engine<1e-15" "max_abs_diff_formula_vs_central<1e-8"
  "relu_grad_at_0=0" "leaky_relu_grad_at_0=0.01" "relu_central_difference_at_0~0.5:1e-9"
  -- --quiet --seed 1)
sg_chapter_check(${ch} leaky_alpha_option "leaky_relu_grad_at_0=0.2" -- --quick --quiet --alpha 0.2)

# Saturation: σ'(±10) = σ(10)σ(-10), tanh'(±10) = 1/cosh²(10) (reference values
# from Python's math module).
sg_chapter_check(${ch} saturation
  "sigmoid_grad_at_10~4.5395807735951673e-05:1e-14" "sigmoid_grad_at_minus_10~4.5395807735951673e-05:1e-14"
  "tanh_grad_at_10~8.244614455767395e-09:1e-17" "tanh_grad_at_minus_10~8.244614455767395e-09:1e-17"
  "saturation_engine_max_rel_diff<1e-6" "relu_grad_at_10=1" "relu_grad_at_minus_10=0"
  -- --quiet --seed 1)

# Zero-centred: over inputs symmetric about 0.
sg_chapter_check(${ch} zero_centred
  "mean_sigmoid~0.5:1e-12" "mean_tanh~0:1e-12" "mean_linear~0:1e-12" "mean_relu>0.3" "mean_leaky_relu>0.3"
  -- --quiet --seed 1)

# A dead ReLU gets no gradient and never moves; leaky ReLU from the same start does.
sg_chapter_check(${ch} dead_relu
  "dead_relu_max_preactivation<0" "dead_relu_max_grad=0" "dead_relu_weight_change=0"
  "leaky_relu_weight_change>0" -- --quiet --seed 1)
sg_chapter_check(${ch} dead_relu_long
  "dead_relu_weight_change=0" "leaky_relu_weight_change>0.01" -- --quiet --seed 3 --steps 500 --lr 1)

sg_chapter_check(${ch} gradcheck
  "gradcheck.sigmoid%^passed" "gradcheck.tanh%^passed" "gradcheck.relu%^passed"
  "gradcheck.leaky_relu%^passed" "gradcheck.linear%^passed" "gradcheck.two_layers_with_tanh%^passed"
  -- --quick --quiet --gradcheck)

# Bad values of the chapter's options are usage errors.
sg_smoke_test(${ch}:bad_alpha 2 "--alpha" $<TARGET_FILE:${ch}> --alpha -1)
sg_smoke_test(${ch}:alpha_one 2 "--alpha" $<TARGET_FILE:${ch}> --alpha 1)
sg_smoke_test(${ch}:bad_steps 2 "--steps" $<TARGET_FILE:${ch}> --steps 0)
sg_smoke_test(${ch}:bad_lr 2 "--lr" $<TARGET_FILE:${ch}> --lr -0.1)
