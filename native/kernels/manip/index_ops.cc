// Indexing ops of the manipulation family: index_select, gather_nd, scatter_nd_add, scatter,
// index_sample, masked_select, where, where_index (paddle.nonzero). Index tensors are int32 or
// int64; every index value is range-checked in infer() (an error, never a wild read/write).
#include <algorithm>
#include <cstring>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/broadcast.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

std::vector<int64_t> index_values(const Tensor& index) {
  std::vector<int64_t> v((size_t)index.numel());
  if (v.empty()) return v;
  if (index.dtype == DType::Int64) {
    copy_to_contiguous(index, v.data());
  } else {
    std::vector<int32_t> t(v.size());
    copy_to_contiguous(index, t.data());
    std::copy(t.begin(), t.end(), v.begin());
  }
  return v;
}

void check_index_dtype(const char* op, const char* name, const Tensor& index) {
  if (index.dtype != DType::Int32 && index.dtype != DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", name, " has dtype ", dtype_name(index.dtype),
             "; expected int32 or int64");
}

void check_same_dtype(const char* op, const char* a, const Tensor& ta, const char* b,
                      const Tensor& tb) {
  if (ta.dtype != tb.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", b, " has dtype ", dtype_name(tb.dtype), " but ", a,
             " has dtype ", dtype_name(ta.dtype), "; expected the same dtype");
}

int64_t prod(const int64_t* d, int b, int e) {
  int64_t p = 1;
  for (int i = b; i < e; ++i) p *= d[i];
  return p;
}

// ---- index_select: X, Index (1-D) -> Out; attr dim ----
enum IndexSelectAttr { kIndexSelectDim = 0 };

int64_t index_select_dim(const Tensor& x, int64_t dim) {
  if (x.ndim == 0) PD_THROW(PD_INVALID_ARGUMENT, "index_select: X has rank 0; expected rank >= 1");
  if (dim < -x.ndim || dim >= x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, "index_select: dim ", dim,
             " is out of range for a tensor of rank ", x.ndim, "; expected ", -x.ndim,
             " <= dim < ", x.ndim);
  return dim < 0 ? dim + x.ndim : dim;
}

void index_select_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& index = c.in(1);
  const int64_t dim = index_select_dim(x, c.attr_int(kIndexSelectDim));
  check_index_dtype("index_select", "Index", index);
  if (index.ndim != 1)
    PD_THROW(PD_INVALID_ARGUMENT, "index_select: Index has shape ",
             shape_str(index.dims, index.ndim), "; expected a 1-D tensor");
  const int64_t size = x.dims[dim];
  for (int64_t v : index_values(index))
    if (v < 0 || v >= size)
      PD_THROW(PD_OUT_OF_RANGE, "index_select: index ", v, " is out of range for dim ", dim,
               " of size ", size, "; expected 0 <= index < ", size);
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
  c.out_meta[0].dims[dim] = index.dims[0];
}

void index_select_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const Tensor& x0 = c.in(0);
  const int64_t dim = index_select_dim(x0, c.attr_int(kIndexSelectDim));
  TensorRef x = contiguous(c.in_ref(0));
  std::vector<int64_t> idx = index_values(c.in(1));
  const int64_t n = (int64_t)idx.size();
  const int64_t outer = prod(x0.dims, 0, (int)dim);
  const size_t row = (size_t)prod(x0.dims, (int)dim + 1, x0.ndim) * dtype_size(x0.dtype);
  const int64_t size = x0.dims[dim];
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(outer * n, std::max<int64_t>(1, 32768 / ((int64_t)row + 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t r = b; r < e; ++r) {
                   const int64_t o = r / n, i = r % n;
                   std::memcpy(po + r * row, px + (o * size + idx[i]) * row, row);
                 }
               });
}

void index_select_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (x.numel() == 0 || g.in(1)->numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  const int64_t dim = index_select_dim(x, g.attr_int(kIndexSelectDim));
  g.set_grad(0, call("gather_grad", {g.in(0), g.in(1), g.dout(0)}, {{"axis", dim}}));
}

