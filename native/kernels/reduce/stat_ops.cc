// Statistics ops (Paddle 2.0 names and attributes):
//   - logsumexp: X -> Out; axis (ints, {0}), keepdim false, reduce_all false. Stable: max + log(sum
//     exp(x - max)); all -inf -> -inf; NaN propagates. Gradient dout * exp(x - out).
//   - p_norm: X -> Out; porder 2.0, axis -1, epsilon 1e-12, keepdim false, asvector false (norm
//     of all elements). porder 0 counts non-zeros, inf / -inf take max / min |x|, otherwise
//     (sum |x|^p)^(1/p). Gradient (Paddle's): dout * sign(x) |x|^(p-1) / (out^(p-1) + epsilon);
//     inf/-inf: dout * sign(x) where |x| == out; porder 0: zero.
//   - frobenius_norm: X -> Out; dim ({0}), keep_dim, reduce_all (as reduce ops). sqrt(sum x^2).
//     Gradient dout * x / out (0 where out is 0, rather than NaN).
//   - dist: X, Y -> Out (shape [1]); p 2.0. The p-norm of x - y broadcast; gradient as p_norm's,
//     with epsilon 0 except that a zero norm gives a zero gradient.
//   - cumsum: X -> Out; axis -1, flatten false, exclusive false, reverse false. flatten gives a
//     1-D Out (then axis must be -1 or 0). Gradient: cumsum of dout in the opposite direction.
//   - histogram: X -> Out (int64 [bins]); bins 100, min 0, max 0 (min == max: the data's range;
//     a constant range widens to [v-1, v+1]). Values outside [min, max] are ignored; max falls in
//     the last bin. No gradient.
// Full reductions return shape [1] ([1]*rank with keepdim); a 0-d X counts as shape [1].
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/reduce_axes.h"
#include "framework/tracer.h"
#include "kernels/common/broadcast.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

const std::vector<DType> kStatFloat = {DType::Float16, DType::BFloat16, DType::Float32,
                                       DType::Float64};
const std::vector<DType> kStatF32F64 = {DType::Float32, DType::Float64};
const std::vector<DType> kStatIntFloat = {DType::Float32, DType::Float64, DType::Int32,
                                          DType::Int64};

#define PD_STAT_DISPATCH(dt, opname, ...)          \
  switch (dt) {                                    \
    PD_CASE(Float32, float, __VA_ARGS__)           \
    PD_CASE(Float64, double, __VA_ARGS__)          \
    PD_CASE(Int32, int32_t, __VA_ARGS__)           \
    PD_CASE(Int64, int64_t, __VA_ARGS__)           \
    default:                                       \
      ::pd::throw_unsupported_dtype(opname, dt);   \
  }

// ---------------- which dims are reduced ----------------
struct RPlan {
  int nd = 0;
  int64_t dims[kMaxRank] = {};
  bool reduced[kMaxRank] = {};
  std::vector<int64_t> out_dims;   // as requested (keepdim or not)
  std::vector<int64_t> keep_dims;  // reduced dims set to 1, rank nd
  int64_t rows = 1, count = 1;
};

RPlan make_rplan(const char* op, const Tensor& x, const std::vector<int64_t>& axes, bool keep,
                 bool all) {
  RPlan p;
  const ReduceAxes ax = resolve_reduce_axes(op, x, axes, all, "axis");
  p.nd = ax.nd;
  std::copy(ax.dims, ax.dims + ax.nd, p.dims);
  std::copy(ax.reduced, ax.reduced + ax.nd, p.reduced);
  const int nd = p.nd;
  for (int d = 0; d < nd; ++d) {
    p.keep_dims.push_back(p.reduced[d] ? 1 : p.dims[d]);
    if (p.reduced[d]) {
      p.count *= p.dims[d];
      if (keep) p.out_dims.push_back(1);
    } else {
      p.rows *= p.dims[d];
      p.out_dims.push_back(p.dims[d]);
    }
  }
  if (p.out_dims.empty()) p.out_dims.push_back(1);
  return p;
}

