# Chapter 6: topological order, the fork, backward twice, gradient checks, the MLP.
set(ch06 ch06_computational_graph)
sg_chapter_check(${ch06} topological_order
  "topo.order=a b d c e L" "topo.matches_engine=yes"
  -- --quiet --seed 1)
# L = (a·b + c)·(a·b) at a = 2, b = −3, c = 10: dL/dd = 2d + c = −2 = −6 (via e) + 4 (direct).
sg_chapter_check(${ch06} fork_adds_both_paths
  "fork.via_e~-6:1e-12" "fork.direct~4:1e-12" "fork.sum~-2:1e-12" "fork.engine~-2:1e-12" "fork.analytic~-2:1e-12"
  "grad.a~6:1e-12" "grad.b~-4:1e-12" "grad.c~-6:1e-12"
  -- --quiet --seed 1)
sg_chapter_check(${ch06} our_backprop_and_central_difference_match_the_engine
  "backprop.max_abs_diff<1e-12" "central_difference.max_abs_diff<1e-6"
  "gradcheck.max_rel_error<1e-7" "gradcheck.band=good" "gradcheck.expression%^passed"
  -- --quiet --seed 1)
# Leaves accumulate over two backward passes; intermediates hold the latest pass.
sg_chapter_check(${ch06} backward_twice_doubles_the_leaves
  "twice.a_first~6:1e-12" "twice.a_second~12:1e-12" "twice.c_second~-12:1e-12"
  "twice.d_second~-2:1e-12" "twice.a_after_zero_grad~6:1e-12"
  -- --quiet --seed 1)
sg_chapter_check(${ch06} mlp_two_views
  "mlp.nodes=17" "gradcheck.mlp%^passed" "mlp.loss>0"
  -- --quiet --seed 1)
# c = 0: e = d, so both paths into d carry the same gradient.
sg_chapter_check(${ch06} c_zero_equal_paths
  "fork.via_e~-6:1e-12" "fork.direct~-6:1e-12" "grad.c~-6:1e-12"
  -- --quiet --seed 1 --c 0)
sg_smoke_test(${ch06}:bad_value 2 "--a" $<TARGET_FILE:${ch06}> --a 1e9)
# The options' whole range: at --a 10 --b -10, dL/da = 1900 and a right
# central_difference is 3e-6 off, which an absolute tolerance of 1e-6 called
# wrong; the comparison is relative now. The range's corners too.
sg_chapter_check(${ch06} central_difference_at_a_10_b_minus_10
  "grad.a~1900:1e-9" "backprop.max_abs_diff<1e-6"
  -- --quiet --seed 1 --a 10 --b -10)
sg_chapter_check(${ch06} options_at_the_corners_of_their_range
  "gradcheck.band=good"
  -- --quiet --seed 1 --a 1000 --b -1000 --c 1000)