// ---- gather_nd: X, Index [..., k] -> Out [index.shape[:-1] + x.shape[k:]] ----
// Returns the output dims ([1] when both parts are empty, as Paddle 2.0 has no 0-d tensors).
std::vector<int64_t> gather_nd_dims(const char* op, const Tensor& x, const Tensor& index) {
  check_index_dtype(op, "Index", index);
  if (index.ndim < 1)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Index has rank 0; expected rank >= 1");
  const int64_t k = index.dims[index.ndim - 1];
  if (k > x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the last dim of Index (shape ",
             shape_str(index.dims, index.ndim), ") is ", k, " but X of shape ",
             shape_str(x.dims, x.ndim), " has rank ", x.ndim, "; expected <= ", x.ndim);
  std::vector<int64_t> out(index.dims, index.dims + index.ndim - 1);
  for (int d = (int)k; d < x.ndim; ++d) out.push_back(x.dims[d]);
  if (out.empty()) out.push_back(1);
  std::vector<int64_t> iv = index_values(index);
  for (size_t m = 0; m < iv.size(); ++m) {
    const int d = (int)(m % k);
    if (iv[m] < 0 || iv[m] >= x.dims[d])
      PD_THROW(PD_OUT_OF_RANGE, op, ": index ", iv[m], " is out of range for dim ", d,
               " of X (shape ", shape_str(x.dims, x.ndim), "); expected 0 <= index < ",
               x.dims[d]);
  }
  return out;
}

// Element offsets (into packed X) of each index row.
std::vector<int64_t> nd_offsets(const Tensor& x, const Tensor& index) {
  const int64_t k = index.dims[index.ndim - 1];
  std::vector<int64_t> iv = index_values(index);
  std::vector<int64_t> xs(std::max(x.ndim, 1));
  contiguous_strides(x.dims, x.ndim, xs.data());
  const int64_t rows = prod(index.dims, 0, index.ndim - 1);
  std::vector<int64_t> off((size_t)rows, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < k; ++j) off[r] += iv[r * k + j] * xs[j];
  return off;
}

void gather_nd_infer(OpContext& c) {
  std::vector<int64_t> out = gather_nd_dims("gather_nd", c.in(0), c.in(1));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(out);
}

void gather_nd_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const Tensor& x0 = c.in(0);
  const Tensor& index = c.in(1);
  TensorRef x = contiguous(c.in_ref(0));
  const int64_t k = index.dims[index.ndim - 1];
  std::vector<int64_t> off = nd_offsets(x0, index);
  const size_t es = dtype_size(x0.dtype);
  const size_t slice = (size_t)prod(x0.dims, (int)k, x0.ndim) * es;
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for((int64_t)off.size(), std::max<int64_t>(1, 32768 / ((int64_t)slice + 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t r = b; r < e; ++r)
                   std::memcpy(po + r * slice, px + off[r] * es, slice);
               });
}

void gather_nd_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (x.numel() == 0 || g.outputs[0]->numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  g.set_grad(0, call("scatter_nd_add", {zeros_like_tensor(x), g.in(1), g.dout(0)}));
}

// ---- scatter_nd_add: X, Index [..., k], Updates [index.shape[:-1] + x.shape[k:]] -> Out ----
void scatter_nd_add_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& index = c.in(1);
  const Tensor& upd = c.in(2);
  check_same_dtype("scatter_nd_add", "X", x, "Updates", upd);
  std::vector<int64_t> want = gather_nd_dims("scatter_nd_add", x, index);
  const bool scalar_ok = upd.numel() == 1 && want.size() == 1 && want[0] == 1;
  if (upd.shape() != want && !scalar_ok)
    PD_THROW(PD_INVALID_ARGUMENT, "scatter_nd_add: Updates has shape ",
             shape_str(upd.dims, upd.ndim), "; expected index.shape[:-1] + x.shape[k:] = ",
             shape_str(want), " (X shape ", shape_str(x.dims, x.ndim), ", Index shape ",
             shape_str(index.dims, index.ndim), ")");
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void scatter_nd_add_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const Tensor& x = c.in(0);
  const Tensor& index = c.in(1);
  copy_to_contiguous(x, out.raw_data());
  TensorRef upd = contiguous(c.in_ref(2));
  const int64_t k = index.dims[index.ndim - 1];
  std::vector<int64_t> off = nd_offsets(x, index);
  const int64_t slice = prod(x.dims, (int)k, x.ndim);
  const int64_t rows = (int64_t)off.size();
  PD_DISPATCH_ARITH(out.dtype, "scatter_nd_add", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* pu = upd->data<scalar_t>();
    // Rows may repeat: split the slice (columns) between threads, rows in order.
    parallel_for(slice, std::max<int64_t>(1, 32768 / (rows + 1)), [&](int64_t b, int64_t e) {
      for (int64_t r = 0; r < rows; ++r) {
        scalar_t* dst = po + off[r];
        const scalar_t* src = pu + r * slice;
        for (int64_t j = b; j < e; ++j) dst[j] = (scalar_t)(dst[j] + src[j]);
      }
    });
  });
}

