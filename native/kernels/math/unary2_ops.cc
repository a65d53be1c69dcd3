// Second set of math ops:
//   - unary float ops X -> Out: acos, asin, atan, ceil, floor, round, cosh, sinh, tan, erf,
//     log10, log1p, log2, reciprocal, rsqrt, stanh (attrs scale_a 0.67, scale_b 1.7159);
//     float16/bfloat16/float32/float64 (halves computed through float32), as Paddle 2.0's
//     activation kernels. ceil/floor/round have a zero gradient (Paddle's ZeroGradFunctor).
//   - increment: X (exactly one element) -> Out, attr step 1.0; float32/float64/int32/int64.
//     Gradient: dout (d(x + step)/dx = 1).
//   - sum (paddle.add_n): variadic X -> Out, every input of the same shape and dtype; attr
//     use_mkldnn (ignored). Gradient: dout to every input.
//   - addmm: Input, X, Y -> Out = Beta * Input + Alpha * (X @ Y); attrs Alpha 1.0, Beta 1.0.
//     X [M, K] and Y [K, N] are 2-D; Input broadcasts (numpy rules) to [M, N]. float32/float64.
// Grad makers compute with ops so create_graph works.
#include <cmath>
#include <cstring>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/broadcast.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"
#include "kernels/math/unary2_kernel.h"

namespace pd {
namespace {

const std::vector<DType> kU2FloatDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                           DType::Float64};
const std::vector<DType> kU2IntFloatDTypes = {DType::Float32, DType::Float64, DType::Int32,
                                              DType::Int64};
const std::vector<DType> kU2ArithDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                           DType::Float64, DType::Int32,    DType::Int64};
const std::vector<DType> kU2F32F64 = {DType::Float32, DType::Float64};

#define PD_U2_DISPATCH(dt, opname, ...)            \
  switch (dt) {                                    \
    PD_CASE(Float32, float, __VA_ARGS__)           \
    PD_CASE(Float64, double, __VA_ARGS__)          \
    PD_CASE(Int32, int32_t, __VA_ARGS__)           \
    PD_CASE(Int64, int64_t, __VA_ARGS__)           \
    default:                                       \
      ::pd::throw_unsupported_dtype(opname, dt);   \
  }

TensorRef scale_by(const TensorRef& a, double s, double b = 0.0) {
  return call("scale", {a}, {{"scale", s}, {"bias", b}, {"bias_after_scale", true}});
}
TensorRef mul(const TensorRef& a, const TensorRef& b) { return call("elementwise_mul", {a, b}); }
TensorRef div(const TensorRef& a, const TensorRef& b) { return call("elementwise_div", {a, b}); }

// Integer addition wraps (no signed-overflow UB), as the elementwise kernels.
template <typename T>
inline T wrap_add(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return (T)((U)a + (U)b);
  } else {
    return a + b;
  }
}

void same_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <template <typename> class F>
void float_cpu(OpContext& c) {
  PD_DISPATCH_FLOATING(c.in(0).dtype, c.op_name(), {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0), F<scalar_t>());
  });
}

// Forward output recomputed when building a differentiable grad graph (saved outputs are
// detached).
TensorRef fwd(GradContext& g, const char* op) {
  return grad_enabled() ? call(op, {g.in(0)}) : g.outputs[0];
}

// 1 - x^2
TensorRef one_minus_sq(const TensorRef& x) { return scale_by(call("square", {x}), -1.0, 1.0); }

