// Sorting and searching ops: argsort, top_k_v2, arg_max, arg_min, unique, and the gradient
// helpers argsort_grad, top_k_v2_grad, take_along_axis.
//
// Ordering (shared by argsort, top_k_v2 and unique): NaN sorts as the largest value (after +inf
// ascending, first descending); equal values keep their original order (lower index first), in
// both directions. arg_max/arg_min return the first extreme; a NaN counts as the extreme (numpy).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

const std::vector<DType> kSortDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                        DType::Float64, DType::Int32,    DType::Int64};
const std::vector<DType> kArgDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                       DType::Float64, DType::Int32,    DType::Int64,
                                       DType::Int16,   DType::UInt8,    DType::Int8};

template <typename T>
inline bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

// (value, original index) pairs; the orders below are total and stable.
template <typename T>
struct Item {
  T v;
  int64_t i;
};

template <typename T>
struct AscLess {  // NaN last, ties by index
  bool operator()(const Item<T>& a, const Item<T>& b) const {
    if constexpr (std::is_floating_point_v<T>) {
      const bool na = std::isnan(a.v), nb = std::isnan(b.v);
      if (na || nb) return na == nb ? a.i < b.i : nb;
    }
    if (a.v < b.v) return true;
    if (b.v < a.v) return false;
    return a.i < b.i;
  }
};

template <typename T>
struct DescLess {  // NaN first, ties by index
  bool operator()(const Item<T>& a, const Item<T>& b) const {
    if constexpr (std::is_floating_point_v<T>) {
      const bool na = std::isnan(a.v), nb = std::isnan(b.v);
      if (na || nb) return na == nb ? a.i < b.i : na;
    }
    if (b.v < a.v) return true;
    if (a.v < b.v) return false;
    return a.i < b.i;
  }
};

int64_t norm_axis(const char* op, const char* name, int64_t axis, int rank) {
  const int r = std::max(rank, 1);
  if (axis < -r || axis >= r)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", name, " ", axis,
             " is out of range for a tensor of rank ", rank, "; expected ", -r, " <= ", name,
             " < ", r);
  return axis < 0 ? axis + r : axis;
}

// outer x n x inner view of a contiguous tensor around `axis`.
struct AxisSplit {
  int64_t outer = 1, n = 1, inner = 1;
};
AxisSplit split_at(const Tensor& t, int64_t axis) {
  AxisSplit s;
  if (t.ndim == 0) return s;
  for (int d = 0; d < axis; ++d) s.outer *= t.dims[d];
  s.n = t.dims[axis];
  for (int d = (int)axis + 1; d < t.ndim; ++d) s.inner *= t.dims[d];
  return s;
}

// Runs f(row_index, buffer) for each of the outer*inner rows in parallel.
template <typename T, typename F>
void for_rows(const AxisSplit& s, const F& f) {
  const int64_t rows = s.outer * s.inner;
  parallel_for(rows, std::max<int64_t>(1, 65536 / (s.n + 1)), [&](int64_t b, int64_t e) {
    std::vector<Item<T>> buf(s.n);
    for (int64_t r = b; r < e; ++r) f(r, buf);
  });
}

// Loads row r (outer o, inner j) of src into buf as (value, index) pairs.
template <typename T>
void load_row(const T* src, const AxisSplit& s, int64_t r, std::vector<Item<T>>& buf) {
  const int64_t o = r / s.inner, j = r % s.inner;
  const T* p = src + o * s.n * s.inner + j;
  for (int64_t k = 0; k < s.n; ++k) buf[k] = {p[k * s.inner], k};
}

// ---- LSD radix sort for 4-byte keys (float32, int32): stable by construction ----
// The key maps the order above (NaN largest, -0 == +0) onto unsigned integers; descending
// complements it, which keeps equal keys in index order.
template <typename T>
inline uint32_t radix_key(T v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(v)) u = 0x7FC00000u;
    else if (u == 0x80000000u) u = 0;
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
  } else {
    return u ^ 0x80000000u;
  }
}

template <typename T>
constexpr bool kRadixable = std::is_same_v<T, float> || std::is_same_v<T, int32_t>;

