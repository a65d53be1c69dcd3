// Declarations of the manipulation family (cast, reshape, transpose, concat, split, slice,
// gather, ...): inputs, outputs, attributes with Paddle's names and defaults, dtypes, shape
// inference, kernels and grad makers.
#include <algorithm>
#include <cstring>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"
#include "kernels/manip/manip_util.h"

namespace pd {
namespace {

// ---- cast: X -> Out; attrs in_dtype, out_dtype (Paddle's VarType codes) ----
enum CastAttr { kCastIn = 0, kCastOut = 1 };

void cast_infer(OpContext& c) {
  const int64_t to = c.attr_int(kCastOut);
  if (!dtype_valid((int32_t)to))
    PD_THROW(PD_INVALID_ARGUMENT, "cast: out_dtype ", to, " is not a Paddle dtype");
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = static_cast<DType>(to);
}

void cast_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  TensorRef src = contiguous(c.in_ref(0));
  const int64_t n = x.numel();
  PD_DISPATCH_ALL(x.dtype, "cast", {
    using from_t = scalar_t;
    const from_t* px = src->data<from_t>();
    PD_DISPATCH_ALL(out.dtype, "cast", {
      scalar_t* po = out.data<scalar_t>();
      parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) po[i] = convert<scalar_t>(px[i]);
      });
    });
  });
}

void cast_grad(GradContext& g) {
  const DType in = g.in(0)->dtype;
  g.set_grad(0, call("cast", {g.dout(0)}, {{"in_dtype", (int64_t)g.dout(0)->dtype},
                                          {"out_dtype", (int64_t)in}}));
}


// ---- shared helpers ----

using manip::xshape_meta;

// Output k of a view op: a view of x with the given geometry.
TensorRef view_of(const Tensor& x, const std::vector<int64_t>& dims,
                  const std::vector<int64_t>& strides, int64_t offset) {
  return make_view(x, dims.data(), strides.data(), (int)dims.size(), offset);
}

TensorRef make_xshape(const Tensor& x) { return empty_tensor(xshape_meta(x)); }

std::vector<int64_t> packed_strides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size());
  contiguous_strides(dims.data(), (int)dims.size(), s.data());
  return s;
}

// A view of `t` with `dims` (same numel), copying first when `t` is not contiguous.
TensorRef reshaped_view(const TensorRef& t, const std::vector<int64_t>& dims) {
  TensorRef src = contiguous(t);
  return view_of(*src, dims, packed_strides(dims), src->offset);
}

// Gradient of a pure reshape-like op (reshape2/squeeze2/unsqueeze2): dout reshaped to x's shape.
TensorRef reshape_grad_to(const TensorRef& dout, const Tensor& x) {
  if (x.numel() == 0) return zeros_like_tensor(x);
  return call("reshape2", {dout}, {{"shape", x.shape()}});
}

int64_t normalize_axis(const char* op, const char* name, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", name, " ", axis,
             " is out of range for a tensor of rank ", rank, "; expected ", -rank, " <= ", name,
             " < ", rank);
  return axis < 0 ? axis + rank : axis;
}

// ---- reshape2: X -> Out (view), XShape; attr shape ----
enum ReshapeAttr { kReshapeShape = 0 };

std::vector<int64_t> reshape_out_dims(const Tensor& x, const std::vector<int64_t>& shape) {
  std::vector<int64_t> out(shape.size());
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int64_t s = shape[i];
    if (s == -1) {
      if (infer >= 0)
        PD_THROW(PD_INVALID_ARGUMENT, "reshape2: only one dimension of shape ", shape_str(shape),
                 " can be -1 (inferred); got -1 at indices ", infer, " and ", i);
      infer = (int)i;
      continue;
    }
    if (s < -1)
      PD_THROW(PD_INVALID_ARGUMENT, "reshape2: shape ", shape_str(shape), " has ", s,
               " at index ", i, "; expected a size >= 0, -1 (inferred) or 0 (copy the input dim)");
    if (s == 0) {
      if ((int)i >= x.ndim)
        PD_THROW(PD_INVALID_ARGUMENT, "reshape2: shape ", shape_str(shape), " has 0 at index ",
                 i, " but the input of shape ", shape_str(x.dims, x.ndim), " has rank ", x.ndim,
                 "; 0 copies the input dimension at the same index");
      out[i] = x.dims[i];
    } else {
      out[i] = s;
    }
    if (out[i] != 0 && known > (int64_t(1) << 62) / out[i])
      PD_THROW(PD_INVALID_ARGUMENT, "reshape2: shape ", shape_str(shape), " is too large");
    known *= out[i];
  }
  const int64_t n = x.numel();
  if (infer >= 0) {
    if (known == 0)
      PD_THROW(PD_INVALID_ARGUMENT, "reshape2: cannot infer the -1 in shape ", shape_str(shape),
               " because the other dimensions multiply to 0 (input shape ",
               shape_str(x.dims, x.ndim), ")");
    if (n % known != 0)
      PD_THROW(PD_INVALID_ARGUMENT, "reshape2: cannot infer the -1 in shape ", shape_str(shape),
               ": the input of shape ", shape_str(x.dims, x.ndim), " has ", n,
               " elements, which is not a multiple of ", known);
    out[infer] = n / known;
  } else if (known != n) {
    PD_THROW(PD_INVALID_ARGUMENT, "reshape2: the shape ", shape_str(shape), " has ", known,
             " elements but the input of shape ", shape_str(x.dims, x.ndim), " has ", n,
             "; expected equal");
  }
  if ((int)out.size() > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "reshape2: shape ", shape_str(shape), " has rank ", out.size(),
             "; at most ", kMaxRank, " is supported");
  return out;
}