void scatter_nd_add_grad(GradContext& g) {
  if (g.needs(0)) g.set_grad(0, g.dout(0));
  if (g.needs(2)) {
    const Tensor& u = *g.in(2);
    if (u.numel() == 0) {
      g.set_grad(2, zeros_like_tensor(u));
    } else {
      g.set_grad(2, reshape_to(call("gather_nd", {g.dout(0), g.in(1)}), u.shape()));
    }
  }
}

// ---- scatter: X, Ids, Updates -> Out; attr overwrite ----
// overwrite: out[ids[i]] = updates[i] (the last repeat wins); otherwise the indexed rows are
// zeroed first and then every update is added (repeats accumulate), as Paddle.
enum ScatterAttr { kScatterOverwrite = 0 };

void scatter_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& ids = c.in(1);
  const Tensor& upd = c.in(2);
  check_same_dtype("scatter", "X", x, "Updates", upd);
  check_index_dtype("scatter", "Ids", ids);
  if (x.ndim < 1) PD_THROW(PD_INVALID_ARGUMENT, "scatter: X has rank 0; expected rank >= 1");
  if (!(ids.ndim == 1 || (ids.ndim == 2 && ids.dims[1] == 1)))
    PD_THROW(PD_INVALID_ARGUMENT, "scatter: Ids has shape ", shape_str(ids.dims, ids.ndim),
             "; expected a 1-D tensor or shape [N, 1]");
  std::vector<int64_t> want = x.shape();
  want[0] = ids.dims[0];
  if (upd.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "scatter: Updates has shape ", shape_str(upd.dims, upd.ndim),
             "; expected ", shape_str(want), " (one row of X, shape ", shape_str(x.dims, x.ndim),
             ", per index)");
  for (int64_t v : index_values(ids))
    if (v < 0 || v >= x.dims[0])
      PD_THROW(PD_OUT_OF_RANGE, "scatter: index ", v, " is out of range for the first dim of X of size ",
               x.dims[0], "; expected 0 <= index < ", x.dims[0]);
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void scatter_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  copy_to_contiguous(c.in(0), out.raw_data());
  std::vector<int64_t> ids = index_values(c.in(1));
  if (ids.empty()) return;
  TensorRef upd = contiguous(c.in_ref(2));
  const int64_t row = out.numel() / out.dims[0];
  const size_t es = dtype_size(out.dtype);
  if (c.attr_bool(kScatterOverwrite)) {
    char* po = static_cast<char*>(out.raw_data());
    const char* pu = static_cast<const char*>(upd->raw_data());
    for (size_t i = 0; i < ids.size(); ++i)
      std::memcpy(po + ids[i] * row * (int64_t)es, pu + (int64_t)i * row * (int64_t)es, row * es);
    return;
  }
  PD_DISPATCH_ARITH(out.dtype, "scatter", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* pu = upd->data<scalar_t>();
    for (int64_t v : ids) std::fill(po + v * row, po + (v + 1) * row, scalar_t(0));
    parallel_for(row, std::max<int64_t>(1, 32768 / ((int64_t)ids.size() + 1)),
                 [&](int64_t b, int64_t e) {
                   for (size_t i = 0; i < ids.size(); ++i) {
                     scalar_t* dst = po + ids[i] * row;
                     const scalar_t* src = pu + (int64_t)i * row;
                     for (int64_t j = b; j < e; ++j) dst[j] = (scalar_t)(dst[j] + src[j]);
                   }
                 });
  });
}

