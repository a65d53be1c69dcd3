// yolo_box (spec 5.4), anchor_generator (spec 5.3) and box_clip: dense box generators/decoders
// of the detection family. No gradients (Paddle registers none).
#include <cmath>
#include <vector>

#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/detection/nms_kernel.h"

namespace pd {
namespace {

const std::vector<DType> kBoxDTypes = {DType::Float32, DType::Float64};

// ---- yolo_box: X [N, C, H, W], ImgSize int32 [N, 2] (h, w) -> Boxes [N, A*H*W, 4],
// Scores [N, A*H*W, class_num] ----
enum YoloAttr {
  kYAnchors = 0, kYClassNum, kYConf, kYDownsample, kYClip, kYScale, kYIouAware, kYIouFactor
};

void yolo_box_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& im = c.in(1);
  const auto anchors = c.attr_ints(kYAnchors);
  const int64_t K = c.attr_int(kYClassNum);
  const bool iou_aware = c.attr_bool(kYIouAware);
  if (x.ndim != 4)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: X must have rank 4 ([N, C, H, W]); got shape ",
             shape_str(x.dims, x.ndim));
  if (im.dtype != DType::Int32)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: ImgSize has dtype ", dtype_name(im.dtype),
             ", expected int32");
  if (im.ndim != 2 || im.dims[1] != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: ImgSize must have shape [N, 2]; got ",
             shape_str(im.dims, im.ndim));
  if (im.dims[0] != x.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: ImgSize has ", im.dims[0], " rows but X has batch ",
             x.dims[0], "; expected equal");
  if (anchors.empty() || anchors.size() % 2 != 0)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: anchors has ", anchors.size(),
             " values; expected a non-empty list of (width, height) pairs");
  if (K <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: class_num is ", K, "; expected class_num > 0");
  if (c.attr_int(kYDownsample) <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: downsample_ratio is ", c.attr_int(kYDownsample),
             "; expected downsample_ratio > 0");
  const double f = c.attr_float(kYIouFactor);
  if (iou_aware && !(f >= 0 && f <= 1))
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: iou_aware_factor is ", f,
             "; expected 0 <= iou_aware_factor <= 1");
  const int64_t A = (int64_t)anchors.size() / 2;
  const int64_t want = iou_aware ? A * (6 + K) : A * (5 + K);
  if (x.dims[1] != want)
    PD_THROW(PD_INVALID_ARGUMENT, "yolo_box: X has ", x.dims[1], " channels; expected ", want,
             " = ", A, " anchors * (", iou_aware ? "6" : "5", " + class_num ", K, ")");
  const int64_t n = x.dims[0], hw = x.dims[2] * x.dims[3];
  c.out_meta.resize(2);
  c.out_meta[0].dtype = c.out_meta[1].dtype = x.dtype;
  c.out_meta[0].set_dims({n, A * hw, 4});
  c.out_meta[1].set_dims({n, A * hw, K});
}

template <typename T>
void yolo_box_run(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(0));
  TensorRef ir = contiguous(c.in_ref(1));
  const T* x = xr->data<T>();
  const int32_t* im = ir->data<int32_t>();
  const auto anchors = c.attr_ints(kYAnchors);
  const int64_t K = c.attr_int(kYClassNum);
  const T conf_thresh = (T)c.attr_float(kYConf);
  const int64_t ds = c.attr_int(kYDownsample);
  const bool clip = c.attr_bool(kYClip);
  const T scale = (T)c.attr_float(kYScale);
  const T bias = T(-0.5) * (scale - T(1));
  const bool iou_aware = c.attr_bool(kYIouAware);
  const T fac = (T)c.attr_float(kYIouFactor);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t A = (int64_t)anchors.size() / 2, HW = H * W;
  const T in_h = T(ds * H), in_w = T(ds * W);
  T* boxes = c.out(0).template data<T>();
  T* scores = c.out(1).template data<T>();
  std::fill(boxes, boxes + N * A * HW * 4, T(0));
  std::fill(scores, scores + N * A * HW * K, T(0));
  const int64_t blk = 5 + K;
  parallel_for(N * A, 1, [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t n = t / A, a = t % A;
      const T img_h = (T)im[n * 2], img_w = (T)im[n * 2 + 1];
      const T* xn = x + n * C * HW;
      const T* xa = xn + ((iou_aware ? A : 0) + a * blk) * HW;
      for (int64_t i = 0; i < H; ++i) {
        for (int64_t j = 0; j < W; ++j) {
          const int64_t p = i * W + j;
          T conf = nmsk::sigmoid(xa[4 * HW + p]);
          if (iou_aware) {
            const T iou = nmsk::sigmoid(xn[a * HW + p]);
            conf = std::pow(conf, T(1) - fac) * std::pow(iou, fac);
          }
          if (conf < conf_thresh) continue;
          const int64_t r = n * A * HW + a * HW + p;
          nmsk::yolo_decode(xa[p], xa[HW + p], xa[2 * HW + p], xa[3 * HW + p], (int)j, (int)i,
                            (int)W, (int)H, in_w, in_h, (T)anchors[2 * a], (T)anchors[2 * a + 1],
                            img_w, img_h, scale, bias, clip, boxes + r * 4);
          for (int64_t k = 0; k < K; ++k)
            scores[r * K + k] = conf * nmsk::sigmoid(xa[(5 + k) * HW + p]);
        }
      }
    }
  });
}

