// Per-element arithmetic of the NMS family, yolo_box, anchor_generator and box_clip, written
// once as host-device functions (the CPU loops live in nms_ops.cc; a CUDA kernel can launch the
// same functions). IoU itself comes from bbox_util.h (jaccard_overlap).
#pragma once
#include <cmath>

#include "core/float16.h"
#include "kernels/detection/bbox_util.h"

namespace pd {
namespace nmsk {

// Greedy NMS keep rule: a candidate survives iff its IoU with every kept box is <= thr.
template <typename T>
PD_HOSTDEVICE inline bool nms_keep(T iou, T thr) { return iou <= thr; }

// Adaptive NMS: after each kept box, thr *= eta while eta < 1 and thr > 0.5.
template <typename T>
PD_HOSTDEVICE inline T nms_adapt(T thr, T eta) {
  return (eta < T(1) && thr > T(0.5)) ? thr * eta : thr;
}

// matrix_nms decay factor of a box with IoU `iou` against a higher-scored box whose own
// largest IoU with boxes above it is `max_iou`.
template <typename T>
PD_HOSTDEVICE inline T matrix_nms_decay(T iou, T max_iou, bool gaussian, T sigma) {
  if (gaussian) return std::exp((max_iou * max_iou - iou * iou) * sigma);
  return (T(1) - iou) / (T(1) - max_iou);
}

// locality_aware_nms: anchor := score-weighted average of (box, anchor).
template <typename T>
PD_HOSTDEVICE inline void weighted_merge(const T* box, T* anchor, T s_box, T s_anchor,
                                         int box_size) {
  for (int k = 0; k < box_size; ++k)
    anchor[k] = (box[k] * s_box + anchor[k] * s_anchor) / (s_box + s_anchor);
}

template <typename T>
PD_HOSTDEVICE inline T sigmoid(T x) { return T(1) / (T(1) + std::exp(-x)); }

// yolo_box: decodes one cell's (tx, ty, tw, th) into [x1, y1, x2, y2] in image pixels.
// gx/gy: cell column/row; grid_w/grid_h: feature size; in_w/in_h: network input size;
// pw/ph: anchor size in input pixels.
template <typename T>
PD_HOSTDEVICE inline void yolo_decode(T tx, T ty, T tw, T th, int gx, int gy, int grid_w,
                                      int grid_h, T in_w, T in_h, T pw, T ph, T img_w, T img_h,
                                      T scale, T bias, bool clip, T* out) {
  const T cx = (T(gx) + sigmoid(tx) * scale + bias) * img_w / T(grid_w);
  const T cy = (T(gy) + sigmoid(ty) * scale + bias) * img_h / T(grid_h);
  const T bw = std::exp(tw) * pw * img_w / in_w;
  const T bh = std::exp(th) * ph * img_h / in_h;
  T x1 = cx - bw / T(2), y1 = cy - bh / T(2), x2 = cx + bw / T(2), y2 = cy + bh / T(2);
  if (clip) {
    x1 = x1 > T(0) ? x1 : T(0);
    y1 = y1 > T(0) ? y1 : T(0);
    x2 = x2 < img_w - T(1) ? x2 : img_w - T(1);
    y2 = y2 < img_h - T(1) ? y2 : img_h - T(1);
  }
  out[0] = x1; out[1] = y1; out[2] = x2; out[3] = y2;
}

// anchor_generator: one anchor centred at (xc, yc) for stride (sw, sh), ratio ar, size s.
template <typename T>
PD_HOSTDEVICE inline void make_anchor(T xc, T yc, T sw, T sh, T ar, T size, T* out) {
  const T base_w = std::round(std::sqrt(sw * sh / ar));  // round half away from zero
  const T base_h = std::round(base_w * ar);
  const T aw = size / sw * base_w, ah = size / sh * base_h;
  out[0] = xc - T(0.5) * (aw - T(1));
  out[1] = yc - T(0.5) * (ah - T(1));
  out[2] = xc + T(0.5) * (aw - T(1));
  out[3] = yc + T(0.5) * (ah - T(1));
}

// box_clip: clamp v to [0, hi].
template <typename T>
PD_HOSTDEVICE inline T clip_coord(T v, T hi) {
  v = v < hi ? v : hi;
  return v > T(0) ? v : T(0);
}

}  // namespace nmsk
}  // namespace pd
