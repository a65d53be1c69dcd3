// Declarations of the reduce family: reduce_sum, reduce_mean, reduce_max, reduce_min,
// reduce_prod (X -> Out; attrs dim, keep_dim, reduce_all, in_dtype, out_dtype), and
// reduce_sum_grad (X, Out@GRAD -> X@GRAD), the broadcast-back op their gradients are built on.
//
// Decisions (Paddle 2.0):
//   - negative dims count from the end; out-of-range or repeated dims are errors;
//   - an empty `dim`, reduce_all, or every dim listed is a full reduction: Out has shape [1]
//     ([1, 1, ...] of X's rank with keep_dim); a 0-d X is treated as shape [1];
//   - out_dtype != -1: the input is cast to out_dtype first and accumulated there (float16 and
//     bfloat16 accumulate in float32, bool in int64, then cast back); in_dtype is validated and
//     otherwise ignored, as in Paddle's kernel;
//   - reducing over zero elements: sum -> 0, prod -> 1, mean -> NaN, max/min -> error;
//   - max/min propagate NaN; their gradient goes to every position equal to the result (ties
//     all receive dout, as Paddle 2.0);
//   - prod's gradient is the product of the other elements (exact with zeros: no division by a
//     zero x). It is treated as a constant w.r.t. x when building a second-order graph.
// Kernels: X is made contiguous, size-1 dims dropped and adjacent dims of the same kind merged;
// then one of: full reduction (fixed blocks in parallel, partials combined in order, so the
// result does not depend on the thread count), inner reduction [K, R] (rows in parallel), outer
// reduction [A, R, M] (vectorised over M, tiles in parallel); any other pattern is permuted to
// [kept..., reduced...] first.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/reduce_axes.h"
#include "framework/tracer.h"
#include "kernels/common/parallel.h"
#include "kernels/reduce/reduce_kernel.h"

namespace pd {
namespace {

using reduce::Kind;

enum ReduceAttr { kDim = 0, kKeepDim = 1, kReduceAll = 2, kInDtype = 3, kOutDtype = 4 };

const std::vector<DType> kSumDTypes = {DType::Bool,     DType::Int32,   DType::Int64,
                                       DType::Float16,  DType::BFloat16, DType::Float32,
                                       DType::Float64};
const std::vector<DType>& kMeanDTypes = kFloatDTypes;
const std::vector<DType> kMaxDTypes = {DType::Int32,    DType::Int64,   DType::Float16,
                                       DType::BFloat16, DType::Float32, DType::Float64};

// ---------------- plan: which dims are reduced, output shape ----------------
struct Plan {
  int nd = 0;                    // rank used for reduction (a 0-d X counts as [1])
  int64_t dims[kMaxRank] = {};
  bool reduced[kMaxRank] = {};
  std::vector<int64_t> out_dims;
  int64_t count = 1;             // elements reduced into each output
};

std::string list_str(const std::vector<int64_t>& v) { return shape_str(v); }

Plan make_plan(const char* op, const Tensor& x, const std::vector<int64_t>& dim, bool keep,
               bool all) {
  Plan p;
  const ReduceAxes ax = resolve_reduce_axes(op, x, dim, all, "dim");
  p.nd = ax.nd;
  std::copy(ax.dims, ax.dims + ax.nd, p.dims);
  std::copy(ax.reduced, ax.reduced + ax.nd, p.reduced);
  const int nd = p.nd;
  for (int d = 0; d < nd; ++d) {
    if (p.reduced[d]) {
      p.count *= p.dims[d];
      if (keep) p.out_dims.push_back(1);
    } else {
      p.out_dims.push_back(p.dims[d]);
    }
  }
  if (p.out_dims.empty()) p.out_dims.push_back(1);
  return p;
}

Plan plan_of(const OpContext& c) {
  return make_plan(c.op_name(), c.in(0), c.attr_ints(kDim), c.attr_bool(kKeepDim),
                   c.attr_bool(kReduceAll));
}

bool is_half(DType t) { return t == DType::Float16 || t == DType::BFloat16; }

// The dtype a reduction computes in for a given output dtype.
DType compute_dtype(DType out) {
  if (is_half(out)) return DType::Float32;
  if (out == DType::Bool) return DType::Int64;
  return out;
}

template <Kind K>
void reduce_infer(OpContext& c) {
  const char* op = c.op_name();
  const Tensor& x = c.in(0);
  const int64_t in_dt = c.attr_int(kInDtype), out_dt = c.attr_int(kOutDtype);
  if (in_dt != -1 && !dtype_valid((int32_t)in_dt))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": in_dtype ", in_dt, " is not a Paddle dtype");
  DType out = x.dtype;
  if (out_dt != -1) {
    if (!dtype_valid((int32_t)out_dt))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": out_dtype ", out_dt, " is not a Paddle dtype");
    out = static_cast<DType>(out_dt);
    const std::vector<DType>& ok = c.def.accepted_dtypes;
    if (std::find(ok.begin(), ok.end(), out) == ok.end()) {
      std::string allowed;
      for (DType a : ok) allowed += std::string(allowed.empty() ? "" : ", ") + dtype_name(a);
      PD_THROW(PD_INVALID_ARGUMENT, op, ": out_dtype ", dtype_name(out),
               " is not supported; expected one of [", allowed, "]");
    }
  }
  Plan p = plan_of(c);
  int64_t out_n = 1;
  for (int64_t v : p.out_dims) out_n *= v;
  if ((K == Kind::Max || K == Kind::Min) && p.count == 0 && out_n > 0) {
    std::vector<int64_t> axes;
    for (int d = 0; d < p.nd; ++d)
      if (p.reduced[d]) axes.push_back(d);
    PD_THROW(PD_INVALID_ARGUMENT, op, ": cannot reduce over zero elements (X has shape ",
             shape_str(x.dims, x.ndim), ", reducing axes ", list_str(axes),
             "); expected every reduced axis to be non-empty");
  }
  c.out_meta.resize(1);
  c.out_meta[0].dtype = out;
  c.out_meta[0].set_dims(p.out_dims);
}