struct RadixBuf {
  std::vector<uint32_t> k0, k1, i0, i1;
};

// Sorts the row src[0], src[stride], ... (n entries); writes values/indices with ostride.
template <typename T>
void radix_argsort_row(const T* src, int64_t stride, int64_t n, bool desc, RadixBuf& b, T* out,
                       int64_t* oi, int64_t ostride) {
  b.k0.resize(n); b.k1.resize(n); b.i0.resize(n); b.i1.resize(n);
  uint32_t* k0 = b.k0.data(); uint32_t* k1 = b.k1.data();
  uint32_t* i0 = b.i0.data(); uint32_t* i1 = b.i1.data();
  int64_t hist[4][256] = {};
  const uint32_t flip = desc ? 0xFFFFFFFFu : 0u;
  for (int64_t k = 0; k < n; ++k) {
    const uint32_t key = radix_key(src[k * stride]) ^ flip;
    k0[k] = key;
    i0[k] = (uint32_t)k;
    ++hist[0][key & 0xFF];
    ++hist[1][(key >> 8) & 0xFF];
    ++hist[2][(key >> 16) & 0xFF];
    ++hist[3][key >> 24];
  }
  for (int p = 0; p < 4; ++p) {
    const int shift = 8 * p;
    if (hist[p][(k0[0] >> shift) & 0xFF] == n) continue;  // every key shares this byte
    int64_t pos[256];
    int64_t acc = 0;
    for (int d = 0; d < 256; ++d) {
      pos[d] = acc;
      acc += hist[p][d];
    }
    for (int64_t k = 0; k < n; ++k) {
      const int64_t q = pos[(k0[k] >> shift) & 0xFF]++;
      k1[q] = k0[k];
      i1[q] = i0[k];
    }
    std::swap(k0, k1);
    std::swap(i0, i1);
  }
  for (int64_t k = 0; k < n; ++k) {
    oi[k * ostride] = i0[k];
    out[k * ostride] = src[(int64_t)i0[k] * stride];
  }
}

// ---- argsort: X -> Out, Indices (int64); attrs axis=-1, descending=false ----
enum ArgsortAttr { kArgsortAxis = 0, kArgsortDesc = 1 };

void argsort_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  norm_axis("argsort", "axis", c.attr_int(kArgsortAxis), x.ndim);
  c.out_meta.resize(2);
  c.out_meta[0] = x.meta();
  c.out_meta[1] = x.meta();
  c.out_meta[1].dtype = DType::Int64;
}

template <typename T>
void sort_row(std::vector<Item<T>>& buf, bool desc) {
  if (desc) std::sort(buf.begin(), buf.end(), DescLess<T>());
  else std::sort(buf.begin(), buf.end(), AscLess<T>());
}

void argsort_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.numel() == 0) return;
  const int64_t axis = norm_axis("argsort", "axis", c.attr_int(kArgsortAxis), x.ndim);
  const bool desc = c.attr_bool(kArgsortDesc);
  TensorRef src = contiguous(c.in_ref(0));
  const AxisSplit s = split_at(x, axis);
  int64_t* pi = c.out(1).data<int64_t>();
  PD_DISPATCH_ARITH(x.dtype, "argsort", {
    const scalar_t* px = src->data<scalar_t>();
    scalar_t* po = c.out(0).data<scalar_t>();
    if constexpr (kRadixable<scalar_t>) {
      if (s.n >= 64 && s.n <= (int64_t)UINT32_MAX) {
        const int64_t rows = s.outer * s.inner;
        parallel_for(rows, std::max<int64_t>(1, 65536 / (s.n + 1)), [&](int64_t b, int64_t e) {
          RadixBuf rb;
          for (int64_t r = b; r < e; ++r) {
            const int64_t base = (r / s.inner) * s.n * s.inner + r % s.inner;
            radix_argsort_row(px + base, s.inner, s.n, desc, rb, po + base, pi + base, s.inner);
          }
        });
        return;
      }
    }
    for_rows<scalar_t>(s, [&](int64_t r, std::vector<Item<scalar_t>>& buf) {
      load_row(px, s, r, buf);
      sort_row(buf, desc);
      const int64_t o = r / s.inner, j = r % s.inner, base = o * s.n * s.inner + j;
      for (int64_t k = 0; k < s.n; ++k) {
        po[base + k * s.inner] = buf[k].v;
        pi[base + k * s.inner] = buf[k].i;
      }
    });
  });
}

