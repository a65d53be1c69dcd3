// Copy/broadcast/rearrange ops of the manipulation family: assign, flatten_contiguous_range,
// expand_v2, expand_as_v2, tile, flip, roll, stack, unstack, unbind, meshgrid, multiplex,
// shard_index. Kernels are dtype-agnostic byte copies where possible (every dtype works).
#include <algorithm>
#include <cstring>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"
#include "kernels/manip/manip_util.h"

namespace pd {
namespace {

int64_t norm_axis(const char* op, const char* name, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", name, " ", axis,
             " is out of range for a tensor of rank ", rank, "; expected ", -rank, " <= ", name,
             " < ", rank);
  return axis < 0 ? axis + rank : axis;
}

std::vector<int64_t> index_values(const Tensor& index) {
  std::vector<int64_t> v((size_t)index.numel());
  if (index.dtype == DType::Int64) {
    copy_to_contiguous(index, v.data());
  } else {
    std::vector<int32_t> t(v.size());
    copy_to_contiguous(index, t.data());
    std::copy(t.begin(), t.end(), v.begin());
  }
  return v;
}

int64_t prod(const int64_t* d, int b, int e) {
  int64_t p = 1;
  for (int i = b; i < e; ++i) p *= d[i];
  return p;
}

TensorRef reshape_like(const TensorRef& t, const std::vector<int64_t>& dims) {
  return reshape_to(t, dims);
}

// ---- assign: X -> Out (a packed copy) ----
void assign_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void assign_cpu(OpContext& c) {
  if (c.in(0).numel() == 0) return;
  copy_to_contiguous(c.in(0), c.out(0).raw_data());
}

void assign_grad(GradContext& g) {
  if (g.needs(0)) g.set_grad(0, call("assign", {g.dout(0)}));
}

// ---- flatten_contiguous_range: X -> Out (view), XShape; attrs start_axis, stop_axis ----
enum FlattenAttr { kFlatStart = 0, kFlatStop = 1 };

std::vector<int64_t> flatten_dims(const Tensor& x, int64_t start, int64_t stop) {
  const char* op = "flatten_contiguous_range";
  if (x.ndim == 0) {
    if (start != 0 && start != -1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": start_axis ", start,
               " is out of range for a tensor of rank 0; expected 0 or -1");
    if (stop != 0 && stop != -1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": stop_axis ", stop,
               " is out of range for a tensor of rank 0; expected 0 or -1");
    return {1};
  }
  const int64_t s = norm_axis(op, "start_axis", start, x.ndim);
  const int64_t e = norm_axis(op, "stop_axis", stop, x.ndim);
  if (s > e)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": start_axis ", start, " (", s,
             ") is after stop_axis ", stop, " (", e, "); expected start_axis <= stop_axis");
  std::vector<int64_t> out;
  for (int i = 0; i < s; ++i) out.push_back(x.dims[i]);
  out.push_back(prod(x.dims, (int)s, (int)e + 1));
  for (int i = (int)e + 1; i < x.ndim; ++i) out.push_back(x.dims[i]);
  return out;
}

void flatten_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  c.out_meta.resize(2);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(flatten_dims(x, c.attr_int(kFlatStart), c.attr_int(kFlatStop)));
  c.out_meta[1] = manip::xshape_meta(x);
}

void flatten_cpu(OpContext& c) {
  TensorRef src = contiguous(c.in_ref(0));
  std::vector<int64_t> dims = c.out_meta[0].dim_vector();
  std::vector<int64_t> st(dims.size());
  contiguous_strides(dims.data(), (int)dims.size(), st.data());
  c.outputs = {make_view(*src, dims.data(), st.data(), (int)dims.size(), src->offset),
               empty_tensor(c.out_meta[1])};
}

void flatten_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (x.numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  g.set_grad(0, call("reshape2", {g.dout(0)}, {{"shape", x.shape()}}));
}

// ---- expand_v2: X -> Out; attr shape. expand_as_v2: X -> Out; attr target_shape ----
// Leading new dims take the given size (> 0); for aligned dims -1 keeps X's size, a size-1 dim
// of X expands to the given size, any other dim must match.
enum ExpandAttr { kExpandShape = 0 };