// x packed as [rows, count]: kept dims first (in order), reduced dims last.
TensorRef pack_rows(const TensorRef& x, const RPlan& p) {
  int64_t dims[kMaxRank], strides[kMaxRank];
  int64_t xs[kMaxRank];
  if (x->ndim == 0) xs[0] = 1;
  else std::copy(x->strides, x->strides + x->ndim, xs);
  int k = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (int d = 0; d < p.nd; ++d)
      if (p.reduced[d] == (pass == 1)) {
        dims[k] = p.dims[d];
        strides[k] = xs[d];
        ++k;
      }
  return contiguous(make_view(*x, dims, strides, p.nd, x->offset));
}

TensorRef scale_by(const TensorRef& a, double s, double b = 0.0) {
  return call("scale", {a}, {{"scale", s}, {"bias", b}, {"bias_after_scale", true}});
}
TensorRef mul(const TensorRef& a, const TensorRef& b) { return call("elementwise_mul", {a, b}); }

TensorRef scalar_like(DType dt, double v) {
  TensorRef t = empty_tensor(dt, std::vector<int64_t>{1});
  PD_DISPATCH_FLOATING(dt, "stat", { t->data<scalar_t>()[0] = (scalar_t)v; });
  return t;
}

// ---------------- logsumexp ----------------
enum LseAttr { kLseAxis = 0, kLseKeep = 1, kLseAll = 2 };

RPlan lse_plan(const OpContext& c) {
  return make_rplan("logsumexp", c.in(0), c.attr_ints(kLseAxis), c.attr_bool(kLseKeep),
                    c.attr_bool(kLseAll));
}

void lse_infer(OpContext& c) {
  RPlan p = lse_plan(c);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(p.out_dims);
}

template <typename T>
T lse_row(const T* r, int64_t n) {
  T m = -std::numeric_limits<T>::infinity();
  for (int64_t i = 0; i < n; ++i) {
    if (std::isnan(r[i])) return r[i];
    m = r[i] > m ? r[i] : m;
  }
  if (std::isinf(m)) return m;  // all -inf (or empty) -> -inf; any +inf -> +inf
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += std::exp((double)(r[i] - m));
  return (T)(m + std::log(s));
}

void lse_cpu(OpContext& c) {
  RPlan p = lse_plan(c);
  if (p.rows == 0) return;
  TensorRef xp = pack_rows(c.in_ref(0), p);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "logsumexp", {
    const scalar_t* px = xp->data<scalar_t>();
    scalar_t* po = c.out(0).data<scalar_t>();
    const int64_t n = p.count;
    parallel_for(p.rows, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(1, n)),
                 [&](int64_t a, int64_t b) {
                   for (int64_t i = a; i < b; ++i) po[i] = lse_row(px + i * n, n);
                 });
  });
}

void lse_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& x = g.in(0);
  RPlan p = make_rplan("logsumexp", *x, g.attr_ints(kLseAxis), g.attr_bool(kLseKeep),
                       g.attr_bool(kLseAll));
  TensorRef out = grad_enabled() ? call("logsumexp", {x}, {{"axis", g.attr_ints(kLseAxis)},
                                                             {"keepdim", g.attr_bool(kLseKeep)},
                                                             {"reduce_all", g.attr_bool(kLseAll)}})
                                 : g.outputs[0];
  TensorRef ok = reshape_to(out, p.keep_dims);
  TensorRef dk = reshape_to(g.dout(0), p.keep_dims);
  TensorRef xr = x->ndim == 0 ? reshape_to(x, {1}) : x;
  TensorRef e = call("exp", {call("elementwise_sub", {xr, ok})});
  g.set_grad(0, reshape_to(mul(dk, e), x->shape()));
}

