// The training benchmark: one epoch of a 784-256-128-10 ReLU MLP on
// Fashion-MNIST (float32, softmax cross-entropy, SGD with momentum 0.9,
// lr 0.01) at batch 64 and 256, and Adam at 64, plus the figures that explain
// the epoch time: the tiny-op overhead, one large product against raw Eigen,
// the trace's cost per level, and the epoch's GFLOP/s against this core's
// FMA peak. bench/torch_mlp.py trains the same network in PyTorch, and
// bench/run_training_bench.sh runs both side by side and prints the table
// (docs/performance.md). Not a test: nothing here fails on timing.
//
//   ./build/bin/train_mlp [--batches N] [--data-dir DIR]
//
// Every result is one machine-readable line, e.g.
//   engine batch=64 opt=sgd seconds=2.41 batches=938 gflop=84.5 gflops=35.0 ...
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/stepgrad.hpp"
#include "engine/trace/sinks.hpp"

using namespace sg;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 7;
constexpr std::uint64_t kInitSeed = 1, kShuffleSeed = 42;
// The network's layer sizes: 784-256-128-10.
constexpr Index kIn = 784, kH1 = 256, kH2 = 128, kOut = 10;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median over repeats of the time of `iters` calls of fn, per call, in µs.
double time_per_call_us(int iters, const std::function<void()>& fn) {
  std::vector<double> samples;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = Clock::now();
    for (int i = 0; i < iters; ++i) fn();
    samples.push_back(seconds_since(start) * 1e6 / iters);
  }
  return median(samples);
}

// ---- the epoch -----------------------------------------------------------------

// The FLOP of one batch as the issue counts them: forward + two backward
// products per layer, 3 × 2·B·(784·256 + 256·128 + 128·10). The first
// layer's dX is never computed (the images need no gradient), so the products
// actually run are that minus 2·B·784·256.
double flop_per_batch(Index B) { return 3.0 * 2.0 * B * (kIn * kH1 + kH1 * kH2 + kH2 * kOut); }
double flop_needed_per_batch(Index B) { return flop_per_batch(B) - 2.0 * B * kIn * kH1; }

Sequential<float> make_mlp(Context& ctx, Generator& gen) {
  Sequential<float> model;
  model.emplace<Linear<float>>(ctx, "fc1", kIn, kH1, gen);
  model.emplace<ReLU<float>>();
  model.emplace<Linear<float>>(ctx, "fc2", kH1, kH2, gen);
  model.emplace<ReLU<float>>();
  model.emplace<Linear<float>>(ctx, "fc3", kH2, kOut, gen);
  return model;
}

// Where an epoch's time goes, in seconds.
struct EpochTimes {
  double data = 0, forward = 0, backward = 0, step = 0, zero_grad = 0, loss_sum = 0;
  Index batches = 0;
  double total() const { return data + forward + backward + step + zero_grad; }
};

// One epoch (or its first max_batches batches): per batch a fresh graph,
// forward, loss, backward(), step(), zero_grad(). Each phase is timed on
// its own (a clock read is ~20 ns against milliseconds per batch).
EpochTimes train_epoch(const DatasetF& train, Index B, bool adam, Index max_batches, int threads) {
  Context ctx;
  ctx.set_threads(threads);
  Generator init_gen(kInitSeed), shuffle_gen(kShuffleSeed);
  Sequential<float> model = make_mlp(ctx, init_gen);
  std::unique_ptr<Optimizer<float>> opt;
  if (adam) opt = std::make_unique<Adam<float>>(model.params(), AdamOptions{.lr = 1e-3});
  else opt = std::make_unique<SGD<float>>(model.params(), SGDOptions{.lr = 0.01, .momentum = 0.9});
  DataLoader<float> loader(train, B, shuffle_gen);
  loader.new_epoch();
  EpochTimes t;
  t.batches = max_batches > 0 ? std::min(max_batches, loader.batches_per_epoch()) : loader.batches_per_epoch();
  for (Index i = 0; i < t.batches; ++i) {
    auto start = Clock::now();
    Batch<float> batch = loader.batch(i);   // gathers B shuffled rows
    TensorF X = ctx.input<float>(std::move(batch.X), "X");
    t.data += seconds_since(start);
    start = Clock::now();
    TensorF L = cross_entropy(model(X), batch.labels);
    t.forward += seconds_since(start);
    start = Clock::now();
    L.backward();
    t.backward += seconds_since(start);
    start = Clock::now();
    opt->step();
    t.step += seconds_since(start);
    start = Clock::now();
    opt->zero_grad();
    t.zero_grad += seconds_since(start);
    t.loss_sum += L.item();
  }
  return t;
}