void reshape2_infer(OpContext& c) {
  std::vector<int64_t> out = reshape_out_dims(c.in(0), c.attr_ints(kReshapeShape));
  c.out_meta.resize(2);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(out);
  c.out_meta[1] = xshape_meta(c.in(0));
}

void reshape2_cpu(OpContext& c) {
  c.outputs = {reshaped_view(c.in_ref(0), c.out_meta[0].dim_vector()), make_xshape(c.in(0))};
}

void reshape2_grad(GradContext& g) {
  if (g.needs(0)) g.set_grad(0, reshape_grad_to(g.dout(0), *g.in(0)));
}

// ---- transpose2: X -> Out (view), XShape; attr axis ----
enum TransposeAttr { kTransposeAxis = 0 };

void transpose2_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const std::vector<int64_t> axis = c.attr_ints(kTransposeAxis);
  if ((int)axis.size() != x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, "transpose2: axis ", shape_str(axis), " has ", axis.size(),
             " entries but the input of shape ", shape_str(x.dims, x.ndim), " has rank ", x.ndim,
             "; expected a permutation of 0..", x.ndim - 1);
  bool seen[kMaxRank] = {};
  for (int64_t a : axis) {
    if (a < 0 || a >= x.ndim || seen[a])
      PD_THROW(PD_INVALID_ARGUMENT, "transpose2: axis ", shape_str(axis),
               " is not a permutation of 0..", x.ndim - 1, " for a tensor of rank ", x.ndim);
    seen[a] = true;
  }
  std::vector<int64_t> out(x.ndim);
  for (int i = 0; i < x.ndim; ++i) out[i] = x.dims[axis[i]];
  c.out_meta.resize(2);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(out);
  c.out_meta[1] = xshape_meta(x);
}

void transpose2_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const std::vector<int64_t> axis = c.attr_ints(kTransposeAxis);
  std::vector<int64_t> dims(x.ndim), strides(x.ndim);
  for (int i = 0; i < x.ndim; ++i) {
    dims[i] = x.dims[axis[i]];
    strides[i] = x.strides[axis[i]];
  }
  c.outputs = {view_of(x, dims, strides, x.offset), make_xshape(x)};
}

void transpose2_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const std::vector<int64_t> axis = g.attr_ints(kTransposeAxis);
  std::vector<int64_t> inv(axis.size());
  for (size_t i = 0; i < axis.size(); ++i) inv[axis[i]] = (int64_t)i;
  g.set_grad(0, call("transpose2", {g.dout(0)}, {{"axis", inv}}));
}

// ---- squeeze2: X -> Out (view), XShape; attr axes (empty: every size-1 dim) ----
// Paddle 2.0: a listed axis whose size is not 1 is left alone; squeezing every dim gives [1]
// (Paddle 2.0 has no 0-d tensors).
enum SqueezeAttr { kSqueezeAxes = 0 };

std::vector<bool> squeeze_mask(const Tensor& x, const std::vector<int64_t>& axes) {
  std::vector<bool> sq(x.ndim, false);
  if (axes.empty()) {
    for (int i = 0; i < x.ndim; ++i) sq[i] = x.dims[i] == 1;
  } else {
    for (int64_t a : axes) {
      const int64_t d = normalize_axis("squeeze2", "axis", a, x.ndim);
      if (x.dims[d] == 1) sq[d] = true;
    }
  }
  return sq;
}