std::vector<int64_t> expand_out_dims(const char* op, const char* attr, const Tensor& x,
                                     const std::vector<int64_t>& shape) {
  if ((int)shape.size() < x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", attr, " ", shape_str(shape), " has ", shape.size(),
             " dims but the input of shape ", shape_str(x.dims, x.ndim), " has rank ", x.ndim,
             "; expected at least as many dims as the input");
  if ((int)shape.size() > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", attr, " ", shape_str(shape), " has rank ",
             shape.size(), "; at most ", kMaxRank, " is supported");
  const int lead = (int)shape.size() - x.ndim;
  std::vector<int64_t> out(shape.size());
  for (int i = 0; i < (int)shape.size(); ++i) {
    const int64_t s = shape[i];
    if (i < lead) {
      if (s < 0)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": ", attr, " ", shape_str(shape), " has ", s,
                 " at index ", i, ", a new leading dim; expected a size >= 0");
      out[i] = s;
      continue;
    }
    const int64_t xd = x.dims[i - lead];
    if (s == -1) {
      out[i] = xd;
    } else if (s < 0) {
      PD_THROW(PD_INVALID_ARGUMENT, op, ": ", attr, " ", shape_str(shape), " has ", s,
               " at index ", i, "; expected a size >= 0 or -1 (keep the input dim)");
    } else if (xd == 1 || xd == s) {
      out[i] = s;
    } else {
      PD_THROW(PD_INVALID_ARGUMENT, op, ": cannot expand the input of shape ",
               shape_str(x.dims, x.ndim), " to ", shape_str(shape), ": dim ", i, " is ", s,
               " but the input's dim is ", xd, "; expected equal sizes, or an input dim of 1");
    }
  }
  return out;
}

template <bool kAs>
void expand_infer(OpContext& c) {
  const char* op = kAs ? "expand_as_v2" : "expand_v2";
  const char* attr = kAs ? "target_shape" : "shape";
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(expand_out_dims(op, attr, c.in(0), c.attr_ints(kExpandShape)));
}

void expand_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const int nd = out.ndim, lead = nd - x.ndim;
  int64_t ss[kMaxRank], ds[kMaxRank];
  for (int d = 0; d < nd; ++d) {
    const int i = d - lead;
    ss[d] = (i < 0 || x.dims[i] == 1) ? 0 : x.strides[i];
  }
  contiguous_strides(out.dims, nd, ds);
  manip::strided_assign(x.raw_data(), ss, out.raw_data(), ds, out.dims, nd, dtype_size(x.dtype));
}

void expand_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (x.numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  g.set_grad(0, reduce_grad_to(g.dout(0), x));
}

// ---- tile: X -> Out; attr repeat_times ----
enum TileAttr { kTileRepeat = 0 };

// X's dims padded with leading 1s and the repeats padded with leading 1s, to a common rank.
void tile_geometry(const Tensor& x, const std::vector<int64_t>& rep, std::vector<int64_t>* xd,
                   std::vector<int64_t>* r) {
  const int nd = std::max<int>(x.ndim, (int)rep.size());
  xd->assign(nd, 1);
  r->assign(nd, 1);
  for (int i = 0; i < x.ndim; ++i) (*xd)[nd - x.ndim + i] = x.dims[i];
  for (size_t i = 0; i < rep.size(); ++i) (*r)[nd - rep.size() + i] = rep[i];
}

void tile_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const std::vector<int64_t> rep = c.attr_ints(kTileRepeat);
  if (rep.empty())
    PD_THROW(PD_INVALID_ARGUMENT, "tile: repeat_times is empty; expected at least one value");
  if ((int)rep.size() > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "tile: repeat_times ", shape_str(rep), " has ", rep.size(),
             " entries; at most ", kMaxRank, " are supported");
  for (size_t i = 0; i < rep.size(); ++i)
    if (rep[i] <= 0)
      PD_THROW(PD_INVALID_ARGUMENT, "tile: repeat_times ", shape_str(rep), " has ", rep[i],
               " at index ", i, "; expected every repeat to be positive");
  std::vector<int64_t> xd, r;
  tile_geometry(x, rep, &xd, &r);
  std::vector<int64_t> out(xd.size());
  for (size_t i = 0; i < xd.size(); ++i) out[i] = xd[i] * r[i];
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(out);
  check_dims(c.out_meta[0].dims, c.out_meta[0].ndim, x.dtype, "tile");
}

