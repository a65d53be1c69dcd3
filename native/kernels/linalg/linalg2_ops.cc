// More linear algebra: bmm, mv, dot, cross, kron, trace (+ trace_grad), inverse, cholesky.
// Shapes and names follow Paddle 2.0's op definitions. Products (bmm, mv) run on matmul_v2's
// kernel; inverse/cholesky are our own batched kernels that raise a clear error for singular /
// non-positive-definite input instead of producing NaN or inf.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

const std::vector<DType> kLinFloat = {DType::Float16, DType::BFloat16, DType::Float32,
                                      DType::Float64};
const std::vector<DType> kLinArith = {DType::Float16, DType::BFloat16, DType::Float32,
                                      DType::Float64, DType::Int32,    DType::Int64};

std::string shp(const Tensor& t) { return shape_str(t.dims, t.ndim); }

TensorRef reshape(const TensorRef& t, const std::vector<int64_t>& dims) {
  if (t->shape() == dims) return t;
  return call("reshape2", {t}, {{"shape", dims}});
}

TensorRef matmul(const TensorRef& a, const TensorRef& b, bool ta = false, bool tb = false) {
  return call("matmul_v2", {a, b}, {{"trans_x", ta}, {"trans_y", tb}});
}

// Transpose of the last two dims (a view).
TensorRef mT(const TensorRef& t) {
  std::vector<int64_t> perm(t->ndim);
  for (int i = 0; i < t->ndim; ++i) perm[i] = i;
  std::swap(perm[t->ndim - 1], perm[t->ndim - 2]);
  return call("transpose2", {t}, {{"axis", perm}});
}

TensorRef scale(const TensorRef& t, double s) { return call("scale", {t}, {{"scale", s}}); }

// Runs matmul_v2 on the kernel's inputs (no autograd: the calling op records its own node).
void product_kernel(OpContext& c, bool tx, bool ty) {
  NoGradGuard ng;
  TensorRef r = call("matmul_v2", {c.in_ref(0), c.in_ref(1)}, {{"trans_x", tx}, {"trans_y", ty}});
  c.outputs = {r};
}

// ---- bmm: X [B, M, K], Y [B, K, N] -> Out [B, M, N] ----
void bmm_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  if (x.ndim != 3 || y.ndim != 3)
    PD_THROW(PD_INVALID_ARGUMENT, "bmm: X has shape ", shp(x), " and Y has shape ", shp(y),
             "; expected both of rank 3");
  if (x.dims[0] != y.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, "bmm: the batch sizes of X (shape ", shp(x), ") and Y (shape ",
             shp(y), ") differ; expected equal");
  if (x.dims[2] != y.dims[1])
    PD_THROW(PD_INVALID_ARGUMENT, "bmm: the last dimension of X (", x.dims[2],
             ") must equal the second dimension of Y (", y.dims[1], "); got X of shape ", shp(x),
             " and Y of shape ", shp(y));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({x.dims[0], x.dims[1], y.dims[2]});
}
void bmm_cpu(OpContext& c) { product_kernel(c, false, false); }
void bmm_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  if (g.needs(0)) g.set_grad(0, matmul(d, g.in(1), false, true));
  if (g.needs(1)) g.set_grad(1, matmul(g.in(0), d, true, false));
}

// ---- mv: X [M, N], Vec [N] -> Out [M] ----
void mv_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& v = c.in(1);
  if (x.ndim != 2 || v.ndim != 1)
    PD_THROW(PD_INVALID_ARGUMENT, "mv: X has shape ", shp(x), " and Vec has shape ", shp(v),
             "; expected X of rank 2 and Vec of rank 1");
  if (x.dims[1] != v.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, "mv: the last dimension of X (", x.dims[1],
             ") must equal the length of Vec (", v.dims[0], "); got X of shape ", shp(x),
             " and Vec of shape ", shp(v));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({x.dims[0]});
}
void mv_cpu(OpContext& c) { product_kernel(c, false, false); }
void mv_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  const TensorRef& x = g.in(0);
  const TensorRef& v = g.in(1);
  if (g.needs(0)) g.set_grad(0, matmul(reshape(d, {x->dims[0], 1}), reshape(v, {1, x->dims[1]})));
  if (g.needs(1)) g.set_grad(1, matmul(x, d, true, false));
}