void yolo_box_cpu(OpContext& c) {
  PD_DISPATCH_FLOATING(c.in(0).dtype, "yolo_box", { yolo_box_run<scalar_t>(c); });
}

// ---- anchor_generator: Input [N, C, H, W] -> Anchors, Variances [H, W, A, 4] ----
enum AnchorAttr { kAnSizes = 0, kAnRatios, kAnVar, kAnStride, kAnOffset };

void anchor_generator_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.ndim != 4)
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: Input must have rank 4 ([N, C, H, W]); got "
             "shape ", shape_str(x.dims, x.ndim));
  const auto sizes = c.attr_floats(kAnSizes), ratios = c.attr_floats(kAnRatios);
  const auto var = c.attr_floats(kAnVar), stride = c.attr_floats(kAnStride);
  if (sizes.empty())
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: anchor_sizes is empty; expected at least "
             "one size");
  if (ratios.empty())
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: aspect_ratios is empty; expected at least "
             "one ratio");
  for (double r : ratios)
    if (!(r > 0))
      PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: aspect ratio ", r,
               " is not positive; expected every aspect ratio > 0");
  if (var.size() != 4)
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: variances has ", var.size(),
             " values; expected 4");
  if (stride.size() != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: stride has ", stride.size(),
             " values; expected 2 (width, height)");
  if (!(stride[0] > 0) || !(stride[1] > 0))
    PD_THROW(PD_INVALID_ARGUMENT, "anchor_generator: stride [", stride[0], ", ", stride[1],
             "] must be positive");
  const int64_t A = (int64_t)(sizes.size() * ratios.size());
  c.out_meta.resize(2);
  c.out_meta[0].dtype = c.out_meta[1].dtype = x.dtype;
  c.out_meta[0].set_dims({x.dims[2], x.dims[3], A, 4});
  c.out_meta[1].set_dims({x.dims[2], x.dims[3], A, 4});
}

template <typename T>
void anchor_generator_run(OpContext& c) {
  const auto sizes = c.attr_floats(kAnSizes), ratios = c.attr_floats(kAnRatios);
  const auto var = c.attr_floats(kAnVar), stride = c.attr_floats(kAnStride);
  const T offset = (T)c.attr_float(kAnOffset);
  const int64_t H = c.in(0).dims[2], W = c.in(0).dims[3];
  const int64_t S = (int64_t)sizes.size(), R = (int64_t)ratios.size(), A = S * R;
  const T sw = (T)stride[0], sh = (T)stride[1];
  T* an = c.out(0).template data<T>();
  T* vr = c.out(1).template data<T>();
  parallel_for(H * W, 256, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      const int64_t h = p / W, w = p % W;
      const T xc = T(w) * sw + offset * (sw - T(1));
      const T yc = T(h) * sh + offset * (sh - T(1));
      for (int64_t r = 0; r < R; ++r)
        for (int64_t s = 0; s < S; ++s) {
          const int64_t k = (p * A + r * S + s) * 4;
          nmsk::make_anchor(xc, yc, sw, sh, (T)ratios[r], (T)sizes[s], an + k);
          for (int q = 0; q < 4; ++q) vr[k + q] = (T)var[q];
        }
    }
  });
}

void anchor_generator_cpu(OpContext& c) {
  PD_DISPATCH_FLOATING(c.in(0).dtype, "anchor_generator", { anchor_generator_run<scalar_t>(c); });
}

