// Declarations of the math family: binary elementwise ops (elementwise_add/sub/mul/div/pow/
// max/min/floordiv/mod, inputs X and Y, attribute `axis`), unary ops (exp, log, sqrt, abs, sin,
// cos, tanh, square, sign), scale and clip. The arithmetic lives in elementwise_kernel.h.
//
// Broadcasting: axis == -1 is numpy's trailing alignment; axis >= 0 is fluid's: the operand of
// lower rank is aligned with dimension `axis` of the other (kernels/common/broadcast.h).
// Decisions (Paddle 2.0):
//   - integer elementwise_div / floordiv / mod by zero -> PD_INVALID_ARGUMENT
//     "<op>: integer division by zero", checked in shape inference before any output exists;
//   - integer elementwise_pow with base 0 and a negative exponent -> PD_INVALID_ARGUMENT (C's pow
//     gives inf, which has no integer value);
//   - elementwise_max/min gradients: max gives dout to X where x > y and to Y where x <= y;
//     min gives it to X where x < y and to Y where x >= y (ties go to Y, as Paddle's kernel);
//   - clip's gradient passes dout only where min < x < max (Paddle 2.0's ClipGradFunctor);
//   - floordiv and mod have no gradient (as Paddle).
// Grad makers compute with ops, so create_graph works; the masks of max/min/clip are constants.
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/broadcast.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"
#include "kernels/math/elementwise_kernel.h"

