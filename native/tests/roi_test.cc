// RoI feature extraction: roi_align, roi_pool, psroi_pool, prroi_pool (+ grad ops).
#include <cmath>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef delta_map(int64_t H, int64_t W, int64_t h, int64_t w) {
  std::vector<double> v((size_t)(H * W), 0.0);
  v[(size_t)(h * W + w)] = 1.0;
  return make<double>({1, 1, H, W}, v);
}

TensorRef seq_map(int64_t N, int64_t C, int64_t H, int64_t W) {
  std::vector<double> v((size_t)(N * C * H * W));
  for (size_t i = 0; i < v.size(); ++i) v[i] = (double)i;
  return make<double>({N, C, H, W}, v);
}

TensorRef random_t(const std::vector<int64_t>& dims, unsigned seed, double lo = 0, double hi = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  int64_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> v((size_t)n);
  for (auto& e : v) e = u(rng);
  return make<double>(dims, v);
}

TensorRef i32(const std::vector<int32_t>& v) { return make<int32_t>({(int64_t)v.size()}, v); }

TensorRef cast_to(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

std::vector<NamedAttr> align_attrs(int64_t ph, int64_t pw, double scale, int64_t sr, bool aligned) {
  return {{"pooled_height", ph},
          {"pooled_width", pw},
          {"spatial_scale", scale},
          {"sampling_ratio", sr},
          {"aligned", aligned}};
}

TensorRef align1(const TensorRef& x, const std::vector<double>& roi, int64_t sr, bool aligned,
                 int64_t p = 1) {
  return call("roi_align", {x, make<double>({1, 4}, roi), i32({1})},
              align_attrs(p, p, 1.0, sr, aligned));
}

// Straightforward reference of spec 4.1 (independent of roi_kernel.h), one output value.
double ref_bilinear(const double* plane, int64_t H, int64_t W, double y, double x) {
  if (y < -1 || y > H || x < -1 || x > W) return 0;
  if (y <= 0) y = 0;
  if (x <= 0) x = 0;
  int64_t y0 = (int64_t)y, x0 = (int64_t)x, y1, x1;
  if (y0 >= H - 1) { y1 = y0 = H - 1; y = (double)y0; } else y1 = y0 + 1;
  if (x0 >= W - 1) { x1 = x0 = W - 1; x = (double)x0; } else x1 = x0 + 1;
  double ly = y - y0, lx = x - x0, hy = 1 - ly, hx = 1 - lx;
  return hy * hx * plane[y0 * W + x0] + hy * lx * plane[y0 * W + x1] +
         ly * hx * plane[y1 * W + x0] + ly * lx * plane[y1 * W + x1];
}

std::vector<double> ref_roi_align(const TensorRef& x, const TensorRef& rois,
                                  const std::vector<int64_t>& batch, int64_t PH, int64_t PW,
                                  double scale, int64_t sr, bool aligned) {
  std::vector<double> xv = values(x), rv = values(rois), out;
  const int64_t C = x->dims[1], H = x->dims[2], W = x->dims[3];
  for (size_t r = 0; r < batch.size(); ++r) {
    double off = aligned ? 0.5 : 0;
    double x1 = rv[4 * r] * scale - off, y1 = rv[4 * r + 1] * scale - off;
    double rw = rv[4 * r + 2] * scale - off - x1, rh = rv[4 * r + 3] * scale - off - y1;
    if (!aligned) { rw = std::max(rw, 1.0); rh = std::max(rh, 1.0); }
    double bh = rh / PH, bw = rw / PW;
    int64_t gh = sr > 0 ? sr : (int64_t)std::ceil(rh / PH);
    int64_t gw = sr > 0 ? sr : (int64_t)std::ceil(rw / PW);
    double count = std::max<int64_t>(gh * gw, 1);
    for (int64_t c = 0; c < C; ++c) {
      const double* plane = xv.data() + (batch[r] * C + c) * H * W;
      for (int64_t ph = 0; ph < PH; ++ph)
        for (int64_t pw = 0; pw < PW; ++pw) {
          double s = 0;
          for (int64_t iy = 0; iy < gh; ++iy)
            for (int64_t ix = 0; ix < gw; ++ix)
              s += ref_bilinear(plane, H, W, y1 + ph * bh + (iy + .5) * bh / gh,
                                x1 + pw * bw + (ix + .5) * bw / gw);
          out.push_back(s / count);
        }
    }
  }
  return out;
}

// Spec 6.9 RoIs: image b gets b+1 integer RoIs with x1 in [0, W/scale - pw], x2 in [x1+pw, W/scale].
TensorRef make_69_rois(int64_t H, int64_t W, double scale, int64_t PH, int64_t PW, unsigned seed,
                       std::vector<int64_t>* batch) {
  std::mt19937 rng(seed);
  std::vector<double> v;
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t k = 0; k <= b; ++k) {
      auto ri = [&](int64_t lo, int64_t hi) {
        return (double)std::uniform_int_distribution<int64_t>(lo, hi)(rng);
      };
      double x1 = ri(0, (int64_t)(W / scale) - PW), y1 = ri(0, (int64_t)(H / scale) - PH);
      double x2 = ri((int64_t)x1 + PW, (int64_t)(W / scale)),
             y2 = ri((int64_t)y1 + PH, (int64_t)(H / scale));
      v.insert(v.end(), {x1, y1, x2, y2});
      batch->push_back(b);
    }
  return make<double>({(int64_t)batch->size(), 4}, v);
}

}  // namespace