// ---------------- p-norm rows ----------------
template <typename T>
T pnorm_row(const T* r, int64_t n, int64_t stride, double p) {
  if (p == 0) {
    double c = 0;
    for (int64_t i = 0; i < n; ++i) c += r[i * stride] != T(0) ? 1 : 0;
    return (T)c;
  }
  if (std::isinf(p)) {
    const bool mx = p > 0;
    T m = mx ? T(0) : std::numeric_limits<T>::infinity();
    for (int64_t i = 0; i < n; ++i) {
      const T a = std::abs(r[i * stride]);
      if (std::isnan(a)) return a;
      m = mx ? (a > m ? a : m) : (a < m ? a : m);
    }
    return m;
  }
  double s = 0;
  if (p == 2) {
    for (int64_t i = 0; i < n; ++i) s += (double)r[i * stride] * (double)r[i * stride];
    return (T)std::sqrt(s);
  }
  if (p == 1) {
    for (int64_t i = 0; i < n; ++i) s += std::abs((double)r[i * stride]);
    return (T)s;
  }
  for (int64_t i = 0; i < n; ++i) s += std::pow(std::abs((double)r[i * stride]), p);
  return (T)std::pow(s, 1.0 / p);
}

// dx for out = ||x||_p over the dims reduced in keep_dims; out_k and dout_k have keep_dims.
TensorRef pnorm_grad(const TensorRef& x, const TensorRef& out_k, const TensorRef& dout_k,
                     double p, double eps) {
  if (p == 0) return scale_by(x, 0.0);
  if (std::isinf(p)) {
    // Constant mask |x| == out.
    TensorRef ax = call("abs", {x});
    TensorRef m = empty_tensor(ax->dtype, ax->shape());
    TensorRef oc = contiguous(out_k);
    TensorRef axc = contiguous(ax);
    PD_DISPATCH_FLOATING(ax->dtype, "p_norm", {
      broadcast_binary<scalar_t, scalar_t, scalar_t>(
          *axc, *oc, *m, -1, [](scalar_t a, scalar_t o) { return a == o ? scalar_t(1) : scalar_t(0); });
    });
    return mul(mul(dout_k, call("sign", {x})), m);
  }
  TensorRef num, den;
  if (p == 1) return mul(dout_k, call("sign", {x}));
  if (p == 2) {
    num = x;
    den = scale_by(out_k, 1.0, eps);
  } else {
    TensorRef pm1 = scalar_like(x->dtype, p - 1);
    num = mul(call("sign", {x}), call("elementwise_pow", {call("abs", {x}), pm1}));
    den = scale_by(call("elementwise_pow", {out_k, pm1}), 1.0, eps);
  }
  return mul(dout_k, call("elementwise_div", {num, den}));
}

// ---------------- p_norm ----------------
enum PNormAttr { kPorder = 0, kPAxis = 1, kPEps = 2, kPKeep = 3, kPAsVector = 4 };

RPlan pnorm_plan(const char* op, const Tensor& x, int64_t axis, bool keep, bool asvector) {
  if (asvector) return make_rplan(op, x, {}, keep, true);
  return make_rplan(op, x, {axis}, keep, false);
}

void pnorm_infer(OpContext& c) {
  const double p = c.attr_float(kPorder);
  if (std::isnan(p)) PD_THROW(PD_INVALID_ARGUMENT, "p_norm: porder must not be NaN");
  if (c.attr_float(kPEps) < 0)
    PD_THROW(PD_INVALID_ARGUMENT, "p_norm: epsilon ", c.attr_float(kPEps),
             " must be non-negative");
  RPlan pl = pnorm_plan("p_norm", c.in(0), c.attr_int(kPAxis), c.attr_bool(kPKeep),
                        c.attr_bool(kPAsVector));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(pl.out_dims);
}

template <typename T>
void norm_rows(const TensorRef& xp, int64_t rows, int64_t n, double p, T* po) {
  const T* px = xp->data<T>();
  parallel_for(rows, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(1, n)),
               [&](int64_t a, int64_t b) {
                 for (int64_t i = a; i < b; ++i) po[i] = pnorm_row(px + i * n, n, 1, p);
               });
}

