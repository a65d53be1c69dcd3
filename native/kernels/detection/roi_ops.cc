// RoI feature extraction (spec section 4): roi_align, roi_pool, psroi_pool, prroi_pool and their
// grad ops. The arithmetic (sample weights, bin bounds, the precise-pooling integrals) lives in
// roi_kernel.h; this file validates, maps RoIs to images and runs the CPU loops.
//
// Batch mapping: RoI r belongs to image b when offsets[b] <= r < offsets[b+1], with offsets from
// the per-image counts input (RoisNum / BatchRoINums, int32 or int64, one entry per image) when
// given, else from ROIs' last LoD level. Either must cover exactly the R RoIs and name exactly
// N images; everything is checked in infer before any memory is read.
//
// Parallelism: forwards run over (RoI, channel block) items; backwards scatter into dX and run over
// (image, channel block) items, so no two threads ever write the same plane.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/detection/roi_kernel.h"

namespace pd {
namespace {

const std::vector<DType> kRoiDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                       DType::Float64};

int roi_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

// Splits C channels into blocks so that `items * blocks` gives every thread some work.
int64_t channel_block(int64_t items, int64_t C) {
  if (C <= 0) return 1;
  const int64_t want = 4 * (int64_t)roi_threads();
  int64_t nblk = items >= want ? 1 : (want + std::max<int64_t>(items, 1) - 1) / std::max<int64_t>(items, 1);
  nblk = std::min(nblk, C);
  return (C + nblk - 1) / nblk;
}

// ---------------------------------------------------------------- shared validation

void check_x_rois(const char* op, const Tensor& x, const Tensor& rois) {
  if (x.ndim != 4)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input X has shape ", shape_str(x.dims, x.ndim),
             "; expected a 4-D tensor [N, C, H, W]");
  if (rois.ndim != 2 || rois.dims[1] != 4)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input ROIs has shape ", shape_str(rois.dims, rois.ndim),
             "; expected a 2-D tensor [R, 4] of boxes [x1, y1, x2, y2]");
  if (rois.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input ROIs has dtype ", dtype_name(rois.dtype),
             " but X has dtype ", dtype_name(x.dtype), "; expected the same dtype");
}

void check_dout_dtype(const char* op, const Tensor& d, const Tensor& x) {
  if (d.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Out@GRAD has dtype ", dtype_name(d.dtype),
             " but X has dtype ", dtype_name(x.dtype), "; expected the same dtype");
}

void check_pooled(const char* op, int64_t ph, int64_t pw) {
  if (ph <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": pooled_height is ", ph, "; expected pooled_height > 0");
  if (pw <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": pooled_width is ", pw, "; expected pooled_width > 0");
}

void check_scale(const char* op, double s) {
  if (!(s > 0))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": spatial_scale is ", s, "; expected spatial_scale > 0");
}

// Offsets [0, n0, n0+n1, ..., R] splitting the RoIs into the N images (see file comment).
// `nums_slot` < 0 or an absent input: use ROIs' LoD.
std::vector<int64_t> roi_offsets(const char* op, const OpContext& c, int rois_slot, int nums_slot,
                                 const char* nums_name, int64_t N) {
  const Tensor& rois = c.in(rois_slot);
  const int64_t R = rois.dims[0];
  std::vector<int64_t> off;
  if (nums_slot >= 0 && c.has(nums_slot)) {
    const Tensor& n = c.in(nums_slot);
    if (n.dtype != DType::Int32 && n.dtype != DType::Int64)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input ", nums_name, " has dtype ", dtype_name(n.dtype),
               "; expected int32 or int64");
    if (n.ndim != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input ", nums_name, " has shape ",
               shape_str(n.dims, n.ndim), "; expected a 1-D tensor [N] of per-image RoI counts");
    if (n.dims[0] != N)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input ", nums_name, " has ", n.dims[0],
               " entries but X has batch size ", N,
               "; expected one RoI count per image (the batch sizes must be the same)");
    TensorRef nc = contiguous(c.in_ref(nums_slot));
    off.resize((size_t)N + 1);
    off[0] = 0;
    for (int64_t b = 0; b < N; ++b) {
      const int64_t k = n.dtype == DType::Int32 ? (int64_t)nc->data<int32_t>()[b]
                                                 : nc->data<int64_t>()[b];
      if (k < 0)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": input ", nums_name, "[", b, "] is ", k,
                 "; expected a non-negative RoI count");
      off[b + 1] = off[b] + k;
    }
    if (off[N] != R)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input ", nums_name, " adds up to ", off[N],
               " RoIs but ROIs has ", R,
               " rows; expected the per-image counts to cover exactly the RoIs");
    return off;
  }
  if (rois.lod.empty())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input ROIs does not contain LoD and ", nums_name,
             " is not given; expected per-image RoI counts from one of them");
  const std::vector<int64_t>& lod = rois.lod.back();
  if (lod.empty() || lod[0] != 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ROIs must start at 0; got ",
             shape_str(lod), "");
  for (size_t i = 1; i < lod.size(); ++i)
    if (lod[i] < lod[i - 1])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ROIs ", shape_str(lod),
               " is decreasing at position ", i, "; expected non-decreasing offsets");
  if ((int64_t)lod.size() - 1 != N)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ROIs has ", lod.size() - 1,
             " images but X has batch size ", N, "; expected the batch sizes to be the same");
  if (lod.back() != R)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ROIs ends at ", lod.back(), " but ROIs has ",
             R, " rows; expected the LoD to cover exactly the RoIs");
  return lod;
}

