// Declarations of the nn family: relu, sigmoid, softmax, softmax_with_cross_entropy and their
// grad ops (relu_grad, sigmoid_grad, sigmoid_grad_grad, softmax_grad,
// softmax_with_cross_entropy_grad).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/nn/nn_kernel.h"
#include "kernels/common/vec_math.h"

namespace pd {
namespace {

// ---------------------------------------------------------------- helpers

// Validates `axis` against `rank` (a rank-0 tensor counts as rank 1) and returns it >= 0.
int canonical_axis(const char* op, int64_t axis, int rank) {
  const int r = std::max(rank, 1);
  if (axis < -r || axis >= r)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", axis, " is out of range for a tensor of rank ",
             rank, "; expected ", -r, " <= axis < ", r);
  return (int)(axis < 0 ? axis + r : axis);
}

// A tensor seen as [outer, n, inner] around `axis`.
struct Geom {
  int64_t outer = 1, n = 1, inner = 1;
};
Geom geom_of(const Tensor& t, int axis) {
  Geom g;
  if (t.ndim == 0) return g;
  for (int i = 0; i < axis; ++i) g.outer *= t.dims[i];
  g.n = t.dims[axis];
  for (int i = axis + 1; i < t.ndim; ++i) g.inner *= t.dims[i];
  return g;
}

bool same_shape(const Tensor& a, const Tensor& b) {
  return a.ndim == b.ndim && std::equal(a.dims, a.dims + a.ndim, b.dims);
}

constexpr int64_t kChunk = 256;  // columns handled together when the axis is not the last

// exp for softmax rows: the vectorisable float version for float32 (libm's scalar expf dominated
// the op's time), std::exp for double.
inline float softmax_exp(float v) { return exp_f32(v); }
inline double softmax_exp(double v) { return std::exp(v); }

// Calls f(o, j0, w) over column chunks [j0, j0 + w) of every outer block, in parallel over
// outer * chunks; each call sees the n entries of each column at stride `inner`.
template <typename F>
void for_each_column_chunk(const Geom& g, const F& f) {
  const int64_t chunks = (g.inner + kChunk - 1) / kChunk;
  const int64_t items = g.outer * chunks;
  const int64_t per_item = std::max<int64_t>(1, g.n * std::min(g.inner, kChunk));
  parallel_for(items, std::max<int64_t>(1, kElementwiseGrain / per_item), [&](int64_t b, int64_t e) {
    for (int64_t it = b; it < e; ++it) {
      const int64_t o = it / chunks, j0 = (it % chunks) * kChunk;
      f(o, j0, std::min(kChunk, g.inner - j0));
    }
  });
}

// Stable softmax of x into y along the middle dim of g. (A NaN anywhere in a column makes the
// sum NaN, so the whole column is NaN whether or not the max saw it.) When mx/ls are given, also stores each
// column's max and log(sum(exp(x - max))) at [o * inner + j] (for log-softmax).
template <typename T>
void softmax_forward(const T* x, T* y, const Geom& g, T* mx, T* ls) {
  const int64_t n = g.n, inner = g.inner;
  if (n == 0 || g.outer == 0 || inner == 0) return;
  if (inner == 1) {
    parallel_for(g.outer, std::max<int64_t>(1, kElementwiseGrain / n), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        const T* xr = x + o * n;
        T* yr = y + o * n;
        T m = xr[0];
#pragma omp simd reduction(max : m)
        for (int64_t a = 1; a < n; ++a) m = xr[a] > m ? xr[a] : m;
        // Separate loops so each vectorises: exp, then a SIMD sum, then the scale.
#pragma omp simd
        for (int64_t a = 0; a < n; ++a) yr[a] = softmax_exp(xr[a] - m);
        T s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t a = 0; a < n; ++a) s += yr[a];
        const T inv = T(1) / s;
        for (int64_t a = 0; a < n; ++a) yr[a] *= inv;
        if (mx) {
          mx[o] = m;
          ls[o] = std::log(s);
        }
      }
    });
    return;
  }
  for_each_column_chunk(g, [&](int64_t o, int64_t j0, int64_t w) {
    T m[kChunk], s[kChunk];
    const T* xb = x + o * n * inner + j0;
    T* yb = y + o * n * inner + j0;
    for (int64_t j = 0; j < w; ++j) {
      m[j] = xb[j];
      s[j] = 0;
    }
    for (int64_t a = 1; a < n; ++a) {
      const T* xr = xb + a * inner;
      for (int64_t j = 0; j < w; ++j) m[j] = xr[j] > m[j] ? xr[j] : m[j];
    }
    for (int64_t a = 0; a < n; ++a) {
      const T* xr = xb + a * inner;
      T* yr = yb + a * inner;
      for (int64_t j = 0; j < w; ++j) {
        yr[j] = softmax_exp(xr[j] - m[j]);
        s[j] += yr[j];
      }
    }
    for (int64_t j = 0; j < w; ++j) s[j] = T(1) / s[j];
    for (int64_t a = 0; a < n; ++a) {
      T* yr = yb + a * inner;
      for (int64_t j = 0; j < w; ++j) yr[j] *= s[j];
    }
    if (mx) {
      for (int64_t j = 0; j < w; ++j) {
        mx[o * inner + j0 + j] = m[j];
        ls[o * inner + j0 + j] = -std::log(s[j]);  // s holds 1/sum here
      }
    }
  });
}

