// NMS benchmarks (issue 4):
//   multiclass_nms_1x21x8732/paddle    pd::call("multiclass_nms", ...) on SSD300's prior count:
//                                      1 image, 21 classes, 8732 boxes, softmax scores,
//                                      score_threshold 0.01, nms_top_k 400, keep_top_k 200
//   multiclass_nms_1x21x8732/baseline  a straightforward single-threaded C++ implementation of
//                                      the same algorithm (collect, sort, greedy IoU, keep_top_k)
//   nms_1class_10000/{paddle,baseline} single-class NMS on 10 000 boxes (background_label -1,
//                                      nms_top_k -1, keep_top_k -1, threshold 0.3)
// Registered statically; ops_bench.cc's main runs them and prints the RATIO table.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "framework/op_registry.h"
#include "kernels/detection/bbox_util.h"

namespace {

using pd::TensorRef;

struct NmsInputs {
  TensorRef boxes, scores;
  int64_t C, M;
  NmsInputs(int64_t c, int64_t m, unsigned seed) : C(c), M(m) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    boxes = pd::empty_tensor(pd::DType::Float32, {1, m, 4});
    scores = pd::empty_tensor(pd::DType::Float32, {1, c, m});
    float* b = boxes->data<float>();
    for (int64_t i = 0; i < m; ++i) {
      const float cx = u(g), cy = u(g), w = 0.02f + 0.3f * u(g), h = 0.02f + 0.3f * u(g);
      b[4 * i] = cx - w / 2; b[4 * i + 1] = cy - h / 2; b[4 * i + 2] = cx + w / 2; b[4 * i + 3] = cy + h / 2;
    }
    float* s = scores->data<float>();
    std::vector<float> l((size_t)c);
    for (int64_t i = 0; i < m; ++i) {
      float sum = 0;
      for (auto& v : l) sum += (v = std::exp(4.f * u(g)));
      for (int64_t k = 0; k < c; ++k) s[k * m + i] = c == 1 ? u(g) : l[k] / sum;
    }
  }
};

const NmsInputs& ssd_inputs() { static NmsInputs in(21, 8732, 5); return in; }
const NmsInputs& single_inputs() { static NmsInputs in(1, 10000, 6); return in; }

void run_paddle(benchmark::State& st, const NmsInputs& in, double thr, int64_t top_k, int64_t keep,
                int64_t bg) {
  for (auto _ : st) {
    TensorRef out;
    try {
      out = pd::call("multiclass_nms", {in.boxes, in.scores},
                     {{"background_label", bg}, {"score_threshold", thr}, {"nms_top_k", top_k},
                      {"nms_threshold", 0.3}, {"nms_eta", 1.0}, {"keep_top_k", keep},
                      {"normalized", true}});
    } catch (const std::exception& e) {
      st.SkipWithError(e.what());
      return;
    }
    benchmark::DoNotOptimize(out->raw_data());
  }
}

// Straightforward reference: per class collect + std::sort + greedy, then keep_top_k.
void run_baseline(benchmark::State& st, const NmsInputs& in, float thr, int64_t top_k, int64_t keep,
                  int64_t bg) {
  const float* b = in.boxes->data<float>();
  const float* s = in.scores->data<float>();
  for (auto _ : st) {
    std::vector<float> out;
    std::vector<std::pair<float, int>> all;
    std::vector<std::vector<int>> kept((size_t)in.C);
    for (int64_t c = 0; c < in.C; ++c) {
      if (c == bg) continue;
      std::vector<std::pair<float, int>> cand;
      for (int64_t i = 0; i < in.M; ++i)
        if (s[c * in.M + i] > thr) cand.emplace_back(s[c * in.M + i], (int)i);
      std::stable_sort(cand.begin(), cand.end(), [](auto& x, auto& y) { return x.first > y.first; });
      if (top_k > -1 && (int64_t)cand.size() > top_k) cand.resize((size_t)top_k);
      for (auto& p : cand) {
        bool ok = true;
        for (int k : kept[c])
          if (pd::jaccard_overlap(b + 4 * p.second, b + 4 * k, true) > 0.3f) { ok = false; break; }
        if (ok) kept[c].push_back(p.second);
      }
      for (int k : kept[c]) all.emplace_back(s[c * in.M + k], (int)(c * in.M + k));
    }
    if (keep > -1 && (int64_t)all.size() > keep) {
      std::stable_sort(all.begin(), all.end(), [](auto& x, auto& y) { return x.first > y.first; });
      all.resize((size_t)keep);
    }
    out.reserve(all.size() * 6);
    for (auto& p : all) {
      const int64_t c = p.second / in.M, i = p.second % in.M;
      out.insert(out.end(), {(float)c, p.first, b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]});
    }
    benchmark::DoNotOptimize(out.data());
  }
}

const bool registered = [] {
  benchmark::RegisterBenchmark("multiclass_nms_1x21x8732/paddle", [](benchmark::State& st) {
    run_paddle(st, ssd_inputs(), 0.01, 400, 200, 0);
  })->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("multiclass_nms_1x21x8732/baseline", [](benchmark::State& st) {
    run_baseline(st, ssd_inputs(), 0.01f, 400, 200, 0);
  })->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("nms_1class_10000/paddle", [](benchmark::State& st) {
    run_paddle(st, single_inputs(), 0.0, -1, -1, -1);
  })->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("nms_1class_10000/baseline", [](benchmark::State& st) {
    run_baseline(st, single_inputs(), 0.0f, -1, -1, -1);
  })->Unit(benchmark::kMillisecond)->UseRealTime();
  return true;
}();

}  // namespace