std::vector<NamedAttr> named_attrs(const GradContext& g) {
  std::vector<NamedAttr> a;
  for (size_t i = 0; i < g.def.attrs.size(); ++i)
    a.push_back({g.def.attrs[i].name.c_str(), AttrValue::of_view(g.attrs[i])});
  return a;
}

TensorRef opt_in(const GradContext& g, int slot) { return g.has(slot) ? g.in(slot) : TensorRef(); }

template <typename T>
void zero_fill(T* p, int64_t n) {
  parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
    std::fill(p + b, p + e, T(0));
  });
}

// ================================================================ roi_align

enum RoiAlignIn { kAlignX = 0, kAlignRois = 1, kAlignNum = 2, kAlignDOut = 3 };
enum RoiAlignAttr { kAlignScale = 0, kAlignPH = 1, kAlignPW = 2, kAlignSR = 3, kAlignAligned = 4 };

void roi_align_check(const char* op, const OpContext& c) {
  const Tensor& x = c.in(kAlignX);
  check_x_rois(op, x, c.in(kAlignRois));
  check_pooled(op, c.attr_int(kAlignPH), c.attr_int(kAlignPW));
  check_scale(op, c.attr_float(kAlignScale));
  roi_offsets(op, c, kAlignRois, kAlignNum, "RoisNum", x.dims[0]);
}

void roi_align_infer(OpContext& c) {
  roi_align_check("roi_align", c);
  const Tensor& x = c.in(kAlignX);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({c.in(kAlignRois).dims[0], x.dims[1], c.attr_int(kAlignPH),
                          c.attr_int(kAlignPW)});
}

// The samples of output row ph of one RoI: for each pw, the valid samples (out-of-map samples
// are dropped; they still count in geom.count). `start` gets PW+1 offsets into `tab`.
template <typename T>
void roi_align_row(const RoiAlignGeom<T>& g, int64_t ph, int64_t PW, int64_t H, int64_t W,
                   std::vector<RoiSample<T>>& tab, std::vector<int64_t>& start) {
  tab.clear();
  start.resize((size_t)PW + 1);
  for (int64_t pw = 0; pw < PW; ++pw) {
    start[pw] = (int64_t)tab.size();
    for (int64_t iy = 0; iy < g.gh; ++iy) {
      const T y = roi_align_sample_pos(g.y1, ph, g.bin_h, iy, g.gh);
      for (int64_t ix = 0; ix < g.gw; ++ix) {
        const T x = roi_align_sample_pos(g.x1, pw, g.bin_w, ix, g.gw);
        RoiSample<T> s;
        if (roi_bilinear_sample(y, x, H, W, &s)) tab.push_back(s);
      }
    }
  }
  start[PW] = (int64_t)tab.size();
}

void roi_align_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kAlignX));
  TensorRef rr = contiguous(c.in_ref(kAlignRois));
  const std::vector<int64_t> off =
      roi_offsets("roi_align", c, kAlignRois, kAlignNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t R = rr->dims[0], PH = c.attr_int(kAlignPH), PW = c.attr_int(kAlignPW);
  const int64_t sr = c.attr_int(kAlignSR);
  const bool aligned = c.attr_bool(kAlignAligned);
  std::vector<int64_t> batch((size_t)R);
  for (int64_t b = 0; b < N; ++b)
    for (int64_t r = off[b]; r < off[b + 1]; ++r) batch[r] = b;
  Tensor& out = c.out(0);
  PD_DISPATCH_FLOATING(xr->dtype, "roi_align", {
    using T = scalar_t;
    const T* px = xr->data<T>();
    const T* pr = rr->data<T>();
    T* po = out.data<T>();
    const T scale = (T)c.attr_float(kAlignScale);
    const int64_t cb = channel_block(R, C);
    const int64_t nblk = C == 0 ? 0 : (C + cb - 1) / cb;
    parallel_for(R * nblk, 1, [&](int64_t ib, int64_t ie) {
      std::vector<RoiSample<T>> tab;
      std::vector<int64_t> start;
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t r = i / nblk, c0 = (i % nblk) * cb, c1 = std::min(C, c0 + cb);
        const RoiAlignGeom<T> g = roi_align_geometry(pr + 4 * r, scale, PH, PW, sr, aligned);
        const T* xb = px + batch[r] * C * H * W;
        T* o = po + r * C * PH * PW;
        for (int64_t ph = 0; ph < PH; ++ph) {
          roi_align_row(g, ph, PW, H, W, tab, start);
          for (int64_t ch = c0; ch < c1; ++ch) {
            const T* plane = xb + ch * H * W;
            T* orow = o + (ch * PH + ph) * PW;
            for (int64_t pw = 0; pw < PW; ++pw) {
              T s = T(0);
              for (int64_t k = start[pw]; k < start[pw + 1]; ++k)
                s += roi_sample_value(plane, tab[k]);
              orow[pw] = s / g.count;
            }
          }
        }
      }
    });
  });
}