// dx = y * (dy - sum(dy * y)) along the middle dim; accumulate adds into dx instead of writing.
template <typename T>
void softmax_backward(const T* y, const T* dy, T* dx, const Geom& g, bool accumulate) {
  const int64_t n = g.n, inner = g.inner;
  if (n == 0 || g.outer == 0 || inner == 0) return;
  for_each_column_chunk(g, [&](int64_t o, int64_t j0, int64_t w) {
    T s[kChunk];
    const int64_t base = o * n * inner + j0;
    for (int64_t j = 0; j < w; ++j) s[j] = 0;
    for (int64_t a = 0; a < n; ++a) {
      const int64_t r = base + a * inner;
      for (int64_t j = 0; j < w; ++j) s[j] += dy[r + j] * y[r + j];
    }
    for (int64_t a = 0; a < n; ++a) {
      const int64_t r = base + a * inner;
      for (int64_t j = 0; j < w; ++j) {
        const T v = y[r + j] * (dy[r + j] - s[j]);
        dx[r + j] = accumulate ? dx[r + j] + v : v;
      }
    }
  });
}

// ---------------------------------------------------------------- relu / sigmoid

void same_as_input_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <typename F>
void unary_cpu(OpContext& c, F f, const char* name) {
  TensorRef x = contiguous(c.in_ref(0));
  Tensor& out = c.out(0);
  const int64_t n = x->numel();
  PD_DISPATCH_FLOATING(x->dtype, name, {
    const scalar_t* px = x->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = f(px[i]);
    });
  });
}

// Grad ops of the form (Out, Out@GRAD) -> X@GRAD.
void out_dout_infer(OpContext& c) {
  if (!same_shape(c.in(0), c.in(1)))
    PD_THROW(PD_INVALID_ARGUMENT, c.op_name(), ": Out@GRAD has shape ",
             shape_str(c.in(1).dims, c.in(1).ndim), " but Out has shape ",
             shape_str(c.in(0).dims, c.in(0).ndim), "; expected equal shapes");
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <typename F>
void binary_cpu(OpContext& c, F f, const char* name) {
  TensorRef a = contiguous(c.in_ref(0));
  TensorRef b = contiguous(c.in_ref(1));
  Tensor& out = c.out(0);
  const int64_t n = a->numel();
  PD_DISPATCH_FLOATING(a->dtype, name, {
    const scalar_t* pa = a->data<scalar_t>();
    const scalar_t* pb = b->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    parallel_for(n, kElementwiseGrain, [&](int64_t s, int64_t e) {
      for (int64_t i = s; i < e; ++i) po[i] = f(pa[i], pb[i]);
    });
  });
}

void relu_cpu(OpContext& c) { unary_cpu(c, ReluFunctor{}, "relu"); }
void relu_grad_cpu(OpContext& c) { binary_cpu(c, ReluGradFunctor{}, "relu_grad"); }
void sigmoid_cpu(OpContext& c) { unary_cpu(c, SigmoidFunctor{}, "sigmoid"); }
void sigmoid_grad_cpu(OpContext& c) { binary_cpu(c, SigmoidGradFunctor{}, "sigmoid_grad"); }

void relu_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("relu_grad", {g.outputs[0], g.dout(0)}));
}