namespace pd {
namespace {

// float32/float64/int32/int64 — what the math kernels compute in (halves come through float32).
#define PD_MATH_DISPATCH(dt, opname, ...)              \
  switch (dt) {                                        \
    PD_CASE(Float32, float, __VA_ARGS__)               \
    PD_CASE(Float64, double, __VA_ARGS__)              \
    PD_CASE(Int32, int32_t, __VA_ARGS__)               \
    PD_CASE(Int64, int64_t, __VA_ARGS__)               \
    default:                                           \
      ::pd::throw_unsupported_dtype(opname, dt);       \
  }

const std::vector<DType> kIntFloatDTypes = {DType::Int32, DType::Int64, DType::Float32,
                                            DType::Float64};
const std::vector<DType>& kMathFloatDTypes = kFloatDTypes;
const std::vector<DType>& kMathArithDTypes = kArithmeticDTypes;

// ======================= binary elementwise =======================
enum BinaryAttr { kAxis = 0 };

void binary_infer(OpContext& c) {
  std::vector<int64_t> shape = broadcast_shape(c.op_name(), c.in(0), c.in(1), c.attr_int(kAxis));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(shape);
}

// Integer division/mod: reject a zero divisor before anything is written.
void int_divisor_infer(OpContext& c) {
  binary_infer(c);
  const Tensor& y = c.in(1);
  if (!dtype_is_integer(y.dtype) || c.out_meta[0].numel() == 0) return;
  TensorRef yc = contiguous(c.in_ref(1));
  const int64_t n = yc->numel();
  bool zero = false;
  PD_MATH_DISPATCH(y.dtype, c.op_name(), {
    const scalar_t* p = yc->data<scalar_t>();
    for (int64_t i = 0; i < n && !zero; ++i) zero = p[i] == 0;
  });
  if (zero) PD_THROW(PD_INVALID_ARGUMENT, c.op_name(), ": integer division by zero");
}

// A view of `t` with rank `nd`: t's dims placed at [lead, lead + t.ndim), ones elsewhere.
TensorRef aligned_view(const TensorRef& t, int nd, int lead) {
  if (t->ndim == nd) return t;
  int64_t dims[kMaxRank], strides[kMaxRank];
  for (int d = 0; d < nd; ++d) {
    const int i = d - lead;
    const bool in = i >= 0 && i < t->ndim;
    dims[d] = in ? t->dims[i] : 1;
    strides[d] = in ? t->strides[i] : 0;
  }
  return make_view(*t, dims, strides, nd, t->offset);
}

// Both operands as views of the output's rank, aligned by `axis` (numpy or fluid).
void aligned_operands(const OpContext& c, int64_t axis, TensorRef& x, TensorRef& y) {
  const int nd = c.out(0).ndim;
  const int nx = c.in(0).ndim, ny = c.in(1).ndim;
  const int lead_x = (axis >= 0 && nx < ny) ? (int)axis : nd - nx;
  const int lead_y = (axis >= 0 && ny < nx) ? (int)axis : nd - ny;
  x = aligned_view(c.in_ref(0), nd, lead_x);
  y = aligned_view(c.in_ref(1), nd, lead_y);
}

template <template <typename> class F>
void binary_cpu(OpContext& c) {
  if (c.out(0).numel() == 0) return;
  TensorRef x, y;
  aligned_operands(c, c.attr_int(kAxis), x, y);
  PD_MATH_DISPATCH(c.in(0).dtype, c.op_name(), {
    broadcast_binary<scalar_t, scalar_t, scalar_t>(*x, *y, c.out(0), -1, F<scalar_t>());
  });
}

void pow_cpu(OpContext& c) {
  if (c.out(0).numel() == 0) return;
  TensorRef x, y;
  aligned_operands(c, c.attr_int(kAxis), x, y);
  const DType dt = c.in(0).dtype;
  if (dt == DType::Int32 || dt == DType::Int64) {
    std::atomic<bool> bad{false};
    PD_MATH_DISPATCH(dt, c.op_name(), {
      broadcast_binary<scalar_t, scalar_t, scalar_t>(
          *x, *y, c.out(0), -1, [&bad](scalar_t a, scalar_t b) {
            if (a == 0 && b < 0) bad.store(true, std::memory_order_relaxed);
            return math::PowFunctor<scalar_t>()(a, b);
          });
    });
    if (bad.load())
      PD_THROW(PD_INVALID_ARGUMENT, "elementwise_pow: integer 0 raised to a negative power has "
               "no integer value; cast to a floating dtype first");
    return;
  }
  PD_MATH_DISPATCH(dt, c.op_name(), {
    broadcast_binary<scalar_t, scalar_t, scalar_t>(*x, *y, c.out(0), -1,
                                                   math::PowFunctor<scalar_t>());
  });
}

// ---- grad helpers ----
TensorRef binop(const char* op, const TensorRef& a, const TensorRef& b, int64_t axis) {
  // Fluid's axis only applies when the ranks differ.
  const int64_t ax = (a->ndim == b->ndim) ? -1 : axis;
  return call(op, {a, b}, {{"axis", ax}});
}
TensorRef scale_op(const TensorRef& a, double s, double b = 0.0) {
  return call("scale", {a}, {{"scale", s}, {"bias", b}, {"bias_after_scale", true}});
}

void add_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  TensorRef d = g.dout(0);
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(d, *g.in(0), axis));
  if (g.needs(1)) g.set_grad(1, reduce_grad_to(d, *g.in(1), axis));
}

void sub_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  TensorRef d = g.dout(0);
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(d, *g.in(0), axis));
  if (g.needs(1)) g.set_grad(1, reduce_grad_to(scale_op(d, -1.0), *g.in(1), axis));
}

void mul_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  TensorRef d = g.dout(0);
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(binop("elementwise_mul", d, y, axis), *x, axis));
  if (g.needs(1)) g.set_grad(1, reduce_grad_to(binop("elementwise_mul", d, x, axis), *y, axis));
}

void div_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  TensorRef t = binop("elementwise_div", g.dout(0), y, axis);  // dout / y
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(t, *x, axis));
  if (g.needs(1)) {
    // d/dy (x / y) = -x / y^2  ->  -(dout / y) * x / y
    TensorRef r = binop("elementwise_div", binop("elementwise_mul", t, x, axis), y, axis);
    g.set_grad(1, reduce_grad_to(scale_op(r, -1.0), *y, axis));
  }
}