void roi_align_grad_infer(OpContext& c) {
  roi_align_check("roi_align_grad", c);
  const Tensor& x = c.in(kAlignX);
  const Tensor& d = c.in(kAlignDOut);
  const std::vector<int64_t> want = {c.in(kAlignRois).dims[0], x.dims[1], c.attr_int(kAlignPH),
                                     c.attr_int(kAlignPW)};
  check_dout_dtype("roi_align_grad", d, x);
  if (d.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "roi_align_grad: Out@GRAD has shape ",
             shape_str(d.dims, d.ndim), "; expected ", shape_str(want));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void roi_align_grad_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kAlignX));
  TensorRef rr = contiguous(c.in_ref(kAlignRois));
  TensorRef dr = contiguous(c.in_ref(kAlignDOut));
  const std::vector<int64_t> off =
      roi_offsets("roi_align_grad", c, kAlignRois, kAlignNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t PH = c.attr_int(kAlignPH), PW = c.attr_int(kAlignPW);
  const int64_t sr = c.attr_int(kAlignSR);
  const bool aligned = c.attr_bool(kAlignAligned);
  Tensor& dx = c.out(0);
  PD_DISPATCH_FLOATING(xr->dtype, "roi_align_grad", {
    using T = scalar_t;
    const T* pr = rr->data<T>();
    const T* pd = dr->data<T>();
    T* pdx = dx.data<T>();
    zero_fill(pdx, dx.numel());
    const T scale = (T)c.attr_float(kAlignScale);
    const int64_t cb = channel_block(N, C);
    const int64_t nblk = C == 0 ? 0 : (C + cb - 1) / cb;
    // Known difference from Paddle: Paddle's CPU grad clamps the RoI size to >= 1 even when
    // aligned=True (its forward does not); we use the forward's geometry (as Paddle's GPU grad
    // does), so the gradient is that of the forward that was computed.
    parallel_for(N * nblk, 1, [&](int64_t ib, int64_t ie) {
      std::vector<RoiSample<T>> tab;
      std::vector<int64_t> start;
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t b = i / nblk, c0 = (i % nblk) * cb, c1 = std::min(C, c0 + cb);
        for (int64_t r = off[b]; r < off[b + 1]; ++r) {
          const RoiAlignGeom<T> g = roi_align_geometry(pr + 4 * r, scale, PH, PW, sr, aligned);
          for (int64_t ph = 0; ph < PH; ++ph) {
            roi_align_row(g, ph, PW, H, W, tab, start);
            for (int64_t ch = c0; ch < c1; ++ch) {
              T* plane = pdx + (b * C + ch) * H * W;
              const T* drow = pd + ((r * C + ch) * PH + ph) * PW;
              for (int64_t pw = 0; pw < PW; ++pw) {
                const T gv = drow[pw] / g.count;
                for (int64_t k = start[pw]; k < start[pw + 1]; ++k) {
                  const RoiSample<T>& s = tab[k];
                  plane[s.o[0]] += gv * s.w[0];
                  plane[s.o[1]] += gv * s.w[1];
                  plane[s.o[2]] += gv * s.w[2];
                  plane[s.o[3]] += gv * s.w[3];
                }
              }
            }
          }
        }
      }
    });
  });
}

void roi_align_grad(GradContext& g) {
  if (!g.needs(kAlignX)) return;
  g.set_grad(kAlignX, call("roi_align_grad",
                           {g.in(kAlignX), g.in(kAlignRois), opt_in(g, kAlignNum), g.dout(0)},
                           named_attrs(g)));
}

// roi_align_grad is linear in Out@GRAD: its own gradient is roi_align of the incoming grad.
void roi_align_grad_grad(GradContext& g) {
  if (!g.needs(kAlignDOut)) return;
  g.set_grad(kAlignDOut, call("roi_align", {g.dout(0), g.in(kAlignRois), opt_in(g, kAlignNum)},
                              named_attrs(g)));
}

// ================================================================ roi_pool

enum RoiPoolIn { kPoolX = 0, kPoolRois = 1, kPoolNum = 2, kPoolArgmax = 3, kPoolDOut = 4 };
enum RoiPoolAttr { kPoolScale = 0, kPoolPH = 1, kPoolPW = 2 };

void roi_pool_check(const char* op, const OpContext& c) {
  const Tensor& x = c.in(kPoolX);
  check_x_rois(op, x, c.in(kPoolRois));
  check_pooled(op, c.attr_int(kPoolPH), c.attr_int(kPoolPW));
  check_scale(op, c.attr_float(kPoolScale));
  roi_offsets(op, c, kPoolRois, kPoolNum, "RoisNum", x.dims[0]);
}

void roi_pool_infer(OpContext& c) {
  roi_pool_check("roi_pool", c);
  const Tensor& x = c.in(kPoolX);
  c.out_meta.resize(2);
  const std::vector<int64_t> d = {c.in(kPoolRois).dims[0], x.dims[1], c.attr_int(kPoolPH),
                                  c.attr_int(kPoolPW)};
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(d);
  c.out_meta[1].dtype = DType::Int64;
  c.out_meta[1].set_dims(d);
}