// ---- box_clip: Input [..., 4] (LoD: boxes per image, or [N, M, 4]), ImInfo [N, 3]
// (height, width, scale) -> Output (same shape/LoD), clipped to [0, round(w/scale) - 1] x
// [0, round(h/scale) - 1] ----
std::vector<int64_t> box_clip_segments(const OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& im = c.in(1);
  if (x.ndim < 2 || x.dims[x.ndim - 1] != 4)
    PD_THROW(PD_INVALID_ARGUMENT, "box_clip: Input must have shape [..., 4]; got ",
             shape_str(x.dims, x.ndim));
  if (im.ndim != 2 || im.dims[1] != 3)
    PD_THROW(PD_INVALID_ARGUMENT, "box_clip: ImInfo must have shape [N, 3] (height, width, "
             "scale); got ", shape_str(im.dims, im.ndim));
  const int64_t nb = x.numel() / 4;  // boxes in total
  std::vector<int64_t> seg;
  if (!x.lod.empty()) {
    const auto& lod = x.lod.back();
    if (lod.empty() || lod[0] != 0)
      PD_THROW(PD_INVALID_ARGUMENT, "box_clip: the LoD of Input ", shape_str(lod),
               " must start at 0");
    for (size_t i = 1; i < lod.size(); ++i)
      if (lod[i] < lod[i - 1])
        PD_THROW(PD_INVALID_ARGUMENT, "box_clip: the LoD of Input ", shape_str(lod),
                 " is decreasing at position ", i, "; expected non-decreasing offsets");
    if (lod.back() != x.dims[0])
      PD_THROW(PD_INVALID_ARGUMENT, "box_clip: the LoD of Input ", shape_str(lod), " ends at ",
               lod.back(), " but Input has ", x.dims[0], " rows; expected equal");
    const int64_t per_row = x.dims[0] ? nb / x.dims[0] : 0;
    for (int64_t v : lod) seg.push_back(v * per_row);
  } else if (x.ndim == 3) {
    for (int64_t n = 0; n <= x.dims[0]; ++n) seg.push_back(n * x.dims[1]);
  } else {
    seg = {0, nb};
  }
  const int64_t N = (int64_t)seg.size() - 1;
  if (im.dims[0] != N)
    PD_THROW(PD_INVALID_ARGUMENT, "box_clip: Input holds ", N, " image(s) but ImInfo has ",
             im.dims[0], " rows; expected one ImInfo row per image");
  return seg;
}

void box_clip_infer(OpContext& c) {
  box_clip_segments(c);
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <typename T>
void box_clip_run(OpContext& c, const std::vector<int64_t>& seg) {
  TensorRef xr = contiguous(c.in_ref(0));
  TensorRef ir = contiguous(c.in_ref(1));
  const T* x = xr->data<T>();
  const T* im = ir->data<T>();
  T* o = c.out(0).template data<T>();
  const int64_t N = (int64_t)seg.size() - 1;
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      const T ih = std::round(im[n * 3] / im[n * 3 + 2]);
      const T iw = std::round(im[n * 3 + 1] / im[n * 3 + 2]);
      for (int64_t i = seg[n]; i < seg[n + 1]; ++i) {
        o[i * 4 + 0] = nmsk::clip_coord(x[i * 4 + 0], iw - T(1));
        o[i * 4 + 1] = nmsk::clip_coord(x[i * 4 + 1], ih - T(1));
        o[i * 4 + 2] = nmsk::clip_coord(x[i * 4 + 2], iw - T(1));
        o[i * 4 + 3] = nmsk::clip_coord(x[i * 4 + 3], ih - T(1));
      }
    }
  });
  c.out(0).lod = c.in(0).lod;
}

void box_clip_cpu(OpContext& c) {
  const auto seg = box_clip_segments(c);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "box_clip", { box_clip_run<scalar_t>(c, seg); });
}

}  // namespace

PD_REGISTER_OP(yolo_box)
    .input("X", false).input("ImgSize", false)
    .output("Boxes").output("Scores")
    .attr("anchors", std::vector<int64_t>{}).attr("class_num", 1).attr("conf_thresh", 0.01f)
    .attr("downsample_ratio", 32).attr("clip_bbox", true).attr("scale_x_y", 1.0f)
    .attr("iou_aware", false).attr("iou_aware_factor", 0.5f)
    .dtypes(kBoxDTypes).mixed_dtype_inputs()
    .infer(yolo_box_infer).cpu(yolo_box_cpu);

PD_REGISTER_OP(anchor_generator)
    .input("Input", false)
    .output("Anchors").output("Variances")
    .attr("anchor_sizes", std::vector<double>{64, 128, 256, 512})
    .attr("aspect_ratios", std::vector<double>{0.5, 1.0, 2.0})
    .attr("variances", std::vector<double>{0.1, 0.1, 0.2, 0.2})
    .attr("stride", std::vector<double>{16.0, 16.0})
    .attr("offset", 0.5f)
    .dtypes(kBoxDTypes)
    .infer(anchor_generator_infer).cpu(anchor_generator_cpu);

PD_REGISTER_OP(box_clip)
    .input("Input", false).input("ImInfo", false)
    .output("Output")
    .dtypes(kBoxDTypes)
    .infer(box_clip_infer).cpu(box_clip_cpu);

}  // namespace pd