void squeeze2_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  std::vector<bool> sq = squeeze_mask(x, c.attr_ints(kSqueezeAxes));
  std::vector<int64_t> out;
  for (int i = 0; i < x.ndim; ++i)
    if (!sq[i]) out.push_back(x.dims[i]);
  if (out.empty() && x.ndim > 0) out.push_back(1);
  c.out_meta.resize(2);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(out);
  c.out_meta[1] = xshape_meta(x);
}

void squeeze2_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  std::vector<bool> sq = squeeze_mask(x, c.attr_ints(kSqueezeAxes));
  std::vector<int64_t> dims, strides;
  for (int i = 0; i < x.ndim; ++i) {
    if (sq[i]) continue;
    dims.push_back(x.dims[i]);
    strides.push_back(x.strides[i]);
  }
  if (dims.empty() && x.ndim > 0) {
    dims.push_back(1);
    strides.push_back(1);
  }
  c.outputs = {view_of(x, dims, strides, x.offset), make_xshape(x)};
}

void squeeze_like_grad(GradContext& g) {
  if (g.needs(0)) g.set_grad(0, reshape_grad_to(g.dout(0), *g.in(0)));
}

// ---- unsqueeze2: X -> Out (view), XShape; attr axes ----
// Axes are applied one after another, each relative to the rank reached so far (as Paddle).
enum UnsqueezeAttr { kUnsqueezeAxes = 0 };

// mark[i] true where the output has an inserted size-1 dim.
std::vector<bool> unsqueeze_mask(const Tensor& x, const std::vector<int64_t>& axes) {
  const int out_rank = x.ndim + (int)axes.size();
  if (out_rank > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "unsqueeze2: inserting ", axes.size(),
             " axes into a tensor of rank ", x.ndim, " gives rank ", out_rank, "; at most ",
             kMaxRank, " is supported");
  std::vector<bool> mark(out_rank + 1, false);
  int cur = x.ndim;
  for (int64_t a : axes) {
    if (a < -(cur + 1) || a > cur)
      PD_THROW(PD_INVALID_ARGUMENT, "unsqueeze2: axis ", a, " is out of range for a tensor of rank ",
               cur, "; expected ", -(cur + 1), " <= axis <= ", cur);
    const int p = (int)(a < 0 ? a + cur + 1 : a);
    for (int i = cur; i >= p; --i) {
      if (mark[i]) {
        mark[i + 1] = true;
        mark[i] = false;
      }
    }
    mark[p] = true;
    ++cur;
  }
  mark.resize(out_rank);
  return mark;
}

void unsqueeze2_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  std::vector<bool> mark = unsqueeze_mask(x, c.attr_ints(kUnsqueezeAxes));
  std::vector<int64_t> out;
  int k = 0;
  for (size_t i = 0; i < mark.size(); ++i) out.push_back(mark[i] ? 1 : x.dims[k++]);
  c.out_meta.resize(2);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(out);
  c.out_meta[1] = xshape_meta(x);
}

void unsqueeze2_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  std::vector<bool> mark = unsqueeze_mask(x, c.attr_ints(kUnsqueezeAxes));
  std::vector<int64_t> dims(mark.size()), strides(mark.size());
  int k = x.ndim;
  int64_t inner = 1;  // stride for an inserted dim: any value works; keep it "contiguous-like"
  for (int i = (int)mark.size() - 1; i >= 0; --i) {
    if (mark[i]) {
      dims[i] = 1;
      strides[i] = inner;
    } else {
      --k;
      dims[i] = x.dims[k];
      strides[i] = x.strides[k];
      inner = x.strides[k] * std::max<int64_t>(x.dims[k], 1);
    }
  }
  c.outputs = {view_of(x, dims, strides, x.offset), make_xshape(x)};
}

// ---- concat: X (variadic) -> Out; attr axis ----
enum ConcatAttr { kConcatAxis = 0 };

void concat_infer(OpContext& c) {
  const int n = c.count(0);
  const Tensor& x0 = c.in(0, 0);
  if (x0.ndim == 0)
    PD_THROW(PD_INVALID_ARGUMENT, "concat: input 0 has rank 0; expected rank >= 1");
  const int64_t axis = normalize_axis("concat", "axis", c.attr_int(kConcatAxis), x0.ndim);
  std::vector<int64_t> out = x0.shape();
  for (int k = 1; k < n; ++k) {
    const Tensor& xk = c.in(0, k);
    bool ok = xk.ndim == x0.ndim;
    for (int d = 0; ok && d < x0.ndim; ++d)
      if (d != axis && xk.dims[d] != x0.dims[d]) ok = false;
    if (!ok)
      PD_THROW(PD_INVALID_ARGUMENT, "concat: input ", k, " has shape ",
               shape_str(xk.dims, xk.ndim), " but input 0 has shape ",
               shape_str(x0.dims, x0.ndim), "; expected the same rank and equal dims except axis ",
               axis);
    out[axis] += xk.dims[axis];
  }
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x0.dtype;
  c.out_meta[0].set_dims(out);
}