void argsort_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("argsort_grad", {g.outputs[1], g.in(0), g.dout(0)},
                     {{"axis", g.attr_int(kArgsortAxis)}, {"descending", g.attr_bool(kArgsortDesc)}}));
}

// ---- top_k_v2: X, K (optional int tensor) -> Out, Indices; attrs k=1, axis=-1, largest, sorted ----
enum TopkAttr { kTopkK = 0, kTopkAxis = 1, kTopkLargest = 2, kTopkSorted = 3 };

int64_t topk_k(const OpContext& c) {
  if (c.has(1)) {
    const Tensor& kt = c.in(1);
    if (kt.numel() != 1 || (kt.dtype != DType::Int32 && kt.dtype != DType::Int64))
      PD_THROW(PD_INVALID_ARGUMENT, "top_k_v2: K must be an int32/int64 tensor with one element; got dtype ",
               dtype_name(kt.dtype), " and shape ", shape_str(kt.dims, kt.ndim));
    TensorRef k = contiguous(c.in_ref(1));
    return kt.dtype == DType::Int32 ? *k->data<int32_t>() : *k->data<int64_t>();
  }
  return c.attr_int(kTopkK);
}

void topk_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t axis = norm_axis("top_k_v2", "axis", c.attr_int(kTopkAxis), x.ndim);
  const int64_t k = topk_k(c);
  const int64_t n = x.ndim == 0 ? 1 : x.dims[axis];
  if (k < 1 || k > n)
    PD_THROW(PD_INVALID_ARGUMENT, "top_k_v2: k ", k, " is out of range for axis ", axis,
             " of size ", n, " (input shape ", shape_str(x.dims, x.ndim), "); expected 1 <= k <= ", n);
  c.out_meta.resize(2);
  c.out_meta[0] = x.meta();
  if (x.ndim > 0) c.out_meta[0].dims[axis] = k;
  c.out_meta[1] = c.out_meta[0];
  c.out_meta[1].dtype = DType::Int64;
}

void topk_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t axis = norm_axis("top_k_v2", "axis", c.attr_int(kTopkAxis), x.ndim);
  const int64_t k = topk_k(c);
  const bool largest = c.attr_bool(kTopkLargest);
  TensorRef src = contiguous(c.in_ref(0));
  const AxisSplit s = split_at(x, axis);
  if (x.numel() == 0) return;
  int64_t* pi = c.out(1).data<int64_t>();
  PD_DISPATCH_ARITH(x.dtype, "top_k_v2", {
    const scalar_t* px = src->data<scalar_t>();
    scalar_t* po = c.out(0).data<scalar_t>();
    for_rows<scalar_t>(s, [&](int64_t r, std::vector<Item<scalar_t>>& buf) {
      load_row(px, s, r, buf);
      auto run = [&](auto cmp) {
        if (k < s.n) {
          std::nth_element(buf.begin(), buf.begin() + (k - 1), buf.end(), cmp);
          std::sort(buf.begin(), buf.begin() + k, cmp);
        } else {
          std::sort(buf.begin(), buf.end(), cmp);
        }
      };
      if (largest) run(DescLess<scalar_t>());
      else run(AscLess<scalar_t>());
      const int64_t o = r / s.inner, j = r % s.inner, base = o * k * s.inner + j;
      for (int64_t q = 0; q < k; ++q) {
        po[base + q * s.inner] = buf[q].v;
        pi[base + q * s.inner] = buf[q].i;
      }
    });
  });
}

void topk_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("top_k_v2_grad", {g.in(0), g.outputs[1], g.dout(0)},
                     {{"axis", g.attr_int(kTopkAxis)}}));
}

