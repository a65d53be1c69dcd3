// Declarations of the logical family: logical_and / or / xor / not (bool tensors, numpy
// broadcasting), isfinite_v2 / isinf_v2 / isnan_v2, equal_all, allclose, and the boolean
// reductions reduce_all / reduce_any. None is differentiable.
#include <cmath>

#include "framework/op_registry.h"
#include "kernels/common/broadcast.h"
#include "kernels/common/reduce_axes.h"

namespace pd {
namespace {

const std::vector<DType> kBoolOnly = {DType::Bool};
const std::vector<DType> kFloatingAndInt = {DType::Float16, DType::BFloat16, DType::Float32,
                                            DType::Float64, DType::Int32,    DType::Int64};

// ---- logical_and / or / xor: X, Y -> Out ----
void logical_binary_infer(OpContext& c) {
  std::vector<int64_t> dims = broadcast_shape(c.op_name(), c.in(0), c.in(1), -1);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Bool;
  c.out_meta[0].set_dims(dims);
}

template <typename F>
void logical_binary_cpu(OpContext& c) {
  F f;
  broadcast_binary<bool, bool, bool>(c.in(0), c.in(1), c.out(0), -1, f);
}

struct AndF { bool operator()(bool a, bool b) const { return a && b; } };
struct OrF { bool operator()(bool a, bool b) const { return a || b; } };
struct XorF { bool operator()(bool a, bool b) const { return a != b; } };

void same_shape_bool_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = DType::Bool;
}

void logical_not_cpu(OpContext& c) {
  unary_map<bool, bool>(c.in(0), c.out(0), [](bool a) { return !a; });
}

// ---- isfinite_v2 / isinf_v2 / isnan_v2: X -> Out (bool, same shape) ----
template <int Kind>  // 0 finite, 1 inf, 2 nan
void isclass_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  auto classify = [](double v) {
    if (Kind == 0) return std::isfinite(v);
    if (Kind == 1) return std::isinf(v);
    return std::isnan(v);
  };
  if (x.dtype == DType::Float16 || x.dtype == DType::BFloat16) {
    if (x.dtype == DType::Float16)
      unary_map<float16, bool>(x, c.out(0), [&](float16 v) { return classify((float)v); });
    else
      unary_map<bfloat16, bool>(x, c.out(0), [&](bfloat16 v) { return classify((float)v); });
    return;
  }
  PD_DISPATCH_ARITH(x.dtype, c.op_name(), {
    unary_map<scalar_t, bool>(x, c.out(0), [&](scalar_t v) { return classify((double)v); });
  });
}

// ---- equal_all: X, Y -> Out (bool [1]); false when the shapes differ ----
void scalar_bool_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Bool;
  const int64_t one = 1;
  c.out_meta[0].set_dims(&one, 1);
}

void equal_all_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  bool eq = x.ndim == y.ndim && std::equal(x.dims, x.dims + x.ndim, y.dims);
  if (eq && x.numel() > 0) {
    TensorRef a = contiguous(c.in_ref(0)), b = contiguous(c.in_ref(1));
    const int64_t n = a->numel();
    PD_DISPATCH_ALL(x.dtype, "equal_all", {
      const scalar_t* pa = a->data<scalar_t>();
      const scalar_t* pb = b->data<scalar_t>();
      for (int64_t i = 0; i < n && eq; ++i)
        eq = convert<double>(pa[i]) == convert<double>(pb[i]);
    });
  }
  *c.out(0).data<bool>() = eq;
}

// ---- allclose: Input, Other -> Out (bool [1]); attrs rtol, atol, equal_nan ----
enum { kRtol, kAtol, kEqualNan };

void allclose_infer(OpContext& c) {
  broadcast_shape("allclose", c.in(0), c.in(1), -1);
  if (c.attr_float(kRtol) < 0 || c.attr_float(kAtol) < 0)
    PD_THROW(PD_INVALID_ARGUMENT, "allclose: rtol and atol must be >= 0, got rtol=",
             c.attr_float(kRtol), ", atol=", c.attr_float(kAtol));
  scalar_bool_infer(c);
}

void allclose_cpu(OpContext& c) {
  const double rtol = c.attr_float(kRtol), atol = c.attr_float(kAtol);
  const bool equal_nan = c.attr_bool(kEqualNan);
  std::vector<int64_t> dims = broadcast_shape("allclose", c.in(0), c.in(1), -1);
  TensorRef close = empty_tensor(DType::Bool, dims);
  auto f = [=](double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return equal_nan && std::isnan(a) && std::isnan(b);
    if (a == b) return true;  // equal infinities
    return std::fabs(a - b) <= atol + rtol * std::fabs(b);
  };
  const Tensor& x = c.in(0);
  if (x.dtype == DType::Float32) {
    broadcast_binary<float, float, bool>(x, c.in(1), *close, -1, [&](float a, float b) { return f(a, b); });
  } else {
    broadcast_binary<double, double, bool>(x, c.in(1), *close, -1, f);
  }
  const bool* p = close->data<bool>();
  bool all = true;
  for (int64_t i = 0; i < close->numel() && all; ++i) all = p[i];
  *c.out(0).data<bool>() = all;
}