void acos_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_by(div(g.dout(0), call("sqrt", {one_minus_sq(g.in(0))})), -1.0));
}
void asin_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, div(g.dout(0), call("sqrt", {one_minus_sq(g.in(0))})));
}
void atan_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, div(g.dout(0), scale_by(call("square", {g.in(0)}), 1.0, 1.0)));
}
void zero_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_by(g.dout(0), 0.0));
}
void cosh_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, mul(g.dout(0), call("sinh", {g.in(0)})));
}
void sinh_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, mul(g.dout(0), call("cosh", {g.in(0)})));
}
void tan_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // dout * (1 + tan^2 x)
  g.set_grad(0, mul(g.dout(0), scale_by(call("square", {fwd(g, "tan")}), 1.0, 1.0)));
}
void erf_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // dout * 2/sqrt(pi) * exp(-x^2)
  TensorRef e = call("exp", {scale_by(call("square", {g.in(0)}), -1.0)});
  g.set_grad(0, mul(g.dout(0), scale_by(e, 2.0 / std::sqrt(M_PI))));
}
void log10_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, div(g.dout(0), scale_by(g.in(0), std::log(10.0))));
}
void log2_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, div(g.dout(0), scale_by(g.in(0), std::log(2.0))));
}
void log1p_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, div(g.dout(0), scale_by(g.in(0), 1.0, 1.0)));
}
void reciprocal_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // -dout * out^2
  g.set_grad(0, scale_by(mul(g.dout(0), call("square", {fwd(g, "reciprocal")})), -1.0));
}
void rsqrt_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // -0.5 * dout * out^3
  TensorRef o = fwd(g, "rsqrt");
  g.set_grad(0, scale_by(mul(g.dout(0), mul(call("square", {o}), o)), -0.5));
}

// ---- stanh ----
enum STanhAttr { kScaleA = 0, kScaleB = 1 };

void stanh_cpu(OpContext& c) {
  const double a = c.attr_float(kScaleA), b = c.attr_float(kScaleB);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "stanh", {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0),
                                  math::STanhFunctor<scalar_t>{(scalar_t)a, (scalar_t)b});
  });
}
void stanh_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const double a = g.attr_float(kScaleA), b = g.attr_float(kScaleB);
  // dout * a * b * (1 - tanh(a x)^2)
  TensorRef t = call("tanh", {scale_by(g.in(0), a)});
  g.set_grad(0, mul(g.dout(0), scale_by(one_minus_sq(t), a * b)));
}

// ---- increment ----
enum IncrementAttr { kStep = 0 };

void increment_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.numel() != 1)
    PD_THROW(PD_INVALID_ARGUMENT, "increment: X must have exactly 1 element, but X has shape ",
             shape_str(x.dims, x.ndim), " (", x.numel(), " elements)");
  if (!std::isfinite(c.attr_float(kStep)))
    PD_THROW(PD_INVALID_ARGUMENT, "increment: step ", c.attr_float(kStep), " must be finite");
  same_infer(c);
}
void increment_cpu(OpContext& c) {
  const double step = c.attr_float(kStep);
  PD_U2_DISPATCH(c.in(0).dtype, "increment", {
    unary_map<scalar_t, scalar_t>(c.in(0), c.out(0),
                                  math::IncrementFunctor<scalar_t>{(scalar_t)step});
  });
}
void increment_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, scale_by(g.dout(0), 1.0));
}