// The same products as one batch of the epoch, in raw Eigen: a floor for the
// epoch time (seconds per batch). Forward Y = X·W per layer; backward dW = Xᵀ·dY
// for every layer and dX = dY·Wᵀ for all but the first.
double gemm_floor_per_batch(Index B) {
  Generator gen(7);
  const MatF X = gen.uniform_matrix<float>(B, kIn, 0, 1);
  const MatF W1 = gen.uniform_matrix<float>(kIn, kH1, -0.1, 0.1), W2 = gen.uniform_matrix<float>(kH1, kH2, -0.1, 0.1),
             W3 = gen.uniform_matrix<float>(kH2, kOut, -0.1, 0.1);
  MatF H1(B, kH1), H2(B, kH2), Z(B, kOut), dW1(kIn, kH1), dW2(kH1, kH2), dW3(kH2, kOut), dH1(B, kH1), dH2(B, kH2);
  const MatF dZ = MatF::Constant(B, kOut, 0.01f);
  return 1e-6 * time_per_call_us(20, [&] {
    H1.noalias() = X * W1;
    H2.noalias() = H1 * W2;
    Z.noalias() = H2 * W3;
    dW3.noalias() = H2.transpose() * dZ;
    dH2.noalias() = dZ * W3.transpose();
    dW2.noalias() = H1.transpose() * dH2;
    dH1.noalias() = dH2 * W2.transpose();
    dW1.noalias() = X.transpose() * dH1;
  });
}

void report_epoch(const DatasetF& train, Index B, bool adam, Index max_batches, double peak_gflops, int threads) {
  const EpochTimes t = train_epoch(train, B, adam, max_batches, threads);
  const double gflop = flop_per_batch(B) * static_cast<double>(t.batches) / 1e9;
  const double gflops = gflop / t.total();
  fmt::print("engine batch={} opt={} threads={} seconds={:.4f} batches={} gflop={:.2f} gflops={:.2f} peak_fraction={:.3f} "
             "needed_gflops={:.2f} mean_loss={:.4f}\n",
             B, adam ? "adam" : "sgd", threads, t.total(), t.batches, gflop, gflops, gflops / peak_gflops,
             flop_needed_per_batch(B) * static_cast<double>(t.batches) / 1e9 / t.total(),
             t.loss_sum / static_cast<double>(t.batches));
  fmt::print("engine batch={} opt={} threads={} phases data={:.4f} forward={:.4f} backward={:.4f} step={:.4f} zero_grad={:.4f} "
             "gemm_floor={:.4f}\n",
             B, adam ? "adam" : "sgd", threads, t.data, t.forward, t.backward, t.step, t.zero_grad,
             gemm_floor_per_batch(B) * static_cast<double>(t.batches));
}

// ---- where the epoch's time goes, against the fastest form of each phase ---------