// relu_grad is linear in Out@GRAD (and piecewise constant in Out): its gradient w.r.t.
// Out@GRAD is relu_grad(Out, ddx); w.r.t. Out it is zero (Out is declared non-differentiable).
void relu_grad_grad(GradContext& g) {
  if (!g.needs(1)) return;
  g.set_grad(1, call("relu_grad", {g.in(0), g.dout(0)}));
}

void sigmoid_grad(GradContext& g) {
  if (!g.needs(0)) return;
  // With create_graph the saved Out has no history; recompute it from X so that second-order
  // gradients flow back to X through sigmoid_grad's Out input.
  TensorRef out = grad_enabled() ? call("sigmoid", {g.in(0)}) : g.outputs[0];
  g.set_grad(0, call("sigmoid_grad", {out, g.dout(0)}));
}

void sigmoid_grad_grad(GradContext& g) {
  if (!g.needs(0) && !g.needs(1)) return;
  std::vector<TensorRef> r = call_all("sigmoid_grad_grad", {g.in(0), g.in(1), g.dout(0)});
  if (g.needs(0)) g.set_grad(0, r[0]);
  if (g.needs(1)) g.set_grad(1, r[1]);
}

// sigmoid_grad_grad: Out, DOut, DDX -> DOutNew (grad w.r.t. Out), DDOut (grad w.r.t. DOut).
void sigmoid_gg_infer(OpContext& c) {
  for (int s = 1; s < 3; ++s)
    if (!same_shape(c.in(0), c.in(s)))
      PD_THROW(PD_INVALID_ARGUMENT, "sigmoid_grad_grad: input ", s == 1 ? "DOut" : "DDX",
               " has shape ", shape_str(c.in(s).dims, c.in(s).ndim), " but Out has shape ",
               shape_str(c.in(0).dims, c.in(0).ndim), "; expected equal shapes");
  c.out_meta.assign(2, c.in(0).meta());
}

void sigmoid_gg_cpu(OpContext& c) {
  TensorRef out = contiguous(c.in_ref(0)), dout = contiguous(c.in_ref(1)),
            ddx = contiguous(c.in_ref(2));
  const int64_t n = out->numel();
  PD_DISPATCH_FLOATING(out->dtype, "sigmoid_grad_grad", {
    const scalar_t* po = out->data<scalar_t>();
    const scalar_t* pd = dout->data<scalar_t>();
    const scalar_t* px = ddx->data<scalar_t>();
    scalar_t* r0 = c.out(0).data<scalar_t>();
    scalar_t* r1 = c.out(1).data<scalar_t>();
    SigmoidGradGradFunctor f;
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) f(po[i], pd[i], px[i], r0 + i, r1 + i);
    });
  });
}

// ---------------------------------------------------------------- softmax

enum SoftmaxAttr { kSmAxis = 0 };

void softmax_infer(OpContext& c) {
  canonical_axis("softmax", c.attr_int(kSmAxis), c.in(0).ndim);
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void softmax_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  const Geom g = geom_of(*x, canonical_axis("softmax", c.attr_int(kSmAxis), x->ndim));
  PD_DISPATCH_FLOATING(x->dtype, "softmax", {
    softmax_forward<scalar_t>(x->data<scalar_t>(), c.out(0).data<scalar_t>(), g, nullptr,
                              nullptr);
  });
}

void softmax_grad_infer(OpContext& c) {
  canonical_axis("softmax_grad", c.attr_int(kSmAxis), c.in(0).ndim);
  out_dout_infer(c);
}

void softmax_grad_cpu(OpContext& c) {
  TensorRef y = contiguous(c.in_ref(0)), dy = contiguous(c.in_ref(1));
  const Geom g = geom_of(*y, canonical_axis("softmax_grad", c.attr_int(kSmAxis), y->ndim));
  PD_DISPATCH_FLOATING(y->dtype, "softmax_grad", {
    softmax_backward<scalar_t>(y->data<scalar_t>(), dy->data<scalar_t>(),
                               c.out(0).data<scalar_t>(), g, false);
  });
}

void softmax_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("softmax_grad", {g.outputs[0], g.dout(0)},
                     {{"axis", g.attr_int(kSmAxis)}}));
}

// ---------------------------------------------------------------- softmax_with_cross_entropy

enum SwceAttr { kSoftLabel = 0, kIgnoreIndex = 1, kNumericStable = 2, kSwceAxis = 3 };

