# Chapter 9's own results (tests/smoke/check_results.sh says how a SPEC reads).
# One quick run (2 epochs) checks them all: the numbers that do not depend on
# the number of epochs are the default run's too (docs/book/09-minibatch.md).
set(ch09 ch09_minibatch)

# Iterations per epoch are ⌈N/B⌉, counted by the loader, a for loop and the
# formula: the lecture's Keras run (N = 100, B = 32) is 4 iterations, the last
# of 4 examples, and 2000 updates in 500 epochs; N = 500, B = 32 is 16, the
# last of 20. The loss's closed forms: the gap from A equals L(θ) − L*
# computed directly, 2/λmax is the batch limit, and the true loss at θ* is a
# little above L* (θ* fits this sample's noise). A batch gradient is the mean
# of its examples' gradients; an epoch's batch gradients average to the full
# one weighted by size, and plainly only when B divides N (B = 50). The noise
# of a batch gradient at θ* follows (σ²/B)(N−B)/(N−1): exactly at B = 1 (an
# epoch is every example once), within 10% at B = 8, 32, 128 (4000 batches
# each: a 2% standard error), and 0 at B = N. Far from the optimum B = 8 needs
# as few updates as bigger batches (37); SGD's noise costs it 70.
sg_chapter_check(${ch09} quick_run
  epoch.N1000_B10.iterations=100 epoch.N1000_B200.iterations=5
  epoch.N100_B32.iterations=4 epoch.N100_B32.last_batch=4 epoch.N100_B32.updates=2000
  epoch.N500_B32.iterations=16 epoch.N500_B32.last_batch=20 epoch.N500_B32.updates=32
  epoch.N500_B128.iterations=4 epoch.N500_B128.last_batch=116
  epoch.N500_B1.iterations=500 epoch.N500_B500.iterations=1
  epoch.loader_counts_ceil=yes epoch.yours_match=yes
  problem.examples=500 problem.w_star~2.023372003:1e-8 problem.b_star~-1.052909896:1e-8
  problem.loss_star~0.2255099767:1e-9 problem.start_gap~4.848843543:1e-8 problem.start_gap_direct~4.848843543:1e-8
  problem.lr_limit_batch~0.3881896563:1e-9 problem.curvature_max~5.152120793:1e-8
  problem.true_loss_star~0.2514187376:1e-9
  slicing.batches=3 "slicing.last_batch=1 7" slicing.yours_match=yes
  gradient.mean_of_examples_diff<1e-12 gradient.weighted_epoch_diff<1e-12 gradient.plain_epoch_mean_diff>1e-3
  gradient.divisor_B=50 gradient.divisor_plain_epoch_mean_diff<1e-12 gradient.yours_diff<1e-12
  "gradcheck.batch_loss%^passed"
  loop.B_1.updates=500 loop.B_32.updates=16 loop.B_500.updates=1 loop.yours_agrees=yes
  race.B_1.updates=1000 race.B_32.updates=32 race.B_500.updates=2
  race.B_1.updates_to_target=70 race.B_8.updates_to_target=37
  race.B_500.share_up=0 race.B_1.share_up>0.4
  noise.full_gradient_norm<1e-12 noise.B_1.ratio~1:1e-9 noise.B_8.ratio~1:0.1 noise.B_32.ratio~1:0.1
  noise.B_128.ratio~1:0.1 noise.B_500.measured<1e-20 noise.sigma2~2.834496311:1e-8
  "large_lr.B_1%^diverged at update 247$" "large_lr.B_500%^converged" large_lr.lr~0.3105517251:1e-9
  advice.iterations_are_ceil=yes advice.progress_before_one_epoch=yes advice.bigger_batch_less_noise=yes
  advice.smoother_with_bigger_batches=yes advice.larger_lr_with_bigger_batches=yes advice.decay_helps_sgd=yes
  -- --quick --quiet --seed 1 --gradcheck)

# Bad values are refused at the edge with exit code 2 (NaN included: CLI11's
# Range lets it through, the chapter's finite() check does not).
sg_smoke_test(${ch09}:bad_lr_nan 2 "--lr: 'nan' is not a finite number" $<TARGET_FILE:${ch09}> --lr nan)
sg_smoke_test(${ch09}:bad_batch_zero 2 "--batch" $<TARGET_FILE:${ch09}> --batch 0)
sg_smoke_test(${ch09}:bad_batch_above_examples 2 "--batch.*more than the N = 100 examples"
  $<TARGET_FILE:${ch09}> --examples 100 --batch 101)
sg_smoke_test(${ch09}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch09}> --epochs 0)
sg_smoke_test(${ch09}:bad_examples 2 "--examples" $<TARGET_FILE:${ch09}> --examples 5)
