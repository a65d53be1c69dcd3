// Indexing ops of the manipulation family: slice, strided_slice (views), their grad helpers
// slice_grad / strided_slice_grad, set_value (the indexer write), gather and gather_grad.
//
// Index rules (shared by strided_slice and set_value; see make_slice_spec): numpy's, plus
// Paddle's kernel convention that end == -1 with a negative step means "through index 0"
// (numpy's `None` stop; any end <= -dim-1 means the same). numpy's stop of -1 with a negative
// step is written end = dim - 1. Empty regions give empty tensors (Paddle 2.0 raised instead).
// slice follows Paddle's slice rules (step 1, start/end clamped to [0, dim]).
#include <algorithm>
#include <cstring>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"
#include "kernels/manip/manip_util.h"

namespace pd {
namespace manip {

SliceSpec make_slice_spec(const char* op, const Tensor& x, const std::vector<int64_t>& axes,
                          const std::vector<int64_t>& starts, const std::vector<int64_t>& ends,
                          const std::vector<int64_t>* steps, const std::vector<int64_t>& decrease,
                          const char* steps_name, const char* decrease_name) {
  SliceSpec s;
  s.ndim = x.ndim;
  for (int d = 0; d < x.ndim; ++d) {
    s.start[d] = 0;
    s.step[d] = 1;
    s.count[d] = x.dims[d];
  }
  if (starts.size() != axes.size())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": starts has ", starts.size(), " entries but axes has ",
             axes.size(), "; expected one start per axis");
  if (ends.size() != axes.size())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ends has ", ends.size(), " entries but axes has ",
             axes.size(), "; expected one end per axis");
  if (steps && steps->size() != axes.size())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", steps_name, " has ", steps->size(),
             " entries but axes has ", axes.size(), "; expected one per axis");
  bool seen[kMaxRank] = {};
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t a0 = axes[i];
    if (a0 < -x.ndim || a0 >= x.ndim)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", a0, " is out of range for a tensor of rank ",
               x.ndim, "; expected ", -x.ndim, " <= axis < ", x.ndim);
    const int a = (int)(a0 < 0 ? a0 + x.ndim : a0);
    if (seen[a])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": axes ", shape_str(axes), " lists axis ", a,
               " more than once");
    seen[a] = true;
    const int64_t dim = x.dims[a];
    int64_t st = starts[i], en = ends[i];
    if (!steps) {
      if (st < 0) st += dim;
      if (en < 0) en += dim;
      st = std::min(std::max<int64_t>(st, 0), dim);
      en = std::min(std::max<int64_t>(en, 0), dim);
      s.start[a] = st;
      s.count[a] = std::max<int64_t>(en - st, 0);
      s.step[a] = 1;
    } else {
      const int64_t step = (*steps)[i];
      if (step == 0)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": ", steps_name, "[", i, "] is 0; expected a non-zero step");
      // Clamp far-out values first (keeps the arithmetic below from overflowing).
      st = std::min(std::max(st, -dim - 1), dim);
      if (!(en == -1 && step < 0)) en = std::min(std::max(en, -dim - 1), dim);
      if (st < 0) st += dim;
      if (en < 0 && !(en == -1 && step < 0)) en += dim;
      if (step < 0) {
        st += 1;
        en += 1;
      }
      const bool empty = (step < 0 && st <= en) || (step > 0 && st >= en);
      const int64_t left = std::max<int64_t>(0, std::min(st, en));
      const int64_t right = std::min(dim, std::max(st, en));
      const int64_t as = step < 0 ? -step : step;
      const int64_t cnt = (empty || right <= left) ? 0 : (right - left + as - 1) / as;
      s.count[a] = cnt;
      s.step[a] = step;
      s.start[a] = cnt == 0 ? 0 : (step > 0 ? left : right - 1);
    }
  }
  for (int64_t d0 : decrease) {
    if (d0 < -x.ndim || d0 >= x.ndim)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": ", decrease_name, " entry ", d0,
               " is out of range for a tensor of rank ", x.ndim);
    const int d = (int)(d0 < 0 ? d0 + x.ndim : d0);
    if (s.count[d] != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": ", decrease_name, " removes axis ", d,
               ", which has size ", s.count[d], " after slicing; expected size 1");
    s.decrease[d] = true;
  }
  for (int d = 0; d < x.ndim; ++d)
    if (!s.decrease[d]) s.reduced_dims.push_back(s.count[d]);
  s.out_dims = s.reduced_dims;
  if (s.out_dims.empty() && x.ndim > 0) s.out_dims.push_back(1);
  return s;
}