// ---------------- contiguous reduction loops ----------------
template <Kind K, typename T>
using Acc = reduce::Acc<K, T>;

// Reduces n contiguous values. Eight independent accumulators keep the loop vectorisable; a
// float32 sum flushes its float accumulators into double every block.
template <Kind K, typename T>
Acc<K, T> reduce_contig(const T* p, int64_t n) {
  using O = reduce::Op<K, T>;
  using A = Acc<K, T>;
  if constexpr ((K == Kind::Max || K == Kind::Min) && std::is_floating_point_v<T>) {
    // NaN is counted separately so the compare-select loop stays branch-free and vectorised.
    T acc[8], nans[8];
    for (int k = 0; k < 8; ++k) {
      acc[k] = O::identity();
      nans[k] = T(0);
    }
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (int k = 0; k < 8; ++k) {
        const T b = p[i + k];
        if constexpr (K == Kind::Max) acc[k] = b > acc[k] ? b : acc[k];
        else acc[k] = b < acc[k] ? b : acc[k];
        nans[k] += (b != b) ? T(1) : T(0);
      }
    for (; i < n; ++i) acc[0] = O::apply(acc[0], p[i]);
    T r = acc[0], nn = nans[0];
    for (int k = 1; k < 8; ++k) {
      r = O::apply(r, acc[k]);
      nn += nans[k];
    }
    return nn > T(0) ? std::numeric_limits<T>::quiet_NaN() : r;
  }
  constexpr int64_t kBlock = std::is_same_v<A, T> ? std::numeric_limits<int64_t>::max() : 1024;
  A total = reduce::Op<K, A>::identity();
  for (int64_t b = 0, e = 0; b < n; b = e) {
    e = (n - b > kBlock) ? b + kBlock : n;
    T acc[8];
    for (int k = 0; k < 8; ++k) acc[k] = O::identity();
    int64_t i = b;
    for (; i + 8 <= e; i += 8)
      for (int k = 0; k < 8; ++k) acc[k] = O::apply(acc[k], p[i + k]);
    for (; i < e; ++i) acc[0] = O::apply(acc[0], p[i]);
    T part = acc[0];
    for (int k = 1; k < 8; ++k) part = O::apply(part, acc[k]);
    total = reduce::Op<K, A>::apply(total, (A)part);
  }
  return total;
}

template <Kind K, typename T>
T finish(Acc<K, T> v, int64_t count, bool mean) {
  if (mean) return (T)(v / (Acc<K, T>)count);  // count 0 -> 0/0 = NaN
  return (T)v;
}