// The two phases of the epoch that are not products. (1) The batch: the
// dataset is column-major, so gathering one image (a row) reads 784 floats
// 240 KB apart, one cache line each; from a row-major copy an image is one
// contiguous 3 KB read. (2) The SGD step: the optimiser checks, writes new
// buffers and swaps (engine/optim/optimizer.hpp); the update alone, in
// place, is one pass: b ← μb + g, θ ← θ − lr·b.
void report_bottlenecks(const DatasetF& train) {
  Generator gen(5), shuffle_gen(kShuffleSeed);
  DataLoader<float> loader(train, 64, shuffle_gen);
  loader.new_epoch();
  Index i = 0;
  const double loader_us = time_per_call_us(200, [&] { loader.batch(i++ % 900); });
  using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMajorF rows = train.X;
  RowMajorF gathered(64, kIn);
  MatF Xb(64, kIn);
  i = 0;
  const double rowmajor_us = time_per_call_us(200, [&] {
    const Index start = (i++ % 900) * 64;
    for (Index j = 0; j < 64; ++j) gathered.row(j) = rows.row(loader.order()[static_cast<std::size_t>(start + j)]);
    Xb = gathered;   // the engine's matrices are column-major
  });
  fmt::print("engine micro=batch_64 loader_us={:.1f} rowmajor_us={:.1f}\n", loader_us, rowmajor_us);

  Context ctx;
  Sequential<float> model = make_mlp(ctx, gen);
  std::vector<TensorF> params = model.params();
  for (TensorF& p : params) p.grad_mut() = gen.uniform_matrix<float>(p.rows(), p.cols(), -1e-3, 1e-3);
  SGD<float> opt(params, SGDOptions{.lr = 0.01, .momentum = 0.9});
  const double step_us = time_per_call_us(50, [&] { opt.step(); });
  std::vector<MatF> velocity;
  for (const TensorF& p : params) velocity.push_back(MatF::Zero(p.rows(), p.cols()));
  const double raw_us = time_per_call_us(50, [&] {
    for (std::size_t k = 0; k < params.size(); ++k) {
      velocity[k] = 0.9f * velocity[k] + params[k].grad();
      params[k].value_mut() -= 0.01f * velocity[k];
    }
  });
  fmt::print("engine micro=sgd_step_235k step_us={:.1f} raw_eigen_us={:.1f}\n", step_us, raw_us);
}

// ---- this core's FMA peak ----------------------------------------------------------

// kChains independent chains acc = acc·m + c: an FMA has a latency of about 4
// cycles and a core issues up to 2 per cycle, so at least 8 chains must be in
// flight; 12 fit in the 16 AVX2 registers with the two constants. Best of
// kRepeats runs (a peak, not a typical time). FLOP = 2 per lane per FMA.
constexpr int kChains = 12;
constexpr long kFmaIters = 5'000'000;

template <typename V, typename Set1, typename Fma, typename Sum>
double fma_peak_gflops(int lanes, Set1 set1, Fma fma, Sum sum) {
  double best = 0;
  float sink = 0;
  for (int r = 0; r < kRepeats; ++r) {
    V acc[kChains];
    for (int j = 0; j < kChains; ++j) acc[j] = set1(static_cast<float>(j));
    const V m = set1(0.999999f), c = set1(1e-6f);   // stays finite and normal
    const auto start = Clock::now();
    for (long i = 0; i < kFmaIters; ++i)
      for (int j = 0; j < kChains; ++j) acc[j] = fma(acc[j], m, c);
    const double s = seconds_since(start);
    for (int j = 0; j < kChains; ++j) sink += sum(acc[j]);   // keeps the loop alive
    best = std::max(best, 2.0 * lanes * kChains * static_cast<double>(kFmaIters) / s / 1e9);
  }
  if (sink == -1.0f) fmt::print("impossible\n");
  return best;
}

// The better of the 256-bit and (where the CPU has it) 512-bit FMA loops:
// on AMD Zen 4 a 512-bit FMA takes two 256-bit pipes, so both give the same.
double fma_peak() {
  double peak = 0;
#if defined(__FMA__) && defined(__AVX2__)
  const double p256 = fma_peak_gflops<__m256>(
      8, [](float x) { return _mm256_set1_ps(x); },
      [](__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); },
      [](__m256 a) { return _mm256_cvtss_f32(a); });
  fmt::print("engine peak=fma256 gflops={:.2f}\n", p256);
  peak = std::max(peak, p256);
#endif
#if defined(__AVX512F__)
  const double p512 = fma_peak_gflops<__m512>(
      16, [](float x) { return _mm512_set1_ps(x); },
      [](__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); },
      [](__m512 a) { return _mm512_reduce_add_ps(a); });
  fmt::print("engine peak=fma512 gflops={:.2f}\n", p512);
  peak = std::max(peak, p512);