void tile_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef x = contiguous(c.in_ref(0));
  std::vector<int64_t> xd, r;
  tile_geometry(*x, c.attr_ints(kTileRepeat), &xd, &r);
  const int nd = (int)xd.size();
  const size_t es = dtype_size(x->dtype);
  std::vector<int64_t> xs(nd);
  contiguous_strides(xd.data(), nd, xs.data());
  const int64_t xin = xd[nd - 1];        // elements of one source row
  const int64_t oin = out.dims[nd - 1];  // elements of one output row
  const int64_t rows = out.numel() / oin;
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(rows, std::max<int64_t>(1, 16384 / (oin + 1)), [&](int64_t b, int64_t e) {
    for (int64_t row = b; row < e; ++row) {
      int64_t rem = row, so = 0;
      for (int d = nd - 2; d >= 0; --d) {
        const int64_t ci = rem % out.dims[d];
        rem /= out.dims[d];
        so += (ci % xd[d]) * xs[d];
      }
      char* dst = po + row * oin * (int64_t)es;
      const char* src = px + so * (int64_t)es;
      for (int64_t k = 0; k < r[nd - 1]; ++k) std::memcpy(dst + k * xin * es, src, xin * es);
    }
  });
}

void tile_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (x.numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  std::vector<int64_t> xd, r;
  tile_geometry(x, g.attr_ints(kTileRepeat), &xd, &r);
  TensorRef cur = g.dout(0);
  std::vector<int64_t> shape = cur->shape();  // current (partially reduced) shape
  for (int i = 0; i < (int)xd.size(); ++i) {
    if (r[i] == 1) continue;
    const int64_t before = prod(shape.data(), 0, i);
    const int64_t after = xd[i] * prod(shape.data(), i + 1, (int)shape.size());
    cur = reshape_like(cur, {before, r[i], after});
    cur = call("reduce_sum", {cur}, {{"dim", std::vector<int64_t>{1}}, {"keep_dim", false}});
    shape[i] = xd[i];
    cur = reshape_like(cur, shape);
  }
  g.set_grad(0, reshape_like(cur, x.shape()));
}

// ---- flip: X -> Out; attr axis ----
enum FlipAttr { kFlipAxis = 0 };

std::vector<bool> flip_mask(const Tensor& x, const std::vector<int64_t>& axes) {
  std::vector<bool> m(x.ndim, false);
  for (int64_t a : axes) {
    const int64_t d = norm_axis("flip", "axis", a, x.ndim);
    if (m[d])
      PD_THROW(PD_INVALID_ARGUMENT, "flip: axis ", shape_str(axes), " names dim ", d,
               " more than once; expected distinct axes");
    m[d] = true;
  }
  return m;
}

void flip_infer(OpContext& c) {
  flip_mask(c.in(0), c.attr_ints(kFlipAxis));
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void flip_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  std::vector<bool> m = flip_mask(x, c.attr_ints(kFlipAxis));
  const size_t es = dtype_size(x.dtype);
  int64_t ss[kMaxRank], ds[kMaxRank];
  const char* base = static_cast<const char*>(x.raw_data());
  for (int d = 0; d < x.ndim; ++d) {
    ss[d] = x.strides[d];
    if (m[d]) {
      base += (x.dims[d] - 1) * x.strides[d] * (int64_t)es;
      ss[d] = -x.strides[d];
    }
  }
  contiguous_strides(out.dims, out.ndim, ds);
  manip::strided_assign(base, ss, out.raw_data(), ds, out.dims, out.ndim, es);
}

void flip_grad(GradContext& g) {
  if (g.needs(0)) g.set_grad(0, call("flip", {g.dout(0)}, {{"axis", g.attr_ints(kFlipAxis)}}));
}

// ---- roll: X -> Out; attrs axis, shifts (empty axis: roll the flattened tensor) ----
enum RollAttr { kRollAxis = 0, kRollShifts = 1 };