void scatter_grad(GradContext& g) {
  const Tensor& u = *g.in(2);
  if (g.needs(0)) {
    // Rows written by the scatter get no gradient from X.
    g.set_grad(0, call("scatter", {g.dout(0), g.in(1), zeros_like_tensor(u)},
                       {{"overwrite", true}}));
  }
  if (g.needs(2)) {
    if (u.numel() == 0) {
      g.set_grad(2, zeros_like_tensor(u));
    } else {
      g.set_grad(2, call("gather", {g.dout(0), g.in(1)}, {{"axis", (int64_t)0}}));
    }
  }
}

// ---- index_sample: X [B, N], Index [B, K] -> Out [B, K]; Out[b][k] = X[b][Index[b][k]] ----
void index_sample_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& index = c.in(1);
  check_index_dtype("index_sample", "Index", index);
  if (x.ndim != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "index_sample: X has shape ", shape_str(x.dims, x.ndim),
             "; expected a 2-D tensor");
  if (index.ndim != 2 || index.dims[0] != x.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, "index_sample: Index has shape ",
             shape_str(index.dims, index.ndim), " but X has shape ", shape_str(x.dims, x.ndim),
             "; expected a 2-D Index with the same first dim as X");
  for (int64_t v : index_values(index))
    if (v < 0 || v >= x.dims[1])
      PD_THROW(PD_OUT_OF_RANGE, "index_sample: index ", v,
               " is out of range for the second dim of X of size ", x.dims[1],
               "; expected 0 <= index < ", x.dims[1]);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({index.dims[0], index.dims[1]});
}

void index_sample_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef x = contiguous(c.in_ref(0));
  std::vector<int64_t> idx = index_values(c.in(1));
  const int64_t B = out.dims[0], K = out.dims[1], N = x->dims[1];
  PD_DISPATCH_ALL(out.dtype, "index_sample", {
    const scalar_t* px = x->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    parallel_for(B * K, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = px[(i / K) * N + idx[i]];
    });
  });
}

void index_sample_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  TensorRef d = g.dout(0);
  if (x.numel() == 0 || d->numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  const int64_t B = d->dims[0], K = d->dims[1];
  std::vector<int64_t> idx = index_values(*g.in(1));
  TensorRef nd = empty_tensor(DType::Int64, {B, K, 2});
  int64_t* p = nd->data<int64_t>();
  for (int64_t i = 0; i < B * K; ++i) {
    p[2 * i] = i / K;
    p[2 * i + 1] = idx[i];
  }
  g.set_grad(0, call("scatter_nd_add", {zeros_like_tensor(x), nd, d}));
}

// ---- masked_select: X, Mask (bool, same shape) -> Y (1-D) ----
void masked_select_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& mask = c.in(1);
  if (mask.dtype != DType::Bool)
    PD_THROW(PD_INVALID_ARGUMENT, "masked_select: Mask has dtype ", dtype_name(mask.dtype),
             "; expected bool");
  if (mask.shape() != x.shape())
    PD_THROW(PD_INVALID_ARGUMENT, "masked_select: Mask has shape ",
             shape_str(mask.dims, mask.ndim), " but X has shape ", shape_str(x.dims, x.ndim),
             "; expected the same shape");
  TensorRef m = contiguous(c.in_ref(1));
  const bool* pm = m->data<bool>();
  int64_t count = 0;
  for (int64_t i = 0; i < m->numel(); ++i) count += pm[i] ? 1 : 0;
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({count});
}

void masked_select_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef x = contiguous(c.in_ref(0));
  TensorRef m = contiguous(c.in_ref(1));
  const bool* pm = m->data<bool>();
  const size_t es = dtype_size(out.dtype);
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  const int64_t n = x->numel();
  int64_t j = 0;
  for (int64_t i = 0; i < n; ++i)
    if (pm[i]) std::memcpy(po + (j++) * es, px + i * es, es);
}