#endif
  if (peak == 0) fmt::print("engine peak=none (built without FMA: the fractions below are against 1 GFLOP/s)\n");
  return peak == 0 ? 1.0 : peak;
}

// ---- tiny graphs and one large product -----------------------------------------------

// One SGD step (forward, backward, 4 updates) of the 2-2-1 XOR network of
// bench_ops, in double: 6 ops and 6 leaves, where per-op overhead is all.
double xor_step_us(Trace* trace) {
  Context ctx(trace);
  Generator gen(3);
  Linear<double> l1(ctx, "hidden", 2, 2, gen), l2(ctx, "out", 2, 1, gen);
  Mat Xv(4, 2), Yv(4, 1);
  Xv << 0, 0, 0, 1, 1, 0, 1, 1;
  Yv << 0, 1, 1, 0;
  Tensor X = ctx.input(Xv, "X"), Y = ctx.input(Yv, "Y");
  std::vector<Tensor> params = l1.params();
  for (const auto& p : l2.params()) params.push_back(p);
  SGD<double> opt(params, 0.5);
  std::int64_t step = 0;
  return time_per_call_us(trace && trace->level() != TraceLevel::Off ? 200 : 20000, [&] {
    opt.zero_grad();
    Tensor L = bce_with_logits(l2(tanh(l1(X))), Y);
    L.backward();
    opt.step();
    if (trace) trace->step(step++);
  });
}

// One training step of the MLP at batch 64 on a fixed batch (forward,
// backward, SGD step, zero_grad), in µs.
double mlp_step_us(const DatasetF& train, Trace* trace) {
  Context ctx(trace);
  Generator gen(kInitSeed);
  Sequential<float> model = make_mlp(ctx, gen);
  SGD<float> opt(model.params(), SGDOptions{.lr = 0.01, .momentum = 0.9});
  const MatF Xv = train.X.topRows(64);
  const std::vector<int> labels(train.labels.begin(), train.labels.begin() + 64);
  std::int64_t step = 0;
  return time_per_call_us(20, [&] {
    TensorF L = cross_entropy(model(ctx.input<float>(Xv, "X")), labels);
    L.backward();
    opt.step();
    opt.zero_grad();
    if (trace) trace->step(step++);
  });
}

// A stream buffer that drops everything: the JSONL sink formats every event,
// and nothing reaches a disk.
class DiscardBuf : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// The step with no trace, a trace at level off, and at steps and ops with a
// JSONL sink into the discarding stream. None and off alternate round by
// round so that drift of the machine hits both alike.
void report_trace_cost(const char* net, const std::function<double(Trace*)>& step_us) {
  std::vector<double> none, off;
  for (int round = 0; round < 5; ++round) {
    none.push_back(step_us(nullptr));
    Trace trace(TraceLevel::Off);
    off.push_back(step_us(&trace));
  }
  fmt::print("engine trace={} level=none us={:.3f}\n", net, median(none));
  fmt::print("engine trace={} level=off us={:.3f}\n", net, median(off));
  for (TraceLevel level : {TraceLevel::Steps, TraceLevel::Ops}) {
    DiscardBuf buf;
    std::ostream discard(&buf);
    Trace trace(level);
    trace.add_sink(std::make_shared<JsonlSink>(discard));
    fmt::print("engine trace={} level={} us={:.3f}\n", net, to_string(level), step_us(&trace));
  }
}