// ================================================================ roi_align

TEST(RoiAlign, VisionOpsValueExample) {
  // paddle.vision.ops test: X = 1..16, boxes [[1,1,2,2],[1.5,1.5,3,3]], output_size 1, aligned.
  std::vector<float> v(16);
  for (int i = 0; i < 16; ++i) v[i] = (float)(i + 1);
  TensorRef x = make<float>({1, 1, 4, 4}, v);
  TensorRef boxes = make<float>({2, 4}, {1, 1, 2, 2, 1.5f, 1.5f, 3, 3});
  TensorRef out = call("roi_align", {x, boxes, i32({2})}, align_attrs(1, 1, 1.0, -1, true));
  expect_shape(out, {2, 1, 1, 1});
  EXPECT_EQ(out->dtype, DType::Float32);
  expect_values(out, {6.0, 9.75}, 1e-5);
}

TEST(RoiAlign, SamplingPointsOn4x4ByHand) {
  // Delta at pixel (1,1): the output is the sum of that pixel's bilinear weights / count.
  TensorRef d = delta_map(4, 4, 1, 1);
  // Not aligned, roi [0,0,3,3]: sr=2 samples at 0.75, 2.25 -> weight .75 per axis; / 4.
  expect_values(align1(d, {0, 0, 3, 3}, 2, false), {0.75 * 0.75 / 4});
  // sr=1: single sample at 1.5 -> .5 per axis.
  expect_values(align1(d, {0, 0, 3, 3}, 1, false), {0.25});
  // Adaptive: grid ceil(3) = 3: samples .5, 1.5, 2.5 -> weights .5 + .5 + 0 = 1 per axis; / 9.
  expect_values(align1(d, {0, 0, 3, 3}, -1, false), {1.0 / 9});
  // Aligned (half-pixel shift): sr=2 samples at 0.25, 1.75 -> .25 + .25 per axis; / 4.
  expect_values(align1(d, {0, 0, 3, 3}, 2, true), {0.25 / 4});
  // Aligned, sr=1: sample exactly at 1.0 -> weight 1.
  expect_values(align1(d, {0, 0, 3, 3}, 1, true), {1.0});
  // Small RoI, not aligned: size clamps to 1 -> sample at 1.5 for roi [1,1,1.2,1.2].
  expect_values(align1(d, {1, 1, 1.2, 1.2}, 1, false), {0.25});
  // Small RoI, aligned: no clamp; roi [1.5,1.5,1.5,1.5] -> rw = 0 -> adaptive grid 0 -> 0.
  expect_values(align1(d, {1.5, 1.5, 1.5, 1.5}, -1, true), {0.0});
  // ... but a fixed sampling_ratio still samples the degenerate point (1,1).
  expect_values(align1(d, {1.5, 1.5, 1.5, 1.5}, 2, true), {1.0});

  // 2x2 bins on the linear map v = 4y + x, roi [0,0,3,3], sr=1: samples at .75 / 2.25.
  TensorRef lin = seq_map(1, 1, 4, 4);
  expect_values(align1(lin, {0, 0, 3, 3}, 1, false, 2), {3.75, 5.25, 9.75, 11.25});
  // spatial_scale 0.5 halves the box: roi [0,0,6,6] * .5 == roi [0,0,3,3].
  expect_values(call("roi_align", {lin, make<double>({1, 4}, {0, 0, 6, 6}), i32({1})},
                     align_attrs(2, 2, 0.5, 1, false)),
                {3.75, 5.25, 9.75, 11.25});
}