void region_geometry(const Tensor& t, const SliceSpec& s, int64_t* dims, int64_t* strides,
                     int64_t* offset) {
  int64_t off = t.offset;
  for (int d = 0; d < s.ndim; ++d) {
    dims[d] = s.count[d];
    strides[d] = t.strides[d] * s.step[d];
    off += s.start[d] * t.strides[d];
  }
  *offset = off;
}

}  // namespace manip

namespace {

using manip::SliceSpec;

// ---- slice: Input -> Out (view); attrs axes, starts, ends, infer_flags, decrease_axis ----
enum SliceAttr { kSlAxes = 0, kSlStarts, kSlEnds, kSlInferFlags, kSlDecrease };
// ---- strided_slice: ... attrs axes, starts, ends, strides, infer_flags, decrease_axis ----
enum StridedSliceAttr { kSsAxes = 0, kSsStarts, kSsEnds, kSsStrides, kSsInferFlags, kSsDecrease };

template <typename Ctx>
SliceSpec slice_spec(const char* op, const Ctx& c, const Tensor& x, bool strided) {
  if (strided) {
    std::vector<int64_t> steps = c.attr_ints(kSsStrides);
    return manip::make_slice_spec(op, x, c.attr_ints(kSsAxes), c.attr_ints(kSsStarts),
                                  c.attr_ints(kSsEnds), &steps, c.attr_ints(kSsDecrease),
                                  "strides", "decrease_axis");
  }
  return manip::make_slice_spec(op, x, c.attr_ints(kSlAxes), c.attr_ints(kSlStarts),
                                c.attr_ints(kSlEnds), nullptr, c.attr_ints(kSlDecrease), "",
                                "decrease_axis");
}

template <bool Strided>
void slice_infer(OpContext& c) {
  SliceSpec s = slice_spec(Strided ? "strided_slice" : "slice", c, c.in(0), Strided);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(s.out_dims);
}

template <bool Strided>
void slice_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  SliceSpec s = slice_spec(Strided ? "strided_slice" : "slice", c, x, Strided);
  int64_t dims[kMaxRank], strides[kMaxRank], off;
  manip::region_geometry(x, s, dims, strides, &off);
  int64_t vd[kMaxRank], vs[kMaxRank];
  int n = 0;
  for (int d = 0; d < x.ndim; ++d) {
    if (s.decrease[d]) continue;
    vd[n] = dims[d];
    vs[n] = strides[d];
    ++n;
  }
  if (n == 0 && x.ndim > 0) {
    vd[0] = 1;
    vs[0] = 1;
    n = 1;
  }
  c.outputs = {make_view(x, vd, vs, n, off)};
}

template <bool Strided>
void slice_grad(GradContext& g) {
  if (!g.needs(0)) return;
  std::vector<NamedAttr> attrs;
  for (size_t i = 0; i < g.def.attrs.size(); ++i)
    attrs.push_back({g.def.attrs[i].name.c_str(), AttrValue::of_view(g.attrs[i])});
  g.set_grad(0, call(Strided ? "strided_slice_grad" : "slice_grad", {g.in(0), g.dout(0)}, attrs));
}