// Validates Logits/Label against the attributes (shared by the forward and grad ops; `x` is
// Logits or Softmax) and returns the canonical axis. Hard labels are range-checked here, before
// any output is written.
int swce_check(const char* op, const OpContext& c, const Tensor& x, const Tensor& label) {
  const int rank = x.ndim;
  const int axis = canonical_axis(op, c.attr_int(kSwceAxis), rank);
  if (!c.attr_bool(kNumericStable) && axis != std::max(rank, 1) - 1)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", c.attr_int(kSwceAxis),
             " is not the last axis of a tensor of rank ", rank,
             "; expected axis == -1 when numeric_stable_mode is false");
  const bool soft = c.attr_bool(kSoftLabel);
  if (soft) {
    if (label.dtype != x.dtype)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": Label has dtype ", dtype_name(label.dtype),
               " but Logits has dtype ", dtype_name(x.dtype),
               "; expected the same dtype when soft_label is true");
    if (!same_shape(label, x))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": Label has shape ", shape_str(label.dims, label.ndim),
               " but Logits has shape ", shape_str(x.dims, x.ndim),
               "; expected the same shape when soft_label is true");
    return axis;
  }
  if (label.dtype != DType::Int64 && label.dtype != DType::Int32)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Label has dtype ", dtype_name(label.dtype),
             "; expected int64 or int32 when soft_label is false");
  bool ok = label.ndim == x.ndim;
  for (int i = 0; ok && i < x.ndim; ++i)
    ok = label.dims[i] == (i == axis ? 1 : x.dims[i]);
  if (x.ndim == 0) ok = label.ndim == 0 || (label.ndim == 1 && label.dims[0] == 1);
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Label has shape ", shape_str(label.dims, label.ndim),
             " but Logits has shape ", shape_str(x.dims, x.ndim),
             "; expected Logits' shape with 1 at axis ", axis, " when soft_label is false");
  const int64_t classes = x.ndim == 0 ? 1 : x.dims[axis];
  const int64_t ignore = c.attr_int(kIgnoreIndex);
  TensorRef lc = contiguous(c.inputs[c.slot_begin[c.def.input_index("Label")]]);
  const int64_t nl = lc->numel();
  auto scan = [&](auto* p) {
    for (int64_t i = 0; i < nl; ++i) {
      const int64_t v = (int64_t)p[i];
      if (v != ignore && (v < 0 || v >= classes))
        PD_THROW(PD_OUT_OF_RANGE, op, ": label ", v,
                 " is out of range; expected 0 <= label < ", classes,
                 " or label == ignore_index (", ignore, ")");
    }
  };
  if (lc->dtype == DType::Int64) scan(lc->data<int64_t>());
  else scan(lc->data<int32_t>());
  return axis;
}

void swce_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int axis = swce_check("softmax_with_cross_entropy", c, x, c.in(1));
  c.out_meta.resize(2);
  c.out_meta[0] = x.meta();
  c.out_meta[1] = x.meta();
  if (x.ndim > 0) c.out_meta[1].dims[axis] = 1;
}

template <typename L>
const L* label_ptr(const Tensor& t) { return t.data<L>(); }

void swce_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  TensorRef label = contiguous(c.in_ref(1));
  const int axis = canonical_axis("softmax_with_cross_entropy", c.attr_int(kSwceAxis), x->ndim);
  const Geom g = geom_of(*x, axis);
  const bool soft = c.attr_bool(kSoftLabel);
  const int64_t ignore = c.attr_int(kIgnoreIndex);
  const int64_t cols = g.outer * g.inner;  // one loss per column
  PD_DISPATCH_FLOATING(x->dtype, "softmax_with_cross_entropy", {
    using T = scalar_t;
    const T* px = x->data<T>();
    T* sm = c.out(0).data<T>();
    T* loss = c.out(1).data<T>();
    std::vector<T> mx((size_t)cols), ls((size_t)cols);
    softmax_forward<T>(px, sm, g, mx.data(), ls.data());
    const int64_t n = g.n, inner = g.inner;
    if (soft) {
      const T* pl = label->data<T>();
      parallel_for(cols, std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(n, 1)),
                   [&](int64_t b, int64_t e) {
                     for (int64_t k = b; k < e; ++k) {
                       const int64_t o = k / inner, j = k % inner;
                       const int64_t base = o * n * inner + j;
                       T s = 0;
                       for (int64_t a = 0; a < n; ++a) {
                         const int64_t i = base + a * inner;
                         if (pl[i] != T(0)) s += pl[i] * log_softmax_entry(px[i], mx[k], ls[k]);
                       }
                       loss[k] = T(0) - s;  // +0 for an empty class axis
                     }
                   });
    } else {
      auto run = [&](auto* pl) {
        parallel_for(cols, kElementwiseGrain, [&](int64_t b, int64_t e) {
          for (int64_t k = b; k < e; ++k) {
            const int64_t lab = (int64_t)pl[k];
            if (lab == ignore) {
              loss[k] = 0;
              continue;
            }
            const int64_t o = k / inner, j = k % inner;
            loss[k] = -log_softmax_entry(px[(o * n + lab) * inner + j], mx[k], ls[k]);
          }
        });
      };
      if (label->dtype == DType::Int64) run(label->data<int64_t>());
      else run(label->data<int32_t>());
    }
  });
}

