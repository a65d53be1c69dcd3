// Native engine benchmarks (Google Benchmark). Every case is a pair measured in the same run:
//   <case>/paddle    the op run through the engine exactly as users reach it: pd::call(<op>, ...)
//                    (registry lookup, dtype/shape checks, output allocation, kernel)
//   <case>/baseline  a peer doing the same work: dnnl_sgemm called directly for matmul, a raw
//                    OpenMP loop moving the same bytes for elementwise/reduce, a plain C++ loop
//                    for softmax.
// After the runs, RatioReporter prints a RATIO table (paddle real time / baseline real time).
// Some cases also have informational extra rows (e.g. <case>/baseline_alloc) that are listed in
// the table against the same baseline.
//
//   build/bench/paddle_native_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "framework/op_registry.h"

namespace {

using pd::TensorRef;

TensorRef random_tensor(const std::vector<int64_t>& dims, unsigned seed) {
  TensorRef t = pd::empty_tensor(pd::DType::Float32, dims);
  float* p = t->data<float>();
  int64_t n = t->numel();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (int64_t i = 0; i < n; ++i) p[i] = u(rng);
  return t;
}

// Runs one op call; a missing op or a failing kernel skips the case with the engine's message.
template <typename F>
TensorRef run_or_skip(benchmark::State& st, const F& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    st.SkipWithError(e.what());
    return TensorRef();
  }
}

// 64-byte aligned float buffer, first-touched in parallel (as the baselines use it).
struct Buffer {
  float* p = nullptr;
  int64_t n = 0;
  explicit Buffer(int64_t count) : n(count) {
    size_t bytes = ((size_t)count * sizeof(float) + 63) / 64 * 64;
    p = static_cast<float*>(std::aligned_alloc(64, bytes));
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) p[i] = 0.f;
  }
  ~Buffer() { std::free(p); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
};

// ---------------- matmul: matmul_v2 vs dnnl_sgemm ----------------

void matmul_paddle(benchmark::State& st, int64_t n) {
  TensorRef a = random_tensor({n, n}, 1), b = random_tensor({n, n}, 2);
  for (auto _ : st) {
    TensorRef c = run_or_skip(st, [&] { return pd::call("matmul_v2", {a, b}); });
    if (!c) break;
    benchmark::DoNotOptimize(c->raw_data());
  }
  st.counters["GFLOPS"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate,
                                             benchmark::Counter::kIs1000);
}

void matmul_baseline(benchmark::State& st, int64_t n) {
  TensorRef a = random_tensor({n, n}, 1), b = random_tensor({n, n}, 2);
  Buffer c(n * n);
  for (auto _ : st) {
    dnnl_status_t s = dnnl_sgemm('N', 'N', n, n, n, 1.f, a->data<float>(), n, b->data<float>(), n,
                                 0.f, c.p, n);
    if (s != dnnl_success) st.SkipWithError("dnnl_sgemm failed");
    benchmark::DoNotOptimize(c.p);
    benchmark::ClobberMemory();
  }
  st.counters["GFLOPS"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate,
                                             benchmark::Counter::kIs1000);
}

// ---------------- elementwise_add vs STREAM "add" ----------------

void add_paddle(benchmark::State& st, int64_t n) {
  TensorRef a = random_tensor({n}, 3), b = random_tensor({n}, 4);
  // One untimed call first: its output block goes to the allocator's cache, as in any loop that
  // calls the op again. Without it, a loaded machine (where a 16M add takes > min_time) times only
  // this first call, i.e. faulting in a fresh 64 MiB block — what baseline_alloc measures.
  { TensorRef warm = run_or_skip(st, [&] { return pd::call("elementwise_add", {a, b}); }); }
  for (auto _ : st) {
    TensorRef c = run_or_skip(st, [&] { return pd::call("elementwise_add", {a, b}); });
    if (!c) break;
    benchmark::DoNotOptimize(c->raw_data());
  }
  st.SetBytesProcessed(st.iterations() * 3 * n * (int64_t)sizeof(float));
}