// ---- sum (add_n) ----
void sum_infer(OpContext& c) {
  const int n = c.count(0);
  if (n < 1) PD_THROW(PD_INVALID_ARGUMENT, "sum: expected at least one input tensor in X, got 0");
  const Tensor& x0 = c.in(0, 0);
  for (int k = 1; k < n; ++k) {
    const Tensor& xk = c.in(0, k);
    if (xk.ndim != x0.ndim || !std::equal(x0.dims, x0.dims + x0.ndim, xk.dims))
      PD_THROW(PD_INVALID_ARGUMENT, "sum: every input must have the same shape; X[0] has shape ",
               shape_str(x0.dims, x0.ndim), " but X[", k, "] has shape ",
               shape_str(xk.dims, xk.ndim));
  }
  same_infer(c);
}
void sum_cpu(OpContext& c) {
  const int n = c.count(0);
  Tensor& out = c.out(0);
  const int64_t numel = out.numel();
  if (numel == 0) return;
  std::vector<TensorRef> xs;
  for (int k = 0; k < n; ++k) xs.push_back(contiguous(c.in_ref(0, k)));
  PD_U2_DISPATCH(out.dtype, "sum", {
    scalar_t* po = out.data<scalar_t>();
    parallel_for(numel, kElementwiseGrain, [&](int64_t b, int64_t e) {
      const scalar_t* p0 = xs[0]->data<scalar_t>();
      for (int64_t i = b; i < e; ++i) po[i] = p0[i];
      for (int k = 1; k < n; ++k) {
        const scalar_t* pk = xs[(size_t)k]->data<scalar_t>();
        for (int64_t i = b; i < e; ++i) po[i] = wrap_add(po[i], pk[i]);
      }
    });
  });
}
void sum_grad(GradContext& g) {
  TensorRef d = g.dout(0);
  for (int k = 0; k < g.slot_count[0]; ++k)
    if (g.needs(0, k)) g.set_grad(0, k, scale_by(d, 1.0));
}

// ---- addmm ----
enum AddmmAttr { kAlpha = 0, kBeta = 1 };

void addmm_infer(OpContext& c) {
  const Tensor& in = c.in(0);
  const Tensor& x = c.in(1);
  const Tensor& y = c.in(2);
  if (x.ndim != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "addmm: X must be a 2-D tensor, but X has shape ",
             shape_str(x.dims, x.ndim));
  if (y.ndim != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "addmm: Y must be a 2-D tensor, but Y has shape ",
             shape_str(y.dims, y.ndim));
  if (x.dims[1] != y.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, "addmm: X's width ", x.dims[1], " must equal Y's height ",
             y.dims[0], " (X has shape ", shape_str(x.dims, x.ndim), ", Y has shape ",
             shape_str(y.dims, y.ndim), ")");
  const int64_t m = x.dims[0], n = y.dims[1];
  bool ok = in.ndim <= 2;
  if (ok) {
    const int64_t want[2] = {m, n};
    for (int i = 0; i < in.ndim; ++i) {
      const int64_t d = in.dims[in.ndim - 1 - i], w = want[1 - i];
      if (d != 1 && d != w) ok = false;
    }
  }
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, "addmm: Input of shape ", shape_str(in.dims, in.ndim),
             " cannot be broadcast to the product's shape [", m, ", ", n, "]");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims(std::vector<int64_t>{m, n});
}

void addmm_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t m = out.dims[0], n = out.dims[1];
  if (m * n == 0) return;
  const double alpha = c.attr_float(kAlpha), beta = c.attr_float(kBeta);
  TensorRef x = contiguous(c.in_ref(1)), y = contiguous(c.in_ref(2));
  const Tensor& in = c.in(0);
  const int64_t k = x->dims[1];
  // Strides to read Input as [m, n] with broadcasting.
  int64_t sin[2];
  broadcast_strides(in, out.dims, 2, 2 - in.ndim, sin);
  PD_DISPATCH_FLOATING(out.dtype, "addmm", {
    const scalar_t* px = x->data<scalar_t>();
    const scalar_t* py = y->data<scalar_t>();
    const scalar_t* pi = in.data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    const scalar_t a = (scalar_t)alpha, b = (scalar_t)beta;
    parallel_for(m, std::max<int64_t>(1, 4096 / std::max<int64_t>(1, n * (k + 1))),
                 [&](int64_t r0, int64_t r1) {
                   std::vector<scalar_t> acc((size_t)n);
                   for (int64_t i = r0; i < r1; ++i) {
                     std::fill(acc.begin(), acc.end(), scalar_t(0));
                     for (int64_t kk = 0; kk < k; ++kk) {
                       const scalar_t xv = px[i * k + kk];
                       const scalar_t* yr = py + kk * n;
                       for (int64_t j = 0; j < n; ++j) acc[(size_t)j] += xv * yr[j];
                     }
                     for (int64_t j = 0; j < n; ++j) {
                       const scalar_t iv = pi[i * sin[0] + j * sin[1]];
                       // Beta == 0 ignores Input (so NaN/Inf there do not leak), as BLAS does.
                       po[i * n + j] = a * acc[(size_t)j] + (b == scalar_t(0) ? scalar_t(0) : b * iv);
                     }
                   }
                 });
  });
}