TEST(RoiAlign, RoisOutsideTheMap) {
  // Samples beyond the last row/column snap to it while <= H; beyond H they are 0 but count.
  TensorRef d33 = delta_map(4, 4, 3, 3);
  expect_values(align1(d33, {2, 2, 4, 4}, 1, false), {1.0});  // sample (3,3)
  expect_values(align1(d33, {3, 3, 4, 4}, 1, false), {1.0});  // sample (3.5,3.5) -> clamps
  expect_values(align1(d33, {4, 4, 5, 5}, 1, false), {0.0});  // sample (4.5,4.5): outside
  // sr=2 on [3,3,5,5]: samples 3.5 (snap) and 4.5 (out) per axis: 1 valid of 4.
  expect_values(align1(d33, {3, 3, 5, 5}, 2, false), {0.25});
  // Negative side: samples in [-1, 0] snap to 0; below -1 are 0.
  TensorRef d00 = delta_map(4, 4, 0, 0);
  expect_values(align1(d00, {-1.5, -1.5, -0.5, -0.5}, 1, false), {1.0});
  expect_values(align1(d00, {-3, -3, -2, -2}, 1, false), {0.0});
  // Far away / huge RoIs never read out of bounds.
  expect_values(align1(d00, {1e6, 1e6, 2e6, 2e6}, 2, false), {0.0});
  expect_values(align1(d00, {-1e7, -1e7, -1e6, -1e6}, 2, true), {0.0});
  // NaN coordinates: every sample is treated as outside.
  expect_values(align1(d00, {NAN, 0, 1, 1}, 2, false), {0.0});
}

TEST(RoiAlign, Spec69LodRoisNumAligned) {
  const int64_t H = 8, W = 6, PH = 2, PW = 2;
  const double scale = 0.5;
  TensorRef x = random_t({3, 3, H, W}, 11);
  std::vector<int64_t> batch;
  TensorRef rois = make_69_rois(H, W, scale, PH, PW, 5, &batch);
  rois->lod = {{0, 1, 3, 6}};
  for (bool aligned : {false, true}) {
    auto attrs = align_attrs(PH, PW, scale, -1, aligned);
    std::vector<double> ref = ref_roi_align(x, rois, batch, PH, PW, scale, -1, aligned);
    TensorRef a = call("roi_align", {x, rois, TensorRef()}, attrs);  // LoD
    expect_shape(a, {6, 3, PH, PW});
    expect_values(a, ref, 1e-12);
    TensorRef b = call("roi_align", {x, rois, i32({1, 2, 3})}, attrs);  // RoisNum
    expect_values(b, ref, 1e-12);
    // RoisNum wins over the LoD; int64 counts accepted too.
    TensorRef c = call("roi_align", {x, rois, make<int64_t>({3}, {1, 2, 3})}, attrs);
    expect_values(c, ref, 1e-12);
    check_gradients([&](const std::vector<TensorRef>& in) {
      return call("roi_align", {in[0], rois, TensorRef()}, attrs);
    }, {x});
    check_gradients([&](const std::vector<TensorRef>& in) {
      return call("roi_align", {in[0], rois, i32({1, 2, 3})}, attrs);
    }, {x});
  }
}

