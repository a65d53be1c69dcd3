// Arithmetic of the SSD ops (box_coder, smooth_l1_loss, prior_box, density_prior_box) written
// once as host-device functions: the CPU loops in ssd_ops.cc call them, and the CUDA kernels
// will launch the same code. IoU lives in bbox_util.h (iou_similarity_pair).
#pragma once
#include <cmath>

#include "core/float16.h"

namespace pd {
namespace ssd {

// box_coder encode_center_size: target t against prior p, divided by the variances
// (var == nullptr: no division). `off` = 0 (normalized) or 1 (pixel). The target centre is
// computed without `off` (Paddle's asymmetry, kept on purpose).
template <typename T>
PD_HOSTDEVICE inline void encode_center_size(const T* p, const T* t, const T* var, T off, T* o) {
  const T pw = p[2] - p[0] + off, ph = p[3] - p[1] + off;
  const T pcx = p[0] + pw / T(2), pcy = p[1] + ph / T(2);
  const T tcx = (t[0] + t[2]) / T(2), tcy = (t[1] + t[3]) / T(2);
  const T tw = t[2] - t[0] + off, th = t[3] - t[1] + off;
  o[0] = (tcx - pcx) / pw;
  o[1] = (tcy - pcy) / ph;
  o[2] = std::log(std::fabs(tw / pw));
  o[3] = std::log(std::fabs(th / ph));
  if (var) {
    o[0] /= var[0];
    o[1] /= var[1];
    o[2] /= var[2];
    o[3] /= var[3];
  }
}

// box_coder decode_center_size: offsets t relative to prior p with variances v (never null:
// the caller passes ones when there is no variance).
template <typename T>
PD_HOSTDEVICE inline void decode_center_size(const T* p, const T* t, const T* v, T off, T* o) {
  const T pw = p[2] - p[0] + off, ph = p[3] - p[1] + off;
  const T pcx = p[0] + pw / T(2), pcy = p[1] + ph / T(2);
  const T cx = v[0] * t[0] * pw + pcx;
  const T cy = v[1] * t[1] * ph + pcy;
  const T w = std::exp(v[2] * t[2]) * pw;
  const T h = std::exp(v[3] * t[3]) * ph;
  o[0] = cx - w / T(2);
  o[1] = cy - h / T(2);
  o[2] = cx + w / T(2) - off;
  o[3] = cy + h / T(2) - off;
}

// smooth_l1_loss per element: f(d) with s2 = sigma^2.
template <typename T>
PD_HOSTDEVICE inline T smooth_l1_value(T d, T s2) {
  const T a = d < T(0) ? -d : d;
  return a < T(1) / s2 ? T(0.5) * s2 * d * d : a - T(0.5) / s2;
}

// Its derivative: s2*d inside the quadratic zone, sign(d) outside (0 at d == 0).
template <typename T>
PD_HOSTDEVICE inline T smooth_l1_deriv(T d, T s2) {
  const T a = d < T(0) ? -d : d;
  if (a < T(1) / s2) return s2 * d;
  return d > T(0) ? T(1) : (d < T(0) ? T(-1) : T(0));
}

// One normalized prior box centred at (cx, cy) with half sizes (bw, bh) on a wi x hi image.
template <typename T>
PD_HOSTDEVICE inline void prior_box_corners(T cx, T cy, T bw, T bh, T wi, T hi, T* o) {
  o[0] = (cx - bw) / wi;
  o[1] = (cy - bh) / hi;
  o[2] = (cx + bw) / wi;
  o[3] = (cy + bh) / hi;
}

template <typename T>
PD_HOSTDEVICE inline T clamp01(T v) {
  return v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
}

}  // namespace ssd
}  // namespace pd