void masked_select_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  TensorRef d = g.dout(0);
  if (d->numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  TensorRef idx;
  {
    NoGradGuard ng;
    idx = call("where_index", {g.in(1)});
  }
  g.set_grad(0, call("scatter_nd_add", {zeros_like_tensor(x), idx, d}));
}

// ---- where: Condition (bool), X, Y -> Out (numpy broadcasting of all three) ----
std::vector<int64_t> bshape2(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                             const char* an, const char* bn) {
  const size_t n = std::max(a.size(), b.size());
  std::vector<int64_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t da = i + a.size() >= n ? a[i + a.size() - n] : 1;
    const int64_t db = i + b.size() >= n ? b[i + b.size() - n] : 1;
    if (da != db && da != 1 && db != 1)
      PD_THROW(PD_INVALID_ARGUMENT, "where: ", an, " of shape ", shape_str(a), " and ", bn,
               " of shape ", shape_str(b), " cannot be broadcast together (dim ", i, ": ", da,
               " vs ", db, ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void where_infer(OpContext& c) {
  const Tensor& cond = c.in(0);
  const Tensor& x = c.in(1);
  const Tensor& y = c.in(2);
  if (cond.dtype != DType::Bool)
    PD_THROW(PD_INVALID_ARGUMENT, "where: Condition has dtype ", dtype_name(cond.dtype),
             "; expected bool");
  check_same_dtype("where", "X", x, "Y", y);
  std::vector<int64_t> xy = bshape2(x.shape(), y.shape(), "X", "Y");
  std::vector<int64_t> out = bshape2(cond.shape(), xy, "Condition", "the broadcast of X and Y");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(out);
}

template <typename T>
void where_loop(const Tensor& cond, const Tensor& x, const Tensor& y, Tensor& out) {
  const int nd = out.ndim;
  int64_t sc[kMaxRank], sx[kMaxRank], sy[kMaxRank];
  broadcast_strides(cond, out.dims, nd, nd - cond.ndim, sc);
  broadcast_strides(x, out.dims, nd, nd - x.ndim, sx);
  broadcast_strides(y, out.dims, nd, nd - y.ndim, sy);
  const bool* pc = cond.data<bool>();
  const T* px = x.data<T>();
  const T* py = y.data<T>();
  T* po = out.data<T>();
  const int64_t n = out.numel();
  if (nd == 0) {
    po[0] = pc[0] ? px[0] : py[0];
    return;
  }
  const int64_t inner = out.dims[nd - 1];
  const int64_t rows = n / inner;
  const int64_t ic = sc[nd - 1], ix = sx[nd - 1], iy = sy[nd - 1];
  parallel_for(rows, kElementwiseGrain / (inner + 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, oc = 0, ox = 0, oy = 0;
      for (int d = nd - 2; d >= 0; --d) {
        const int64_t ci = rem % out.dims[d];
        rem /= out.dims[d];
        oc += ci * sc[d];
        ox += ci * sx[d];
        oy += ci * sy[d];
      }
      T* o = po + r * inner;
      for (int64_t i = 0; i < inner; ++i)
        o[i] = pc[oc + i * ic] ? px[ox + i * ix] : py[oy + i * iy];
    }
  });
}

void where_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  switch (dtype_size(out.dtype)) {
    case 1: where_loop<uint8_t>(c.in(0), c.in(1), c.in(2), out); break;
    case 2: where_loop<uint16_t>(c.in(0), c.in(1), c.in(2), out); break;
    case 4: where_loop<uint32_t>(c.in(0), c.in(1), c.in(2), out); break;
    case 8: where_loop<uint64_t>(c.in(0), c.in(1), c.in(2), out); break;
    default: where_loop<complex128>(c.in(0), c.in(1), c.in(2), out); break;
  }
}

