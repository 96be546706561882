// Chapter 19: the GPU. The same matrix product in numbered versions, from a
// CPU triple loop to cuBLAS, each validated against the engine before it is
// timed; then the chapter's MLP trained on the GPU and on the CPU side by side.
// Without a GPU it says why, measures the CPU side, and exits 0.
// Lesson text: docs/book/19-gpu.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <optional>

#include "chapters/19_gpu/cpu_matmul.hpp"
#include "chapters/19_gpu/gpu.hpp"
#include "chapters/19_gpu/mlp.hpp"
#include "chapters/19_gpu/report.hpp"
#include "chapters/19_gpu/sweep.hpp"
#include "19_gpu/gpu_exercises.hpp"
#include "chapters/common/chapter.hpp"

using namespace sg;
using namespace sg::ch19;

namespace {

// The 1-minute load average (Linux), if this system has one: how many
// programs wanted the CPU at once, recently.
std::optional<double> load_average() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  if (in >> load) return load;
  return std::nullopt;
}

gpu::DeviceInfo find_the_gpu(book::Chapter& ch) {
  ch.section("The device");
  const gpu::DeviceInfo device = gpu::probe_device();
  ch.result("gpu", device.describe());
  ch.result("cpu_threads", cpu_threads() > 0 ? std::to_string(cpu_threads()) : "1 (no OpenMP)");
  if (const std::optional<double> load = load_average()) {
    ch.result("cpu_load_average", fmt::format("{:.2f}", *load));
    if (*load > std::max(1, cpu_threads())) {
      ch.say(fmt::format("The CPU is busy (load {:.1f} on {} threads): other programs take turns with\n"
                         "this one, so the CPU timings below, the threaded ones most, are noisy.",
                         *load, std::max(1, cpu_threads())));
    }
  }
  if (!device.available) {
    ch.say("No GPU here, so the GPU columns below say \"no GPU\": nothing is made up. The CPU\n"
           "columns are measured as usual. On a machine with an NVIDIA GPU, run the same command.");
  }
  return device;
}

void matmul_sweep(book::Chapter& ch, const gpu::DeviceInfo& device, const gpu::MlpShape& mlp) {
  ch.section("One product, seven ways: C = A·B");
  SweepOptions opt;
  opt.quick = ch.quick();
  opt.seed = ch.options().seed;
  if (ch.quick()) {
    opt.cpu_budget = {1.0, 1};   // one timed call after the warm-up: the tests and the tour
    opt.gpu_target_ms = 2;
    opt.naive_max_terms = 256LL * 256 * 256;
  }
  ch.say(fmt::format(
      "Every version first computes C once and is checked against the engine's own float\n"
      "product (bound: 1e-6 + 2·K·ε·(|A|·|B|)_ij); only then is it timed. CPU figures are the\n"
      "median of {} rounds; GPU figures are CUDA-event times of the kernels alone, with the\n"
      "copies over PCIe timed separately in the last column.",
      opt.cpu_budget.rounds));
  const int threads = cpu_threads();
  const std::vector<SweepRow> rows =
      run_sweep(sweep_sizes(ch.quick(), mlp), opt, device, [&](const SweepRow& row) {
        ch.say(fmt::format("  measured {}", row.size.name));
      });
  double worst = 0;
  for (const SweepRow& row : rows)
    for (const Measurement& c : row.cells) worst = std::max(worst, c.ms ? c.worst_ratio : 0.0);
  ch.result("validated", fmt::format("every measured product, worst error {:.2g} of its bound", worst));

  ch.say("\nMilliseconds per product (lower is better):");
  ch.table(ms_table(rows, threads));
  ch.say("\nGFLOP/s, and in brackets the speedup over Eigen on one thread:");
  ch.table(speed_table(rows, threads));
  ch.write_text("timing_sweep.csv", sweep_csv(rows, threads, device).csv());
  ch.write_plot(speedup_plot(rows, threads));
  ch.say("skipped: the naive loop takes too long at that size; no GPU: not measured, there is no\n"
         "GPU; no OpenMP: built without it. timing_sweep.csv has every figure and every reason.");

  const SweepRow& largest = [&]() -> const SweepRow& {
    const SweepRow* best = &rows.front();
    for (const SweepRow& r : rows) if (r.size.square() && r.size.M > best->size.M) best = &r;
    return *best;
  }();
  for (const Measurement& c : largest.cells) {
    ch.result(fmt::format("ms_{}_at_{}", method_key(c.method), largest.size.name),
              c.ms ? format_ms(*c.ms) : c.note);
  }
  const Measurement& one = largest.at(Method::EigenOne);
  const Measurement& all = largest.at(Method::EigenAll);
  ch.result(fmt::format("eigen_all_threads_speedup_at_{}", largest.size.name),
            one.ms && all.ms ? fmt::format("{:.2f}", *one.ms / *all.ms) : all.note);
  for (bool transfers : {true, false}) {
    const std::string key = transfers ? "gpu_crossover" : "gpu_crossover_compute_only";
    if (!device.available) {
      ch.result(key, "not measured (no GPU)");
    } else if (const std::optional<int> n = crossover(rows, transfers)) {
      ch.result(key, fmt::format("{} (the GPU is faster from n = {} up)", *n, *n));
    } else {
      ch.result(key, "none: the GPU did not stay ahead of Eigen at any size measured");
    }
  }
}