// softmax_with_cross_entropy_grad: Label, Softmax, Loss@GRAD, optional Softmax@GRAD ->
// Logits@GRAD. The optional input carries a gradient that flowed into the Softmax output.
void swce_grad_infer(OpContext& c) {
  const Tensor& sm = c.in(1);
  const int axis = swce_check("softmax_with_cross_entropy_grad", c, sm, c.in(0));
  const Tensor& dl = c.in(2);
  bool ok = dl.ndim == sm.ndim;
  for (int i = 0; ok && i < sm.ndim; ++i) ok = dl.dims[i] == (i == axis ? 1 : sm.dims[i]);
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, "softmax_with_cross_entropy_grad: Loss@GRAD has shape ",
             shape_str(dl.dims, dl.ndim), " but Softmax has shape ", shape_str(sm.dims, sm.ndim),
             "; expected Softmax's shape with 1 at axis ", axis);
  if (c.has(3) && !same_shape(c.in(3), sm))
    PD_THROW(PD_INVALID_ARGUMENT, "softmax_with_cross_entropy_grad: Softmax@GRAD has shape ",
             shape_str(c.in(3).dims, c.in(3).ndim), " but Softmax has shape ",
             shape_str(sm.dims, sm.ndim), "; expected equal shapes");
  c.out_meta.resize(1);
  c.out_meta[0] = sm.meta();
}

void swce_grad_cpu(OpContext& c) {
  TensorRef label = contiguous(c.in_ref(0));
  TensorRef sm = contiguous(c.in_ref(1));
  TensorRef dl = contiguous(c.in_ref(2));
  const int axis =
      canonical_axis("softmax_with_cross_entropy_grad", c.attr_int(kSwceAxis), sm->ndim);
  const Geom g = geom_of(*sm, axis);
  const bool soft = c.attr_bool(kSoftLabel);
  const int64_t ignore = c.attr_int(kIgnoreIndex);
  const int64_t n = g.n, inner = g.inner;
  PD_DISPATCH_FLOATING(sm->dtype, "softmax_with_cross_entropy_grad", {
    using T = scalar_t;
    const T* ps = sm->data<T>();
    const T* pdl = dl->data<T>();
    T* dx = c.out(0).data<T>();
    if (soft) {
      const T* pl = label->data<T>();
      // dx = (softmax * sum(label) - label) * dloss
      for_each_column_chunk(g, [&](int64_t o, int64_t j0, int64_t w) {
        T s[kChunk];
        const int64_t base = o * n * inner + j0;
        for (int64_t j = 0; j < w; ++j) s[j] = 0;
        for (int64_t a = 0; a < n; ++a)
          for (int64_t j = 0; j < w; ++j) s[j] += pl[base + a * inner + j];
        const T* d = pdl + o * inner + j0;
        for (int64_t a = 0; a < n; ++a) {
          const int64_t r = base + a * inner;
          for (int64_t j = 0; j < w; ++j) dx[r + j] = (ps[r + j] * s[j] - pl[r + j]) * d[j];
        }
      });
    } else {
      auto run = [&](auto* pl) {
        // dx = (softmax - onehot(label)) * dloss, zero on ignored columns
        for_each_column_chunk(g, [&](int64_t o, int64_t j0, int64_t w) {
          const int64_t base = o * n * inner + j0;
          const int64_t col = o * inner + j0;
          for (int64_t a = 0; a < n; ++a) {
            const int64_t r = base + a * inner;
            for (int64_t j = 0; j < w; ++j) {
              const int64_t lab = (int64_t)pl[col + j];
              dx[r + j] = lab == ignore ? T(0) : (ps[r + j] - T(lab == a ? 1 : 0)) * pdl[col + j];
            }
          }
        });
      };
      if (label->dtype == DType::Int64) run(label->data<int64_t>());
      else run(label->data<int32_t>());
    }
    if (c.has(3)) {
      TensorRef dsm = contiguous(c.in_ref(3));
      softmax_backward<T>(ps, dsm->data<T>(), dx, g, true);
    }
  });
}