// ---- gradient helpers: scatter-add of Out@GRAD into zeros shaped like X through Indices ----
// argsort_grad: Indices, X, Out@GRAD -> X@GRAD (attrs axis, descending)
// top_k_v2_grad: X, Indices, Out@GRAD -> X@GRAD (attrs k, axis, largest, sorted)
// take_along_axis: Input, Index -> Result (attr Axis): the gather these scatters invert.

// Validates Index (int64/int32, rank == X's, shape == Like's except on axis, values in range).
template <typename I>
void check_index_values(const char* op, const I* p, int64_t count, int64_t n) {
  for (int64_t q = 0; q < count; ++q)
    if (p[q] < 0 || p[q] >= n)
      PD_THROW(PD_OUT_OF_RANGE, op, ": index ", (int64_t)p[q], " at position ", q,
               " is out of range for an axis of size ", n, "; expected 0 <= index < ", n);
}

void check_index_geometry(const char* op, const Tensor& x, const Tensor& idx, int64_t axis,
                          const char* xname, const char* iname) {
  if (idx.dtype != DType::Int64 && idx.dtype != DType::Int32)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", iname, " has dtype ", dtype_name(idx.dtype),
             "; expected int32 or int64");
  bool ok = idx.ndim == x.ndim;
  for (int d = 0; ok && d < x.ndim; ++d)
    if (d != axis && idx.dims[d] != x.dims[d]) ok = false;
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", iname, " has shape ", shape_str(idx.dims, idx.ndim),
             " but ", xname, " has shape ", shape_str(x.dims, x.ndim),
             "; expected the same shape except along axis ", axis);
}

std::vector<int64_t> index_as_i64(const TensorRef& t, const char* op, int64_t n) {
  TensorRef c = contiguous(t);
  const int64_t m = c->numel();
  std::vector<int64_t> v(m);
  if (c->dtype == DType::Int32) {
    const int32_t* p = c->data<int32_t>();
    check_index_values(op, p, m, n);
    for (int64_t q = 0; q < m; ++q) v[q] = p[q];
  } else {
    const int64_t* p = c->data<int64_t>();
    check_index_values(op, p, m, n);
    std::copy(p, p + m, v.begin());
  }
  return v;
}

template <int XSlot, int ISlot, int AxisAttr>
void scatter_grad_infer(OpContext& c) {
  const char* op = c.op_name();
  const Tensor& x = c.in(XSlot);
  const Tensor& idx = c.in(ISlot);
  const Tensor& dy = c.in(2);
  const int64_t axis = norm_axis(op, "axis", c.attr_int(AxisAttr), x.ndim);
  check_index_geometry(op, x, idx, x.ndim == 0 ? -1 : axis, "X", "Indices");
  if (dy.shape() != idx.shape() || dy.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Out@GRAD has shape ", shape_str(dy.dims, dy.ndim),
             " and dtype ", dtype_name(dy.dtype), "; expected shape ",
             shape_str(idx.dims, idx.ndim), " and dtype ", dtype_name(x.dtype));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

template <int XSlot, int ISlot, int AxisAttr>
void scatter_grad_cpu(OpContext& c) {
  const char* op = c.op_name();
  const Tensor& x = c.in(XSlot);
  const Tensor& idxt = c.in(ISlot);
  Tensor& out = c.out(0);
  const int64_t axis = x.ndim == 0 ? 0 : norm_axis(op, "axis", c.attr_int(AxisAttr), x.ndim);
  const AxisSplit s = split_at(x, axis);
  const int64_t m = idxt.ndim == 0 ? 1 : idxt.dims[axis];
  std::vector<int64_t> idx = index_as_i64(c.in_ref(ISlot), op, s.n);
  TensorRef dy = contiguous(c.in_ref(2));
  PD_DISPATCH_ARITH(out.dtype, op, {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* pd = dy->data<scalar_t>();
    std::fill(po, po + out.numel(), scalar_t(0));
    parallel_for(s.outer, std::max<int64_t>(1, 16384 / (m * s.inner + 1)), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o)
        for (int64_t q = 0; q < m; ++q)
          for (int64_t j = 0; j < s.inner; ++j) {
            const int64_t src = (o * m + q) * s.inner + j;
            po[(o * s.n + idx[src]) * s.inner + j] += pd[src];
          }
    });
  });
}