void mlp_step(book::Chapter& ch, const gpu::DeviceInfo& device, const gpu::MlpShape& s, int steps,
              float lr) {
  ch.section(fmt::format("A training step of a {}-{}-{}-{} MLP, batch {}", s.in, s.h1, s.h2, s.out, s.batch));
  ch.say(fmt::format("{} SGD steps (lr {}) on the CPU through the engine, and on the GPU from the same\n"
                     "weights. The GPU's gradients are checked after step 1, its loss after every step.",
                     steps, lr));
  const MlpComparison r = compare_mlp(s, steps, lr, ch.options().seed, device, &ch.trace(),
                                      [&](int step, float loss) { ch.trace_step(step, {{"loss", loss}}); });
  ch.restore_trace();
  ch.table(mlp_table(r, device), "timing_mlp.csv");
  ch.write_text("mlp_loss.csv", mlp_loss_csv(r).csv());
  ch.write_graph("mlp_graph", r.graph_dot, /*main_graph=*/true);
  ch.result("mlp_cpu_ms_per_step", format_ms(r.cpu_ms_per_step));
  ch.result("mlp_cpu_loss_first", r.cpu_loss.front());
  ch.result("mlp_cpu_loss_last", r.cpu_loss.back());
  ch.result("mlp_gpu_ms_per_step", r.gpu_ms_per_step ? format_ms(*r.gpu_ms_per_step) : r.gpu_note);
  if (r.gpu_ms_per_step) {
    ch.result("mlp_gpu_loss_last", r.gpu_loss.back());
    ch.result("mlp_gpu_speedup", fmt::format("{:.1f}", r.cpu_ms_per_step / *r.gpu_ms_per_step));
  }
}

// The exercises' worked examples (exercises/19_gpu/gpu_exercises.hpp), run on
// the CPU: with or without a GPU, a student sees what their code gives.
void exercises(book::Chapter& ch) {
  ch.section("Your exercises, on the CPU");
  ch.say("Exercises 19.1-19.3 (exercises/19_gpu/gpu_exercises.hpp) are the arithmetic the kernels run.\n"
         "Their worked examples, computed by your code (build/bin/grade --chapter 19 grades them):");
  ch.part("Exercise 19.1's example", [&] {
    const gpu::Cell c = gpu::naive_output_index({1, 2}, {3, 4}, {32, 8});
    ch.result("exercise_19_1_block_1_2_thread_3_4", fmt::format("row {}, col {} (expected: row 35, col 20)", c.row, c.col));
  });
  ch.part("Exercise 19.2's example", [&] {
    const float A[] = {1, 2, 3, 4, 5, 6};   // [1 4; 2 5; 3 6], column-major
    ch.result("exercise_19_2_tile_load", fmt::format("(2,1) -> {}, (3,0) -> {} (expected: 6 and 0)",
                                                     gpu::tile_load(A, 3, 2, 2, 1), gpu::tile_load(A, 3, 2, 3, 0)));
  });
  ch.part("Exercise 19.3's example", [&] {
    const float z[] = {0, 0}, b[] = {0, 0};
    float dz[2];
    const float loss = gpu::softmax_xent_row(z, b, 2, 1, 0, 1.0f, dz);
    ch.result("exercise_19_3_softmax_xent_row",
              fmt::format("loss {:.4f}, dZ ({:.2f}, {:.2f}) (expected: 0.6931, (-0.50, 0.50))", loss, dz[0], dz[1]));
  });
}

void what_next(book::Chapter& ch) {
  ch.section("Try next");
  ch.say("- Read timing_sweep.csv: where does v1 stop gaining GFLOP/s as n grows, and why?\n"
         "- Make the tile of v2 16 instead of 32 (kernel_math.hpp): faster or slower, and why?");
}

}  // namespace

int main(int argc, char** argv) {
  book::Chapter ch("ch19_gpu", "The GPU",
                   "Why GPUs made deep learning fast: a matrix product in numbered CUDA versions "
                   "(naive, tiled, register-blocked, cuBLAS), each validated against the CPU, timed "
                   "against a naive loop and Eigen on one and on all threads; then the MLP's "
                   "training step on both. Without a GPU: the CPU side, and why there is no GPU.");
  int steps = 20;
  float lr = 0.05f;
  ch.cli().add_option("--mlp-steps", steps, "SGD steps of the MLP on each side (--quick: 3, batch 32)")
      ->check(CLI::Range(2, 100000))->capture_default_str();
  ch.cli().add_option("--lr", lr, "SGD learning rate of the MLP")->check(CLI::PositiveNumber)->capture_default_str();
  return ch.run(argc, argv, [&](book::Chapter& ch) {
    const gpu::DeviceInfo device = find_the_gpu(ch);
    // --quick (the tests, the tour, and the sanitizer build, where Eigen runs
    // unoptimised) trains the same network on a batch of 32 instead of 256.
    const gpu::MlpShape mlp = ch.quick() ? gpu::MlpShape{32} : gpu::MlpShape{};
    matmul_sweep(ch, device, mlp);
    const bool steps_given = ch.cli().get_option("--mlp-steps")->count() > 0;
    mlp_step(ch, device, mlp, ch.quick() && !steps_given ? 3 : steps, lr);
    if (ch.gradcheck_requested()) {
      ch.section("The reference, checked");
      ch.say("The engine's numerical gradient check of the CPU reference network's architecture,\n"
             "in double on a small copy (12-10-8-4, batch 6).");
      ch.report_gradcheck("reference_mlp", gradcheck_reference_mlp(ch.options().seed));
    }
    exercises(ch);
    what_next(ch);
  });
}