void concat_cpu(OpContext& c) {
  const int n = c.count(0);
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const int64_t axis = c.attr_int(kConcatAxis) < 0 ? c.attr_int(kConcatAxis) + out.ndim
                                                    : c.attr_int(kConcatAxis);
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= out.dims[d];
  for (int d = (int)axis + 1; d < out.ndim; ++d) inner *= out.dims[d];
  const size_t es = dtype_size(out.dtype);
  std::vector<TensorRef> srcs(n);
  std::vector<int64_t> chunk(n), off(n);
  int64_t row = 0;
  for (int k = 0; k < n; ++k) {
    srcs[k] = contiguous(c.in_ref(0, k));
    chunk[k] = c.in(0, k).dims[axis] * inner * (int64_t)es;
    off[k] = row;
    row += chunk[k];
  }
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(outer, std::max<int64_t>(1, (1 << 16) / (row + 1)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o)
      for (int k = 0; k < n; ++k)
        if (chunk[k])
          std::memcpy(po + o * row + off[k],
                      static_cast<const char*>(srcs[k]->raw_data()) + o * chunk[k], chunk[k]);
  });
}

void concat_grad(GradContext& g) {
  const int n = g.slot_count[0];
  const Tensor& x0 = *g.in(0, 0);
  int64_t axis = g.attr_int(kConcatAxis);
  if (axis < 0) axis += x0.ndim;
  std::vector<int64_t> sections(n);
  for (int k = 0; k < n; ++k) sections[k] = g.in(0, k)->dims[axis];
  static const OpDef* split = OpRegistry::instance().find("split");
  std::vector<TensorRef> parts =
      run_op(*split, {{g.dout(0)}}, {{"axis", axis}, {"sections", sections}});
  for (int k = 0; k < n; ++k)
    if (g.needs(0, k)) g.set_grad(0, k, parts[k]);
}

// ---- split: X -> Out (variadic); attrs axis, num, sections ----
enum SplitAttr { kSplitAxis = 0, kSplitNum = 1, kSplitSections = 2 };

std::vector<int64_t> split_sizes(const Tensor& x, int64_t axis, int64_t num,
                                 const std::vector<int64_t>& sections) {
  const int64_t dim = x.dims[axis];
  if (num < 0)
    PD_THROW(PD_INVALID_ARGUMENT, "split: num is ", num, "; expected num >= 0");
  if (num > 0) {
    if (!sections.empty())
      PD_THROW(PD_INVALID_ARGUMENT, "split: num (", num, ") and sections ",
               shape_str(sections), " are both given; expected only one of them");
    // A size-0 axis divides by any num: bound the output count before allocating it.
    if (num > std::max<int64_t>(dim, 1024))
      PD_THROW(PD_INVALID_ARGUMENT, "split: num is ", num, ", more than the size ", dim,
               " of axis ", axis, "; expected num <= ", std::max<int64_t>(dim, 1024));
    if (dim % num != 0)
      PD_THROW(PD_INVALID_ARGUMENT, "split: the size ", dim, " of axis ", axis,
               " (input shape ", shape_str(x.dims, x.ndim), ") is not divisible by num ", num);
    return std::vector<int64_t>(num, dim / num);
  }
  if (sections.empty())
    PD_THROW(PD_INVALID_ARGUMENT,
             "split: neither num nor sections is given; expected num > 0 or a non-empty sections");
  int infer = -1;
  int64_t sum = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (sections[i] == -1) {
      if (infer >= 0)
        PD_THROW(PD_INVALID_ARGUMENT, "split: sections ", shape_str(sections),
                 " has more than one -1; at most one section can be inferred");
      infer = (int)i;
    } else if (sections[i] < 0) {
      PD_THROW(PD_INVALID_ARGUMENT, "split: sections ", shape_str(sections), " has ", sections[i],
               " at index ", i, "; expected sizes >= 0 or one -1");
    } else {
      if (sections[i] > dim)
        PD_THROW(PD_INVALID_ARGUMENT, "split: sections ", shape_str(sections), " has ",
                 sections[i], " at index ", i, ", more than the size ", dim, " of axis ", axis);
      sum += sections[i];
    }
  }
  std::vector<int64_t> sizes = sections;
  if (infer >= 0) {
    if (sum > dim)
      PD_THROW(PD_INVALID_ARGUMENT, "split: sections ", shape_str(sections), " add up to ", sum,
               ", more than the size ", dim, " of axis ", axis);
    sizes[infer] = dim - sum;
  } else if (sum != dim) {
    PD_THROW(PD_INVALID_ARGUMENT, "split: sections ", shape_str(sections), " add up to ", sum,
             " but axis ", axis, " of the input of shape ", shape_str(x.dims, x.ndim),
             " has size ", dim, "; expected equal");
  }
  return sizes;
}