// Per-dim shift in [0, dim) (flattened case: one dim of numel).
void roll_geometry(const char* op, const Tensor& x, const std::vector<int64_t>& axis,
                   const std::vector<int64_t>& shifts, std::vector<int64_t>* dims,
                   std::vector<int64_t>* sh) {
  if (axis.empty()) {
    if (shifts.size() != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": shifts ", shape_str(shifts), " has ", shifts.size(),
               " entries but axis is empty (roll the flattened tensor); expected one shift");
    dims->assign(1, x.numel());
    sh->assign(1, 0);
  } else {
    if (axis.size() != shifts.size())
      PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", shape_str(axis), " has ", axis.size(),
               " entries but shifts ", shape_str(shifts), " has ", shifts.size(),
               "; expected the same number");
    *dims = x.shape();
    sh->assign(x.ndim, 0);
  }
  for (size_t i = 0; i < shifts.size(); ++i) {
    const int64_t d = axis.empty() ? 0 : norm_axis(op, "axis", axis[i], x.ndim);
    const int64_t n = (*dims)[d];
    if (n == 0) continue;
    int64_t s = ((*sh)[d] + shifts[i] % n) % n;
    if (s < 0) s += n;
    (*sh)[d] = s;
  }
}

void roll_infer(OpContext& c) {
  std::vector<int64_t> d, s;
  roll_geometry("roll", c.in(0), c.attr_ints(kRollAxis), c.attr_ints(kRollShifts), &d, &s);
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void roll_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef x = contiguous(c.in_ref(0));
  std::vector<int64_t> dims, sh;
  roll_geometry("roll", *x, c.attr_ints(kRollAxis), c.attr_ints(kRollShifts), &dims, &sh);
  const int nd = (int)dims.size();
  std::vector<int64_t> st(nd);
  contiguous_strides(dims.data(), nd, st.data());
  const size_t es = dtype_size(x->dtype);
  const int64_t inner = dims[nd - 1];
  const int64_t rows = out.numel() / inner;
  const int64_t s_last = sh[nd - 1];
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(rows, std::max<int64_t>(1, 16384 / (inner + 1)), [&](int64_t b, int64_t e) {
    for (int64_t row = b; row < e; ++row) {
      int64_t rem = row, so = 0;
      for (int d = nd - 2; d >= 0; --d) {
        const int64_t ci = rem % dims[d];
        rem /= dims[d];
        int64_t si = ci - sh[d];
        if (si < 0) si += dims[d];
        so += si * st[d];
      }
      // out[j] = src[(j - s) mod inner]: out[s:] = src[:inner-s], out[:s] = src[inner-s:]
      char* dst = po + row * inner * (int64_t)es;
      const char* src = px + so * (int64_t)es;
      std::memcpy(dst + s_last * es, src, (inner - s_last) * es);
      if (s_last) std::memcpy(dst, src + (inner - s_last) * es, s_last * es);
    }
  });
}

void roll_grad(GradContext& g) {
  if (!g.needs(0)) return;
  std::vector<int64_t> sh = g.attr_ints(kRollShifts);
  for (auto& s : sh) s = -s;
  g.set_grad(0, call("roll", {g.dout(0)}, {{"axis", g.attr_ints(kRollAxis)}, {"shifts", sh}}));
}

// ---- stack: X (variadic) -> Y; attr axis ----
enum StackAttr { kStackAxis = 0 };

int64_t stack_axis(const OpContext& c) {
  const Tensor& x0 = c.in(0, 0);
  const int64_t a = c.attr_int(kStackAxis);
  const int r = x0.ndim + 1;
  if (a < -r || a >= r)
    PD_THROW(PD_INVALID_ARGUMENT, "stack: axis ", a, " is out of range for stacking tensors of rank ",
             x0.ndim, "; expected ", -r, " <= axis < ", r);
  return a < 0 ? a + r : a;
}