void roi_pool_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPoolX));
  TensorRef rr = contiguous(c.in_ref(kPoolRois));
  const std::vector<int64_t> off =
      roi_offsets("roi_pool", c, kPoolRois, kPoolNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t R = rr->dims[0], PH = c.attr_int(kPoolPH), PW = c.attr_int(kPoolPW);
  std::vector<int64_t> batch((size_t)R);
  for (int64_t b = 0; b < N; ++b)
    for (int64_t r = off[b]; r < off[b + 1]; ++r) batch[r] = b;
  int64_t* pa = c.out(1).data<int64_t>();
  PD_DISPATCH_FLOATING(xr->dtype, "roi_pool", {
    using T = scalar_t;
    const T* px = xr->data<T>();
    const T* pr = rr->data<T>();
    T* po = c.out(0).data<T>();
    const T scale = (T)c.attr_float(kPoolScale);
    const int64_t lim = int64_t(1) << 40;
    parallel_for(R * C, std::max<int64_t>(1, 4096 / (PH * PW + 1)), [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t r = i / C, ch = i % C;
        const T* roi = pr + 4 * r;
        const int64_t xs = roi_clamp_index(std::round(roi[0] * scale), -lim, lim);
        const int64_t ys = roi_clamp_index(std::round(roi[1] * scale), -lim, lim);
        const int64_t xe = roi_clamp_index(std::round(roi[2] * scale), -lim, lim);
        const int64_t ye = roi_clamp_index(std::round(roi[3] * scale), -lim, lim);
        const int64_t rh = std::max<int64_t>(ye - ys + 1, 1);
        const int64_t rw = std::max<int64_t>(xe - xs + 1, 1);
        const T bin_h = T(rh) / T(PH), bin_w = T(rw) / T(PW);
        const T* plane = px + (batch[r] * C + ch) * H * W;
        T* o = po + i * PH * PW;
        int64_t* a = pa + i * PH * PW;
        for (int64_t ph = 0; ph < PH; ++ph) {
          int64_t hb, he;
          roi_pool_bin(ph, bin_h, ys, H, &hb, &he);
          for (int64_t pw = 0; pw < PW; ++pw) {
            int64_t wb, we;
            roi_pool_bin(pw, bin_w, xs, W, &wb, &we);
            const int64_t k = ph * PW + pw;
            if (he <= hb || we <= wb) {
              o[k] = T(0);
              a[k] = -1;
              continue;
            }
            T m = -std::numeric_limits<T>::max();
            int64_t am = -1;
            for (int64_t h = hb; h < he; ++h)
              for (int64_t w = wb; w < we; ++w)
                if (plane[h * W + w] > m) {
                  m = plane[h * W + w];
                  am = h * W + w;
                }
            o[k] = m;
            a[k] = am;
          }
        }
      }
    });
  });
}

void roi_pool_grad_infer(OpContext& c) {
  roi_pool_check("roi_pool_grad", c);
  const Tensor& x = c.in(kPoolX);
  const std::vector<int64_t> want = {c.in(kPoolRois).dims[0], x.dims[1], c.attr_int(kPoolPH),
                                     c.attr_int(kPoolPW)};
  const Tensor& a = c.in(kPoolArgmax);
  const Tensor& d = c.in(kPoolDOut);
  if (a.dtype != DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, "roi_pool_grad: Argmax has dtype ", dtype_name(a.dtype),
             "; expected int64");
  if (a.shape() != want || d.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "roi_pool_grad: Argmax has shape ", shape_str(a.dims, a.ndim),
             " and Out@GRAD has shape ", shape_str(d.dims, d.ndim), "; expected ",
             shape_str(want), " for both");
  if (d.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, "roi_pool_grad: Out@GRAD has dtype ", dtype_name(d.dtype),
             " but X has dtype ", dtype_name(x.dtype), "; expected the same dtype");
  TensorRef ac = contiguous(c.in_ref(kPoolArgmax));
  const int64_t plane = x.dims[2] * x.dims[3];
  const int64_t* p = ac->data<int64_t>();
  for (int64_t i = 0; i < ac->numel(); ++i)
    if (p[i] < -1 || p[i] >= plane)
      PD_THROW(PD_OUT_OF_RANGE, "roi_pool_grad: Argmax value ", p[i],
               " is out of range; expected -1 <= Argmax < H*W = ", plane);
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void roi_pool_grad_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPoolX));
  TensorRef ar = contiguous(c.in_ref(kPoolArgmax));
  TensorRef dr = contiguous(c.in_ref(kPoolDOut));
  const std::vector<int64_t> off =
      roi_offsets("roi_pool_grad", c, kPoolRois, kPoolNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], HW = xr->dims[2] * xr->dims[3];
  const int64_t K = c.attr_int(kPoolPH) * c.attr_int(kPoolPW);
  const int64_t* pa = ar->data<int64_t>();
  Tensor& dx = c.out(0);
  PD_DISPATCH_FLOATING(xr->dtype, "roi_pool_grad", {
    using T = scalar_t;
    const T* pd = dr->data<T>();
    T* pdx = dx.data<T>();
    zero_fill(pdx, dx.numel());
    parallel_for(N * C, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t b = i / C, ch = i % C;
        T* plane = pdx + i * HW;
        for (int64_t r = off[b]; r < off[b + 1]; ++r) {
          const int64_t base = (r * C + ch) * K;
          for (int64_t k = 0; k < K; ++k)
            if (pa[base + k] >= 0) plane[pa[base + k]] += pd[base + k];
        }
      }
    });
  });
}