// Full reduction of n contiguous values (fixed chunking, deterministic).
template <Kind K, typename T>
void reduce_full(const T* p, int64_t n, T* out, bool mean) {
  using A = Acc<K, T>;
  constexpr int64_t kChunk = 1 << 16;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  if (chunks <= 1) {
    out[0] = finish<K, T>(reduce_contig<K, T>(p, n), n, mean);
    return;
  }
  std::vector<A> part((size_t)chunks);
  parallel_for(chunks, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t b = c * kChunk;
      part[(size_t)c] = reduce_contig<K, T>(p + b, std::min(kChunk, n - b));
    }
  });
  A total = part[0];
  for (int64_t c = 1; c < chunks; ++c) total = reduce::Op<K, A>::apply(total, part[(size_t)c]);
  out[0] = finish<K, T>(total, n, mean);
}

// x viewed as [rows, r] -> out[rows].
template <Kind K, typename T>
void reduce_inner(const T* p, int64_t rows, int64_t r, T* out, bool mean) {
  parallel_for(rows, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(r, 1)),
               [&](int64_t a, int64_t b) {
                 for (int64_t i = a; i < b; ++i)
                   out[i] = finish<K, T>(reduce_contig<K, T>(p + i * r, r), r, mean);
               });
}

// x viewed as [outer, r, m] -> out[outer, m]. Whole rows (up to kTile wide) are streamed in
// order and accumulated into a row buffer, so the inner loop over m is contiguous and
// vectorisable. When there are fewer (outer, tile) tasks than threads, r is split too and the
// partial rows are combined at the end.
template <Kind K, typename T>
void reduce_outer(const T* p, int64_t outer, int64_t r, int64_t m, T* out, bool mean) {
  using O = reduce::Op<K, T>;
  using A = Acc<K, T>;
  using OA = reduce::Op<K, A>;
  constexpr int64_t kTile = 4096;
  constexpr int64_t kFlush = std::is_same_v<A, T> ? std::numeric_limits<int64_t>::max() : 128;
  const int64_t W = std::min(m, kTile);
  const int64_t tiles_m = (m + W - 1) / W;
  const int64_t tasks = outer * tiles_m;
#ifdef _OPENMP
  const int64_t threads = omp_get_max_threads();
#else
  const int64_t threads = 1;
#endif
  int64_t splits = 1;
  if (tasks < threads && outer * r * m >= 2 * kElementwiseGrain)
    splits = std::max<int64_t>(1, std::min<int64_t>((threads + tasks - 1) / tasks, r / 32));
  const int64_t out_n = outer * m;
  std::vector<A> part((size_t)(splits * out_n));
  const int64_t work = std::max<int64_t>(1, (r / splits) * W);
  parallel_for(tasks * splits, std::max<int64_t>(1, kElementwiseGrain / work),
               [&](int64_t t0, int64_t t1) {
                 std::vector<T> accbuf((size_t)W);
                 T* acc = accbuf.data();
                 for (int64_t t = t0; t < t1; ++t) {
                   const int64_t task = t / splits, sp = t % splits;
                   const int64_t o = task / tiles_m, j0 = (task % tiles_m) * W;
                   const int64_t w = std::min(W, m - j0);
                   const int64_t kb = r * sp / splits, ke = r * (sp + 1) / splits;
                   const T* base = p + o * r * m + j0;
                   A* wide = part.data() + sp * out_n + o * m + j0;
                   for (int64_t j = 0; j < w; ++j) wide[j] = OA::identity();
                   for (int64_t k0 = kb; k0 < ke;) {
                     const int64_t k1 = (ke - k0 > kFlush) ? k0 + kFlush : ke;
                     for (int64_t j = 0; j < w; ++j) acc[j] = O::identity();
                     for (int64_t k = k0; k < k1; ++k) {
                       const T* row = base + k * m;
                       for (int64_t j = 0; j < w; ++j) acc[j] = O::apply(acc[j], row[j]);
                     }
                     for (int64_t j = 0; j < w; ++j) wide[j] = OA::apply(wide[j], (A)acc[j]);
                     k0 = k1;
                   }
                 }
               });
  parallel_for(out_n, kElementwiseGrain, [&](int64_t a, int64_t b) {
    for (int64_t i = a; i < b; ++i) {
      A v = part[(size_t)i];
      for (int64_t sp = 1; sp < splits; ++sp) v = OA::apply(v, part[(size_t)(sp * out_n + i)]);
      out[i] = finish<K, T>(v, r, mean);
    }
  });
}