void stack_infer(OpContext& c) {
  const Tensor& x0 = c.in(0, 0);
  const int64_t axis = stack_axis(c);
  if (x0.ndim + 1 > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "stack: inputs of rank ", x0.ndim, " give rank ", x0.ndim + 1,
             "; at most ", kMaxRank, " is supported");
  for (int k = 1; k < c.count(0); ++k) {
    const Tensor& xk = c.in(0, k);
    if (xk.ndim != x0.ndim || !std::equal(x0.dims, x0.dims + x0.ndim, xk.dims))
      PD_THROW(PD_INVALID_ARGUMENT, "stack: input ", k, " has shape ", shape_str(xk.dims, xk.ndim),
               " but input 0 has shape ", shape_str(x0.dims, x0.ndim),
               "; expected all inputs to have the same shape");
  }
  std::vector<int64_t> out = x0.shape();
  out.insert(out.begin() + axis, c.count(0));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x0.dtype;
  c.out_meta[0].set_dims(out);
}

void stack_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const int n = c.count(0);
  const int64_t axis = stack_axis(c);
  const Tensor& x0 = c.in(0, 0);
  const int64_t outer = prod(x0.dims, 0, (int)axis);
  const size_t chunk = (size_t)prod(x0.dims, (int)axis, x0.ndim) * dtype_size(x0.dtype);
  std::vector<TensorRef> srcs(n);
  for (int k = 0; k < n; ++k) srcs[k] = contiguous(c.in_ref(0, k));
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(outer * n, std::max<int64_t>(1, 65536 / ((int64_t)chunk + 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t i = b; i < e; ++i) {
                   const int64_t o = i / n, k = i % n;
                   std::memcpy(po + i * chunk,
                               static_cast<const char*>(srcs[k]->raw_data()) + o * chunk, chunk);
                 }
               });
}

std::vector<TensorRef> run_variadic_out(const char* op, const TensorRef& x,
                                        const std::vector<NamedAttr>& attrs) {
  const OpDef* def = OpRegistry::instance().find(op);
  return run_op(*def, {{x}}, attrs);
}

void stack_grad(GradContext& g) {
  const int n = g.slot_count[0];
  int64_t axis = g.attr_int(kStackAxis);
  if (axis < 0) axis += g.in(0, 0)->ndim + 1;
  std::vector<TensorRef> parts =
      run_variadic_out("unstack", g.dout(0), {{"axis", axis}, {"num", (int64_t)n}});
  for (int k = 0; k < n; ++k)
    if (g.needs(0, k)) g.set_grad(0, k, parts[k]);
}

// ---- unstack: X -> Y (variadic); attrs axis, num. unbind: X -> Out (variadic); attr axis ----
enum UnstackAttr { kUnstackAxis = 0, kUnstackNum = 1 };

template <bool kUnbind>
void unstack_infer(OpContext& c) {
  const char* op = kUnbind ? "unbind" : "unstack";
  const Tensor& x = c.in(0);
  if (x.ndim == 0) PD_THROW(PD_INVALID_ARGUMENT, op, ": X has rank 0; expected rank >= 1");
  const int64_t axis = norm_axis(op, "axis", c.attr_int(kUnstackAxis), x.ndim);
  const int64_t n = x.dims[axis];
  if (!kUnbind && c.attr_int(kUnstackNum) != n)
    PD_THROW(PD_INVALID_ARGUMENT, "unstack: num is ", c.attr_int(kUnstackNum), " but axis ",
             axis, " of the input of shape ", shape_str(x.dims, x.ndim), " has size ", n,
             "; expected equal");
  std::vector<int64_t> d = x.shape();
  d.erase(d.begin() + axis);
  TensorMeta m;
  m.dtype = x.dtype;
  m.set_dims(d);
  c.out_meta.assign((size_t)n, m);
}

void unstack_cpu(OpContext& c) {
  const Tensor& x0 = c.in(0);
  const int n = (int)c.outputs.size();
  if (n == 0 || x0.numel() == 0) return;
  const int64_t axis = c.attr_int(kUnstackAxis) < 0 ? c.attr_int(kUnstackAxis) + x0.ndim
                                                    : c.attr_int(kUnstackAxis);
  TensorRef x = contiguous(c.in_ref(0));
  const int64_t outer = prod(x0.dims, 0, (int)axis);
  const size_t chunk = (size_t)prod(x0.dims, (int)axis + 1, x0.ndim) * dtype_size(x0.dtype);
  const char* px = static_cast<const char*>(x->raw_data());
  parallel_for(outer * n, std::max<int64_t>(1, 65536 / ((int64_t)chunk + 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t i = b; i < e; ++i) {
                   const int64_t o = i / n, k = i % n;
                   std::memcpy(static_cast<char*>(c.out((int)k).raw_data()) + o * chunk,
                               px + i * chunk, chunk);
                 }
               });
}

