// roi_align benchmark (issue 4): 8x256x50x50 float32 map, 1000 RoIs, 7x7 bins, sampling_ratio 2.
//   roi_align_8x256x50x50_r1000/paddle    pd::call("roi_align", ...) as users reach it
//   roi_align_8x256x50x50_r1000/baseline  a straightforward C++ roi_align (the Detectron-style
//                                         loop: OpenMP over RoIs, bilinear weights recomputed for
//                                         every channel), same inputs and output
// Registered statically; ops_bench.cc's main runs them and prints the RATIO table.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "framework/op_registry.h"

namespace {

using pd::TensorRef;

constexpr int64_t kN = 8, kC = 256, kH = 50, kW = 50, kR = 1000, kP = 7, kSR = 2;
constexpr float kScale = 1.f / 16.f;  // 800x800 image -> 50x50 map

struct RoiInputs {
  TensorRef x, rois, nums;
  RoiInputs() {
    x = pd::empty_tensor(pd::DType::Float32, {kN, kC, kH, kW});
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    float* px = x->data<float>();
    for (int64_t i = 0; i < x->numel(); ++i) px[i] = u(rng);
    rois = pd::empty_tensor(pd::DType::Float32, {kR, 4});
    std::uniform_real_distribution<float> pos(0.f, 700.f), size(16.f, 300.f);
    float* pr = rois->data<float>();
    for (int64_t r = 0; r < kR; ++r) {
      float x1 = pos(rng), y1 = pos(rng);
      pr[4 * r] = x1;
      pr[4 * r + 1] = y1;
      pr[4 * r + 2] = std::min(799.f, x1 + size(rng));
      pr[4 * r + 3] = std::min(799.f, y1 + size(rng));
    }
    nums = pd::empty_tensor(pd::DType::Int32, {kN});
    for (int64_t b = 0; b < kN; ++b) nums->data<int32_t>()[b] = (int32_t)(kR / kN);
  }
};

const RoiInputs& inputs() {
  static RoiInputs in;
  return in;
}

void roi_align_paddle(benchmark::State& st) {
  const RoiInputs& in = inputs();
  for (auto _ : st) {
    TensorRef out;
    try {
      out = pd::call("roi_align", {in.x, in.rois, in.nums},
                     {{"pooled_height", kP}, {"pooled_width", kP}, {"spatial_scale", (double)kScale},
                      {"sampling_ratio", kSR}, {"aligned", false}});
    } catch (const std::exception& e) {
      st.SkipWithError(e.what());
      break;
    }
    benchmark::DoNotOptimize(out->raw_data());
  }
}

inline float baseline_bilinear(const float* p, float y, float x) {
  if (y < -1.f || y > (float)kH || x < -1.f || x > (float)kW) return 0.f;
  y = std::max(y, 0.f);
  x = std::max(x, 0.f);
  int y0 = (int)y, x0 = (int)x, y1, x1;
  if (y0 >= kH - 1) { y0 = y1 = kH - 1; y = (float)y0; } else y1 = y0 + 1;
  if (x0 >= kW - 1) { x0 = x1 = kW - 1; x = (float)x0; } else x1 = x0 + 1;
  float ly = y - y0, lx = x - x0, hy = 1.f - ly, hx = 1.f - lx;
  return hy * hx * p[y0 * kW + x0] + hy * lx * p[y0 * kW + x1] + ly * hx * p[y1 * kW + x0] +
         ly * lx * p[y1 * kW + x1];
}

void roi_align_baseline(benchmark::State& st) {
  const RoiInputs& in = inputs();
  const float* px = in.x->data<float>();
  const float* pr = in.rois->data<float>();
  for (auto _ : st) {
    std::vector<float> out((size_t)(kR * kC * kP * kP));
#pragma omp parallel for schedule(dynamic, 4)
    for (int64_t r = 0; r < kR; ++r) {
      const int64_t b = r / (kR / kN);
      const float* roi = pr + 4 * r;
      float x1 = roi[0] * kScale, y1 = roi[1] * kScale;
      float rw = std::max(roi[2] * kScale - x1, 1.f), rh = std::max(roi[3] * kScale - y1, 1.f);
      float bw = rw / kP, bh = rh / kP;
      for (int64_t c = 0; c < kC; ++c) {
        const float* plane = px + (b * kC + c) * kH * kW;
        for (int64_t ph = 0; ph < kP; ++ph)
          for (int64_t pw = 0; pw < kP; ++pw) {
            float s = 0.f;
            for (int iy = 0; iy < kSR; ++iy)
              for (int ix = 0; ix < kSR; ++ix)
                s += baseline_bilinear(plane, y1 + ph * bh + (iy + .5f) * bh / kSR,
                                       x1 + pw * bw + (ix + .5f) * bw / kSR);
            out[((r * kC + c) * kP + ph) * kP + pw] = s / (kSR * kSR);
          }
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
}

const bool registered = [] {
  benchmark::RegisterBenchmark("roi_align_8x256x50x50_r1000/paddle", roi_align_paddle)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("roi_align_8x256x50x50_r1000/baseline", roi_align_baseline)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  return true;
}();

}  // namespace