// ---- dot: X, Y (same shape, rank 1 or 2) -> Out ([1] or [B, 1]) ----
void dot_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  if (x.ndim < 1 || x.ndim > 2)
    PD_THROW(PD_INVALID_ARGUMENT, "dot: X has shape ", shp(x), "; expected rank 1 or 2");
  if (x.shape() != y.shape())
    PD_THROW(PD_INVALID_ARGUMENT, "dot: X has shape ", shp(x), " and Y has shape ", shp(y),
             "; expected the same shape");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  if (x.ndim == 1) c.out_meta[0].set_dims({1});
  else c.out_meta[0].set_dims({x.dims[0], 1});
}
void dot_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0)), y = contiguous(c.in_ref(1));
  const int64_t rows = x->ndim == 1 ? 1 : x->dims[0];
  const int64_t n = x->dims[x->ndim - 1];
  PD_DISPATCH_ARITH(x->dtype, "dot", {
    const scalar_t* px = x->data<scalar_t>();
    const scalar_t* py = y->data<scalar_t>();
    scalar_t* po = c.out(0).data<scalar_t>();
    parallel_for(rows, std::max<int64_t>(1, 32768 / (n + 1)), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        scalar_t acc = scalar_t(0);
        for (int64_t k = 0; k < n; ++k) acc += px[r * n + k] * py[r * n + k];
        po[r] = acc;
      }
    });
  });
}
void dot_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  if (g.needs(0)) g.set_grad(0, call("elementwise_mul", {d, g.in(1)}));
  if (g.needs(1)) g.set_grad(1, call("elementwise_mul", {d, g.in(0)}));
}

// ---- cross: X, Y (same shape) -> Out; attr dim (9 = the first axis of size 3) ----
constexpr int64_t kCrossDefaultDim = 9;

int64_t cross_dim(const Tensor& x, int64_t dim) {
  if (dim == kCrossDefaultDim) {
    for (int d = 0; d < x.ndim; ++d)
      if (x.dims[d] == 3) return d;
    PD_THROW(PD_INVALID_ARGUMENT, "cross: the input of shape ", shp(x),
             " has no dimension of size 3; expected at least one when axis is not given");
  }
  if (dim < -x.ndim || dim >= x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, "cross: axis ", dim, " is out of range for a tensor of rank ",
             x.ndim, "; expected ", -x.ndim, " <= axis < ", x.ndim);
  if (dim < 0) dim += x.ndim;
  if (x.dims[dim] != 3)
    PD_THROW(PD_INVALID_ARGUMENT, "cross: dimension ", dim, " of the input of shape ", shp(x),
             " has size ", x.dims[dim], "; expected size 3");
  return dim;
}
void cross_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  if (x.shape() != y.shape())
    PD_THROW(PD_INVALID_ARGUMENT, "cross: X has shape ", shp(x), " and Y has shape ", shp(y),
             "; expected the same shape");
  cross_dim(x, c.attr_int(0));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}
void cross_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0)), y = contiguous(c.in_ref(1));
  const int64_t dim = cross_dim(*x, c.attr_int(0));
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < dim; ++d) outer *= x->dims[d];
  for (int d = (int)dim + 1; d < x->ndim; ++d) inner *= x->dims[d];
  PD_DISPATCH_ARITH(x->dtype, "cross", {
    const scalar_t* a = x->data<scalar_t>();
    const scalar_t* b = y->data<scalar_t>();
    scalar_t* o = c.out(0).data<scalar_t>();
    parallel_for(outer * inner, kElementwiseGrain / 4, [&](int64_t s, int64_t e) {
      for (int64_t p = s; p < e; ++p) {
        const int64_t base = (p / inner) * 3 * inner + p % inner;
        const scalar_t a0 = a[base], a1 = a[base + inner], a2 = a[base + 2 * inner];
        const scalar_t b0 = b[base], b1 = b[base + inner], b2 = b[base + 2 * inner];
        o[base] = a1 * b2 - a2 * b1;
        o[base + inner] = a2 * b0 - a0 * b2;
        o[base + 2 * inner] = a0 * b1 - a1 * b0;
      }
    });
  });
}
void cross_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  const int64_t dim = g.attr_int(0);
  if (g.needs(0)) g.set_grad(0, call("cross", {g.in(1), d}, {{"dim", dim}}));
  if (g.needs(1)) g.set_grad(1, call("cross", {d, g.in(0)}, {{"dim", dim}}));
}