void unstack_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  if (g.outputs.empty()) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  std::vector<TensorRef> douts;
  for (size_t k = 0; k < g.outputs.size(); ++k) douts.push_back(g.dout((int)k));
  static const OpDef* stack = OpRegistry::instance().find("stack");
  g.set_grad(0, run_op(*stack, {douts}, {{"axis", g.attr_int(kUnstackAxis)}})[0]);
}

// ---- meshgrid: X (variadic, 1-D) -> Out (variadic) ----
void meshgrid_infer(OpContext& c) {
  const int n = c.count(0);
  if (n > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "meshgrid: got ", n, " inputs; at most ", kMaxRank,
             " are supported");
  std::vector<int64_t> dims(n);
  for (int k = 0; k < n; ++k) {
    const Tensor& xk = c.in(0, k);
    if (xk.ndim > 1)
      PD_THROW(PD_INVALID_ARGUMENT, "meshgrid: input ", k, " has shape ",
               shape_str(xk.dims, xk.ndim), "; expected a 1-D tensor");
    dims[k] = xk.numel();
  }
  TensorMeta m;
  m.dtype = c.in(0, 0).dtype;
  m.set_dims(dims);
  c.out_meta.assign(n, m);
}

void meshgrid_cpu(OpContext& c) {
  const int n = c.count(0);
  const size_t es = dtype_size(c.in(0, 0).dtype);
  for (int k = 0; k < n; ++k) {
    Tensor& out = c.out(k);
    if (out.numel() == 0) continue;
    const Tensor& xk = c.in(0, k);
    int64_t ss[kMaxRank] = {}, ds[kMaxRank];
    ss[k] = xk.ndim == 1 ? xk.strides[0] : 0;
    contiguous_strides(out.dims, out.ndim, ds);
    manip::strided_assign(xk.raw_data(), ss, out.raw_data(), ds, out.dims, out.ndim, es);
  }
}

void meshgrid_grad(GradContext& g) {
  const int n = g.slot_count[0];
  for (int k = 0; k < n; ++k) {
    if (!g.needs(0, k)) continue;
    const Tensor& xk = *g.in(0, k);
    if (xk.numel() == 0 || g.outputs[k]->numel() == 0) {
      g.set_grad(0, k, zeros_like_tensor(xk));
      continue;
    }
    TensorRef d = g.dout(k);
    std::vector<int64_t> others;
    for (int j = 0; j < n; ++j)
      if (j != k) others.push_back(j);
    if (!others.empty())
      d = call("reduce_sum", {d}, {{"dim", others}, {"keep_dim", false}});
    g.set_grad(0, k, reshape_like(d, xk.shape()));
  }
}