void pow_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  TensorRef d = g.dout(0);
  if (g.needs(0)) {
    // y * x^(y-1) * dout
    TensorRef p = call("elementwise_pow", {x, scale_op(y, 1.0, -1.0)}, {{"axis", axis}});
    TensorRef r = binop("elementwise_mul", binop("elementwise_mul", d, y, axis), p, axis);
    g.set_grad(0, reduce_grad_to(r, *x, axis));
  }
  if (g.needs(1)) {
    // ln(x) * x^y * dout
    TensorRef out = grad_enabled() ? call("elementwise_pow", {x, y}, {{"axis", axis}})
                                   : g.outputs[0];
    TensorRef r = binop("elementwise_mul", binop("elementwise_mul", d, call("log", {x}), axis),
                        out, axis);
    g.set_grad(1, reduce_grad_to(r, *y, axis));
  }
}

// Constant 0/1 mask of the broadcast shape: cmp(x, y) as x's dtype.
template <typename Cmp>
TensorRef broadcast_mask(const TensorRef& x_in, const TensorRef& y_in, int64_t axis,
                         const std::vector<int64_t>& out_dims, Cmp cmp) {
  const DType orig = x_in->dtype;
  const bool half = orig == DType::Float16 || orig == DType::BFloat16;
  TensorRef x = half ? cast_tensor(x_in, DType::Float32) : x_in;
  TensorRef y = half ? cast_tensor(y_in, DType::Float32) : y_in;
  TensorRef m = empty_tensor(x->dtype, out_dims);
  const int nd = (int)out_dims.size();
  const int lead_x = (axis >= 0 && x->ndim < y->ndim) ? (int)axis : nd - x->ndim;
  const int lead_y = (axis >= 0 && y->ndim < x->ndim) ? (int)axis : nd - y->ndim;
  TensorRef xa = aligned_view(x, nd, lead_x), ya = aligned_view(y, nd, lead_y);
  PD_MATH_DISPATCH(x->dtype, "mask", {
    broadcast_binary<scalar_t, scalar_t, scalar_t>(
        *xa, *ya, *m, -1,
        [&](scalar_t a, scalar_t b) { return cmp(a, b) ? scalar_t(1) : scalar_t(0); });
  });
  return half ? cast_tensor(m, orig) : m;
}

template <bool kMax>
void maxmin_grad(GradContext& g) {
  const int64_t axis = g.attr_int(kAxis);
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  TensorRef d = g.dout(0);
  const std::vector<int64_t> od = d->shape();
  if (g.needs(0)) {
    TensorRef m = kMax ? broadcast_mask(x, y, axis, od, [](auto a, auto b) { return a > b; })
                       : broadcast_mask(x, y, axis, od, [](auto a, auto b) { return a < b; });
    g.set_grad(0, reduce_grad_to(call("elementwise_mul", {d, m}), *x, axis));
  }
  if (g.needs(1)) {
    TensorRef m = kMax ? broadcast_mask(x, y, axis, od, [](auto a, auto b) { return a <= b; })
                       : broadcast_mask(x, y, axis, od, [](auto a, auto b) { return a >= b; });
    g.set_grad(1, reduce_grad_to(call("elementwise_mul", {d, m}), *y, axis));
  }
}

// ======================= unary =======================
void same_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <template <typename> class F>
void unary_float_cpu(OpContext& c) {
  PD_DISPATCH_FLOATING(c.in(0).dtype, c.op_name(), {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0), F<scalar_t>());
  });
}

template <template <typename> class F>
void unary_arith_cpu(OpContext& c) {
  PD_MATH_DISPATCH(c.in(0).dtype, c.op_name(), {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0), F<scalar_t>());
  });
}

// The forward output, recomputed when the grad graph itself must be differentiable (the saved
// output is detached, so using it would drop a term of the second derivative).
TensorRef forward_out(GradContext& g, const char* op) {
  return grad_enabled() ? call(op, {g.in(0)}) : g.outputs[0];
}