TEST(RoiAlign, GradientFixedSamplingAndOverlaps) {
  TensorRef x = random_t({2, 2, 5, 4}, 3);
  // Overlapping RoIs, RoIs partly outside, aligned and not, sampling 1 and 2.
  TensorRef rois = make<double>({4, 4}, {0, 0, 3, 3, 1, 1, 4.5, 3.5, -1, -1, 2, 6, 0.2, 0.3, 0.9, 1.1});
  for (bool aligned : {false, true})
    for (int64_t sr : {1, 2, -1}) {
      auto attrs = align_attrs(2, 3, 1.0, sr, aligned);
      std::vector<double> ref = ref_roi_align(x, rois, {0, 0, 1, 1}, 2, 3, 1.0, sr, aligned);
      expect_values(call("roi_align", {x, rois, i32({2, 2})}, attrs), ref, 1e-12);
      check_gradients([&](const std::vector<TensorRef>& in) {
        return call("roi_align", {in[0], rois, i32({2, 2})}, attrs);
      }, {x});
    }
}

TEST(RoiAlign, EmptyRoiListAndDtypes) {
  TensorRef x = random_t({2, 3, 4, 4}, 1);
  TensorRef rois = make<double>({0, 4}, {});
  TensorRef out = call("roi_align", {x, rois, i32({0, 0})}, align_attrs(2, 2, 1.0, 2, false));
  expect_shape(out, {0, 3, 2, 2});
  rois->lod = {{0, 0, 0}};
  expect_shape(call("roi_align", {x, rois, TensorRef()}, align_attrs(2, 2, 1.0, 2, false)),
               {0, 3, 2, 2});
  // Gradient of an empty selection is all zeros.
  TensorRef xg = alias_detached(*x);
  xg->stop_gradient = false;
  TensorRef o = call("roi_align", {xg, rois, i32({0, 0})}, align_attrs(2, 2, 1.0, 2, false));
  backward(o, TensorRef(), false);
  ASSERT_TRUE(xg->grad);
  for (double v : values(xg->grad)) EXPECT_EQ(v, 0.0);

  // float32 and float16 (through float32) agree with float64.
  TensorRef r = make<double>({2, 4}, {0, 0, 3, 3, 1, 0.5, 2.5, 3});
  auto attrs = align_attrs(2, 2, 1.0, 2, true);
  std::vector<double> ref = values(call("roi_align", {x, r, i32({1, 1})}, attrs));
  TensorRef f = call("roi_align", {cast_to(x, DType::Float32), cast_to(r, DType::Float32), i32({1, 1})}, attrs);
  EXPECT_EQ(f->dtype, DType::Float32);
  expect_values(f, ref, 1e-5);
  TensorRef h = call("roi_align", {cast_to(x, DType::Float16), cast_to(r, DType::Float16), i32({1, 1})}, attrs);
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, ref, 5e-3);
}

TEST(RoiAlign, NonContiguousInput) {
  TensorRef base = random_t({1, 4, 4, 2}, 9);  // [N, H, W, C] -> transpose to [N, C, H, W]
  TensorRef x = call("transpose2", {base}, {{"axis", std::vector<int64_t>{0, 3, 1, 2}}});
  TensorRef xc = contiguous(x);
  TensorRef r = make<double>({1, 4}, {0.5, 0.5, 2.5, 3});
  auto attrs = align_attrs(2, 2, 1.0, 2, false);
  expect_values(call("roi_align", {x, r, i32({1})}, attrs),
                values(call("roi_align", {xc, r, i32({1})}, attrs)), 1e-12);
}