// ---- multiplex: Ids, X (variadic) -> Out. Out[i] = X[Ids[i]][i] ----
void multiplex_infer(OpContext& c) {
  const Tensor& ids = c.in(0);
  const int n = c.count(1);
  const Tensor& x0 = c.in(1, 0);
  if (ids.dtype != DType::Int32 && ids.dtype != DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, "multiplex: Ids has dtype ", dtype_name(ids.dtype),
             "; expected int32 or int64");
  if (x0.ndim < 1)
    PD_THROW(PD_INVALID_ARGUMENT, "multiplex: X has rank 0; expected rank >= 1");
  for (int k = 1; k < n; ++k) {
    const Tensor& xk = c.in(1, k);
    if (xk.dtype != x0.dtype)
      PD_THROW(PD_INVALID_ARGUMENT, "multiplex: input ", k, " has dtype ", dtype_name(xk.dtype),
               " but input 0 has dtype ", dtype_name(x0.dtype), "; expected the same dtype");
    if (xk.ndim != x0.ndim || !std::equal(x0.dims, x0.dims + x0.ndim, xk.dims))
      PD_THROW(PD_INVALID_ARGUMENT, "multiplex: input ", k, " has shape ",
               shape_str(xk.dims, xk.ndim), " but input 0 has shape ",
               shape_str(x0.dims, x0.ndim), "; expected all inputs to have the same shape");
  }
  if (!(ids.ndim == 2 && ids.dims[1] == 1 && ids.dims[0] == x0.dims[0]) &&
      !(ids.ndim == 1 && ids.dims[0] == x0.dims[0]))
    PD_THROW(PD_INVALID_ARGUMENT, "multiplex: Ids has shape ", shape_str(ids.dims, ids.ndim),
             " but the inputs have ", x0.dims[0], " rows; expected shape [", x0.dims[0], ", 1]");
  for (int64_t v : index_values(ids))
    if (v < 0 || v >= n)
      PD_THROW(PD_OUT_OF_RANGE, "multiplex: index ", v, " in Ids is out of range for ", n,
               " inputs; expected 0 <= index < ", n);
  c.out_meta.resize(1);
  c.out_meta[0] = x0.meta();
}

void multiplex_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const int n = c.count(1);
  std::vector<int64_t> ids = index_values(c.in(0));
  std::vector<TensorRef> xs(n);
  for (int k = 0; k < n; ++k) xs[k] = contiguous(c.in_ref(1, k));
  const int64_t rows = out.dims[0];
  const size_t row = (size_t)(out.numel() / rows) * dtype_size(out.dtype);
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(rows, std::max<int64_t>(1, 65536 / ((int64_t)row + 1)), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      std::memcpy(po + i * row, static_cast<const char*>(xs[ids[i]]->raw_data()) + i * row, row);
  });
}

void multiplex_grad(GradContext& g) {
  const int n = g.slot_count[1];
  TensorRef d = g.dout(0);
  std::vector<int64_t> ids = index_values(*g.in(0));
  std::vector<int64_t> mdims(d->ndim, 1);
  mdims[0] = d->dims[0];
  for (int k = 0; k < n; ++k) {
    if (!g.needs(1, k)) continue;
    if (d->numel() == 0) {
      g.set_grad(1, k, zeros_like_tensor(*g.in(1, k)));
      continue;
    }
    TensorRef mask = empty_tensor(DType::Float64, mdims);
    double* pm = mask->data<double>();
    for (size_t i = 0; i < ids.size(); ++i) pm[i] = ids[i] == k ? 1.0 : 0.0;
    if (d->dtype != DType::Float64) mask = cast_tensor(mask, d->dtype);
    g.set_grad(1, k, call("elementwise_mul", {d, mask}));
  }
}

// ---- shard_index: X (int) -> Out; attrs index_num, nshards, shard_id, ignore_value ----
enum ShardAttr { kShardIndexNum = 0, kShardN = 1, kShardId = 2, kShardIgnore = 3 };

void shard_index_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t index_num = c.attr_int(kShardIndexNum), nshards = c.attr_int(kShardN),
                shard_id = c.attr_int(kShardId);
  if (index_num <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, "shard_index: index_num is ", index_num, "; expected > 0");
  if (nshards <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, "shard_index: nshards is ", nshards, "; expected > 0");
  if (shard_id < 0 || shard_id >= nshards)
    PD_THROW(PD_INVALID_ARGUMENT, "shard_index: shard_id is ", shard_id, "; expected 0 <= shard_id < nshards (",
             nshards, ")");
  if (x.ndim < 1 || x.dims[x.ndim - 1] != 1)
    PD_THROW(PD_INVALID_ARGUMENT, "shard_index: X has shape ", shape_str(x.dims, x.ndim),
             "; expected rank >= 1 with a last dim of 1");
  for (int64_t v : index_values(x))
    if (v < 0 || v >= index_num)
      PD_THROW(PD_OUT_OF_RANGE, "shard_index: label ", v, " is out of range; expected 0 <= label < index_num (",
               index_num, ")");
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void shard_index_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t index_num = c.attr_int(kShardIndexNum), nshards = c.attr_int(kShardN),
                shard_id = c.attr_int(kShardId), ignore = c.attr_int(kShardIgnore);
  // Ceil division without index_num + nshards - 1, which overflows for huge attributes (and
  // could make size 0: a division by zero below).
  const int64_t size = index_num / nshards + (index_num % nshards != 0 ? 1 : 0);
  std::vector<int64_t> v = index_values(c.in(0));
  PD_DISPATCH_ARITH(out.dtype, "shard_index", {
    scalar_t* po = out.data<scalar_t>();
    for (size_t i = 0; i < v.size(); ++i)
      po[i] = (scalar_t)(v[i] / size == shard_id ? v[i] % size : ignore);
  });
}

}  // namespace