void split_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.ndim == 0) PD_THROW(PD_INVALID_ARGUMENT, "split: the input has rank 0; expected rank >= 1");
  const int64_t axis = normalize_axis("split", "axis", c.attr_int(kSplitAxis), x.ndim);
  std::vector<int64_t> sizes =
      split_sizes(x, axis, c.attr_int(kSplitNum), c.attr_ints(kSplitSections));
  c.out_meta.assign(sizes.size(), x.meta());
  for (size_t k = 0; k < sizes.size(); ++k) c.out_meta[k].dims[axis] = sizes[k];
}

void split_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.numel() == 0) return;
  int64_t axis = c.attr_int(kSplitAxis);
  if (axis < 0) axis += x.ndim;
  TensorRef src = contiguous(c.in_ref(0));
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dims[d];
  for (int d = (int)axis + 1; d < x.ndim; ++d) inner *= x.dims[d];
  const size_t es = dtype_size(x.dtype);
  const int n = (int)c.outputs.size();
  std::vector<int64_t> chunk(n), off(n);
  int64_t row = 0;
  for (int k = 0; k < n; ++k) {
    chunk[k] = c.out(k).dims[axis] * inner * (int64_t)es;
    off[k] = row;
    row += chunk[k];
  }
  const char* ps = static_cast<const char*>(src->raw_data());
  parallel_for(outer, std::max<int64_t>(1, (1 << 16) / (row + 1)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o)
      for (int k = 0; k < n; ++k)
        if (chunk[k])
          std::memcpy(static_cast<char*>(c.out(k).raw_data()) + o * chunk[k],
                      ps + o * row + off[k], chunk[k]);
  });
}

void split_grad(GradContext& g) {
  if (!g.needs(0)) return;
  std::vector<TensorRef> douts;
  for (size_t k = 0; k < g.outputs.size(); ++k) douts.push_back(g.dout((int)k));
  static const OpDef* concat = OpRegistry::instance().find("concat");
  g.set_grad(0, run_op(*concat, {douts}, {{"axis", g.attr_int(kSplitAxis)}})[0]);
}

}  // namespace

PD_REGISTER_OP(cast)
    .input("X")
    .output("Out")
    .attr("in_dtype", (int64_t)-1)
    .attr("out_dtype", (int64_t)5)
    .dtypes(kAllDTypes)
    .infer(cast_infer)
    .cpu(cast_cpu)
    .grad(cast_grad);


PD_REGISTER_OP(reshape2)
    .input("X")
    .output("Out")
    .intermediate_output("XShape")
    .attr("shape", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(reshape2_infer)
    .cpu(reshape2_cpu)
    .grad(reshape2_grad);

PD_REGISTER_OP(transpose2)
    .input("X")
    .output("Out")
    .intermediate_output("XShape")
    .attr("axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(transpose2_infer)
    .cpu(transpose2_cpu)
    .grad(transpose2_grad);

PD_REGISTER_OP(squeeze2)
    .input("X")
    .output("Out")
    .intermediate_output("XShape")
    .attr("axes", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(squeeze2_infer)
    .cpu(squeeze2_cpu)
    .grad(squeeze_like_grad);

PD_REGISTER_OP(unsqueeze2)
    .input("X")
    .output("Out")
    .intermediate_output("XShape")
    .attr("axes", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(unsqueeze2_infer)
    .cpu(unsqueeze2_cpu)
    .grad(squeeze_like_grad);

PD_REGISTER_OP(concat)
    .variadic_input("X")
    .output("Out")
    .attr("axis", (int64_t)0)
    .dtypes(kAllDTypes)
    .infer(concat_infer)
    .cpu(concat_cpu)
    .grad(concat_grad);

PD_REGISTER_OP(split)
    .input("X")
    .variadic_output("Out")
    .attr("axis", (int64_t)0)
    .attr("num", (int64_t)0)
    .attr("sections", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(split_infer)
    .cpu(split_cpu)
    .grad(split_grad);

}  // namespace pd