TEST(RoiAlign, MalformedInput) {
  TensorRef x = random_t({2, 1, 4, 4}, 1);
  TensorRef r = make<double>({2, 4}, {0, 0, 1, 1, 0, 0, 2, 2});
  auto attrs = align_attrs(2, 2, 1.0, 2, false);
  expect_error([&] { call("roi_align", {make<double>({1, 4, 4}, std::vector<double>(16)), r, i32({2})}, attrs); },
               PD_INVALID_ARGUMENT, "roi_align: input X has shape [1, 4, 4]; expected a 4-D tensor");
  expect_error([&] { call("roi_align", {x, make<double>({2, 5}, std::vector<double>(10)), i32({1, 1})}, attrs); },
               PD_INVALID_ARGUMENT, "roi_align: input ROIs has shape [2, 5]; expected a 2-D tensor [R, 4]");
  expect_error([&] { call("roi_align", {x, r, i32({1, 2})}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: input RoisNum adds up to 3 RoIs but ROIs has 2 rows");
  expect_error([&] { call("roi_align", {x, r, i32({2})}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: input RoisNum has 1 entries but X has batch size 2");
  expect_error([&] { call("roi_align", {x, r, i32({3, -1})}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: input RoisNum[1] is -1; expected a non-negative RoI count");
  expect_error([&] { call("roi_align", {x, r, make<float>({2}, {1, 1})}, attrs); },
               PD_INVALID_ARGUMENT, "roi_align: input RoisNum has dtype float32; expected int32 or int64");
  expect_error([&] { call("roi_align", {x, r, TensorRef()}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: input ROIs does not contain LoD and RoisNum is not given");
  TensorRef rl = make<double>({2, 4}, {0, 0, 1, 1, 0, 0, 2, 2});
  rl->lod = {{0, 1, 3}};
  expect_error([&] { call("roi_align", {x, rl, TensorRef()}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: the LoD of ROIs ends at 3 but ROIs has 2 rows");
  rl->lod = {{0, 2}};
  expect_error([&] { call("roi_align", {x, rl, TensorRef()}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_align: the LoD of ROIs has 1 images but X has batch size 2");
  rl->lod = {{0, 2, 1, 2}};
  expect_error([&] { call("roi_align", {x, rl, TensorRef()}, attrs); }, PD_INVALID_ARGUMENT,
               "is decreasing at position 2");
  expect_error([&] { call("roi_align", {x, r, i32({1, 1})}, align_attrs(-1, 2, 1.0, 2, false)); },
               PD_INVALID_ARGUMENT, "roi_align: pooled_height is -1; expected pooled_height > 0");
  expect_error([&] { call("roi_align", {x, r, i32({1, 1})}, align_attrs(2, 0, 1.0, 2, false)); },
               PD_INVALID_ARGUMENT, "roi_align: pooled_width is 0; expected pooled_width > 0");
  expect_error([&] { call("roi_align", {x, r, i32({1, 1})}, align_attrs(2, 2, 0.0, 2, false)); },
               PD_INVALID_ARGUMENT, "roi_align: spatial_scale is 0; expected spatial_scale > 0");
  expect_error([&] { call("roi_align", {x, cast_to(r, DType::Float32), i32({1, 1})}, attrs); },
               PD_INVALID_ARGUMENT, "roi_align: input ROIs has dtype float32 but X has dtype float64");
  expect_error([&] { call("roi_align", {make<int32_t>({1, 1, 1, 1}, {1}), make<int32_t>({1, 4}, {0, 0, 1, 1}), i32({1})}, attrs); },
               PD_INVALID_ARGUMENT, "roi_align: input 'X' has dtype int32");
  // Grad op shape check.
  expect_error([&] {
    call("roi_align_grad", {x, r, i32({1, 1}), random_t({2, 1, 3, 2}, 1)}, attrs);
  }, PD_INVALID_ARGUMENT, "roi_align_grad: Out@GRAD has shape [2, 1, 3, 2]; expected [2, 1, 2, 2]");
}

// ================================================================ roi_pool

TEST(RoiPool, HandComputedAndArgmax) {
  TensorRef x = seq_map(1, 1, 4, 4);  // v = 4h + w
  std::vector<NamedAttr> attrs = {{"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)2},
                                  {"spatial_scale", 1.0}};
  // roi [0,0,3,3]: rh = rw = 4, bins of 2 -> maxima at the bottom-right of each 2x2 block.
  auto outs = call_all("roi_pool", {x, make<double>({1, 4}, {0, 0, 3, 3}), i32({1})}, attrs);
  expect_values(outs[0], {5, 7, 13, 15});
  EXPECT_EQ(outs[1]->dtype, DType::Int64);
  expect_values(outs[1], {5, 7, 13, 15});
  // roi [1,1,2,2]: rh = 2, bins of 1 -> single pixels.
  outs = call_all("roi_pool", {x, make<double>({1, 4}, {1, 1, 2, 2}), i32({1})}, attrs);
  expect_values(outs[0], {5, 6, 9, 10});
  // Rounding (half away from zero) of scaled coordinates: 0.5*[1, 1, 5, 5] -> [1,1,3,3]
  // (0.5 -> 1, 2.5 -> 3); rh = 3, bin 1.5: rows [1,3) and [2,4) -> maxima 10, 11, 14, 15.
  attrs[2].value = AttrValue(0.5);
  outs = call_all("roi_pool", {x, make<double>({1, 4}, {1, 1, 5, 5}), i32({1})}, attrs);
  expect_values(outs[0], {10, 11, 14, 15});
  expect_values(outs[1], {10, 11, 14, 15});
  // RoI entirely outside: empty bins -> 0 and argmax -1.
  attrs[2].value = AttrValue(1.0);
  outs = call_all("roi_pool", {x, make<double>({1, 4}, {10, 10, 12, 12}), i32({1})}, attrs);
  expect_values(outs[0], {0, 0, 0, 0});
  expect_values(outs[1], {-1, -1, -1, -1});
  // Partly outside: clamps to the map.
  outs = call_all("roi_pool", {x, make<double>({1, 4}, {2, 2, 9, 9}), i32({1})}, attrs);
  expect_values(outs[0], {15, 0, 0, 0});
  // Ties: the first occurrence (row-major) wins.
  TensorRef flat = make<double>({1, 1, 2, 2}, {1, 1, 1, 1});
  outs = call_all("roi_pool", {flat, make<double>({1, 4}, {0, 0, 1, 1}), i32({1})},
                  {{"pooled_height", (int64_t)1}, {"pooled_width", (int64_t)1}});
  expect_values(outs[1], {0});
  // float32.
  outs = call_all("roi_pool", {cast_to(x, DType::Float32), make<float>({1, 4}, {0, 0, 3, 3}), i32({1})},
                  {{"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)2}});
  expect_values(outs[0], {5, 7, 13, 15});
}

TEST(RoiPool, GradientLodAndEmpty) {
  TensorRef x = random_t({2, 2, 6, 5}, 21);
  TensorRef rois = make<double>({3, 4}, {0, 0, 3, 4, 1, 1, 4, 5, 2, 0, 6, 3});
  rois->lod = {{0, 2, 3}};
  std::vector<NamedAttr> attrs = {{"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)3},
                                  {"spatial_scale", 1.0}};
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("roi_pool", {in[0], rois, TensorRef()}, attrs);
  }, {x});
  TensorRef empty = make<double>({0, 4}, {});
  auto outs = call_all("roi_pool", {x, empty, i32({0, 0})}, attrs);
  expect_shape(outs[0], {0, 2, 2, 3});
  expect_shape(outs[1], {0, 2, 2, 3});
  expect_error([&] { call("roi_pool", {x, rois, i32({1, 1})}, attrs); }, PD_INVALID_ARGUMENT,
               "roi_pool: input RoisNum adds up to 2 RoIs but ROIs has 3 rows");
  expect_error([&] {
    call("roi_pool_grad", {x, rois, TensorRef(), make<int64_t>({3, 2, 2, 3}, std::vector<int64_t>(36, 30)),
                           random_t({3, 2, 2, 3}, 1)}, attrs);
  }, PD_OUT_OF_RANGE, "roi_pool_grad: Argmax value 30 is out of range; expected -1 <= Argmax < H*W = 30");
}

// ================================================================ psroi_pool

TEST(PsroiPool, HandComputed) {
  // 2 output channels x 2x2 bins -> 8 input channels; channel k is constant k+1 except
  // channel 0 which is the linear map.
  std::vector<double> v(8 * 16);
  for (int k = 0; k < 8; ++k)
    for (int i = 0; i < 16; ++i) v[k * 16 + i] = k == 0 ? (double)i : (double)(k + 1);
  TensorRef x = make<double>({1, 8, 4, 4}, v);
  std::vector<NamedAttr> attrs = {{"output_channels", (int64_t)2}, {"spatial_scale", 1.0},
                                  {"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)2}};
  // roi [0,0,3,3]: xe = (3+1) -> rw = 4, bins 2x2 pixels. Out channel 0 bin (0,0) reads input
  // channel 0 over rows/cols {0,1}: mean of 0,1,4,5 = 2.5; bins (0,1),(1,0),(1,1) read channels
  // 1,2,3 -> 2,3,4. Out channel 1 reads channels 4..7 -> 5,6,7,8.
  TensorRef out = call("psroi_pool", {x, make<double>({1, 4}, {0, 0, 3, 3}), i32({1})}, attrs);
  expect_shape(out, {1, 2, 2, 2});
  expect_values(out, {2.5, 2, 3, 4, 5, 6, 7, 8});
  // Rounding before scaling: roi [0.4, 0.4, 2.6, 2.6] rounds to [0,0,3,3] -> same.
  expect_values(call("psroi_pool", {x, make<double>({1, 4}, {0.4, 0.4, 2.6, 2.6}), i32({1})}, attrs),
                {2.5, 2, 3, 4, 5, 6, 7, 8});
  // Outside: empty bins -> 0.
  expect_values(call("psroi_pool", {x, make<double>({1, 4}, {8, 8, 9, 9}), i32({1})}, attrs),
                std::vector<double>(8, 0.0));
  expect_error([&] {
    call("psroi_pool", {random_t({1, 6, 4, 4}, 1), make<double>({1, 4}, {0, 0, 3, 3}), i32({1})}, attrs);
  }, PD_INVALID_ARGUMENT, "psroi_pool: X has 6 channels; expected output_channels * pooled_height * pooled_width = 2 * 2 * 2 = 8");
  attrs[0].value = AttrValue((int64_t)0);
  expect_error([&] { call("psroi_pool", {x, make<double>({1, 4}, {0, 0, 3, 3}), i32({1})}, attrs); },
               PD_INVALID_ARGUMENT, "psroi_pool: output_channels is 0; expected output_channels > 0");
}

TEST(PsroiPool, GradientLod) {
  TensorRef x = random_t({2, 12, 5, 6}, 4);  // output_channels 2, 2x3 bins
  TensorRef rois = make<double>({3, 4}, {0, 0, 3, 4, 1.2, 0.7, 5, 4, -2, -1, 2, 2});
  rois->lod = {{0, 1, 3}};
  std::vector<NamedAttr> attrs = {{"output_channels", (int64_t)2}, {"spatial_scale", 1.0},
                                  {"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)3}};
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("psroi_pool", {in[0], rois, TensorRef()}, attrs);
  }, {x});
  expect_shape(call("psroi_pool", {x, make<double>({0, 4}, {}), i32({0, 0})}, attrs), {0, 2, 2, 3});
}

// ================================================================ prroi_pool

TEST(PrroiPool, HandComputed) {
  std::vector<NamedAttr> attrs = {{"spatial_scale", 1.0}, {"pooled_height", (int64_t)1},
                                  {"pooled_width", (int64_t)1}};
  // Linear map v = 4h + w is reproduced exactly by bilinear interpolation inside [0,3]^2: the
  // window mean is the value at the window centre.
  TensorRef lin = seq_map(1, 1, 4, 4);
  expect_values(call("prroi_pool", {lin, make<double>({1, 4}, {0.5, 1, 2.5, 2}), make<int64_t>({1}, {1})}, attrs),
                {4 * 1.5 + 1.5});
  // Delta at (1,1) over the window [0,2]^2: \int hat = 1 per axis -> 1 / area 4.
  expect_values(call("prroi_pool", {delta_map(4, 4, 1, 1), make<double>({1, 4}, {0, 0, 2, 2}), make<int64_t>({1}, {1})}, attrs),
                {0.25});
  // Window [0,1]^2 sees half of the hat per axis -> 0.25 / 1.
  expect_values(call("prroi_pool", {delta_map(4, 4, 1, 1), make<double>({1, 4}, {0, 0, 1, 1}), make<int64_t>({1}, {1})}, attrs),
                {0.25});
  // Outside the map: pixels beyond are 0; the hat of pixel (3,3) extends to 4.
  // Window [3,5]^2: \int_3^4 (1-(t-3)) dt = .5 per axis -> .25 / 4.
  expect_values(call("prroi_pool", {delta_map(4, 4, 3, 3), make<double>({1, 4}, {3, 3, 5, 5}), make<int64_t>({1}, {1})}, attrs),
                {0.0625});
  expect_values(call("prroi_pool", {delta_map(4, 4, 3, 3), make<double>({1, 4}, {5, 5, 9, 9}), make<int64_t>({1}, {1})}, attrs),
                {0.0});
  // Zero-area / inverted RoI -> 0.
  expect_values(call("prroi_pool", {lin, make<double>({1, 4}, {2, 2, 1, 3}), make<int64_t>({1}, {1})}, attrs),
                {0.0});
  // 2x2 bins, spatial_scale .5 on the linear map: roi [0,0,6,6]*.5 = [0,3]^2, bin centres .75/2.25.
  attrs = {{"spatial_scale", 0.5}, {"pooled_height", (int64_t)2}, {"pooled_width", (int64_t)2}};
  expect_values(call("prroi_pool", {lin, make<double>({1, 4}, {0, 0, 6, 6}), make<int64_t>({1}, {1})}, attrs),
                {3.75, 5.25, 9.75, 11.25});
}

TEST(PrroiPool, GradientsXAndRois) {
  TensorRef x = random_t({2, 2, 5, 6}, 8);
  TensorRef rois = make<double>({3, 4}, {0.3, 0.6, 3.7, 3.2, 1.1, 0.4, 4.6, 4.3, -1.3, 2.2, 2.4, 5.7});
  rois->lod = {{0, 2, 3}};
  std::vector<NamedAttr> attrs = {{"spatial_scale", 1.0}, {"pooled_height", (int64_t)2},
                                  {"pooled_width", (int64_t)3}};
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("prroi_pool", {in[0], in[1], TensorRef()}, attrs);
  }, {x, rois}, 1e-6, 1e-5);
  attrs[0].value = AttrValue(0.8);
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("prroi_pool", {in[0], in[1], make<int64_t>({2}, {2, 1})}, attrs);
  }, {x, rois}, 1e-6, 1e-5);
  expect_error([&] { call("prroi_pool", {x, rois, make<int64_t>({2}, {1, 1})}, attrs); },
               PD_INVALID_ARGUMENT, "prroi_pool: input BatchRoINums adds up to 2 RoIs but ROIs has 3 rows");
  expect_shape(call("prroi_pool", {x, make<double>({0, 4}, {}), make<int64_t>({2}, {0, 0})}, attrs), {0, 2, 2, 3});
}