// ---- slice_grad / strided_slice_grad: Input (shape only), Out@GRAD -> Input@GRAD ----
// Zeros shaped like Input with Out@GRAD written into the sliced region.
template <bool Strided>
void slice_grad_infer(OpContext& c) {
  const char* op = Strided ? "strided_slice_grad" : "slice_grad";
  const Tensor& x = c.in(0);
  const Tensor& dy = c.in(1);
  if (dy.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Out@GRAD has dtype ", dtype_name(dy.dtype),
             " but Input has dtype ", dtype_name(x.dtype), "; expected the same dtype");
  SliceSpec s = slice_spec(op, c, x, Strided);
  if (dy.shape() != s.out_dims)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Out@GRAD has shape ", shape_str(dy.dims, dy.ndim),
             " but the slice of Input (shape ", shape_str(x.dims, x.ndim), ") has shape ",
             shape_str(s.out_dims), "; expected equal");
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

// Writes `src` (shape s.out_dims, any strides) into the region of contiguous `dst`.
void write_region(Tensor& dst, const SliceSpec& s, const Tensor& src) {
  int64_t dims[kMaxRank], dstr[kMaxRank], sstr[kMaxRank], off;
  manip::region_geometry(dst, s, dims, dstr, &off);
  int k = 0;
  for (int d = 0; d < s.ndim; ++d) sstr[d] = s.decrease[d] ? 0 : src.strides[k++];
  const size_t es = dtype_size(dst.dtype);
  manip::strided_assign(src.raw_data(), sstr,
                        static_cast<char*>(dst.storage->data()) + off * (int64_t)es, dstr, dims,
                        s.ndim, es);
}

template <bool Strided>
void slice_grad_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const size_t es = dtype_size(out.dtype);
  if (out.numel() > 0) std::memset(out.raw_data(), 0, (size_t)out.numel() * es);
  SliceSpec s = slice_spec(Strided ? "strided_slice_grad" : "slice_grad", c, c.in(0), Strided);
  write_region(out, s, c.in(1));
}

template <bool Strided>
void slice_grad_grad(GradContext& g) {
  if (!g.needs(1)) return;
  std::vector<NamedAttr> attrs;
  for (size_t i = 0; i < g.def.attrs.size(); ++i)
    attrs.push_back({g.def.attrs[i].name.c_str(), AttrValue::of_view(g.attrs[i])});
  g.set_grad(1, call(Strided ? "strided_slice" : "slice", {g.dout(0)}, attrs));
}

// ---- set_value: Input, ValueTensor -> Out; attrs axes, starts, ends, steps, decrease_axes ----
// Out = Input with the region (strided_slice rules) replaced by ValueTensor broadcast to the
// region's shape after the decrease_axes dims are removed.
enum SetValueAttr { kSvAxes = 0, kSvStarts, kSvEnds, kSvSteps, kSvDecrease };

SliceSpec set_value_spec(const OpContext& c) {
  std::vector<int64_t> steps = c.attr_ints(kSvSteps);
  return manip::make_slice_spec("set_value", c.in(0), c.attr_ints(kSvAxes),
                                c.attr_ints(kSvStarts), c.attr_ints(kSvEnds), &steps,
                                c.attr_ints(kSvDecrease), "steps", "decrease_axes");
}

// Strides to read `v` broadcast over the full-rank region (0 for broadcast/decreased dims).
void value_strides(const Tensor& v, const SliceSpec& s, int64_t* st) {
  const std::vector<int64_t>& r = s.reduced_dims;
  const int rn = (int)r.size();
  auto fail = [&]() {
    PD_THROW(PD_INVALID_ARGUMENT, "set_value: the value of shape ", shape_str(v.dims, v.ndim),
             " cannot be broadcast to the sliced region of shape ", shape_str(r),
             "; expected each value dim to be 1 or equal to the region's (aligned from the right)");
  };
  for (int i = 0; i < v.ndim - rn; ++i)
    if (v.dims[i] != 1) fail();
  std::vector<int64_t> rs(rn, 0);
  for (int i = 0; i < rn; ++i) {
    const int vi = v.ndim - rn + i;
    if (vi < 0) continue;
    if (v.dims[vi] == r[i]) rs[i] = v.strides[vi];
    else if (v.dims[vi] == 1) rs[i] = 0;
    else fail();
  }
  int k = 0;
  for (int d = 0; d < s.ndim; ++d) st[d] = s.decrease[d] ? 0 : rs[k++];
}