// Groups of adjacent dims (size-1 dims dropped) that are all reduced or all kept.
struct Group {
  int64_t size;
  bool reduced;
};

std::vector<Group> coalesce(const Plan& p) {
  std::vector<Group> g;
  for (int d = 0; d < p.nd; ++d) {
    if (p.dims[d] == 1) continue;
    if (!g.empty() && g.back().reduced == p.reduced[d]) g.back().size *= p.dims[d];
    else g.push_back({p.dims[d], p.reduced[d]});
  }
  return g;
}

// A packed copy of x (contiguous, shape p.dims) with kept dims first, reduced dims last.
TensorRef permute_kept_first(const Tensor& x, const Plan& p) {
  int64_t cs[kMaxRank];
  contiguous_strides(p.dims, p.nd, cs);
  int64_t dims[kMaxRank], strides[kMaxRank];
  int k = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (int d = 0; d < p.nd; ++d)
      if (p.reduced[d] == (pass == 1)) {
        dims[k] = p.dims[d];
        strides[k] = cs[d];
        ++k;
      }
  TensorRef v = make_view(x, dims, strides, p.nd, x.offset);
  return contiguous(v);
}

// Reduces contiguous x (compute dtype T, shape p.dims) into contiguous out.
template <Kind K, typename T>
void reduce_run(const Tensor& x, const Plan& p, T* out, int64_t out_n, bool mean) {
  if (out_n == 0) return;
  const int64_t n = x.numel();
  if (n == 0) {  // reducing zero elements: the identity (mean: NaN)
    const T v = mean ? (T)std::numeric_limits<double>::quiet_NaN() : reduce::Op<K, T>::identity();
    std::fill(out, out + out_n, v);
    return;
  }
  const T* px = x.data<T>();
  std::vector<Group> g = coalesce(p);
  bool any_r = false, any_k = false;
  for (const Group& e : g) (e.reduced ? any_r : any_k) = true;
  if (!any_r) {  // only size-1 axes reduced: each output is one element
    parallel_for(n, kElementwiseGrain, [&](int64_t a, int64_t b) {
      for (int64_t i = a; i < b; ++i) out[i] = finish<K, T>((Acc<K, T>)px[i], 1, mean);
    });
    return;
  }
  if (!any_k) {
    reduce_full<K, T>(px, n, out, mean);
    return;
  }
  if (g.size() == 2 && !g[0].reduced) {
    reduce_inner<K, T>(px, g[0].size, g[1].size, out, mean);
    return;
  }
  if (g.size() == 2 && g[0].reduced) {
    reduce_outer<K, T>(px, 1, g[0].size, g[1].size, out, mean);
    return;
  }
  if (g.size() == 3 && !g[0].reduced) {
    reduce_outer<K, T>(px, g[0].size, g[1].size, g[2].size, out, mean);
    return;
  }
  TensorRef perm = permute_kept_first(x, p);
  const int64_t r = p.count;
  reduce_inner<K, T>(perm->data<T>(), n / r, r, out, mean);
}

template <Kind K, bool kMean>
void reduce_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const Plan p = plan_of(c);
  const DType out_dt = out.dtype;
  const DType ct = compute_dtype(out_dt);
  TensorRef x = c.in_ref(0);
  if (x->dtype != ct) x = cast_tensor(x, ct);
  x = contiguous(x);
  TensorRef dst = (ct == out_dt) ? c.outputs[0] : empty_tensor(ct, out.dims, out.ndim);
  const int64_t out_n = dst->numel();
  switch (ct) {
    case DType::Float32: reduce_run<K, float>(*x, p, dst->data<float>(), out_n, kMean); break;
    case DType::Float64: reduce_run<K, double>(*x, p, dst->data<double>(), out_n, kMean); break;
    case DType::Int32:
      if constexpr (!kMean) reduce_run<K, int32_t>(*x, p, dst->data<int32_t>(), out_n, false);
      break;
    case DType::Int64:
      if constexpr (!kMean) reduce_run<K, int64_t>(*x, p, dst->data<int64_t>(), out_n, false);
      break;
    default:
      throw_unsupported_dtype(c.op_name(), ct);
  }
  if (ct != out_dt) c.outputs[0] = cast_tensor(dst, out_dt);
}