void where_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  TensorRef zeros = zeros_like_tensor(*d);
  for (int s = 1; s <= 2; ++s) {
    if (!g.needs(s)) continue;
    const Tensor& like = *g.in(s);
    if (like.numel() == 0 || d->numel() == 0) {
      g.set_grad(s, zeros_like_tensor(like));
      continue;
    }
    TensorRef part = s == 1 ? call("where", {g.in(0), d, zeros}) : call("where", {g.in(0), zeros, d});
    g.set_grad(s, reduce_grad_to(part, like));
  }
}

// ---- where_index: Condition -> Out (int64 [M, rank]: coordinates of the non-zero elements) ----
void where_index_infer(OpContext& c) {
  const Tensor& cond = c.in(0);
  TensorRef t = contiguous(c.in_ref(0));
  int64_t count = 0;
  const int64_t n = t->numel();
  PD_DISPATCH_ALL(cond.dtype, "where_index", {
    const scalar_t* p = t->data<scalar_t>();
    for (int64_t i = 0; i < n; ++i) count += convert<double>(p[i]) != 0.0 ? 1 : 0;
  });
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Int64;
  c.out_meta[0].set_dims({count, (int64_t)cond.ndim});
}

void where_index_cpu(OpContext& c) {
  const Tensor& cond = c.in(0);
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef t = contiguous(c.in_ref(0));
  const int64_t n = t->numel();
  const int nd = cond.ndim;
  int64_t* po = out.data<int64_t>();
  PD_DISPATCH_ALL(cond.dtype, "where_index", {
    const scalar_t* p = t->data<scalar_t>();
    int64_t j = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (convert<double>(p[i]) == 0.0) continue;
      int64_t rem = i;
      for (int d = nd - 1; d >= 0; --d) {
        po[j * nd + d] = rem % cond.dims[d];
        rem /= cond.dims[d];
      }
      ++j;
    }
  });
}

}  // namespace

PD_REGISTER_OP(index_select)
    .input("X")
    .input("Index", false)
    .output("Out")
    .attr("dim", (int64_t)0)
    .dtypes(kAllDTypes)
    .mixed_dtype_inputs()
    .infer(index_select_infer)
    .cpu(index_select_cpu)
    .grad(index_select_grad);

PD_REGISTER_OP(gather_nd)
    .input("X")
    .input("Index", false)
    .output("Out")
    .dtypes(kAllDTypes)
    .mixed_dtype_inputs()
    .infer(gather_nd_infer)
    .cpu(gather_nd_cpu)
    .grad(gather_nd_grad);

PD_REGISTER_OP(scatter_nd_add)
    .input("X")
    .input("Index", false)
    .input("Updates")
    .output("Out")
    .dtypes(kArithmeticDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(scatter_nd_add_infer)
    .cpu(scatter_nd_add_cpu)
    .grad(scatter_nd_add_grad);

PD_REGISTER_OP(scatter)
    .input("X")
    .input("Ids", false)
    .input("Updates")
    .output("Out")
    .attr("overwrite", true)
    .dtypes(kArithmeticDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(scatter_infer)
    .cpu(scatter_cpu)
    .grad(scatter_grad);

PD_REGISTER_OP(index_sample)
    .input("X")
    .input("Index", false)
    .output("Out")
    .dtypes(kAllDTypes)
    .mixed_dtype_inputs()
    .infer(index_sample_infer)
    .cpu(index_sample_cpu)
    .grad(index_sample_grad);

PD_REGISTER_OP(masked_select)
    .input("X")
    .input("Mask", false)
    .output("Y")
    .dtypes(kAllDTypes)
    .mixed_dtype_inputs()
    .infer(masked_select_infer)
    .cpu(masked_select_cpu)
    .grad(masked_select_grad);

PD_REGISTER_OP(where)
    .input("Condition", false)
    .input("X")
    .input("Y")
    .output("Out")
    .dtype_from(1)
    .mixed_dtype_inputs()
    .dtypes(kAllDTypes)
    .infer(where_infer)
    .cpu(where_cpu)
    .grad(where_grad);

PD_REGISTER_OP(where_index)
    .input("Condition", false)
    .output("Out")
    .dtypes(kNumericDTypes)
    .infer(where_index_infer)
    .cpu(where_index_cpu);

}  // namespace pd