// Same bytes moved (read a, read b, write c) into a preallocated, already-touched output.
void add_baseline(benchmark::State& st, int64_t n) {
  TensorRef a = random_tensor({n}, 3), b = random_tensor({n}, 4);
  const float* pa = a->data<float>();
  const float* pb = b->data<float>();
  Buffer c(n);
  float* pc = c.p;
  for (auto _ : st) {
#pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) pc[i] = pa[i] + pb[i];
    benchmark::DoNotOptimize(pc);
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(st.iterations() * 3 * n * (int64_t)sizeof(float));
}

// Informational: the same loop, but allocating a fresh output each time as the op must
// (isolates the allocator / first-touch page-fault cost from the kernel).
void add_baseline_alloc(benchmark::State& st, int64_t n) {
  TensorRef a = random_tensor({n}, 3), b = random_tensor({n}, 4);
  const float* pa = a->data<float>();
  const float* pb = b->data<float>();
  size_t bytes = ((size_t)n * sizeof(float) + 63) / 64 * 64;
  for (auto _ : st) {
    float* pc = static_cast<float*>(std::aligned_alloc(64, bytes));
#pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) pc[i] = pa[i] + pb[i];
    benchmark::DoNotOptimize(pc);
    benchmark::ClobberMemory();
    std::free(pc);
  }
  st.SetBytesProcessed(st.iterations() * 3 * n * (int64_t)sizeof(float));
}

// ---------------- reduce_sum (full) vs a read-bandwidth loop ----------------

void sum_paddle(benchmark::State& st, int64_t n) {
  TensorRef x = random_tensor({n}, 5);
  for (auto _ : st) {
    TensorRef s = run_or_skip(st, [&] { return pd::call("reduce_sum", {x}, {{"reduce_all", true}}); });
    if (!s) break;
    benchmark::DoNotOptimize(s->raw_data());
  }
  st.SetBytesProcessed(st.iterations() * n * (int64_t)sizeof(float));
}

void sum_baseline(benchmark::State& st, int64_t n) {
  TensorRef x = random_tensor({n}, 5);
  const float* px = x->data<float>();
  for (auto _ : st) {
    float s = 0.f;
#pragma omp parallel for simd schedule(static) reduction(+ : s)
    for (int64_t i = 0; i < n; ++i) s += px[i];
    benchmark::DoNotOptimize(s);
  }
  st.SetBytesProcessed(st.iterations() * n * (int64_t)sizeof(float));
}

// ---------------- softmax (axis -1) vs a plain C++ loop ----------------

void softmax_paddle(benchmark::State& st, int64_t rows, int64_t cols) {
  TensorRef x = random_tensor({rows, cols}, 6);
  for (auto _ : st) {
    TensorRef y = run_or_skip(st, [&] { return pd::call("softmax", {x}, {{"axis", (int64_t)-1}}); });
    if (!y) break;
    benchmark::DoNotOptimize(y->raw_data());
  }
  st.SetBytesProcessed(st.iterations() * 2 * rows * cols * (int64_t)sizeof(float));
}

// Straightforward row loop: max, exp + sum, scale; rows split over the OpenMP threads.
void softmax_baseline(benchmark::State& st, int64_t rows, int64_t cols) {
  TensorRef x = random_tensor({rows, cols}, 6);
  const float* px = x->data<float>();
  Buffer y(rows * cols);
  float* py = y.p;
  for (auto _ : st) {
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      const float* in = px + r * cols;
      float* out = py + r * cols;
      float m = in[0];
      for (int64_t j = 1; j < cols; ++j) m = std::max(m, in[j]);
      float s = 0.f;
      for (int64_t j = 0; j < cols; ++j) {
        out[j] = std::exp(in[j] - m);
        s += out[j];
      }
      float inv = 1.f / s;
      for (int64_t j = 0; j < cols; ++j) out[j] *= inv;
    }
    benchmark::DoNotOptimize(py);
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(st.iterations() * 2 * rows * cols * (int64_t)sizeof(float));
}

// ---------------- ratio reporting ----------------

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.error_occurred || r.run_type != Run::RT_Iteration) continue;
      std::string name = r.benchmark_name();
      // Strip Google Benchmark suffixes such as "/min_time:0.200" or "/real_time".
      size_t pos;
      while ((pos = name.rfind('/')) != std::string::npos &&
             (name.compare(pos + 1, 9, "min_time:") == 0 || name.compare(pos + 1, 9, "real_time") == 0 ||
              name.compare(pos + 1, 11, "iterations:") == 0))
        name.erase(pos);
      times_[name] = r.GetAdjustedRealTime();
      unit_[name] = benchmark::GetTimeUnitString(r.time_unit);
      if (std::find(order_.begin(), order_.end(), name) == order_.end()) order_.push_back(name);
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nRATIO (real time of the row / real time of <case>/baseline, same run; "
                "<= 1.00 means as fast as the baseline)\n");
    std::printf("%-34s %14s %14s %8s\n", "case", "time", "baseline", "ratio");
    for (const std::string& name : order_) {
      size_t slash = name.rfind('/');
      if (slash == std::string::npos) continue;
      std::string kase = name.substr(0, slash), side = name.substr(slash + 1);
      if (side == "baseline") continue;
      auto base = times_.find(kase + "/baseline");
      if (base == times_.end() || base->second <= 0) continue;
      std::printf("%-34s %11.3f %-2s %11.3f %-2s %8.2f\n", name.c_str(), times_[name], unit_[name].c_str(),
                  base->second, unit_[base->first].c_str(), times_[name] / base->second);
    }
    std::fflush(stdout);
  }

 private:
  std::map<std::string, double> times_;
  std::map<std::string, std::string> unit_;
  std::vector<std::string> order_;
};