// ---------------- reduce_sum_grad: broadcast Out@GRAD back to X's shape ----------------
void reduce_sum_grad_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& d = c.in(1);
  const Plan p = plan_of(c);
  const bool ok = d.ndim == (int)p.out_dims.size() &&
                  std::equal(p.out_dims.begin(), p.out_dims.end(), d.dims);
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, "reduce_sum_grad: Out@GRAD has shape ", shape_str(d.dims, d.ndim),
             " but reducing X of shape ", shape_str(x.dims, x.ndim), " gives ",
             list_str(p.out_dims), "; expected equal shapes");
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void reduce_sum_grad_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& d = c.in(1);
  const Plan p = plan_of(c);
  const bool keep = c.attr_bool(kKeepDim);
  int64_t strides[kMaxRank] = {};
  int k = 0;
  const bool full_reduce = std::all_of(p.reduced, p.reduced + p.nd, [](bool b) { return b; });
  for (int dd = 0; dd < x.ndim; ++dd) {
    if (p.reduced[dd] || full_reduce) {
      strides[dd] = 0;
      if (keep) ++k;
    } else {
      strides[dd] = d.strides[keep ? dd : k];
      ++k;
    }
  }
  TensorRef v = make_view(d, x.dims, strides, x.ndim, d.offset);
  copy_to_contiguous(*v, c.out(0).raw_data());
}

void reduce_sum_grad_grad(GradContext& g) {
  if (!g.needs(1)) return;
  g.set_grad(1, call("reduce_sum", {g.dout(0)},
                     {{"dim", g.attr_ints(kDim)},
                      {"keep_dim", g.attr_bool(kKeepDim)},
                      {"reduce_all", g.attr_bool(kReduceAll)}}));
}

// ---------------- gradients of the reductions ----------------
std::vector<NamedAttr> shape_attrs(const GradContext& g) {
  return {{"dim", g.attr_ints(kDim)},
          {"keep_dim", g.attr_bool(kKeepDim)},
          {"reduce_all", g.attr_bool(kReduceAll)}};
}

// dout (cast to X's dtype) broadcast back to X's shape.
TensorRef expand_dout(const GradContext& g, TensorRef d) {
  const TensorRef& x = g.in(0);
  if (d->dtype != x->dtype)
    d = call("cast", {d}, {{"in_dtype", (int64_t)d->dtype}, {"out_dtype", (int64_t)x->dtype}});
  return call("reduce_sum_grad", {x, d}, shape_attrs(g));
}

void sum_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, expand_dout(g, g.dout(0)));
}

void mean_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  const Plan p = make_plan("reduce_mean", x, g.attr_ints(kDim), g.attr_bool(kKeepDim),
                           g.attr_bool(kReduceAll));
  const double inv = p.count > 0 ? 1.0 / (double)p.count : 0.0;
  g.set_grad(0, call("scale", {expand_dout(g, g.dout(0))}, {{"scale", inv}, {"bias", 0.0}}));
}

// Constant 0/1 mask: x == out (broadcast back), in x's dtype.
void maxmin_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& x_in = g.in(0);
  TensorRef xc = contiguous(x_in);
  TensorRef mask;
  {
    NoGradGuard ng;
    TensorRef o = g.outputs[0];
    if (o->dtype != x_in->dtype) o = cast_tensor(o, x_in->dtype);
    TensorRef oe = call("reduce_sum_grad", {x_in, o}, shape_attrs(g));
    mask = empty_tensor(x_in->dtype, x_in->dims, x_in->ndim);
    const int64_t n = mask->numel();
    PD_DISPATCH_ALL(x_in->dtype, "reduce_max_grad", {
      const scalar_t* a = xc->data<scalar_t>();
      const scalar_t* b = oe->data<scalar_t>();
      scalar_t* m = mask->data<scalar_t>();
      const scalar_t one = convert<scalar_t>(1.0), zero = convert<scalar_t>(0.0);
      for (int64_t i = 0; i < n; ++i)
        m[i] = convert<double>(a[i]) == convert<double>(b[i]) ? one : zero;
    });
  }
  g.set_grad(0, call("elementwise_mul", {expand_dout(g, g.dout(0)), mask}));
}