void roi_pool_grad(GradContext& g) {
  if (!g.needs(kPoolX)) return;
  g.set_grad(kPoolX, call("roi_pool_grad",
                          {g.in(kPoolX), g.in(kPoolRois), opt_in(g, kPoolNum), g.outputs[1],
                           g.dout(0)},
                          named_attrs(g)));
}

// ================================================================ psroi_pool

enum PsIn { kPsX = 0, kPsRois = 1, kPsNum = 2, kPsDOut = 3 };
enum PsAttr { kPsOC = 0, kPsScale = 1, kPsPH = 2, kPsPW = 3 };

void psroi_check(const char* op, const OpContext& c) {
  const Tensor& x = c.in(kPsX);
  check_x_rois(op, x, c.in(kPsRois));
  const int64_t oc = c.attr_int(kPsOC), ph = c.attr_int(kPsPH), pw = c.attr_int(kPsPW);
  check_pooled(op, ph, pw);
  if (oc <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": output_channels is ", oc,
             "; expected output_channels > 0");
  check_scale(op, c.attr_float(kPsScale));
  if (x.dims[1] != oc * ph * pw)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": X has ", x.dims[1], " channels; expected output_channels * "
             "pooled_height * pooled_width = ", oc, " * ", ph, " * ", pw, " = ", oc * ph * pw);
  roi_offsets(op, c, kPsRois, kPsNum, "RoisNum", x.dims[0]);
}

void psroi_infer(OpContext& c) {
  psroi_check("psroi_pool", c);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(kPsX).dtype;
  c.out_meta[0].set_dims({c.in(kPsRois).dims[0], c.attr_int(kPsOC), c.attr_int(kPsPH),
                          c.attr_int(kPsPW)});
}

// Bin bounds of one psroi_pool RoI (rounding happens before scaling, spec 4.3).
template <typename T>
struct PsGeom {
  T xs, ys, bin_w, bin_h;
};
template <typename T>
PsGeom<T> psroi_geometry(const T* roi, T scale, int64_t PH, int64_t PW) {
  PsGeom<T> g;
  g.xs = std::round(roi[0]) * scale;
  g.ys = std::round(roi[1]) * scale;
  const T xe = (std::round(roi[2]) + T(1)) * scale;
  const T ye = (std::round(roi[3]) + T(1)) * scale;
  const T rh = std::max<T>(ye - g.ys, T(0.1)), rw = std::max<T>(xe - g.xs, T(0.1));
  g.bin_h = rh / T(PH);
  g.bin_w = rw / T(PW);
  return g;
}

void psroi_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPsX));
  TensorRef rr = contiguous(c.in_ref(kPsRois));
  const std::vector<int64_t> off =
      roi_offsets("psroi_pool", c, kPsRois, kPsNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t R = rr->dims[0], OC = c.attr_int(kPsOC), PH = c.attr_int(kPsPH),
                PW = c.attr_int(kPsPW);
  std::vector<int64_t> batch((size_t)R);
  for (int64_t b = 0; b < N; ++b)
    for (int64_t r = off[b]; r < off[b + 1]; ++r) batch[r] = b;
  PD_DISPATCH_FLOATING(xr->dtype, "psroi_pool", {
    using T = scalar_t;
    const T* px = xr->data<T>();
    const T* pr = rr->data<T>();
    T* po = c.out(0).data<T>();
    const T scale = (T)c.attr_float(kPsScale);
    parallel_for(R * OC, std::max<int64_t>(1, 4096 / (PH * PW + 1)), [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t r = i / OC, oc = i % OC;
        const PsGeom<T> g = psroi_geometry(pr + 4 * r, scale, PH, PW);
        T* o = po + i * PH * PW;
        for (int64_t ph = 0; ph < PH; ++ph) {
          int64_t hb, he;
          psroi_pool_bin(ph, g.bin_h, g.ys, H, &hb, &he);
          for (int64_t pw = 0; pw < PW; ++pw) {
            int64_t wb, we;
            psroi_pool_bin(pw, g.bin_w, g.xs, W, &wb, &we);
            const T* plane = px + (batch[r] * C + (oc * PH + ph) * PW + pw) * H * W;
            if (he <= hb || we <= wb) {
              o[ph * PW + pw] = T(0);
              continue;
            }
            T s = T(0);
            for (int64_t h = hb; h < he; ++h)
              for (int64_t w = wb; w < we; ++w) s += plane[h * W + w];
            o[ph * PW + pw] = s / T((he - hb) * (we - wb));
          }
        }
      }
    });
  });
}