template <int XSlot, int ISlot, int AxisAttr>
void scatter_grad_grad(GradContext& g) {
  if (!g.needs(2)) return;
  g.set_grad(2, call("take_along_axis", {g.dout(0), g.in(ISlot)}, {{"Axis", g.attr_int(AxisAttr)}}));
}

void take_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& idx = c.in(1);
  const int64_t axis = norm_axis("take_along_axis", "Axis", c.attr_int(0), x.ndim);
  check_index_geometry("take_along_axis", x, idx, x.ndim == 0 ? -1 : axis, "Input", "Index");
  c.out_meta.resize(1);
  c.out_meta[0] = idx.meta();
  c.out_meta[0].dtype = x.dtype;
}

void take_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& idxt = c.in(1);
  Tensor& out = c.out(0);
  const int64_t axis = x.ndim == 0 ? 0 : norm_axis("take_along_axis", "Axis", c.attr_int(0), x.ndim);
  const AxisSplit s = split_at(x, axis);
  const int64_t m = idxt.ndim == 0 ? 1 : idxt.dims[axis];
  std::vector<int64_t> idx = index_as_i64(c.in_ref(1), "take_along_axis", s.n);
  TensorRef src = contiguous(c.in_ref(0));
  PD_DISPATCH_ARITH(out.dtype, "take_along_axis", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* px = src->data<scalar_t>();
    const int64_t total = out.numel();
    parallel_for(total, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        const int64_t j = p % s.inner, o = p / (s.inner * m);
        po[p] = px[(o * s.n + idx[p]) * s.inner + j];
      }
    });
  });
}

void take_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("top_k_v2_grad", {g.in(0), g.in(1), g.dout(0)}, {{"axis", g.attr_int(0)}}));
}

// ---- arg_max / arg_min: X -> Out; attrs axis=0, keepdims=false, flatten=false, dtype=3 ----
enum ArgAttr { kArgAxis = 0, kArgKeep = 1, kArgFlatten = 2, kArgDType = 3 };

template <bool Max>
void arg_infer(OpContext& c) {
  const char* op = Max ? "arg_max" : "arg_min";
  const Tensor& x = c.in(0);
  const int64_t dt = c.attr_int(kArgDType);
  if (dt != -1 && dt != (int64_t)DType::Int32 && dt != (int64_t)DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": dtype ", dt,
             " is not supported; expected int32 (2) or int64 (3)");
  const bool flatten = c.attr_bool(kArgFlatten);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = dt == (int64_t)DType::Int32 ? DType::Int32 : DType::Int64;
  if (x.numel() == 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the input of shape ", shape_str(x.dims, x.ndim),
             " is empty; expected at least one element");
  if (flatten) {
    const int64_t one = 1;
    c.out_meta[0].set_dims(&one, 1);
    return;
  }
  const int64_t axis = norm_axis(op, "axis", c.attr_int(kArgAxis), x.ndim);
  std::vector<int64_t> dims;
  for (int d = 0; d < x.ndim; ++d) {
    if (d == axis) {
      if (c.attr_bool(kArgKeep)) dims.push_back(1);
    } else {
      dims.push_back(x.dims[d]);
    }
  }
  if (dims.empty()) dims.push_back(1);  // Paddle 2.0: no 0-d results
  c.out_meta[0].set_dims(dims);
}

template <bool Max, typename T>
inline bool better(T a, T b) {  // a beats the current best b
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(b)) return false;
    if (std::isnan(a)) return true;
  }
  return Max ? a > b : a < b;
}

