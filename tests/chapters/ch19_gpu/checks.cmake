# ch19_gpu's own results (sg_chapter_check: tests/CMakeLists.txt). The chapter
# exists only where the CUDA toolkit does; these tests pass with or without
# a GPU, and the first one hides the GPU to check the no-GPU path everywhere.
if(NOT TARGET ch19_gpu)
  return()
endif()

# Without a GPU (CUDA_VISIBLE_DEVICES empty hides every device): the CUDA error
# in plain words, the CPU columns measured, every GPU figure "not measured",
# exit 0. The seed fixes the MLP's losses (to rounding: the release build
# uses FMA, the debug build not); timings are only checked to exist.
sg_chapter_check(ch19_gpu without_a_gpu
  "gpu%^no GPU: .+ \\(cuda[A-Za-z]+\\)$"
  "validated%^every measured product, worst error"
  "ms_cpu_naive_at_128>0" "ms_eigen_1_thread_at_128>0"
  "ms_eigen_all_threads_at_128%^([0-9.]+|not measured \\(no OpenMP\\))$"
  "ms_gpu_v1_naive_at_128=not measured (no GPU)" "ms_gpu_v2_tiled_at_128=not measured (no GPU)"
  "ms_gpu_v3_register_at_128=not measured (no GPU)" "ms_gpu_v4_cublas_at_128=not measured (no GPU)"
  "gpu_crossover=not measured (no GPU)"
  "mlp_cpu_ms_per_step>0" "mlp_cpu_loss_first~2.66353:1e-3" "mlp_cpu_loss_last<2.0"
  "mlp_gpu_ms_per_step=not measured (no GPU)"
  -- --quick --quiet)
set_tests_properties(smoke:ch19_gpu:without_a_gpu PROPERTIES ENVIRONMENT "CUDA_VISIBLE_DEVICES=")

# As the machine is: with a GPU its figures are measured (and validated, or
# the run fails), without one they say why. --gradcheck also checks the
# reference the GPU is held to.
sg_chapter_check(ch19_gpu as_this_machine_is
  "gpu%^(no GPU: .+|.+ \\(sm_[0-9]+, [0-9]+ SMs, .+\\))$"
  "ms_gpu_v4_cublas_at_128%^([0-9.]+|not measured \\(no GPU\\))$"
  "mlp_gpu_ms_per_step%^([0-9.]+|not measured \\(no GPU\\))$"
  "mlp_cpu_loss_first~2.66353:1e-3"
  "gradcheck.reference_mlp%^passed"
  -- --quick --quiet --gradcheck)