// Product of the other elements of each reduction group (exact with zeros).
template <typename T>
void others_product(const T* x, int64_t rows, int64_t r, T* o) {
  parallel_for(rows, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(r, 1)),
               [&](int64_t a, int64_t b) {
                 for (int64_t i = a; i < b; ++i) {
                   const T* px = x + i * r;
                   T* po = o + i * r;
                   int64_t zeros = 0, zero_at = -1;
                   T prod = T(1);
                   for (int64_t k = 0; k < r; ++k) {
                     if (px[k] == T(0)) {
                       ++zeros;
                       zero_at = k;
                     } else {
                       prod *= px[k];
                     }
                   }
                   for (int64_t k = 0; k < r; ++k) {
                     if (zeros == 0) po[k] = prod / px[k];
                     else if (zeros == 1) po[k] = (k == zero_at) ? prod : T(0);
                     else po[k] = T(0);
                   }
                 }
               });
}

void prod_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& x_in = g.in(0);
  const DType orig = x_in->dtype;
  TensorRef others;
  {
    NoGradGuard ng;
    TensorRef x = is_half(orig) ? cast_tensor(x_in, DType::Float32) : x_in;
    x = contiguous(x);
    const Plan p = make_plan("reduce_prod", *x, g.attr_ints(kDim), g.attr_bool(kKeepDim),
                             g.attr_bool(kReduceAll));
    // Work in the [kept..., reduced...] layout, then scatter back to X's layout.
    TensorRef perm = permute_kept_first(*x, p);
    TensorRef op = empty_tensor(x->dtype, perm->dims, perm->ndim);
    const int64_t n = x->numel(), r = p.count;
    if (n > 0) {
      PD_DISPATCH_FLOATING(x->dtype, "reduce_prod_grad", {
        others_product<scalar_t>(perm->data<scalar_t>(), n / r, r, op->data<scalar_t>());
      });
    }
    // op has dims in permuted order; view it with x's dim order.
    int64_t ps[kMaxRank];
    contiguous_strides(op->dims, op->ndim, ps);
    int64_t strides[kMaxRank];
    int k = 0;
    for (int pass = 0; pass < 2; ++pass)
      for (int d = 0; d < p.nd; ++d)
        if (p.reduced[d] == (pass == 1)) strides[d] = ps[k++];
    others = empty_tensor(x->dtype, x->dims, x->ndim);
    TensorRef v = make_view(*op, p.dims, strides, p.nd, op->offset);
    copy_to_contiguous(*v, others->raw_data());
    if (is_half(orig)) others = cast_tensor(others, orig);
  }
  g.set_grad(0, call("elementwise_mul", {expand_dout(g, g.dout(0)), others}));
}

}  // namespace

#define PD_REDUCE_OP(name, dts, kind, mean, grad_fn) \
  PD_REGISTER_OP(name)                               \
      .input("X")                                    \
      .output("Out")                                 \
      .attr("dim", std::vector<int64_t>{0})          \
      .attr("keep_dim", false)                       \
      .attr("reduce_all", false)                     \
      .attr("in_dtype", -1)                          \
      .attr("out_dtype", -1)                         \
      .dtypes(dts)                                   \
      .infer(reduce_infer<kind>)                     \
      .cpu(reduce_cpu<kind, mean>)                   \
      .grad(grad_fn);

PD_REDUCE_OP(reduce_sum, kSumDTypes, Kind::Sum, false, sum_grad)
PD_REDUCE_OP(reduce_mean, kMeanDTypes, Kind::Sum, true, mean_grad)
PD_REDUCE_OP(reduce_max, kMaxDTypes, Kind::Max, false, maxmin_grad)
PD_REDUCE_OP(reduce_min, kMaxDTypes, Kind::Min, false, maxmin_grad)
PD_REDUCE_OP(reduce_prod, kSumDTypes, Kind::Prod, false, prod_grad)
#undef PD_REDUCE_OP

// The gradient of reduce_sum (and the building block of the others' gradients): Out@GRAD
// broadcast back to X's shape. X only supplies the shape; it gets no gradient.
PD_REGISTER_OP(reduce_sum_grad)
    .input("X", /*differentiable=*/false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("dim", std::vector<int64_t>{0})
    .attr("keep_dim", false)
    .attr("reduce_all", false)
    .attr("in_dtype", -1)
    .attr("out_dtype", -1)
    .dtype_from(1)
    .dtypes({})  // any dtype: the op only moves elements
    .infer(reduce_sum_grad_infer)
    .cpu(reduce_sum_grad_cpu)
    .grad(reduce_sum_grad_grad);

}  // namespace pd