// ---- kron: X, Y -> Out; ranks aligned on the right, Out.dims[i] = X.dims[i] * Y.dims[i] ----
struct KronShape {
  int r;
  std::vector<int64_t> xs, ys, out;
};
KronShape kron_shape(const Tensor& x, const Tensor& y) {
  KronShape k;
  k.r = std::max(x.ndim, y.ndim);
  k.xs.assign(k.r, 1);
  k.ys.assign(k.r, 1);
  for (int i = 0; i < x.ndim; ++i) k.xs[k.r - x.ndim + i] = x.dims[i];
  for (int i = 0; i < y.ndim; ++i) k.ys[k.r - y.ndim + i] = y.dims[i];
  k.out.resize(k.r);
  for (int i = 0; i < k.r; ++i) k.out[i] = k.xs[i] * k.ys[i];
  return k;
}
void kron_infer(OpContext& c) {
  KronShape k = kron_shape(c.in(0), c.in(1));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  if (k.r == 0) c.out_meta[0].set_dims({1});
  else c.out_meta[0].set_dims(k.out);
}
void kron_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0)), y = contiguous(c.in_ref(1));
  KronShape k = kron_shape(*x, *y);
  Tensor& out = c.out(0);
  const int64_t total = out.numel();
  if (total == 0) return;
  std::vector<int64_t> xst(k.r), yst(k.r);
  if (k.r) {
    contiguous_strides(k.xs.data(), k.r, xst.data());
    contiguous_strides(k.ys.data(), k.r, yst.data());
  }
  PD_DISPATCH_ARITH(out.dtype, "kron", {
    const scalar_t* px = x->data<scalar_t>();
    const scalar_t* py = y->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    parallel_for(total, kElementwiseGrain / 4, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        int64_t rem = p, xo = 0, yo = 0;
        for (int d = k.r - 1; d >= 0; --d) {
          const int64_t i = rem % k.out[d];
          rem /= k.out[d];
          xo += (i / k.ys[d]) * xst[d];
          yo += (i % k.ys[d]) * yst[d];
        }
        po[p] = px[xo] * py[yo];
      }
    });
  });
}
void kron_grad(GradContext& g) {
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  KronShape k = kron_shape(*x, *y);
  if (x->numel() == 0 || y->numel() == 0) {
    if (g.needs(0)) g.set_grad(0, zeros_like_tensor(*x));
    if (g.needs(1)) g.set_grad(1, zeros_like_tensor(*y));
    return;
  }
  if (2 * k.r > kMaxRank)
    PD_THROW(PD_UNIMPLEMENTED, "kron: the gradient supports inputs of rank <= ", kMaxRank / 2,
             "; got rank ", k.r);
  std::vector<int64_t> inter, xr, yr, xaxes, yaxes;
  for (int i = 0; i < k.r; ++i) {
    inter.push_back(k.xs[i]);
    inter.push_back(k.ys[i]);
    xr.push_back(k.xs[i]);
    xr.push_back(1);
    yr.push_back(1);
    yr.push_back(k.ys[i]);
    xaxes.push_back(2 * i);
    yaxes.push_back(2 * i + 1);
  }
  TensorRef d = reshape(g.dout(0), inter);
  auto sum = [](const TensorRef& t, const std::vector<int64_t>& axes) {
    return call("reduce_sum", {t}, {{"dim", axes}, {"keep_dim", false}});
  };
  if (g.needs(0)) {
    TensorRef p = call("elementwise_mul", {d, reshape(y, yr)});
    g.set_grad(0, reshape(sum(p, yaxes), x->shape()));
  }
  if (g.needs(1)) {
    TensorRef p = call("elementwise_mul", {d, reshape(x, xr)});
    g.set_grad(1, reshape(sum(p, xaxes), y->shape()));
  }
}

