// RoI feature-extraction arithmetic shared by the CPU loops (roi_ops.cc) and the future CUDA
// kernels: roi_align's geometry and bilinear sample weights (used for both the forward value
// and the backward scatter), roi_pool / psroi_pool bin boundaries, and prroi_pool's exact
// integral of the bilinear surface (per unit cell, plus the line integrals for the RoI-coordinate
// gradient). Everything here is written once; callers only loop.
//
// Safety: every float -> integer conversion goes through roi_clamp_index (NaN and huge values can
// not produce an out-of-range index), and every sample/bin is validated against the plane size
// before an offset is formed.
#pragma once
#include <cmath>
#include <cstdint>

#include "core/float16.h"

namespace pd {

// floor/ceil/round result clamped into [lo, hi] as an integer; NaN maps to lo.
template <typename T>
PD_HOSTDEVICE inline int64_t roi_clamp_index(T v, int64_t lo, int64_t hi) {
  if (!(v >= T(lo))) return lo;
  if (!(v <= T(hi))) return hi;
  return (int64_t)v;
}

// ---------------------------------------------------------------- roi_align

// Per-RoI geometry of roi_align (spec 4.1 steps 1-4). gh/gw are the sampling grid (>= 0 after
// clamping; 0 means "no samples" and the bin is 0); count is the divisor max(gh*gw, 1) computed
// from the unclamped grid as Paddle does.
template <typename T>
struct RoiAlignGeom {
  T x1, y1, bin_w, bin_h;
  int64_t gh, gw;
  T count;
};

template <typename T>
PD_HOSTDEVICE inline RoiAlignGeom<T> roi_align_geometry(const T* roi, T scale, int64_t ph_n,
                                                         int64_t pw_n, int64_t sampling_ratio,
                                                         bool aligned) {
  RoiAlignGeom<T> g;
  const T off = aligned ? T(0.5) : T(0);
  g.x1 = roi[0] * scale - off;
  g.y1 = roi[1] * scale - off;
  const T x2 = roi[2] * scale - off;
  const T y2 = roi[3] * scale - off;
  T rw = x2 - g.x1, rh = y2 - g.y1;
  if (!aligned) {
    rw = rw > T(1) ? rw : T(1);
    rh = rh > T(1) ? rh : T(1);
  }
  g.bin_h = rh / T(ph_n);
  g.bin_w = rw / T(pw_n);
  // Adaptive grid: ceil(bin size). Known difference from Paddle: the grid is capped at 2^20 per
  // axis (and NaN sizes give 0) so an absurd RoI cannot overflow the float -> int conversion,
  // which is undefined behaviour in Paddle.
  int64_t gh = sampling_ratio > 0 ? sampling_ratio
                                  : (int64_t)roi_clamp_index(std::ceil(g.bin_h), -(1 << 20), 1 << 20);
  int64_t gw = sampling_ratio > 0 ? sampling_ratio
                                  : (int64_t)roi_clamp_index(std::ceil(g.bin_w), -(1 << 20), 1 << 20);
  const int64_t cnt = gh * gw;
  g.count = T(cnt > 1 ? cnt : 1);
  g.gh = gh > 0 ? gh : 0;
  g.gw = gw > 0 ? gw : 0;
  return g;
}

// Sample coordinate of grid point i (of g) in bin p: start + p*bin + (i + .5) * bin / g.
template <typename T>
PD_HOSTDEVICE inline T roi_align_sample_pos(T start, int64_t p, T bin, int64_t i, int64_t g) {
  return start + T(p) * bin + T(i + 0.5) * bin / T(g);
}

// One axis of a bilinear sample: the two neighbouring indices and their weights.
template <typename T>
struct RoiLerp {
  int64_t lo, hi;
  T wlo, whi;
};

// Bilinear weights along one axis of length n (spec 4.1 "Bilinear sample"). Returns false when
// the sample lies outside [-1, n] (it then contributes 0) or n == 0.
// Known difference from Paddle: an empty plane (H or W == 0) or a NaN coordinate gives 0 here;
// Paddle indexes row -1 / casts NaN to int (out-of-bounds read, undefined behaviour).
template <typename T>
PD_HOSTDEVICE inline bool roi_bilinear_axis(T v, int64_t n, RoiLerp<T>* r) {
  if (n <= 0 || !(v >= T(-1) && v <= T(n))) return false;
  if (v <= T(0)) v = T(0);
  int64_t lo = (int64_t)v;
  int64_t hi;
  if (lo >= n - 1) {
    lo = hi = n - 1;
    v = T(lo);
  } else {
    hi = lo + 1;
  }
  const T l = v - T(lo);
  r->lo = lo;
  r->hi = hi;
  r->wlo = T(1) - l;
  r->whi = l;
  return true;
}

// A full bilinear sample on an H x W plane: four plane offsets and four weights (the same
// weights give the forward value and the backward scatter).
template <typename T>
struct RoiSample {
  int64_t o[4];
  T w[4];
};

template <typename T>
PD_HOSTDEVICE inline bool roi_bilinear_sample(T y, T x, int64_t H, int64_t W, RoiSample<T>* s) {
  RoiLerp<T> ly, lx;
  if (!(y >= T(-1) && y <= T(H) && x >= T(-1) && x <= T(W))) return false;
  if (!roi_bilinear_axis(y, H, &ly) || !roi_bilinear_axis(x, W, &lx)) return false;
  s->o[0] = ly.lo * W + lx.lo;
  s->o[1] = ly.lo * W + lx.hi;
  s->o[2] = ly.hi * W + lx.lo;
  s->o[3] = ly.hi * W + lx.hi;
  s->w[0] = ly.wlo * lx.wlo;
  s->w[1] = ly.wlo * lx.whi;
  s->w[2] = ly.whi * lx.wlo;
  s->w[3] = ly.whi * lx.whi;
  return true;
}

template <typename T>
PD_HOSTDEVICE inline T roi_sample_value(const T* plane, const RoiSample<T>& s) {
  return s.w[0] * plane[s.o[0]] + s.w[1] * plane[s.o[1]] + s.w[2] * plane[s.o[2]] +
         s.w[3] * plane[s.o[3]];
}

// ---------------------------------------------------------------- roi_pool / psroi_pool

// roi_pool bin p along one axis: [floor(p*bin), ceil((p+1)*bin)) shifted by start, clamped to
// [0, n].
template <typename T>
PD_HOSTDEVICE inline void roi_pool_bin(int64_t p, T bin, int64_t start, int64_t n, int64_t* b,
                                       int64_t* e) {
  const int64_t lim = int64_t(1) << 40;
  int64_t s = roi_clamp_index(std::floor(T(p) * bin), -lim, lim) + start;
  int64_t t = roi_clamp_index(std::ceil(T(p + 1) * bin), -lim, lim) + start;
  *b = s < 0 ? 0 : (s > n ? n : s);
  *e = t < 0 ? 0 : (t > n ? n : t);
}

// psroi_pool bin p along one axis: [floor(p*bin + start), ceil((p+1)*bin + start)) clamped.
template <typename T>
PD_HOSTDEVICE inline void psroi_pool_bin(int64_t p, T bin, T start, int64_t n, int64_t* b,
                                         int64_t* e) {
  *b = roi_clamp_index(std::floor(T(p) * bin + start), 0, n);
  *e = roi_clamp_index(std::ceil(T(p + 1) * bin + start), 0, n);
}

// ---------------------------------------------------------------- prroi_pool

// Pixel of the plane, 0 outside [0, H-1] x [0, W-1].
template <typename T>
PD_HOSTDEVICE inline T prroi_pixel(const T* plane, int64_t h, int64_t w, int64_t H, int64_t W) {
  return (h >= 0 && h < H && w >= 0 && w < W) ? plane[h * W + w] : T(0);
}

// Integrals over [a, b] (inside the unit cell starting at c) of the two linear hat pieces:
// a0 = \int (1 - (t - c)) dt, a1 = \int (t - c) dt.
template <typename T>
PD_HOSTDEVICE inline void prroi_axis_coeffs(T a, T b, int64_t c, T* a0, T* a1) {
  const T ta = a - T(c), tb = b - T(c);
  const T half_sq = (tb * tb - ta * ta) * T(0.5);
  *a1 = half_sq;
  *a0 = (tb - ta) - half_sq;
}

// Cells whose bilinear patch can be non-zero and that overlap [lo, hi]: c in [first, last).
// Cell c spans [c, c+1] and touches pixels c and c+1, so only c in [-1, n-1] matter.
template <typename T>
PD_HOSTDEVICE inline void prroi_cell_range(T lo, T hi, int64_t n, int64_t* first, int64_t* last) {
  *first = roi_clamp_index(std::floor(lo), -1, n);
  *last = roi_clamp_index(std::ceil(hi), -1, n);
}

// \int\int over [y0, y1] x [x0, x1] of the bilinear interpolation of the plane. When grad is
// non-null, adds scale * coefficient into grad at each (in-range) pixel instead of reading.
template <typename T>
PD_HOSTDEVICE inline T prroi_window_integral(const T* plane, T* grad, T scale, T y0, T x0, T y1,
                                             T x1, int64_t H, int64_t W) {
  int64_t hb, he, wb, we;
  prroi_cell_range(y0, y1, H, &hb, &he);
  prroi_cell_range(x0, x1, W, &wb, &we);
  T sum = T(0);
  for (int64_t h = hb; h < he; ++h) {
    const T ya = y0 > T(h) ? y0 : T(h);
    const T yb = y1 < T(h + 1) ? y1 : T(h + 1);
    T ay0, ay1;
    prroi_axis_coeffs(ya, yb, h, &ay0, &ay1);
    for (int64_t w = wb; w < we; ++w) {
      const T xa = x0 > T(w) ? x0 : T(w);
      const T xb = x1 < T(w + 1) ? x1 : T(w + 1);
      T ax0, ax1;
      prroi_axis_coeffs(xa, xb, w, &ax0, &ax1);
      const T c00 = ay0 * ax0, c01 = ay0 * ax1, c10 = ay1 * ax0, c11 = ay1 * ax1;
      if (grad) {
        if (h >= 0 && w >= 0) grad[h * W + w] += scale * c00;
        if (h >= 0 && w + 1 < W) grad[h * W + w + 1] += scale * c01;
        if (h + 1 < H && w >= 0) grad[(h + 1) * W + w] += scale * c10;
        if (h + 1 < H && w + 1 < W) grad[(h + 1) * W + w + 1] += scale * c11;
      } else {
        sum += c00 * prroi_pixel(plane, h, w, H, W) + c01 * prroi_pixel(plane, h, w + 1, H, W) +
               c10 * prroi_pixel(plane, h + 1, w, H, W) +
               c11 * prroi_pixel(plane, h + 1, w + 1, H, W);
      }
    }
  }
  return sum;
}

// \int_{a}^{b} f(t, x) dt along the vertical line at column position x (transpose = false) or
// \int_{a}^{b} f(y, t) dt along the horizontal line at row position y (transpose = true), where f
// is the bilinear interpolation of the plane (0 outside). Used for the RoI-coordinate gradient.
template <typename T>
PD_HOSTDEVICE inline T prroi_line_integral(const T* plane, T pos, T a, T b, int64_t H, int64_t W,
                                           bool transpose) {
  const int64_t n_line = transpose ? W : H;  // extent along the integration direction
  const int64_t n_pos = transpose ? H : W;   // extent across it
  if (!(pos >= T(-1) && pos <= T(n_pos))) return T(0);
  const int64_t p = roi_clamp_index(std::floor(pos), -1, n_pos);
  const T s = pos - T(p);
  int64_t cb, ce;
  prroi_cell_range(a, b, n_line, &cb, &ce);
  T sum = T(0);
  for (int64_t c = cb; c < ce; ++c) {
    const T ta = a > T(c) ? a : T(c);
    const T tb = b < T(c + 1) ? b : T(c + 1);
    T a0, a1;
    prroi_axis_coeffs(ta, tb, c, &a0, &a1);
    T v0, v1;  // interpolated values across the line at cells c and c+1
    if (transpose) {
      v0 = (T(1) - s) * prroi_pixel(plane, p, c, H, W) + s * prroi_pixel(plane, p + 1, c, H, W);
      v1 = (T(1) - s) * prroi_pixel(plane, p, c + 1, H, W) +
           s * prroi_pixel(plane, p + 1, c + 1, H, W);
    } else {
      v0 = (T(1) - s) * prroi_pixel(plane, c, p, H, W) + s * prroi_pixel(plane, c, p + 1, H, W);
      v1 = (T(1) - s) * prroi_pixel(plane, c + 1, p, H, W) +
           s * prroi_pixel(plane, c + 1, p + 1, H, W);
    }
    sum += a0 * v0 + a1 * v1;
  }
  return sum;
}

}  // namespace pd