void swce_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const TensorRef& dsoftmax = g.out_grads[0];  // null when nothing flowed into Softmax
  std::vector<NamedAttr> attrs = {{"soft_label", g.attr_bool(kSoftLabel)},
                                  {"ignore_index", g.attr_int(kIgnoreIndex)},
                                  {"numeric_stable_mode", g.attr_bool(kNumericStable)},
                                  {"axis", g.attr_int(kSwceAxis)}};
  g.set_grad(0, call("softmax_with_cross_entropy_grad",
                     {g.in(1), g.outputs[0], g.dout(1), dsoftmax}, attrs));
}

const std::vector<DType>& kNnFloatDTypes = kFloatDTypes;

}  // namespace

PD_REGISTER_OP(relu)
    .input("X")
    .output("Out")
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(same_as_input_infer)
    .cpu(relu_cpu)
    .grad(relu_grad);

PD_REGISTER_OP(relu_grad)
    .input("Out", false)
    .input("Out@GRAD")
    .output("X@GRAD")
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(out_dout_infer)
    .cpu(relu_grad_cpu)
    .grad(relu_grad_grad);

PD_REGISTER_OP(sigmoid)
    .input("X")
    .output("Out")
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(same_as_input_infer)
    .cpu(sigmoid_cpu)
    .grad(sigmoid_grad);

PD_REGISTER_OP(sigmoid_grad)
    .input("Out")
    .input("Out@GRAD")
    .output("X@GRAD")
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(out_dout_infer)
    .cpu(sigmoid_grad_cpu)
    .grad(sigmoid_grad_grad);

PD_REGISTER_OP(sigmoid_grad_grad)
    .input("Out")
    .input("DOut")
    .input("DDX")
    .output("DOutNew")
    .output("DDOut")
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(sigmoid_gg_infer)
    .cpu(sigmoid_gg_cpu);

PD_REGISTER_OP(softmax)
    .input("X")
    .output("Out")
    .attr("axis", (int64_t)-1)
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(softmax_infer)
    .cpu(softmax_cpu)
    .grad(softmax_grad);

PD_REGISTER_OP(softmax_grad)
    .input("Out", false)
    .input("Out@GRAD", false)
    .output("X@GRAD")
    .attr("axis", (int64_t)-1)
    .dtypes(kNnFloatDTypes)
    .compute_f16_via_f32()
    .infer(softmax_grad_infer)
    .cpu(softmax_grad_cpu);

PD_REGISTER_OP(softmax_with_cross_entropy)
    .input("Logits")
    .input("Label", false)
    .output("Softmax")
    .output("Loss")
    .attr("soft_label", false)
    .attr("ignore_index", (int64_t)-100)
    .attr("numeric_stable_mode", true)
    .attr("axis", (int64_t)-1)
    .dtypes(kNnFloatDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(swce_infer)
    .cpu(swce_cpu)
    .grad(swce_grad);

PD_REGISTER_OP(softmax_with_cross_entropy_grad)
    .input("Label", false)
    .input("Softmax", false)
    .input("Loss@GRAD", false)
    .optional_input("Softmax@GRAD", false)
    .output("Logits@GRAD")
    .attr("soft_label", false)
    .attr("ignore_index", (int64_t)-100)
    .attr("numeric_stable_mode", true)
    .attr("axis", (int64_t)-1)
    .dtype_from(1)
    .dtypes(kNnFloatDTypes)
    .mixed_dtype_inputs()
    .compute_f16_via_f32()
    .infer(swce_grad_infer)
    .cpu(swce_grad_cpu);

}  // namespace pd