// ---- trace: Input -> Out; attrs offset=0, axis1=0, axis2=1 ----
// trace_grad: Input (shape only), Out@GRAD -> Input@GRAD (Out@GRAD on the diagonal).
enum TraceAttr { kTraceOffset = 0, kTraceAxis1 = 1, kTraceAxis2 = 2 };
struct TraceGeom {
  int a1, a2;
  int64_t len = 0, start = 0;       // diagonal length, element offset of its first entry
  std::vector<int64_t> rest;        // remaining dims
  std::vector<int> rest_axes;
};
TraceGeom trace_geom(const char* op, const Tensor& x, int64_t offset, int64_t axis1,
                     int64_t axis2, const int64_t* strides) {
  if (x.ndim < 2)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the input of shape ", shp(x),
             " has rank ", x.ndim, "; expected rank >= 2");
  auto norm = [&](int64_t a, const char* name) {
    if (a < -x.ndim || a >= x.ndim)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": ", name, " ", a, " is out of range for a tensor of rank ",
               x.ndim, "; expected ", -x.ndim, " <= ", name, " < ", x.ndim);
    return (int)(a < 0 ? a + x.ndim : a);
  };
  TraceGeom t;
  t.a1 = norm(axis1, "axis1");
  t.a2 = norm(axis2, "axis2");
  if (t.a1 == t.a2)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": axis1 (", axis1, ") and axis2 (", axis2,
             ") refer to the same dimension; expected different dimensions");
  const int64_t d1 = x.dims[t.a1], d2 = x.dims[t.a2];
  if (offset >= 0) {
    t.len = std::max<int64_t>(0, std::min(d1, d2 - offset));
    if (t.len > 0) t.start = offset * strides[t.a2];
  } else {
    t.len = std::max<int64_t>(0, std::min(d1 + offset, d2));
    if (t.len > 0) t.start = -offset * strides[t.a1];
  }
  for (int d = 0; d < x.ndim; ++d)
    if (d != t.a1 && d != t.a2) {
      t.rest.push_back(x.dims[d]);
      t.rest_axes.push_back(d);
    }
  return t;
}
void trace_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  TraceGeom t = trace_geom("trace", x, c.attr_int(kTraceOffset), c.attr_int(kTraceAxis1),
                           c.attr_int(kTraceAxis2), x.strides);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  if (t.rest.empty()) c.out_meta[0].set_dims({1});
  else c.out_meta[0].set_dims(t.rest);
}
// Calls f(out_index, element offset of the diagonal's start) for each output element.
template <typename F>
void trace_walk(const TraceGeom& t, const int64_t* strides, int64_t count, const F& f) {
  parallel_for(count, std::max<int64_t>(1, 16384 / (t.len + 1)), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      int64_t rem = p, off = t.start;
      for (int q = (int)t.rest.size() - 1; q >= 0; --q) {
        off += (rem % t.rest[q]) * strides[t.rest_axes[q]];
        rem /= t.rest[q];
      }
      f(p, off);
    }
  });
}
void trace_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  TraceGeom t = trace_geom("trace", x, c.attr_int(kTraceOffset), c.attr_int(kTraceAxis1),
                           c.attr_int(kTraceAxis2), x.strides);
  const int64_t step = x.strides[t.a1] + x.strides[t.a2];
  Tensor& out = c.out(0);
  PD_DISPATCH_ARITH(x.dtype, "trace", {
    const scalar_t* px = x.data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    trace_walk(t, x.strides, out.numel(), [&](int64_t p, int64_t off) {
      scalar_t acc = scalar_t(0);
      for (int64_t k = 0; k < t.len; ++k) acc += px[off + k * step];
      po[p] = acc;
    });
  });
}
void trace_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("trace_grad", {g.in(0), g.dout(0)},
                     {{"offset", g.attr_int(kTraceOffset)}, {"axis1", g.attr_int(kTraceAxis1)},
                      {"axis2", g.attr_int(kTraceAxis2)}}));
}
void trace_grad_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& d = c.in(1);
  TraceGeom t = trace_geom("trace_grad", x, c.attr_int(kTraceOffset), c.attr_int(kTraceAxis1),
                           c.attr_int(kTraceAxis2), x.strides);
  std::vector<int64_t> want = t.rest.empty() ? std::vector<int64_t>{1} : t.rest;
  if (d.shape() != want || d.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, "trace_grad: Out@GRAD has shape ", shp(d), " and dtype ",
             dtype_name(d.dtype), "; expected shape ", shape_str(want), " and dtype ",
             dtype_name(x.dtype));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}