void pnorm_cpu(OpContext& c) {
  RPlan pl = pnorm_plan("p_norm", c.in(0), c.attr_int(kPAxis), c.attr_bool(kPKeep),
                        c.attr_bool(kPAsVector));
  if (pl.rows == 0) return;
  TensorRef xp = pack_rows(c.in_ref(0), pl);
  const double p = c.attr_float(kPorder);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "p_norm", {
    norm_rows<scalar_t>(xp, pl.rows, pl.count, p, c.out(0).data<scalar_t>());
  });
}

void pnorm_grad_fn(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& x = g.in(0);
  const double p = g.attr_float(kPorder);
  RPlan pl = pnorm_plan("p_norm", *x, g.attr_int(kPAxis), g.attr_bool(kPKeep),
                        g.attr_bool(kPAsVector));
  TensorRef out = grad_enabled()
                      ? call("p_norm", {x}, {{"porder", p}, {"axis", g.attr_int(kPAxis)},
                                             {"epsilon", g.attr_float(kPEps)},
                                             {"keepdim", g.attr_bool(kPKeep)},
                                             {"asvector", g.attr_bool(kPAsVector)}})
                      : g.outputs[0];
  TensorRef xr = x->ndim == 0 ? reshape_to(x, {1}) : x;
  TensorRef gx = pnorm_grad(xr, reshape_to(out, pl.keep_dims), reshape_to(g.dout(0), pl.keep_dims),
                            p, g.attr_float(kPEps));
  g.set_grad(0, reshape_to(gx, x->shape()));
}

// ---------------- frobenius_norm ----------------
enum FroAttr { kFDim = 0, kFKeep = 1, kFAll = 2 };

RPlan fro_plan(const char* op, const Tensor& x, const std::vector<int64_t>& dim, bool keep,
               bool all) {
  return make_rplan(op, x, dim, keep, all);
}

void fro_infer(OpContext& c) {
  RPlan pl = fro_plan("frobenius_norm", c.in(0), c.attr_ints(kFDim), c.attr_bool(kFKeep),
                      c.attr_bool(kFAll));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(pl.out_dims);
}

void fro_cpu(OpContext& c) {
  RPlan pl = fro_plan("frobenius_norm", c.in(0), c.attr_ints(kFDim), c.attr_bool(kFKeep),
                      c.attr_bool(kFAll));
  if (pl.rows == 0) return;
  TensorRef xp = pack_rows(c.in_ref(0), pl);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "frobenius_norm", {
    norm_rows<scalar_t>(xp, pl.rows, pl.count, 2.0, c.out(0).data<scalar_t>());
  });
}

// x / out with 0 where out == 0 (a constant mask keeps the graph differentiable elsewhere).
TensorRef safe_div_norm(const TensorRef& num, const TensorRef& out_k) {
  TensorRef oc = contiguous(out_k);
  TensorRef zero = empty_tensor(oc->dtype, oc->shape());
  PD_DISPATCH_FLOATING(oc->dtype, "norm", {
    const scalar_t* po = oc->data<scalar_t>();
    scalar_t* pz = zero->data<scalar_t>();
    for (int64_t i = 0; i < oc->numel(); ++i) pz[i] = po[i] == scalar_t(0) ? scalar_t(1) : scalar_t(0);
  });
  // num / (out + [out == 0]) — where out is 0, num is 0 too.
  return call("elementwise_div", {num, call("elementwise_add", {out_k, zero})});
}