template <bool Max>
void arg_cpu(OpContext& c) {
  const char* op = Max ? "arg_max" : "arg_min";
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  TensorRef src = contiguous(c.in_ref(0));
  AxisSplit s;
  if (c.attr_bool(kArgFlatten) || x.ndim == 0) {
    s.n = x.numel();
  } else {
    s = split_at(x, norm_axis(op, "axis", c.attr_int(kArgAxis), x.ndim));
  }
  std::vector<int64_t> res(s.outer * s.inner);
  PD_DISPATCH_ARITH(x.dtype, op, {
    const scalar_t* px = src->data<scalar_t>();
    parallel_for(s.outer, std::max<int64_t>(1, 65536 / (s.n * s.inner + 1)), [&](int64_t b, int64_t e) {
      std::vector<scalar_t> best(s.inner);
      for (int64_t o = b; o < e; ++o) {
        const scalar_t* p = px + o * s.n * s.inner;
        int64_t* r = res.data() + o * s.inner;
        for (int64_t j = 0; j < s.inner; ++j) {
          best[j] = p[j];
          r[j] = 0;
        }
        for (int64_t k = 1; k < s.n; ++k) {
          const scalar_t* row = p + k * s.inner;
          for (int64_t j = 0; j < s.inner; ++j)
            if (better<Max, scalar_t>(row[j], best[j])) {
              best[j] = row[j];
              r[j] = k;
            }
        }
      }
    });
  });
  if (out.dtype == DType::Int32) {
    int32_t* po = out.data<int32_t>();
    for (size_t q = 0; q < res.size(); ++q) po[q] = (int32_t)res[q];
  } else {
    std::copy(res.begin(), res.end(), out.data<int64_t>());
  }
}

// ---- unique: X -> Out, Indices, Index, Counts ----
// attrs dtype=3 (index dtype), return_index, return_inverse, return_counts, axis ([] =
// the flattened input, or one axis), is_sorted=false (false: first-occurrence order, as
// fluid's unique; paddle.unique passes true: ascending). Out has X's dtype; Indices (first
// occurrence), Index (inverse, X's numel) and Counts have `dtype`. NaNs never compare equal,
// so each NaN is its own entry (sorted last). With axis [a]: unique slices along a (always
// sorted lexicographically), Out has X's shape with dims[a] = number of unique slices.
enum UniqueAttr { kUDType = 0, kURetIndex, kURetInverse, kURetCounts, kUAxis, kUSorted };

void unique_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t dt = c.attr_int(kUDType);
  if (dt != (int64_t)DType::Int32 && dt != (int64_t)DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, "unique: dtype ", dt,
             " is not supported; expected int32 (2) or int64 (3)");
  const std::vector<int64_t> axis = c.attr_ints(kUAxis);
  if (axis.size() > 1)
    PD_THROW(PD_INVALID_ARGUMENT, "unique: axis ", shape_str(axis),
             " has more than one entry; expected [] (flatten) or a single axis");
  if (axis.size() == 1) {
    if (x.ndim == 0)
      PD_THROW(PD_INVALID_ARGUMENT, "unique: axis ", axis[0],
               " is given for a 0-d input; expected axis=None");
    norm_axis("unique", "axis", axis[0], x.ndim);
  }
  if (dt == (int64_t)DType::Int32 && x.numel() > INT32_MAX)
    PD_THROW(PD_INVALID_ARGUMENT, "unique: the input has ", x.numel(),
             " elements, too many for dtype int32; use int64");
  c.out_meta.resize(4);  // sizes are data-dependent: the kernel makes the outputs
}