void register_all() {
  using benchmark::RegisterBenchmark;
  auto ms = benchmark::kMillisecond;
  auto us = benchmark::kMicrosecond;
  for (int64_t n : {256, 1024}) {
    std::string c = "matmul_" + std::to_string(n);
    auto unit = n >= 1024 ? ms : us;
    RegisterBenchmark((c + "/paddle").c_str(), matmul_paddle, n)->Unit(unit)->UseRealTime();
    RegisterBenchmark((c + "/baseline").c_str(), matmul_baseline, n)->Unit(unit)->UseRealTime();
  }
  for (int64_t n : {int64_t(1) << 20, int64_t(1) << 24}) {
    std::string c = std::string("elementwise_add_") + (n == (1 << 20) ? "1M" : "16M");
    RegisterBenchmark((c + "/paddle").c_str(), add_paddle, n)->Unit(us)->UseRealTime();
    RegisterBenchmark((c + "/baseline").c_str(), add_baseline, n)->Unit(us)->UseRealTime();
    RegisterBenchmark((c + "/baseline_alloc").c_str(), add_baseline_alloc, n)->Unit(us)->UseRealTime();
  }
  {
    int64_t n = int64_t(1) << 24;
    RegisterBenchmark("reduce_sum_16M/paddle", sum_paddle, n)->Unit(us)->UseRealTime();
    RegisterBenchmark("reduce_sum_16M/baseline", sum_baseline, n)->Unit(us)->UseRealTime();
  }
  RegisterBenchmark("softmax_1024x1024/paddle", softmax_paddle, 1024, 1024)->Unit(us)->UseRealTime();
  RegisterBenchmark("softmax_1024x1024/baseline", softmax_baseline, 1024, 1024)->Unit(us)->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  std::printf("OpenMP threads: %d\n", omp_get_max_threads());
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