void fro_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& x = g.in(0);
  RPlan pl = fro_plan("frobenius_norm", *x, g.attr_ints(kFDim), g.attr_bool(kFKeep),
                      g.attr_bool(kFAll));
  TensorRef out = grad_enabled()
                      ? call("frobenius_norm", {x}, {{"dim", g.attr_ints(kFDim)},
                                                     {"keep_dim", g.attr_bool(kFKeep)},
                                                     {"reduce_all", g.attr_bool(kFAll)}})
                      : g.outputs[0];
  TensorRef xr = x->ndim == 0 ? reshape_to(x, {1}) : x;
  TensorRef gx = mul(reshape_to(g.dout(0), pl.keep_dims),
                     safe_div_norm(xr, reshape_to(out, pl.keep_dims)));
  g.set_grad(0, reshape_to(gx, x->shape()));
}

// ---------------- dist ----------------
enum DistAttr { kDistP = 0 };

void dist_infer(OpContext& c) {
  if (std::isnan(c.attr_float(kDistP))) PD_THROW(PD_INVALID_ARGUMENT, "dist: p must not be NaN");
  broadcast_shape("dist", c.in(0), c.in(1));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(std::vector<int64_t>{1});
}

void dist_cpu(OpContext& c) {
  std::vector<int64_t> shape = broadcast_shape("dist", c.in(0), c.in(1));
  TensorRef z = empty_tensor(c.in(0).dtype, shape);
  const double p = c.attr_float(kDistP);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "dist", {
    broadcast_binary<scalar_t, scalar_t, scalar_t>(c.in(0), c.in(1), *z, -1,
                                                   [](scalar_t a, scalar_t b) { return a - b; });
    norm_rows<scalar_t>(z, 1, z->numel(), p, c.out(0).data<scalar_t>());
  });
}

void dist_grad(GradContext& g) {
  if (!g.needs(0) && !g.needs(1)) return;
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  const double p = g.attr_float(kDistP);
  TensorRef z = call("elementwise_sub", {x, y});
  TensorRef out = grad_enabled() ? call("dist", {x, y}, {{"p", p}}) : g.outputs[0];
  const int nd = std::max(1, z->ndim);
  std::vector<int64_t> ones((size_t)nd, 1);
  TensorRef zr = z->ndim == 0 ? reshape_to(z, {1}) : z;
  TensorRef ok = reshape_to(out, ones), dk = reshape_to(g.dout(0), ones);
  TensorRef gz;
  if (p == 0 || std::isinf(p) || p == 1) {
    gz = pnorm_grad(zr, ok, dk, p, 0.0);
  } else if (p == 2) {
    gz = mul(dk, safe_div_norm(zr, ok));
  } else {
    TensorRef pm1 = scalar_like(z->dtype, p - 1);
    TensorRef num = mul(call("sign", {zr}), call("elementwise_pow", {call("abs", {zr}), pm1}));
    gz = mul(dk, safe_div_norm(num, call("elementwise_pow", {ok, pm1})));
  }
  gz = reshape_to(gz, z->shape());
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(gz, *x));
  if (g.needs(1)) g.set_grad(1, reduce_grad_to(scale_by(gz, -1.0), *y));
}

// ---------------- cumsum ----------------
// Integers accumulate unsigned (wrapping, no UB); floats in their own type.
template <typename T, bool = std::is_integral_v<T>>
struct AccOf { using type = T; };
template <typename T>
struct AccOf<T, true> { using type = std::make_unsigned_t<T>; };

enum CumAttr { kCAxis = 0, kCFlatten = 1, kCExclusive = 2, kCReverse = 3 };

void cumsum_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const bool flat = c.attr_bool(kCFlatten);
  const int nd = flat ? 1 : std::max(1, x.ndim);
  const int64_t axis = c.attr_int(kCAxis);
  if (axis < -nd || axis >= nd)
    PD_THROW(PD_INVALID_ARGUMENT, "cumsum: axis ", axis, " is out of range for a ",
             flat ? "flattened (1-D) tensor" : "tensor of rank " + std::to_string(x.ndim),
             "; expected ", -nd, " <= axis < ", nd);
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
  if (flat) c.out_meta[0].set_dims(std::vector<int64_t>{x.numel()});
}