void set_value_infer(OpContext& c) {
  SliceSpec s = set_value_spec(c);
  int64_t st[kMaxRank];
  value_strides(c.in(1), s, st);
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void set_value_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& v = c.in(1);
  Tensor& out = c.out(0);
  copy_to_contiguous(x, out.raw_data());
  SliceSpec s = set_value_spec(c);
  int64_t vst[kMaxRank], dims[kMaxRank], dstr[kMaxRank], off;
  value_strides(v, s, vst);
  manip::region_geometry(out, s, dims, dstr, &off);
  int64_t n = 1;
  for (int d = 0; d < s.ndim; ++d) n *= dims[d];
  if (n == 0) return;
  const size_t es = dtype_size(out.dtype);
  manip::strided_assign(v.raw_data(), vst,
                        static_cast<char*>(out.storage->data()) + off * (int64_t)es, dstr, dims,
                        s.ndim, es);
}

void set_value_grad(GradContext& g) {
  TensorRef dout = g.dout(0);
  const std::vector<int64_t> axes = g.attr_ints(kSvAxes), starts = g.attr_ints(kSvStarts),
                             ends = g.attr_ints(kSvEnds), steps = g.attr_ints(kSvSteps),
                             dec = g.attr_ints(kSvDecrease);
  if (g.needs(0)) {
    TensorRef zero = empty_tensor(dout->dtype, std::vector<int64_t>{1});
    std::memset(zero->raw_data(), 0, dtype_size(dout->dtype));
    g.set_grad(0, call("set_value", {dout, zero},
                       {{"axes", axes}, {"starts", starts}, {"ends", ends}, {"steps", steps},
                        {"decrease_axes", dec}}));
  }
  if (g.needs(1)) {
    TensorRef region = call("strided_slice", {dout},
                            {{"axes", axes}, {"starts", starts}, {"ends", ends},
                             {"strides", steps}, {"decrease_axis", dec}});
    const Tensor& v = *g.in(1);
    if (v.numel() == 0) {
      g.set_grad(1, zeros_like_tensor(v));
    } else if (region->numel() == 0) {
      g.set_grad(1, zeros_like_tensor(v));
    } else {
      g.set_grad(1, reduce_grad_to(region, v));
    }
  }
}

// ---- gather: X, Index -> Out; attr axis ----
enum GatherAttr { kGatherAxis = 0 };

// Index values (int32 or int64, any strides) widened to int64.
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

// Validates Index (dtype, rank, values) against X's `axis`; returns the number of indices.
int64_t check_gather_index(const char* op, const Tensor& x, const Tensor& index, int64_t axis) {
  if (index.dtype != DType::Int32 && index.dtype != DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Index has dtype ", dtype_name(index.dtype),
             "; expected int32 or int64");
  if (!(index.ndim == 1 || (index.ndim == 2 && index.dims[1] == 1)))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Index has shape ", shape_str(index.dims, index.ndim),
             "; expected a 1-D tensor or shape [N, 1]");
  const int64_t n = index.dims[0];
  const int64_t size = x.dims[axis];
  for (int64_t v : index_values(index))
    if (v < 0 || v >= size)
      PD_THROW(PD_OUT_OF_RANGE, op, ": index ", v, " is out of range for axis ", axis,
               " of size ", size, "; expected 0 <= index < ", size);
  return n;
}