void trace_grad_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);  // contiguous
  TraceGeom t = trace_geom("trace_grad", x, c.attr_int(kTraceOffset), c.attr_int(kTraceAxis1),
                           c.attr_int(kTraceAxis2), out.strides);
  const int64_t step = out.strides[t.a1] + out.strides[t.a2];
  TensorRef d = contiguous(c.in_ref(1));
  PD_DISPATCH_ARITH(x.dtype, "trace_grad", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* pd = d->data<scalar_t>();
    std::fill(po, po + out.numel(), scalar_t(0));
    const int64_t count = t.rest.empty() ? 1 : d->numel();
    trace_walk(t, out.strides, count, [&](int64_t p, int64_t off) {
      for (int64_t k = 0; k < t.len; ++k) po[off + k * step] = pd[p];
    });
  });
}
void trace_grad_grad(GradContext& g) {
  if (!g.needs(1)) return;
  g.set_grad(1, call("trace", {g.dout(0)},
                     {{"offset", g.attr_int(kTraceOffset)}, {"axis1", g.attr_int(kTraceAxis1)},
                      {"axis2", g.attr_int(kTraceAxis2)}}));
}

// ---- square-matrix batches (inverse, cholesky) ----
void check_square(const char* op, const char* what, const Tensor& x) {
  if (x.ndim < 2 || x.dims[x.ndim - 1] != x.dims[x.ndim - 2])
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", what, " has shape ", shp(x),
             "; expected a (batch of) square matrices of shape [..., n, n]");
}