void cumsum_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t total = out.numel();
  if (total == 0) return;
  TensorRef xc = contiguous(c.in_ref(0));
  const bool flat = c.attr_bool(kCFlatten);
  const bool excl = c.attr_bool(kCExclusive), rev = c.attr_bool(kCReverse);
  int64_t axis = c.attr_int(kCAxis);
  int64_t pre = 1, mid = total, post = 1;
  if (!flat && out.ndim > 0) {
    if (axis < 0) axis += out.ndim;
    mid = out.dims[axis];
    for (int d = 0; d < axis; ++d) pre *= out.dims[d];
    for (int d = (int)axis + 1; d < out.ndim; ++d) post *= out.dims[d];
  }
  PD_STAT_DISPATCH(out.dtype, "cumsum", {
    const scalar_t* px = xc->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    using A = typename AccOf<scalar_t>::type;
    parallel_for(pre * post, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(1, mid)),
                 [&](int64_t a, int64_t b) {
                   for (int64_t t = a; t < b; ++t) {
                     const int64_t i = t / post, j = t % post;
                     const scalar_t* xr = px + i * mid * post + j;
                     scalar_t* orow = po + i * mid * post + j;
                     A acc = A(0);
                     for (int64_t s = 0; s < mid; ++s) {
                       const int64_t k = rev ? mid - 1 - s : s;
                       const A v = (A)xr[k * post];
                       if (excl) {
                         orow[k * post] = (scalar_t)acc;
                         acc = (A)(acc + v);
                       } else {
                         acc = (A)(acc + v);
                         orow[k * post] = (scalar_t)acc;
                       }
                     }
                   }
                 });
  });
}

void cumsum_grad(GradContext& g) {
  if (!g.needs(0)) return;
  TensorRef d = call("cumsum", {g.dout(0)},
                     {{"axis", g.attr_int(kCAxis)}, {"flatten", false},
                      {"exclusive", g.attr_bool(kCExclusive)},
                      {"reverse", !g.attr_bool(kCReverse)}});
  g.set_grad(0, reshape_to(d, g.in(0)->shape()));
}

// ---------------- histogram ----------------
enum HistAttr { kBins = 0, kHMin = 1, kHMax = 2 };

// The [lo, hi] range the kernel bins into, in double: min/max attributes may be any int64 (an
// integer width hi - lo, or the bin arithmetic, would overflow) and the data range may be huge.
template <typename T>
void hist_range(const Tensor& x, int64_t mn, int64_t mx, double& lo, double& hi) {
  lo = (double)mn;
  hi = (double)mx;
  if (mn == mx && x.numel() > 0) {
    const T* p = x.data<T>();
    lo = (double)*std::min_element(p, p + x.numel());
    hi = (double)*std::max_element(p, p + x.numel());
  }
  if (lo == hi) {
    lo = lo - 1;
    hi = hi + 1;
  }
}

void hist_infer(OpContext& c) {
  const int64_t bins = c.attr_int(kBins);
  const int64_t mn = c.attr_int(kHMin), mx = c.attr_int(kHMax);
  if (bins < 1) PD_THROW(PD_INVALID_ARGUMENT, "histogram: bins ", bins, " must be at least 1");
  if (mx < mn)
    PD_THROW(PD_INVALID_ARGUMENT, "histogram: max ", mx, " must be larger or equal to min ", mn);
  if (mn == mx && (c.in(0).dtype == DType::Float32 || c.in(0).dtype == DType::Float64)) {
    TensorRef xc = contiguous(c.in_ref(0));
    PD_DISPATCH_FLOATING(xc->dtype, "histogram", {
      double lo, hi;
      const scalar_t* p = xc->data<scalar_t>();
      for (int64_t i = 0; i < xc->numel(); ++i)
        if (std::isnan(p[i]))
          PD_THROW(PD_OUT_OF_RANGE, "histogram: X contains NaN, so its range is not finite");
      hist_range<scalar_t>(*xc, mn, mx, lo, hi);
      if (!std::isfinite(lo) || !std::isfinite(hi))
        PD_THROW(PD_OUT_OF_RANGE, "histogram: range of min, max is not finite (got [", lo, ", ",
                 hi, "])");
    });
  }
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Int64;
  c.out_meta[0].set_dims(std::vector<int64_t>{bins});
}