int64_t gather_axis(const char* op, const Tensor& x, int64_t axis) {
  if (x.ndim == 0) PD_THROW(PD_INVALID_ARGUMENT, op, ": X has rank 0; expected rank >= 1");
  if (axis < -x.ndim || axis >= x.ndim)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", axis, " is out of range for a tensor of rank ",
             x.ndim, "; expected ", -x.ndim, " <= axis < ", x.ndim);
  return axis < 0 ? axis + x.ndim : axis;
}


void gather_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t axis = gather_axis("gather", x, c.attr_int(kGatherAxis));
  const int64_t n = check_gather_index("gather", x, c.in(1), axis);
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
  c.out_meta[0].dims[axis] = n;
}

void gather_cpu(OpContext& c) {
  const Tensor& x0 = c.in(0);
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  const int64_t axis = gather_axis("gather", x0, c.attr_int(kGatherAxis));
  TensorRef x = contiguous(c.in_ref(0));
  std::vector<int64_t> idx = index_values(c.in(1));
  const int64_t n = (int64_t)idx.size();
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x0.dims[d];
  for (int d = (int)axis + 1; d < x0.ndim; ++d) inner *= x0.dims[d];
  const size_t row = (size_t)inner * dtype_size(x0.dtype);
  const int64_t size = x0.dims[axis];
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(outer * n, std::max<int64_t>(1, (1 << 15) / ((int64_t)row + 1)),
               [&](int64_t b, int64_t e) {
                 for (int64_t r = b; r < e; ++r) {
                   const int64_t o = r / n, i = r % n;
                   std::memcpy(po + r * row, px + (o * size + idx[i]) * row, row);
                 }
               });
}

void gather_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("gather_grad", {g.in(0), g.in(1), g.dout(0)},
                     {{"axis", g.attr_int(kGatherAxis)}}));
}

// ---- gather_grad: X (shape only), Index, Out@GRAD -> X@GRAD; attr axis ----
// Scatter-add of Out@GRAD rows into zeros shaped like X (repeated indices accumulate).
void gather_grad_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& dy = c.in(2);
  const int64_t axis = gather_axis("gather_grad", x, c.attr_int(kGatherAxis));
  const int64_t n = check_gather_index("gather_grad", x, c.in(1), axis);
  if (dy.dtype != x.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, "gather_grad: Out@GRAD has dtype ", dtype_name(dy.dtype),
             " but X has dtype ", dtype_name(x.dtype), "; expected the same dtype");
  std::vector<int64_t> want = x.shape();
  want[axis] = n;
  if (dy.shape() != want)
    PD_THROW(PD_INVALID_ARGUMENT, "gather_grad: Out@GRAD has shape ", shape_str(dy.dims, dy.ndim),
             "; expected ", shape_str(want));
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void gather_grad_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  const int64_t axis = gather_axis("gather_grad", x, c.attr_int(kGatherAxis));
  std::vector<int64_t> idx = index_values(c.in(1));
  TensorRef dy = contiguous(c.in_ref(2));
  const int64_t n = (int64_t)idx.size();
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dims[d];
  for (int d = (int)axis + 1; d < x.ndim; ++d) inner *= x.dims[d];
  const int64_t size = x.dims[axis];
  PD_DISPATCH_ARITH(out.dtype, "gather_grad", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* pd = dy->data<scalar_t>();
    const int64_t total = out.numel();
    std::fill(po, po + total, scalar_t(0));
    if (outer > 1) {
      parallel_for(outer, std::max<int64_t>(1, 8192 / (n * inner + 1)), [&](int64_t b, int64_t e) {
        for (int64_t o = b; o < e; ++o)
          for (int64_t i = 0; i < n; ++i) {
            scalar_t* dst = po + (o * size + idx[i]) * inner;
            const scalar_t* src = pd + (o * n + i) * inner;
            for (int64_t j = 0; j < inner; ++j) dst[j] += src[j];
          }
      });
    } else {
      // Columns are independent: split the inner dimension between threads.
      parallel_for(inner, std::max<int64_t>(1, 8192 / (n + 1)), [&](int64_t b, int64_t e) {
        for (int64_t i = 0; i < n; ++i) {
          scalar_t* dst = po + idx[i] * inner;
          const scalar_t* src = pd + i * inner;
          for (int64_t j = b; j < e; ++j) dst[j] += src[j];
        }
      });
    }
  });
}