void psroi_grad_infer(OpContext& c) {
  psroi_check("psroi_pool_grad", c);
  const Tensor& x = c.in(kPsX);
  const Tensor& d = c.in(kPsDOut);
  const std::vector<int64_t> want = {c.in(kPsRois).dims[0], c.attr_int(kPsOC), c.attr_int(kPsPH),
                                     c.attr_int(kPsPW)};
  check_dout_dtype("psroi_pool_grad", d, x);
  if (d.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "psroi_pool_grad: Out@GRAD has shape ",
             shape_str(d.dims, d.ndim), "; expected ", shape_str(want));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void psroi_grad_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPsX));
  TensorRef rr = contiguous(c.in_ref(kPsRois));
  TensorRef dr = contiguous(c.in_ref(kPsDOut));
  const std::vector<int64_t> off =
      roi_offsets("psroi_pool_grad", c, kPsRois, kPsNum, "RoisNum", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t OC = c.attr_int(kPsOC), PH = c.attr_int(kPsPH), PW = c.attr_int(kPsPW);
  Tensor& dx = c.out(0);
  PD_DISPATCH_FLOATING(xr->dtype, "psroi_pool_grad", {
    using T = scalar_t;
    const T* pr = rr->data<T>();
    const T* pd = dr->data<T>();
    T* pdx = dx.data<T>();
    zero_fill(pdx, dx.numel());
    const T scale = (T)c.attr_float(kPsScale);
    // Output channel oc reads input channels [oc*PH*PW, (oc+1)*PH*PW): disjoint per item.
    parallel_for(N * OC, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t b = i / OC, oc = i % OC;
        for (int64_t r = off[b]; r < off[b + 1]; ++r) {
          const PsGeom<T> g = psroi_geometry(pr + 4 * r, scale, PH, PW);
          const T* d = pd + (r * OC + oc) * PH * PW;
          for (int64_t ph = 0; ph < PH; ++ph) {
            int64_t hb, he;
            psroi_pool_bin(ph, g.bin_h, g.ys, H, &hb, &he);
            for (int64_t pw = 0; pw < PW; ++pw) {
              int64_t wb, we;
              psroi_pool_bin(pw, g.bin_w, g.xs, W, &wb, &we);
              if (he <= hb || we <= wb) continue;
              T* plane = pdx + (b * C + (oc * PH + ph) * PW + pw) * H * W;
              const T gv = d[ph * PW + pw] / T((he - hb) * (we - wb));
              for (int64_t h = hb; h < he; ++h)
                for (int64_t w = wb; w < we; ++w) plane[h * W + w] += gv;
            }
          }
        }
      }
    });
  });
}

void psroi_grad(GradContext& g) {
  if (!g.needs(kPsX)) return;
  g.set_grad(kPsX, call("psroi_pool_grad",
                        {g.in(kPsX), g.in(kPsRois), opt_in(g, kPsNum), g.dout(0)},
                        named_attrs(g)));
}

void psroi_grad_grad(GradContext& g) {
  if (!g.needs(kPsDOut)) return;
  g.set_grad(kPsDOut, call("psroi_pool", {g.dout(0), g.in(kPsRois), opt_in(g, kPsNum)},
                           named_attrs(g)));
}

// ================================================================ prroi_pool

enum PrIn { kPrX = 0, kPrRois = 1, kPrNum = 2, kPrOut = 3, kPrDOut = 4 };
enum PrAttr { kPrScale = 0, kPrPH = 1, kPrPW = 2 };

void prroi_check(const char* op, const OpContext& c) {
  const Tensor& x = c.in(kPrX);
  check_x_rois(op, x, c.in(kPrRois));
  check_pooled(op, c.attr_int(kPrPH), c.attr_int(kPrPW));
  check_scale(op, c.attr_float(kPrScale));
  roi_offsets(op, c, kPrRois, kPrNum, "BatchRoINums", x.dims[0]);
}

void prroi_infer(OpContext& c) {
  prroi_check("prroi_pool", c);
  const Tensor& x = c.in(kPrX);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({c.in(kPrRois).dims[0], x.dims[1], c.attr_int(kPrPH),
                          c.attr_int(kPrPW)});
}

template <typename T>
struct PrGeom {
  T xs, ys, bin_w, bin_h, win;
};
template <typename T>
PrGeom<T> prroi_geometry(const T* roi, T scale, int64_t PH, int64_t PW) {
  PrGeom<T> g;
  g.xs = roi[0] * scale;
  g.ys = roi[1] * scale;
  const T rw = std::max<T>(roi[2] * scale - g.xs, T(0));
  const T rh = std::max<T>(roi[3] * scale - g.ys, T(0));
  g.bin_w = rw / T(PW);
  g.bin_h = rh / T(PH);
  g.win = g.bin_w * g.bin_h;
  return g;
}