void hist_cpu(OpContext& c) {
  const int64_t bins = c.attr_int(kBins);
  TensorRef xc = contiguous(c.in_ref(0));
  int64_t* po = c.out(0).data<int64_t>();
  std::fill(po, po + bins, 0);
  PD_STAT_DISPATCH(xc->dtype, "histogram", {
    double lo, hi;
    hist_range<scalar_t>(*xc, c.attr_int(kHMin), c.attr_int(kHMax), lo, hi);
    const scalar_t* p = xc->data<scalar_t>();
    const int64_t n = xc->numel();
    // long double: exact for any int64 difference where it is 80-bit (x86 Linux).
    const long double wlo = lo, width = (long double)hi - wlo;
    for (int64_t i = 0; i < n; ++i) {
      const double v = (double)p[i];
      if (v >= lo && v <= hi) {
        // Clamped before the cast: a zero width (lo - 1 == lo for huge values; the value is
        // then the centre of the range) or rounding must not index outside [0, bins).
        long double t = width > 0 ? ((long double)p[i] - wlo) * (long double)bins / width
                                  : (long double)bins / 2;
        if (!(t >= 0)) t = 0;
        po[t >= (long double)(bins - 1) ? bins - 1 : (int64_t)t] += 1;
      }
    }
  });
}

}  // namespace

PD_REGISTER_OP(logsumexp)
    .input("X")
    .output("Out")
    .attr("axis", std::vector<int64_t>{0})
    .attr("keepdim", false)
    .attr("reduce_all", false)
    .dtypes(kStatFloat)
    .compute_f16_via_f32()
    .infer(lse_infer)
    .cpu(lse_cpu)
    .grad(lse_grad);

PD_REGISTER_OP(p_norm)
    .input("X")
    .output("Out")
    .attr("porder", 2.0)
    .attr("axis", (int64_t)-1)
    .attr("epsilon", 1e-12)
    .attr("keepdim", false)
    .attr("asvector", false)
    .dtypes(kStatFloat)
    .compute_f16_via_f32()
    .infer(pnorm_infer)
    .cpu(pnorm_cpu)
    .grad(pnorm_grad_fn);

PD_REGISTER_OP(frobenius_norm)
    .input("X")
    .output("Out")
    .attr("dim", std::vector<int64_t>{0})
    .attr("keep_dim", false)
    .attr("reduce_all", false)
    .dtypes(kStatFloat)
    .compute_f16_via_f32()
    .infer(fro_infer)
    .cpu(fro_cpu)
    .grad(fro_grad);

PD_REGISTER_OP(dist)
    .input("X")
    .input("Y")
    .output("Out")
    .attr("p", 2.0)
    .dtypes(kStatFloat)
    .compute_f16_via_f32()
    .infer(dist_infer)
    .cpu(dist_cpu)
    .grad(dist_grad);

PD_REGISTER_OP(cumsum)
    .input("X")
    .output("Out")
    .attr("axis", (int64_t)-1)
    .attr("flatten", false)
    .attr("exclusive", false)
    .attr("reverse", false)
    .dtypes(kStatIntFloat)
    .infer(cumsum_infer)
    .cpu(cumsum_cpu)
    .grad(cumsum_grad);

PD_REGISTER_OP(histogram)
    .input("X", /*differentiable=*/false)
    .output("Out")
    .attr("bins", (int64_t)100)
    .attr("min", (int64_t)0)
    .attr("max", (int64_t)0)
    .dtypes(kStatIntFloat)
    .infer(hist_infer)
    .cpu(hist_cpu)
    .grad(nullptr);

}  // namespace pd