void addmm_grad(GradContext& g) {
  const double alpha = g.attr_float(kAlpha), beta = g.attr_float(kBeta);
  TensorRef d = g.dout(0);
  if (g.needs(0)) g.set_grad(0, reduce_grad_to(scale_by(d, beta), *g.in(0)));
  if (g.needs(1))
    g.set_grad(1, scale_by(call("matmul_v2", {d, g.in(2)}, {{"trans_x", false}, {"trans_y", true}}),
                           alpha));
  if (g.needs(2))
    g.set_grad(2, scale_by(call("matmul_v2", {g.in(1), d}, {{"trans_x", true}, {"trans_y", false}}),
                           alpha));
}

}  // namespace

#define PD_UNARY2(name, functor, grad_fn) \
  PD_REGISTER_OP(name)                    \
      .input("X")                         \
      .output("Out")                      \
      .dtypes(kU2FloatDTypes)             \
      .compute_f16_via_f32()              \
      .infer(same_infer)                  \
      .cpu(float_cpu<math::functor>)      \
      .grad(grad_fn);

PD_UNARY2(acos, AcosFunctor, acos_grad)
PD_UNARY2(asin, AsinFunctor, asin_grad)
PD_UNARY2(atan, AtanFunctor, atan_grad)
PD_UNARY2(ceil, CeilFunctor, zero_grad)
PD_UNARY2(floor, FloorFunctor, zero_grad)
PD_UNARY2(round, RoundFunctor, zero_grad)
PD_UNARY2(cosh, CoshFunctor, cosh_grad)
PD_UNARY2(sinh, SinhFunctor, sinh_grad)
PD_UNARY2(tan, TanFunctor, tan_grad)
PD_UNARY2(erf, ErfFunctor, erf_grad)
PD_UNARY2(log10, Log10Functor, log10_grad)
PD_UNARY2(log1p, Log1pFunctor, log1p_grad)
PD_UNARY2(log2, Log2Functor, log2_grad)
PD_UNARY2(reciprocal, ReciprocalFunctor, reciprocal_grad)
PD_UNARY2(rsqrt, RsqrtFunctor, rsqrt_grad)
#undef PD_UNARY2

PD_REGISTER_OP(stanh)
    .input("X")
    .output("Out")
    .attr("scale_a", 0.67)
    .attr("scale_b", 1.7159)
    .dtypes(kU2FloatDTypes)
    .compute_f16_via_f32()
    .infer(same_infer)
    .cpu(stanh_cpu)
    .grad(stanh_grad);

PD_REGISTER_OP(increment)
    .input("X")
    .output("Out")
    .attr("step", 1.0)
    .dtypes(kU2IntFloatDTypes)
    .infer(increment_infer)
    .cpu(increment_cpu)
    .grad(increment_grad);

PD_REGISTER_OP(sum)
    .variadic_input("X")
    .output("Out")
    .attr("use_mkldnn", false)
    .dtypes(kU2ArithDTypes)
    .compute_f16_via_f32()
    .infer(sum_infer)
    .cpu(sum_cpu)
    .grad(sum_grad);

PD_REGISTER_OP(addmm)
    .input("Input")
    .input("X")
    .input("Y")
    .output("Out")
    .attr("Alpha", 1.0)
    .attr("Beta", 1.0)
    .dtypes(kU2F32F64)
    .infer(addmm_infer)
    .cpu(addmm_cpu)
    .grad(addmm_grad);

}  // namespace pd