void gather_grad_grad(GradContext& g) {
  if (!g.needs(2)) return;
  g.set_grad(2, call("gather", {g.dout(0), g.in(1)}, {{"axis", g.attr_int(kGatherAxis)}}));
}

}  // namespace

PD_REGISTER_OP(slice)
    .input("Input")
    .output("Out")
    .attr("axes", std::vector<int64_t>{})
    .attr("starts", std::vector<int64_t>{})
    .attr("ends", std::vector<int64_t>{})
    .attr("infer_flags", std::vector<int64_t>{})
    .attr("decrease_axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(slice_infer<false>)
    .cpu(slice_cpu<false>)
    .grad(slice_grad<false>);

PD_REGISTER_OP(slice_grad)
    .input("Input", false)
    .input("Out@GRAD")
    .output("Input@GRAD")
    .attr("axes", std::vector<int64_t>{})
    .attr("starts", std::vector<int64_t>{})
    .attr("ends", std::vector<int64_t>{})
    .attr("infer_flags", std::vector<int64_t>{})
    .attr("decrease_axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(slice_grad_infer<false>)
    .cpu(slice_grad_cpu<false>)
    .grad(slice_grad_grad<false>);

PD_REGISTER_OP(strided_slice)
    .input("Input")
    .output("Out")
    .attr("axes", std::vector<int64_t>{})
    .attr("starts", std::vector<int64_t>{})
    .attr("ends", std::vector<int64_t>{})
    .attr("strides", std::vector<int64_t>{})
    .attr("infer_flags", std::vector<int64_t>{})
    .attr("decrease_axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .view_outputs()
    .infer(slice_infer<true>)
    .cpu(slice_cpu<true>)
    .grad(slice_grad<true>);

PD_REGISTER_OP(strided_slice_grad)
    .input("Input", false)
    .input("Out@GRAD")
    .output("Input@GRAD")
    .attr("axes", std::vector<int64_t>{})
    .attr("starts", std::vector<int64_t>{})
    .attr("ends", std::vector<int64_t>{})
    .attr("strides", std::vector<int64_t>{})
    .attr("infer_flags", std::vector<int64_t>{})
    .attr("decrease_axis", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(slice_grad_infer<true>)
    .cpu(slice_grad_cpu<true>)
    .grad(slice_grad_grad<true>);

PD_REGISTER_OP(set_value)
    .input("Input")
    .input("ValueTensor")
    .output("Out")
    .attr("axes", std::vector<int64_t>{})
    .attr("starts", std::vector<int64_t>{})
    .attr("ends", std::vector<int64_t>{})
    .attr("steps", std::vector<int64_t>{})
    .attr("decrease_axes", std::vector<int64_t>{})
    .dtypes(kAllDTypes)
    .infer(set_value_infer)
    .cpu(set_value_cpu)
    .grad(set_value_grad);

PD_REGISTER_OP(gather)
    .input("X")
    .input("Index", false)
    .output("Out")
    .attr("axis", (int64_t)0)
    .dtypes(kAllDTypes)
    .mixed_dtype_inputs()
    .infer(gather_infer)
    .cpu(gather_cpu)
    .grad(gather_grad);

PD_REGISTER_OP(gather_grad)
    .input("X", false)
    .input("Index", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .attr("axis", (int64_t)0)
    .dtypes(kArithmeticDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(gather_grad_infer)
    .cpu(gather_grad_cpu)
    .grad(gather_grad_grad);

}  // namespace pd
