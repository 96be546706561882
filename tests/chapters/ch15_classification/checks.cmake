# Chapter 15's own results (the generic smoke tests are in tests/CMakeLists.txt).
# Never the full data: --quick reads 1000 training images (900 to train on,
# 100 for validation, stratified) and 500 test images, pooled to 7×7, and
# trains every step for 2 epochs (the longest 8). That keeps one run at a few
# seconds in the sanitizer build, where every matrix product is unoptimised;
# the accuracies are low, but far above what a broken pipeline reaches
# (shuffled labels: 10 %). One run checks the whole lesson.
set(ch ch15_classification)

# The data are Debian's dataset-fashion-mnist (scripts/setup.sh installs it),
# which the generic smoke tests of this chapter need as well.
sg_chapter_check(${ch} quick_slice_the_whole_lesson
  # The files' headers (exercise 15.1) and the slice.
  "idx.type=8" "idx.dims=3" "idx.count=60000" "idx.rows=28" "idx.cols=28" "idx.label_count=60000"
  "idx.your_header_agrees=yes"
  "data.train_images=1000" "data.test_images=500" "data.train=900" "data.val=100" "data.inputs=49"
  "counts.train_min>80" "counts.train_max<120"
  # Scaling: bytes/255 (means of 4×4 blocks here) stay in [0, 1]; the per-pixel
  # scaler (exercise 15.2) agrees with the engine's.
  "scale.pixel_max>0.9" "scale.pixel_max<1.000001" "scale.test_values_above_1>0" "scale.leak_changed_pixels>0"
  "scale.your_max_difference<1e-12" "scale.your_scaler_agrees=yes"
  "onehot.shape=900x10" "onehot.rows_sum_to_1=yes"
  # The lecture's model: 49·28 + 28 + 28·10 + 10 = 1690 parameters. As written,
  # the loss of an all-ones output is −log(1 + 1e-7) ≈ −1.19e-7 in float (1 + 1e-7
  # rounds to 1 + 2⁻²³), its minimum; trained
  # with it, the sigmoids answer "yes" to many classes at once, while the
  # softmax's rows sum to 1 and it learns.
  "lecture.params=1690" "lecture.literal_loss_of_all_ones~-1.19e-7:1e-9"
  "lecture.literal.outputs_above_half>3" "lecture.literal.output_sum>3"
  "lecture.softmax.output_sum~1:1e-5" "lecture.softmax.val_accuracy>0.3"
  # The first MLP, its test accuracy (exercise 15.3) and confusion matrix (15.4).
  "first.params=1690" "first.test_accuracy>0.5" "first.your_accuracy_agrees=yes"
  "first.your_confusion_agrees=yes" "first.mistakes>0" "first.mistakes<250" "first.most_confused_count>0"
  # The ladder: every step trains, and the best recipe clears a bar that a broken
  # pipeline (shuffled labels, a wrong split, unscaled bytes) cannot.
  "ladder.dropout.test_accuracy>0.45" "ladder.batch_norm.test_accuracy>0.45"
  "ladder.adam.test_accuracy>0.45" "ladder.more_epochs.epochs=8"
  "best.test_accuracy>0.6" "best.epochs>0"
  -- --quick --quiet --seed 1 --no-frames)

# Missing, truncated and corrupt files: exit 1, naming the file and what is
# wrong (and the package, for a missing one): every case of
# tests/smoke/bad_data.sh, which leaves out the cases built from the real
# files where the package is not installed.
sg_bad_data_test(${ch} -- --train 1000)

sg_smoke_test(${ch}:bad_train 2 "--train" $<TARGET_FILE:${ch}> --train 50)
sg_smoke_test(${ch}:bad_test 2 "--test" $<TARGET_FILE:${ch}> --test 20000)
sg_smoke_test(${ch}:bad_pool 2 "--pool" $<TARGET_FILE:${ch}> --pool 3)
sg_smoke_test(${ch}:bad_epochs 2 "--epochs" $<TARGET_FILE:${ch}> --epochs 0)
sg_smoke_test(${ch}:nan_epochs 2 "--epochs" $<TARGET_FILE:${ch}> --epochs nan)
sg_smoke_test(${ch}:bad_batch 2 "--batch" $<TARGET_FILE:${ch}> --batch 5000)
sg_smoke_test(${ch}:bad_lecture_epochs 2 "--lecture-epochs" $<TARGET_FILE:${ch}> --lecture-epochs -1)