void prroi_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPrX));
  TensorRef rr = contiguous(c.in_ref(kPrRois));
  const std::vector<int64_t> off =
      roi_offsets("prroi_pool", c, kPrRois, kPrNum, "BatchRoINums", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t R = rr->dims[0], PH = c.attr_int(kPrPH), PW = c.attr_int(kPrPW);
  std::vector<int64_t> batch((size_t)R);
  for (int64_t b = 0; b < N; ++b)
    for (int64_t r = off[b]; r < off[b + 1]; ++r) batch[r] = b;
  PD_DISPATCH_FLOATING(xr->dtype, "prroi_pool", {
    using T = scalar_t;
    const T* px = xr->data<T>();
    const T* pr = rr->data<T>();
    T* po = c.out(0).data<T>();
    const T scale = (T)c.attr_float(kPrScale);
    parallel_for(R * C, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t r = i / C, ch = i % C;
        const PrGeom<T> g = prroi_geometry(pr + 4 * r, scale, PH, PW);
        const T* plane = px + (batch[r] * C + ch) * H * W;
        T* o = po + i * PH * PW;
        for (int64_t ph = 0; ph < PH; ++ph)
          for (int64_t pw = 0; pw < PW; ++pw) {
            if (!(g.win > T(0))) {
              o[ph * PW + pw] = T(0);
              continue;
            }
            const T y0 = g.ys + T(ph) * g.bin_h, x0 = g.xs + T(pw) * g.bin_w;
            o[ph * PW + pw] = prroi_window_integral<T>(plane, nullptr, T(0), y0, x0,
                                                       y0 + g.bin_h, x0 + g.bin_w, H, W) /
                              g.win;
          }
      }
    });
  });
}

void prroi_grad_infer(OpContext& c) {
  prroi_check("prroi_pool_grad", c);
  const Tensor& x = c.in(kPrX);
  const std::vector<int64_t> want = {c.in(kPrRois).dims[0], x.dims[1], c.attr_int(kPrPH),
                                     c.attr_int(kPrPW)};
  const Tensor& o = c.in(kPrOut);
  const Tensor& d = c.in(kPrDOut);
  check_dout_dtype("prroi_pool_grad", d, x);
  check_dout_dtype("prroi_pool_grad", o, x);
  if (o.shape() != want || d.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "prroi_pool_grad: Out has shape ", shape_str(o.dims, o.ndim),
             " and Out@GRAD has shape ", shape_str(d.dims, d.ndim), "; expected ",
             shape_str(want), " for both");
  c.out_meta.resize(2);
  c.out_meta[0] = x.meta();
  c.out_meta[1] = c.in(kPrRois).meta();
}

void prroi_grad_cpu(OpContext& c) {
  TensorRef xr = contiguous(c.in_ref(kPrX));
  TensorRef rr = contiguous(c.in_ref(kPrRois));
  TensorRef orf = contiguous(c.in_ref(kPrOut));
  TensorRef dr = contiguous(c.in_ref(kPrDOut));
  const std::vector<int64_t> off =
      roi_offsets("prroi_pool_grad", c, kPrRois, kPrNum, "BatchRoINums", xr->dims[0]);
  const int64_t N = xr->dims[0], C = xr->dims[1], H = xr->dims[2], W = xr->dims[3];
  const int64_t R = rr->dims[0], PH = c.attr_int(kPrPH), PW = c.attr_int(kPrPW);
  std::vector<int64_t> batch((size_t)R);
  for (int64_t b = 0; b < N; ++b)
    for (int64_t r = off[b]; r < off[b + 1]; ++r) batch[r] = b;
  Tensor& dx = c.out(0);
  Tensor& drois = c.out(1);
  PD_DISPATCH_FLOATING(xr->dtype, "prroi_pool_grad", {
    using T = scalar_t;
    const T* px = xr->data<T>();
    const T* pr = rr->data<T>();
    const T* pout = orf->data<T>();
    const T* pd = dr->data<T>();
    T* pdx = dx.data<T>();
    T* pdr = drois.data<T>();
    zero_fill(pdx, dx.numel());
    const T scale = (T)c.attr_float(kPrScale);
    // dX: the integral's coefficients times dOut / win, scattered per (image, channel) plane.
    parallel_for(N * C, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t i = ib; i < ie; ++i) {
        const int64_t b = i / C, ch = i % C;
        T* plane = pdx + i * H * W;
        for (int64_t r = off[b]; r < off[b + 1]; ++r) {
          const PrGeom<T> g = prroi_geometry(pr + 4 * r, scale, PH, PW);
          if (!(g.win > T(0))) continue;
          const T* d = pd + (r * C + ch) * PH * PW;
          for (int64_t ph = 0; ph < PH; ++ph)
            for (int64_t pw = 0; pw < PW; ++pw) {
              const T y0 = g.ys + T(ph) * g.bin_h, x0 = g.xs + T(pw) * g.bin_w;
              prroi_window_integral<T>(nullptr, plane, d[ph * PW + pw] / g.win, y0, x0,
                                       y0 + g.bin_h, x0 + g.bin_w, H, W);
            }
        }
      }
    });
    // dROIs: out = S / win with S the window integral. dS/d(edge) is the line integral of the
    // surface along that edge (signed); each edge moves with (xs, xe) by the bin's fraction, and
    // win = (xe-xs)(ye-ys)/(PW*PH). Chain through the spatial scale.
    parallel_for(R, 1, [&](int64_t ib, int64_t ie) {
      for (int64_t r = ib; r < ie; ++r) {
        const PrGeom<T> g = prroi_geometry(pr + 4 * r, scale, PH, PW);
        T gxs = T(0), gys = T(0), gxe = T(0), gye = T(0);
        if (g.win > T(0)) {
          for (int64_t ch = 0; ch < C; ++ch) {
            const T* plane = px + (batch[r] * C + ch) * H * W;
            const T* d = pd + (r * C + ch) * PH * PW;
            const T* o = pout + (r * C + ch) * PH * PW;
            for (int64_t ph = 0; ph < PH; ++ph)
              for (int64_t pw = 0; pw < PW; ++pw) {
                const T gv = d[ph * PW + pw];
                if (gv == T(0)) continue;
                const T y0 = g.ys + T(ph) * g.bin_h, x0 = g.xs + T(pw) * g.bin_w;
                const T y1 = y0 + g.bin_h, x1 = x0 + g.bin_w;
                const T lx0 = prroi_line_integral(plane, x0, y0, y1, H, W, false);
                const T lx1 = prroi_line_integral(plane, x1, y0, y1, H, W, false);
                const T ly0 = prroi_line_integral(plane, y0, x0, x1, H, W, true);
                const T ly1 = prroi_line_integral(plane, y1, x0, x1, H, W, true);
                const T fw0 = T(pw) / T(PW), fw1 = T(pw + 1) / T(PW);
                const T fh0 = T(ph) / T(PH), fh1 = T(ph + 1) / T(PH);
                const T dS_xs = lx1 * (T(1) - fw1) - lx0 * (T(1) - fw0);
                const T dS_xe = lx1 * fw1 - lx0 * fw0;
                const T dS_ys = ly1 * (T(1) - fh1) - ly0 * (T(1) - fh0);
                const T dS_ye = ly1 * fh1 - ly0 * fh0;
                const T out = o[ph * PW + pw];  // = S / win
                const T k = gv / g.win;
                gxs += k * (dS_xs + out * g.bin_h / T(PW));
                gxe += k * (dS_xe - out * g.bin_h / T(PW));
                gys += k * (dS_ys + out * g.bin_w / T(PH));
                gye += k * (dS_ye - out * g.bin_w / T(PH));
              }
          }
        }
        pdr[4 * r + 0] = gxs * scale;
        pdr[4 * r + 1] = gys * scale;
        pdr[4 * r + 2] = gxe * scale;
        pdr[4 * r + 3] = gye * scale;
      }
    });
  });
}