// ---- reduce_all / reduce_any: X (bool) -> Out; attrs dim, keep_dim, reduce_all ----
enum { kDim, kKeep, kAll };

struct BoolReducePlan {
  std::vector<bool> reduced;
  std::vector<int64_t> out_dims;
};

BoolReducePlan plan_bool_reduce(const OpContext& c) {
  const Tensor& x = c.in(0);
  const ReduceAxes ax = resolve_reduce_axes(c.op_name(), x, c.attr_ints(kDim), c.attr_bool(kAll), "dim");
  BoolReducePlan p;
  p.reduced.assign(ax.reduced, ax.reduced + x.ndim);
  const bool keep = c.attr_bool(kKeep);
  for (int i = 0; i < x.ndim; ++i) {
    if (!p.reduced[i]) p.out_dims.push_back(x.dims[i]);
    else if (keep) p.out_dims.push_back(1);
  }
  if (p.out_dims.empty()) p.out_dims.push_back(1);  // Paddle 2.0: a full reduction is [1]
  return p;
}

void bool_reduce_infer(OpContext& c) {
  BoolReducePlan p = plan_bool_reduce(c);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Bool;
  c.out_meta[0].set_dims(p.out_dims);
}

template <bool IsAll>
void bool_reduce_cpu(OpContext& c) {
  BoolReducePlan p = plan_bool_reduce(c);
  TensorRef x = contiguous(c.in_ref(0));
  Tensor& out = c.out(0);
  bool* o = out.data<bool>();
  const int64_t on = out.numel();
  for (int64_t i = 0; i < on; ++i) o[i] = IsAll;
  const bool* px = x->data<bool>();
  const int nd = x->ndim;
  // Output strides over the kept dims (reduced dims contribute 0).
  int64_t ostride[kMaxRank] = {};
  int64_t s = 1;
  for (int d = nd - 1; d >= 0; --d) {
    if (!p.reduced[d]) {
      ostride[d] = s;
      s *= x->dims[d];
    }
  }
  const int64_t n = x->numel();
  for (int64_t i = 0; i < n; ++i) {
    int64_t rem = i, oi = 0;
    for (int d = nd - 1; d >= 0; --d) {
      oi += (rem % x->dims[d]) * ostride[d];
      rem /= x->dims[d];
    }
    if (IsAll) o[oi] = o[oi] && px[i];
    else o[oi] = o[oi] || px[i];
  }
}

}  // namespace

PD_REGISTER_OP(logical_and).input("X", false).input("Y", false).output("Out").dtypes(kBoolOnly)
    .infer(logical_binary_infer).cpu(logical_binary_cpu<AndF>);
PD_REGISTER_OP(logical_or).input("X", false).input("Y", false).output("Out").dtypes(kBoolOnly)
    .infer(logical_binary_infer).cpu(logical_binary_cpu<OrF>);
PD_REGISTER_OP(logical_xor).input("X", false).input("Y", false).output("Out").dtypes(kBoolOnly)
    .infer(logical_binary_infer).cpu(logical_binary_cpu<XorF>);
PD_REGISTER_OP(logical_not).input("X", false).output("Out").dtypes(kBoolOnly)
    .infer(same_shape_bool_infer).cpu(logical_not_cpu);

PD_REGISTER_OP(isfinite_v2).input("X", false).output("Out").dtypes(kFloatingAndInt)
    .infer(same_shape_bool_infer).cpu(isclass_cpu<0>);
PD_REGISTER_OP(isinf_v2).input("X", false).output("Out").dtypes(kFloatingAndInt)
    .infer(same_shape_bool_infer).cpu(isclass_cpu<1>);
PD_REGISTER_OP(isnan_v2).input("X", false).output("Out").dtypes(kFloatingAndInt)
    .infer(same_shape_bool_infer).cpu(isclass_cpu<2>);

PD_REGISTER_OP(equal_all).input("X", false).input("Y", false).output("Out").dtypes(kAllDTypes)
    .infer(scalar_bool_infer).cpu(equal_all_cpu);

PD_REGISTER_OP(allclose)
    .input("Input", false)
    .input("Other", false)
    .output("Out")
    .attr("rtol", 1e-5)
    .attr("atol", 1e-8)
    .attr("equal_nan", false)
    .dtypes({DType::Float32, DType::Float64})
    .infer(allclose_infer)
    .cpu(allclose_cpu);

PD_REGISTER_OP(reduce_all).input("X", false).output("Out")
    .attr("dim", std::vector<int64_t>{0}).attr("keep_dim", false).attr("reduce_all", false)
    .dtypes(kBoolOnly).infer(bool_reduce_infer).cpu(bool_reduce_cpu<true>);
PD_REGISTER_OP(reduce_any).input("X", false).output("Out")
    .attr("dim", std::vector<int64_t>{0}).attr("keep_dim", false).attr("reduce_all", false)
    .dtypes(kBoolOnly).infer(bool_reduce_infer).cpu(bool_reduce_cpu<false>);

}  // namespace pd