void exp_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_mul", {g.dout(0), forward_out(g, "exp")}));
}
void log_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_div", {g.dout(0), g.in(0)}));
}
void sqrt_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_div", {scale_op(g.dout(0), 0.5), forward_out(g, "sqrt")}));
}
void abs_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_mul", {g.dout(0), call("sign", {g.in(0)})}));
}
void sin_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_mul", {g.dout(0), call("cos", {g.in(0)})}));
}
void cos_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_op(call("elementwise_mul", {g.dout(0), call("sin", {g.in(0)})}), -1.0));
}
void tanh_grad(GradContext& g) {
  if (!g.needs(0)) return;
  TensorRef t = forward_out(g, "tanh");
  // dout * (1 - tanh^2)
  g.set_grad(0, call("elementwise_mul", {g.dout(0), scale_op(call("square", {t}), -1.0, 1.0)}));
}
void square_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("elementwise_mul", {g.dout(0), scale_op(g.in(0), 2.0)}));
}
void sign_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_op(g.dout(0), 0.0));
}

// ======================= scale =======================
enum ScaleAttr { kScale = 0, kBias = 1, kBiasAfterScale = 2 };

void scale_cpu(OpContext& c) {
  const double s = c.attr_float(kScale), b = c.attr_float(kBias);
  const bool after = c.attr_bool(kBiasAfterScale);
  PD_MATH_DISPATCH(c.in(0).dtype, "scale", {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0), math::ScaleFunctor<scalar_t>{s, b, after});
  });
}

void scale_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_op(g.dout(0), g.attr_float(kScale), 0.0));
}

// ======================= clip =======================
enum ClipAttr { kClipMin = 0, kClipMax = 1 };

void clip_infer(OpContext& c) {
  const double lo = c.attr_float(kClipMin), hi = c.attr_float(kClipMax);
  if (std::isnan(lo) || std::isnan(hi))
    PD_THROW(PD_INVALID_ARGUMENT, "clip: min ", lo, " and max ", hi, " must not be NaN");
  if (lo > hi) PD_THROW(PD_INVALID_ARGUMENT, "clip: min ", lo, " is greater than max ", hi);
  same_infer(c);
}

// The bounds as T: floats convert directly; integers saturate to T's range.
template <typename T>
T clip_bound(double v) {
  if constexpr (std::is_integral_v<T>) {
    return math::ScaleFunctor<T>::saturate(v);
  } else {
    return (T)v;
  }
}

void clip_cpu(OpContext& c) {
  const double lo = c.attr_float(kClipMin), hi = c.attr_float(kClipMax);
  PD_MATH_DISPATCH(c.in(0).dtype, "clip", {
    math::ClipFunctor<scalar_t> f{clip_bound<scalar_t>(lo), clip_bound<scalar_t>(hi)};
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0), f);
  });
}

void clip_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const double lo = g.attr_float(kClipMin), hi = g.attr_float(kClipMax);
  const TensorRef& x_in = g.in(0);
  const DType orig = x_in->dtype;
  const bool half = orig == DType::Float16 || orig == DType::BFloat16;
  TensorRef x = half ? cast_tensor(x_in, DType::Float32) : x_in;
  TensorRef m = empty_tensor(x->dtype, x->dims, x->ndim);
  PD_MATH_DISPATCH(x->dtype, "clip", {
    math::ClipGradMaskFunctor<scalar_t> f{clip_bound<scalar_t>(lo), clip_bound<scalar_t>(hi)};
    unary_map<scalar_t, scalar_t>(*x, *m, f);
  });
  if (half) m = cast_tensor(m, orig);
  g.set_grad(0, call("elementwise_mul", {g.dout(0), m}));
}

}  // namespace

// ---- binary elementwise ----
#define PD_MATH_BINARY(name, dts, infer_fn, kernel, grad_fn) \
  PD_REGISTER_OP(name)                                       \
      .input("X")                                            \
      .input("Y")                                            \
      .output("Out")                                         \
      .attr("axis", -1)                                      \
      .dtypes(dts)                                           \
      .compute_f16_via_f32()                                 \
      .infer(infer_fn)                                       \
      .cpu(kernel)                                           \
      .grad(grad_fn);

PD_MATH_BINARY(elementwise_add, kMathArithDTypes, binary_infer, binary_cpu<math::AddFunctor>,
               add_grad)