// ---- inverse: Input [..., n, n] -> Output ----
// Gauss-Jordan with partial pivoting in double precision. A pivot below n * eps * max|A| (eps
// of the input dtype) means the matrix is singular to working precision: an error, not inf.
void inverse_infer(OpContext& c) {
  check_square("inverse", "Input", c.in(0));
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}
template <typename T>
void inverse_run(const Tensor& xin, Tensor& out, const TensorRef& xref) {
  TensorRef x = contiguous(xref);
  const int64_t n = xin.dims[xin.ndim - 1];
  const int64_t nb = n == 0 ? 0 : xin.numel() / (n * n);
  const T* px = x->data<T>();
  T* po = out.data<T>();
  const double eps = std::numeric_limits<T>::epsilon();
  std::vector<int64_t> bad(nb, 0);
  parallel_for(nb, std::max<int64_t>(1, 4096 / (n * n * n + 1)), [&](int64_t b, int64_t e) {
    std::vector<double> a(n * n), inv(n * n);
    for (int64_t bi = b; bi < e; ++bi) {
      const T* src = px + bi * n * n;
      double amax = 0;
      for (int64_t q = 0; q < n * n; ++q) {
        a[q] = (double)src[q];
        if (!std::isfinite(a[q])) amax = std::numeric_limits<double>::infinity();
        amax = std::max(amax, std::fabs(a[q]));
        inv[q] = 0;
      }
      if (!std::isfinite(amax)) { bad[bi] = 2; continue; }
      for (int64_t i = 0; i < n; ++i) inv[i * n + i] = 1;
      const double tol = (double)n * eps * amax;
      for (int64_t col = 0; col < n; ++col) {
        int64_t piv = col;
        for (int64_t r = col + 1; r < n; ++r)
          if (std::fabs(a[r * n + col]) > std::fabs(a[piv * n + col])) piv = r;
        if (!(std::fabs(a[piv * n + col]) > tol)) { bad[bi] = 1; break; }
        if (piv != col)
          for (int64_t j = 0; j < n; ++j) {
            std::swap(a[piv * n + j], a[col * n + j]);
            std::swap(inv[piv * n + j], inv[col * n + j]);
          }
        const double d = 1.0 / a[col * n + col];
        for (int64_t j = 0; j < n; ++j) {
          a[col * n + j] *= d;
          inv[col * n + j] *= d;
        }
        for (int64_t r = 0; r < n; ++r) {
          if (r == col) continue;
          const double f = a[r * n + col];
          if (f == 0) continue;
          for (int64_t j = 0; j < n; ++j) {
            a[r * n + j] -= f * a[col * n + j];
            inv[r * n + j] -= f * inv[col * n + j];
          }
        }
      }
      if (bad[bi]) continue;
      T* dst = po + bi * n * n;
      for (int64_t q = 0; q < n * n; ++q) dst[q] = (T)inv[q];
    }
  });
  for (int64_t bi = 0; bi < nb; ++bi) {
    if (bad[bi] == 1)
      PD_THROW(PD_INVALID_ARGUMENT, "inverse: the matrix is singular (matrix ", bi,
               " of the batch of shape ", shp(xin), " has no inverse to ",
               dtype_name(xin.dtype), " precision)");
    if (bad[bi] == 2)
      PD_THROW(PD_INVALID_ARGUMENT, "inverse: matrix ", bi, " of the input of shape ", shp(xin),
               " contains NaN or infinity; expected finite values");
  }
}
void inverse_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.dtype == DType::Float32) inverse_run<float>(x, c.out(0), c.in_ref(0));
  else if (x.dtype == DType::Float64) inverse_run<double>(x, c.out(0), c.in_ref(0));
  else throw_unsupported_dtype("inverse", x.dtype);
}
void inverse_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // dA = -A^-T dOut A^-T, with A^-1 = Output.
  const TensorRef& inv = g.outputs[0];
  TensorRef t = matmul(matmul(inv, g.dout(0), true, false), inv, false, true);
  g.set_grad(0, scale(t, -1.0));
}

// ---- cholesky: X [..., n, n] (symmetric positive definite) -> Out; attr upper=false ----
// Reads the lower triangle. Out = L (A = L L^T), or U = L^T when upper.
void cholesky_infer(OpContext& c) {
  check_square("cholesky", "X", c.in(0));
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}
template <typename T>
void cholesky_run(const Tensor& xin, Tensor& out, const TensorRef& xref, bool upper) {
  TensorRef x = contiguous(xref);
  const int64_t n = xin.dims[xin.ndim - 1];
  const int64_t nb = n == 0 ? 0 : xin.numel() / (n * n);
  const T* px = x->data<T>();
  T* po = out.data<T>();
  std::vector<int64_t> bad(nb, 0);  // 0 ok, else 1 + order of the failing minor
  parallel_for(nb, std::max<int64_t>(1, 4096 / (n * n * n + 1)), [&](int64_t b, int64_t e) {
    std::vector<double> l(n * n);
    for (int64_t bi = b; bi < e; ++bi) {
      const T* a = px + bi * n * n;
      std::fill(l.begin(), l.end(), 0.0);
      for (int64_t j = 0; j < n && !bad[bi]; ++j) {
        double s = (double)a[j * n + j];
        for (int64_t k = 0; k < j; ++k) s -= l[j * n + k] * l[j * n + k];
        if (!(s > 0) || !std::isfinite(s)) { bad[bi] = j + 1; break; }
        const double d = std::sqrt(s);
        l[j * n + j] = d;
        for (int64_t i = j + 1; i < n; ++i) {
          double t = (double)a[i * n + j];
          for (int64_t k = 0; k < j; ++k) t -= l[i * n + k] * l[j * n + k];
          l[i * n + j] = t / d;
        }
      }
      if (bad[bi]) continue;
      T* dst = po + bi * n * n;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) dst[i * n + j] = (T)(upper ? l[j * n + i] : l[i * n + j]);
    }
  });
  for (int64_t bi = 0; bi < nb; ++bi)
    if (bad[bi])
      PD_THROW(PD_INVALID_ARGUMENT, "cholesky: the input matrix is not positive definite (matrix ",
               bi, " of the batch of shape ", shp(xin), ": the leading minor of order ", bad[bi],
               " is not positive)");
}
void cholesky_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const bool upper = c.attr_bool(0);
  if (x.dtype == DType::Float32) cholesky_run<float>(x, c.out(0), c.in_ref(0), upper);
  else if (x.dtype == DType::Float64) cholesky_run<double>(x, c.out(0), c.in_ref(0), upper);
  else throw_unsupported_dtype("cholesky", x.dtype);
}
void cholesky_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const bool upper = g.attr_bool(0);
  const TensorRef& out = g.outputs[0];
  const int64_t n = out->dims[out->ndim - 1];
  if (out->numel() == 0) {
    g.set_grad(0, zeros_like_tensor(*g.in(0)));
    return;
  }
  TensorRef L = upper ? mT(out) : out;
  TensorRef dL = upper ? mT(g.dout(0)) : g.dout(0);
  // Phi(X): lower triangle with the diagonal halved (a constant mask).
  TensorRef mask = empty_tensor(out->dtype, {n, n});
  PD_DISPATCH_FLOATING(out->dtype, "cholesky", {
    scalar_t* m = mask->data<scalar_t>();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) m[i * n + j] = i > j ? 1 : i == j ? 0.5 : 0;
  });
  TensorRef P = call("elementwise_mul", {matmul(L, dL, true, false), mask});
  TensorRef Linv = call("inverse", {L});
  TensorRef S = matmul(matmul(Linv, P, true, false), Linv);  // L^-T P L^-1
  g.set_grad(0, scale(call("elementwise_add", {S, mT(S)}), 0.5));
}

}  // namespace