void prroi_grad(GradContext& g) {
  if (!g.needs(kPrX) && !g.needs(kPrRois)) return;
  std::vector<TensorRef> r =
      call_all("prroi_pool_grad",
               {g.in(kPrX), g.in(kPrRois), opt_in(g, kPrNum), g.outputs[0], g.dout(0)},
               named_attrs(g));
  if (g.needs(kPrX)) g.set_grad(kPrX, r[0]);
  if (g.needs(kPrRois)) g.set_grad(kPrRois, r[1]);
}

}  // namespace

// ---------------------------------------------------------------- declarations

PD_REGISTER_OP(roi_align)
    .input("X")
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .output("Out")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .attr("sampling_ratio", (int64_t)-1)
    .attr("aligned", false)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(roi_align_infer)
    .cpu(roi_align_cpu)
    .grad(roi_align_grad);

PD_REGISTER_OP(roi_align_grad)
    .input("X", false)
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .attr("sampling_ratio", (int64_t)-1)
    .attr("aligned", false)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(roi_align_grad_infer)
    .cpu(roi_align_grad_cpu)
    .grad(roi_align_grad_grad);

PD_REGISTER_OP(roi_pool)
    .input("X")
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .output("Out")
    .output("Argmax")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(roi_pool_infer)
    .cpu(roi_pool_cpu)
    .grad(roi_pool_grad);

PD_REGISTER_OP(roi_pool_grad)
    .input("X", false)
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .input("Argmax", false)
    .input("Out@GRAD", false)
    .output("X@GRAD")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(roi_pool_grad_infer)
    .cpu(roi_pool_grad_cpu);

PD_REGISTER_OP(psroi_pool)
    .input("X")
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .output("Out")
    .attr("output_channels", (int64_t)1)
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(psroi_infer)
    .cpu(psroi_cpu)
    .grad(psroi_grad);

PD_REGISTER_OP(psroi_pool_grad)
    .input("X", false)
    .input("ROIs", false)
    .optional_input("RoisNum", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("output_channels", (int64_t)1)
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(psroi_grad_infer)
    .cpu(psroi_grad_cpu)
    .grad(psroi_grad_grad);

PD_REGISTER_OP(prroi_pool)
    .input("X")
    .input("ROIs")
    .optional_input("BatchRoINums", false)
    .output("Out")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(prroi_infer)
    .cpu(prroi_cpu)
    .grad(prroi_grad);

PD_REGISTER_OP(prroi_pool_grad)
    .input("X", false)
    .input("ROIs", false)
    .optional_input("BatchRoINums", false)
    .input("Out", false)
    .input("Out@GRAD", false)
    .output("X@GRAD")
    .output("ROIs@GRAD")
    .attr("spatial_scale", 1.0)
    .attr("pooled_height", (int64_t)1)
    .attr("pooled_width", (int64_t)1)
    .dtypes(kRoiDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(prroi_grad_infer)
    .cpu(prroi_grad_cpu);

}  // namespace pd