// unique along one axis: the slices x[..., r, ...] are compared lexicographically.
void unique_axis_cpu(OpContext& c, int64_t axis) {
  const Tensor& x = c.in(0);
  const DType it = (DType)c.attr_int(kUDType);
  TensorRef src = contiguous(c.in_ref(0));
  const AxisSplit s = split_at(x, axis);
  PD_DISPATCH_ARITH(x.dtype, "unique", {
    const scalar_t* px = src->data<scalar_t>();
    auto at = [&](int64_t r, int64_t q) {  // element q (outer-major) of slice r
      return px[((q / s.inner) * s.n + r) * s.inner + q % s.inner];
    };
    const int64_t len = s.outer * s.inner;
    // -1 / 0 / 1 with NaN largest (NaN vs NaN: 0 for ordering; never equal for grouping).
    auto cmp = [&](int64_t a, int64_t b) {
      for (int64_t q = 0; q < len; ++q) {
        const scalar_t va = at(a, q), vb = at(b, q);
        const bool na = is_nan(va), nb = is_nan(vb);
        if (na || nb) {
          if (na != nb) return na ? 1 : -1;
          continue;
        }
        if (va < vb) return -1;
        if (vb < va) return 1;
      }
      return 0;
    };
    auto equal = [&](int64_t a, int64_t b) {
      for (int64_t q = 0; q < len; ++q)
        if (!(at(a, q) == at(b, q))) return false;
      return true;
    };
    std::vector<int64_t> order(s.n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return cmp(a, b) < 0; });
    std::vector<int64_t> start;
    for (int64_t q = 0; q < s.n; ++q)
      if (q == 0 || !equal(order[q], order[q - 1])) start.push_back(q);
    const int64_t m = (int64_t)start.size();
    start.push_back(s.n);
    std::vector<int64_t> dims = x.shape();
    dims[axis] = m;
    TensorRef out = empty_tensor(x.dtype, dims);
    const int64_t dm = m, dn = s.n;
    TensorRef first = empty_tensor(it, &dm, 1);
    TensorRef inverse = empty_tensor(it, &dn, 1);
    TensorRef counts = empty_tensor(it, &dm, 1);
    std::vector<int64_t> f(m), cnt(m), inv(s.n);
    scalar_t* po = out->data<scalar_t>();
    for (int64_t g = 0; g < m; ++g) {
      const int64_t r = order[start[g]];
      f[g] = r;
      cnt[g] = start[g + 1] - start[g];
      for (int64_t q = start[g]; q < start[g + 1]; ++q) inv[order[q]] = g;
      for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t j = 0; j < s.inner; ++j)
          po[(o * m + g) * s.inner + j] = px[(o * s.n + r) * s.inner + j];
    }
    auto store = [&](const TensorRef& t, const std::vector<int64_t>& v) {
      if (it == DType::Int32) {
        int32_t* d = t->data<int32_t>();
        for (size_t q = 0; q < v.size(); ++q) d[q] = (int32_t)v[q];
      } else {
        std::copy(v.begin(), v.end(), t->data<int64_t>());
      }
    };
    store(first, f);
    store(inverse, inv);
    store(counts, cnt);
    c.outputs = {out, first, inverse, counts};
  });
}

void unique_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  {
    const std::vector<int64_t> axis = c.attr_ints(kUAxis);
    if (axis.size() == 1) return unique_axis_cpu(c, norm_axis("unique", "axis", axis[0], x.ndim));
  }
  const DType it = (DType)c.attr_int(kUDType);
  const bool sorted = c.attr_bool(kUSorted);
  TensorRef src = contiguous(c.in_ref(0));
  const int64_t n = x.numel();
  PD_DISPATCH_ARITH(x.dtype, "unique", {
    const scalar_t* px = src->data<scalar_t>();
    std::vector<Item<scalar_t>> buf(n);
    for (int64_t q = 0; q < n; ++q) buf[q] = {px[q], q};
    std::sort(buf.begin(), buf.end(), AscLess<scalar_t>());
    // Groups of equal values: group g spans [start[g], start[g+1]).
    std::vector<int64_t> start;
    for (int64_t q = 0; q < n; ++q)
      if (q == 0 || !(buf[q].v == buf[q - 1].v)) start.push_back(q);
    const int64_t m = (int64_t)start.size();
    start.push_back(n);
    std::vector<int64_t> order(m);  // output position -> group
    std::iota(order.begin(), order.end(), 0);
    if (!sorted)
      std::sort(order.begin(), order.end(),
                [&](int64_t a, int64_t b) { return buf[start[a]].i < buf[start[b]].i; });
    const int64_t dm = m;
    TensorRef out = empty_tensor(x.dtype, &dm, 1);
    TensorRef first = empty_tensor(it, &dm, 1);
    TensorRef inverse = empty_tensor(it, &n, 1);
    TensorRef counts = empty_tensor(it, &dm, 1);
    scalar_t* po = out->data<scalar_t>();
    std::vector<int64_t> f(m), cnt(m), inv(n);
    for (int64_t p = 0; p < m; ++p) {
      const int64_t g = order[p];
      po[p] = buf[start[g]].v;
      f[p] = buf[start[g]].i;
      cnt[p] = start[g + 1] - start[g];
      for (int64_t q = start[g]; q < start[g + 1]; ++q) inv[buf[q].i] = p;
    }
    auto store = [&](const TensorRef& t, const std::vector<int64_t>& v) {
      if (it == DType::Int32) {
        int32_t* d = t->data<int32_t>();
        for (size_t q = 0; q < v.size(); ++q) d[q] = (int32_t)v[q];
      } else {
        std::copy(v.begin(), v.end(), t->data<int64_t>());
      }
    };
    store(first, f);
    store(inverse, inv);
    store(counts, cnt);
    c.outputs = {out, first, inverse, counts};
  });
}

}  // namespace