PD_REGISTER_OP(bmm)
    .input("X")
    .input("Y")
    .output("Out")
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .view_outputs()
    .infer(bmm_infer)
    .cpu(bmm_cpu)
    .grad(bmm_grad);

PD_REGISTER_OP(mv)
    .input("X")
    .input("Vec")
    .output("Out")
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .view_outputs()
    .infer(mv_infer)
    .cpu(mv_cpu)
    .grad(mv_grad);

PD_REGISTER_OP(dot)
    .input("X")
    .input("Y")
    .output("Out")
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .infer(dot_infer)
    .cpu(dot_cpu)
    .grad(dot_grad);

PD_REGISTER_OP(cross)
    .input("X")
    .input("Y")
    .output("Out")
    .attr("dim", kCrossDefaultDim)
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .infer(cross_infer)
    .cpu(cross_cpu)
    .grad(cross_grad);

PD_REGISTER_OP(kron)
    .input("X")
    .input("Y")
    .output("Out")
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .infer(kron_infer)
    .cpu(kron_cpu)
    .grad(kron_grad);

PD_REGISTER_OP(trace)
    .input("Input")
    .output("Out")
    .attr("offset", 0)
    .attr("axis1", 0)
    .attr("axis2", 1)
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .infer(trace_infer)
    .cpu(trace_cpu)
    .grad(trace_grad);

PD_REGISTER_OP(trace_grad)
    .input("Input", false)
    .input("Out@GRAD")
    .output("Input@GRAD")
    .attr("offset", 0)
    .attr("axis1", 0)
    .attr("axis2", 1)
    .dtypes(kLinArith)
    .compute_f16_via_f32()
    .infer(trace_grad_infer)
    .cpu(trace_grad_cpu)
    .grad(trace_grad_grad);

PD_REGISTER_OP(inverse)
    .input("Input")
    .output("Output")
    .dtypes(kLinFloat)
    .compute_f16_via_f32()
    .infer(inverse_infer)
    .cpu(inverse_cpu)
    .grad(inverse_grad);

PD_REGISTER_OP(cholesky)
    .input("X")
    .output("Out")
    .attr("upper", false)
    .dtypes(kLinFloat)
    .compute_f16_via_f32()
    .infer(cholesky_infer)
    .cpu(cholesky_cpu)
    .grad(cholesky_grad);

}  // namespace pd