void report_tiny_and_product() {
  fmt::print("engine micro=xor_step us={:.3f}\n", xor_step_us(nullptr));

  Generator gen(1);
  Context ctx;
  Tensor A = ctx.param(gen.uniform_matrix(2, 2, 0.5, 1.5), "A");
  Tensor B = ctx.param(gen.uniform_matrix(2, 2, 0.5, 1.5), "B");
  const Mat seed = Mat::Ones(2, 2);
  fmt::print("engine micro=add_2x2 us={:.3f}\n", time_per_call_us(50000, [&] { (A + B).backward(seed); }));

  // Y = X·W (64x784 · 784x256), dX = dY·Wᵀ, dW = Xᵀ·dY: through the engine and
  // through Eigen alone, alternating round by round.
  const MatF Xv = gen.uniform_matrix<float>(64, kIn, -1, 1), Wv = gen.uniform_matrix<float>(kIn, kH1, -1, 1);
  const MatF dYv = MatF::Ones(64, kH1);
  TensorF X = ctx.param<float>(Xv, "X"), W = ctx.param<float>(Wv, "W");
  MatF Y(64, kH1), dX(64, kIn), dW(kIn, kH1);
  std::vector<double> engine, eigen;
  for (int round = 0; round < 5; ++round) {
    engine.push_back(time_per_call_us(30, [&] { matmul(X, W).backward(dYv); }));
    eigen.push_back(time_per_call_us(30, [&] {
      Y.noalias() = Xv * Wv;
      dX.noalias() = dYv * Wv.transpose();
      dW.noalias() = Xv.transpose() * dYv;
    }));
  }
  fmt::print("engine micro=matmul_64x784x256 engine_us={:.1f} eigen_us={:.1f} ratio={:.3f}\n", median(engine),
             median(eigen), median(eigen) / median(engine));
}

// Where a second thread starts to pay: one product (64,k)·(k,n) on one
// thread and split over two (engine/core/product.hpp), alternating round by
// round. The engine splits products of kParallelMinFlop FLOP and more.
void report_crossover() {
  Generator gen(9);
  Workers two(2);
  for (const auto& [k, n] : std::vector<std::pair<Index, Index>>{
           {32, 32}, {64, 64}, {128, 64}, {128, 128}, {256, 128}, {256, 256}, {784, 128}, {784, 256}}) {
    const MatF A = gen.uniform_matrix<float>(64, k, -1, 1), B = gen.uniform_matrix<float>(k, n, -1, 1);
    MatF C(64, n);
    const double flop = 2.0 * 64 * static_cast<double>(k * n);
    const int iters = std::max(20, static_cast<int>(2e8 / flop));
    std::vector<double> one, split;
    for (int round = 0; round < 5; ++round) {
      one.push_back(time_per_call_us(iters, [&] { C.noalias() = A * B; }));
      split.push_back(time_per_call_us(iters, [&] {
        two.run(2, [&](int part) {
          const auto [c0, c1] = slab(n, part, 2);
          C.middleCols(c0, c1 - c0).noalias() = A * B.middleCols(c0, c1 - c0);
        });
      }));
    }
    fmt::print("engine crossover m=64 k={} n={} mflop={:.3f} one_us={:.2f} two_us={:.2f} speedup={:.2f}\n", k, n,
               flop / 1e6, median(one), median(split), median(one) / median(split));
  }
}

}  // namespace

int main(int argc, char** argv) {
  sg::keep_freed_memory();   // engine/core/memory.hpp: a step frees its graph; keep the memory for the next
  Index max_batches = 0;
  std::vector<int> thread_counts{1, 2};
  std::string data_dir(kFashionMnistDir);
  CLI::App app{"One epoch of a 784-256-128-10 MLP on Fashion-MNIST, and the figures that explain it."};
  app.add_option("--batches", max_batches, "Stop each epoch after N batches (0: the whole epoch)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--threads", thread_counts, "Train the epochs with each of these thread counts (Context::set_threads)")
      ->check(CLI::Range(1, 64))->delimiter(',')->capture_default_str();
  app.add_option("--data-dir", data_dir, "Folder with the four Fashion-MNIST files")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
#ifdef EIGEN_USE_BLAS
    fmt::print("# large products go to BLAS (SG_USE_OPENBLAS=ON)\n");
#endif
    const DatasetF train = fashion_mnist<float>(MnistSplit::Train, data_dir);
    const double peak = fma_peak();
    for (int threads : thread_counts) {
      report_epoch(train, 64, false, max_batches, peak, threads);
      report_epoch(train, 256, false, max_batches, peak, threads);
      report_epoch(train, 64, true, max_batches, peak, threads);
    }
    report_crossover();
    report_bottlenecks(train);
    report_tiny_and_product();
    report_trace_cost("xor", xor_step_us);
    report_trace_cost("mlp", [&](Trace* trace) { return mlp_step_us(train, trace); });
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