PD_MATH_BINARY(elementwise_sub, kMathArithDTypes, binary_infer, binary_cpu<math::SubFunctor>,
               sub_grad)
PD_MATH_BINARY(elementwise_mul, kMathArithDTypes, binary_infer, binary_cpu<math::MulFunctor>,
               mul_grad)
PD_MATH_BINARY(elementwise_div, kMathArithDTypes, int_divisor_infer,
               binary_cpu<math::DivFunctor>, div_grad)
PD_MATH_BINARY(elementwise_pow, kMathArithDTypes, binary_infer, pow_cpu, pow_grad)
PD_MATH_BINARY(elementwise_max, kMathArithDTypes, binary_infer, binary_cpu<math::MaxFunctor>,
               maxmin_grad<true>)
PD_MATH_BINARY(elementwise_min, kMathArithDTypes, binary_infer, binary_cpu<math::MinFunctor>,
               maxmin_grad<false>)
#undef PD_MATH_BINARY

// No gradient (as Paddle).
PD_REGISTER_OP(elementwise_floordiv)
    .input("X")
    .input("Y")
    .output("Out")
    .attr("axis", -1)
    .dtypes(kIntFloatDTypes)
    .infer(int_divisor_infer)
    .cpu(binary_cpu<math::FloorDivFunctor>);

PD_REGISTER_OP(elementwise_mod)
    .input("X")
    .input("Y")
    .output("Out")
    .attr("axis", -1)
    .dtypes(kIntFloatDTypes)
    .infer(int_divisor_infer)
    .cpu(binary_cpu<math::ModFunctor>);

// ---- unary ----
#define PD_MATH_UNARY(name, dts, kernel, grad_fn) \
  PD_REGISTER_OP(name)                            \
      .input("X")                                 \
      .output("Out")                              \
      .dtypes(dts)                                \
      .compute_f16_via_f32()                      \
      .infer(same_infer)                          \
      .cpu(kernel)                                \
      .grad(grad_fn);

PD_MATH_UNARY(exp, kMathFloatDTypes, unary_float_cpu<math::ExpFunctor>, exp_grad)
PD_MATH_UNARY(log, kMathFloatDTypes, unary_float_cpu<math::LogFunctor>, log_grad)
PD_MATH_UNARY(sqrt, kMathFloatDTypes, unary_float_cpu<math::SqrtFunctor>, sqrt_grad)
PD_MATH_UNARY(sin, kMathFloatDTypes, unary_float_cpu<math::SinFunctor>, sin_grad)
PD_MATH_UNARY(cos, kMathFloatDTypes, unary_float_cpu<math::CosFunctor>, cos_grad)
PD_MATH_UNARY(tanh, kMathFloatDTypes, unary_float_cpu<math::TanhFunctor>, tanh_grad)
PD_MATH_UNARY(abs, kMathArithDTypes, unary_arith_cpu<math::AbsFunctor>, abs_grad)
PD_MATH_UNARY(square, kMathArithDTypes, unary_arith_cpu<math::SquareFunctor>, square_grad)
// sign: -1, 0 or 1 (helper for abs's gradient; its own gradient is zero, as Paddle's).
PD_MATH_UNARY(sign, kMathArithDTypes, unary_arith_cpu<math::SignFunctor>, sign_grad)
#undef PD_MATH_UNARY

PD_REGISTER_OP(scale)
    .input("X")
    .output("Out")
    .attr("scale", 1.0)
    .attr("bias", 0.0)
    .attr("bias_after_scale", true)
    .dtypes(kMathArithDTypes)
    .compute_f16_via_f32()
    .infer(same_infer)
    .cpu(scale_cpu)
    .grad(scale_grad);

PD_REGISTER_OP(clip)
    .input("X")
    .output("Out")
    .attr("min", -3.4028234663852886e38)
    .attr("max", 3.4028234663852886e38)
    .dtypes(kMathArithDTypes)
    .compute_f16_via_f32()
    .infer(clip_infer)
    .cpu(clip_cpu)
    .grad(clip_grad);

}  // namespace pd