PD_REGISTER_OP(assign)
    .input("X")
    .output("Out")
    .dtypes(kAllDTypes)
    .infer(assign_infer)
    .cpu(assign_cpu)
    .grad(assign_grad);

PD_REGISTER_OP(flatten_contiguous_range)
    .input("X")
    .output("Out")
    .intermediate_output("XShape")
    .attr("start_axis", (int64_t)1)
    .attr("stop_axis", (int64_t)1)
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(flatten_infer)
    .cpu(flatten_cpu)
    .grad(flatten_grad);

PD_REGISTER_OP(expand_v2)
    .input("X")
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(expand_infer<false>)
    .cpu(expand_cpu)
    .grad(expand_grad);

PD_REGISTER_OP(expand_as_v2)
    .input("X")
    .output("Out")
    .attr("target_shape", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(expand_infer<true>)
    .cpu(expand_cpu)
    .grad(expand_grad);

PD_REGISTER_OP(tile)
    .input("X")
    .output("Out")
    .attr("repeat_times", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(tile_infer)
    .cpu(tile_cpu)
    .grad(tile_grad);

PD_REGISTER_OP(flip)
    .input("X")
    .output("Out")
    .attr("axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(flip_infer)
    .cpu(flip_cpu)
    .grad(flip_grad);

PD_REGISTER_OP(roll)
    .input("X")
    .output("Out")
    .attr("axis", std::vector<int64_t>{})
    .attr("shifts", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(roll_infer)
    .cpu(roll_cpu)
    .grad(roll_grad);

PD_REGISTER_OP(stack)
    .variadic_input("X")
    .output("Y")
    .attr("axis", (int64_t)0)
    .dtypes(kAllDTypes)
    .infer(stack_infer)
    .cpu(stack_cpu)
    .grad(stack_grad);

PD_REGISTER_OP(unstack)
    .input("X")
    .variadic_output("Y")
    .attr("axis", (int64_t)0)
    .attr("num", (int64_t)0)
    .dtypes(kAllDTypes)
    .infer(unstack_infer<false>)
    .cpu(unstack_cpu)
    .grad(unstack_grad);

PD_REGISTER_OP(unbind)
    .input("X")
    .variadic_output("Out")
    .attr("axis", (int64_t)0)
    .dtypes(kAllDTypes)
    .infer(unstack_infer<true>)
    .cpu(unstack_cpu)
    .grad(unstack_grad);

PD_REGISTER_OP(meshgrid)
    .variadic_input("X")
    .variadic_output("Out")
    .dtypes(kAllDTypes)
    .infer(meshgrid_infer)
    .cpu(meshgrid_cpu)
    .grad(meshgrid_grad);

PD_REGISTER_OP(multiplex)
    .input("Ids", false)
    .variadic_input("X")
    .output("Out")
    .dtype_from(1)
    .mixed_dtype_inputs()
    .dtypes(kAllDTypes)
    .infer(multiplex_infer)
    .cpu(multiplex_cpu)
    .grad(multiplex_grad);

PD_REGISTER_OP(shard_index)
    .input("X", false)
    .output("Out")
    .attr("index_num", (int64_t)0)
    .attr("nshards", (int64_t)0)
    .attr("shard_id", (int64_t)0)
    .attr("ignore_value", (int64_t)-1)
    .dtypes({DType::Int32, DType::Int64})
    .infer(shard_index_infer)
    .cpu(shard_index_cpu);

}  // namespace pd