PD_REGISTER_OP(argsort)
    .input("X")
    .output("Out")
    .output("Indices")
    .attr("axis", -1)
    .attr("descending", false)
    .dtypes(kSortDTypes)
    .compute_f16_via_f32()
    .infer(argsort_infer)
    .cpu(argsort_cpu)
    .grad(argsort_grad);

PD_REGISTER_OP(argsort_grad)
    .input("Indices", false)
    .input("X", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("axis", -1)
    .attr("descending", false)
    .dtype_from(1)
    .mixed_dtype_inputs()
    .dtypes(kSortDTypes)
    .compute_f16_via_f32()
    .infer(scatter_grad_infer<1, 0, 0>)
    .cpu(scatter_grad_cpu<1, 0, 0>)
    .grad(scatter_grad_grad<1, 0, 0>);

PD_REGISTER_OP(top_k_v2)
    .input("X")
    .optional_input("K", false)
    .output("Out")
    .output("Indices")
    .attr("k", 1)
    .attr("axis", -1)
    .attr("largest", true)
    .attr("sorted", true)
    .dtypes(kSortDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(topk_infer)
    .cpu(topk_cpu)
    .grad(topk_grad);

PD_REGISTER_OP(top_k_v2_grad)
    .input("X", false)
    .input("Indices", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("k", 1)
    .attr("axis", -1)
    .attr("largest", true)
    .attr("sorted", true)
    .mixed_dtype_inputs()
    .dtypes(kSortDTypes)
    .compute_f16_via_f32()
    .infer(scatter_grad_infer<0, 1, 1>)
    .cpu(scatter_grad_cpu<0, 1, 1>)
    .grad(scatter_grad_grad<0, 1, 1>);

PD_REGISTER_OP(take_along_axis)
    .input("Input")
    .input("Index", false)
    .output("Result")
    .attr("Axis", 0)
    .mixed_dtype_inputs()
    .dtypes(kSortDTypes)
    .compute_f16_via_f32()
    .infer(take_infer)
    .cpu(take_cpu)
    .grad(take_grad);

PD_REGISTER_OP(arg_max)
    .input("X", false)
    .output("Out")
    .attr("axis", (int64_t)0)
    .attr("keepdims", false)
    .attr("flatten", false)
    .attr("dtype", 3)
    .dtypes(kArgDTypes)
    .compute_f16_via_f32()
    .infer(arg_infer<true>)
    .cpu(arg_cpu<true>);

PD_REGISTER_OP(arg_min)
    .input("X", false)
    .output("Out")
    .attr("axis", (int64_t)0)
    .attr("keepdims", false)
    .attr("flatten", false)
    .attr("dtype", 3)
    .dtypes(kArgDTypes)
    .compute_f16_via_f32()
    .infer(arg_infer<false>)
    .cpu(arg_cpu<false>);

PD_REGISTER_OP(unique)
    .input("X", false)
    .output("Out")
    .output("Indices")
    .output("Index")
    .output("Counts")
    .attr("dtype", 3)
    .attr("return_index", false)
    .attr("return_inverse", false)
    .attr("return_counts", false)
    .attr("axis", std::vector<int64_t>{})
    .attr("is_sorted", false)
    .dtypes(kSortDTypes)
    .compute_f16_via_f32()
    .infer(unique_infer)
    .cpu(unique_cpu)
    .view_outputs();

}  // namespace pd
