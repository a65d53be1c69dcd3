// Triangular/diagonal ops of the manipulation family: tril_triu (paddle.tril / paddle.triu) and
// diag_v2 (paddle.diag).
#include <algorithm>
#include <cstring>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

// ---- tril_triu: X -> Out; attrs diagonal, lower ----
// lower: keep (i, j) with j - i <= diagonal; upper: keep j - i >= diagonal. Batched over the
// leading dims.
enum TrilAttr { kTrilDiagonal = 0, kTrilLower = 1 };

void tril_triu_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.ndim < 2)
    PD_THROW(PD_INVALID_ARGUMENT, "tril_triu: X has shape ", shape_str(x.dims, x.ndim),
             " (rank ", x.ndim, "); expected rank >= 2");
  c.out_meta.resize(1);
  c.out_meta[0] = x.meta();
}

void tril_triu_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.numel() == 0) return;
  TensorRef x = contiguous(c.in_ref(0));
  const int64_t diag = c.attr_int(kTrilDiagonal);
  const bool lower = c.attr_bool(kTrilLower);
  const int64_t H = out.dims[out.ndim - 2], W = out.dims[out.ndim - 1];
  const int64_t rows = out.numel() / W;
  const size_t es = dtype_size(out.dtype);
  const char* px = static_cast<const char*>(x->raw_data());
  char* po = static_cast<char*>(out.raw_data());
  parallel_for(rows, std::max<int64_t>(1, 16384 / (W + 1)), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const int64_t i = r % H;
      // kept columns: lower -> [0, i + diag]; upper -> [i + diag, W)
      int64_t lo = lower ? 0 : std::clamp<int64_t>(i + diag, 0, W);
      int64_t hi = lower ? std::clamp<int64_t>(i + diag + 1, 0, W) : W;
      char* dst = po + r * W * (int64_t)es;
      const char* src = px + r * W * (int64_t)es;
      std::memset(dst, 0, W * es);
      if (hi > lo) std::memcpy(dst + lo * es, src + lo * es, (hi - lo) * es);
    }
  });
}

void tril_triu_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("tril_triu", {g.dout(0)},
                     {{"diagonal", g.attr_int(kTrilDiagonal)}, {"lower", g.attr_bool(kTrilLower)}}));
}

// ---- diag_v2: X -> Out; attrs offset, padding_value ----
// 1-D X of n: a square matrix of n + |offset| filled with padding_value, X on the offset
// diagonal. 2-D X: the offset diagonal as a vector (empty when the offset is past the edge).
enum DiagAttr { kDiagOffset = 0, kDiagPadding = 1 };

int64_t diag_len(const Tensor& x, int64_t off) {
  const int64_t m = x.dims[0], n = x.dims[1];
  const int64_t len = off >= 0 ? std::min(m, n - off) : std::min(m + off, n);
  return std::max<int64_t>(len, 0);
}

void diag_v2_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const int64_t off = c.attr_int(kDiagOffset);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  if (x.ndim == 1) {
    const int64_t s = x.dims[0] + (off < 0 ? -off : off);
    c.out_meta[0].set_dims({s, s});
    check_dims(c.out_meta[0].dims, 2, x.dtype, "diag_v2");
  } else if (x.ndim == 2) {
    c.out_meta[0].set_dims({diag_len(x, off)});
  } else {
    PD_THROW(PD_INVALID_ARGUMENT, "diag_v2: X has shape ", shape_str(x.dims, x.ndim), " (rank ",
             x.ndim, "); expected a 1-D or 2-D tensor");
  }
}

void diag_v2_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  const int64_t off = c.attr_int(kDiagOffset);
  const double pad = c.attr_float(kDiagPadding);
  PD_DISPATCH_ARITH(out.dtype, "diag_v2", {
    scalar_t* po = out.data<scalar_t>();
    const scalar_t* px = x.data<scalar_t>();
    if (x.ndim == 1) {
      const int64_t s = out.dims[0], n = x.dims[0];
      const scalar_t p = convert<scalar_t>(pad);
      std::fill(po, po + s * s, p);
      const int64_t r0 = off < 0 ? -off : 0, c0 = off > 0 ? off : 0;
      for (int64_t i = 0; i < n; ++i) po[(r0 + i) * s + c0 + i] = px[i * x.strides[0]];
    } else {
      const int64_t len = out.dims[0];
      const int64_t r0 = off < 0 ? -off : 0, c0 = off > 0 ? off : 0;
      for (int64_t i = 0; i < len; ++i)
        po[i] = px[(r0 + i) * x.strides[0] + (c0 + i) * x.strides[1]];
    }
  });
}

void diag_v2_grad(GradContext& g) {
  if (!g.needs(0)) return;
  const Tensor& x = *g.in(0);
  const int64_t off = g.attr_int(kDiagOffset);
  TensorRef d = g.dout(0);
  if (x.numel() == 0) {
    g.set_grad(0, zeros_like_tensor(x));
    return;
  }
  if (x.ndim == 1) {
    // The offset diagonal of the square gradient has exactly n entries.
    g.set_grad(0, call("diag_v2", {d}, {{"offset", off}}));
    return;
  }
  // 2-D X: scatter the vector gradient onto X's offset diagonal.
  const int64_t len = d->numel();
  TensorRef idx = empty_tensor(DType::Int64, {len, 2});
  int64_t* pi = idx->data<int64_t>();
  const int64_t r0 = off < 0 ? -off : 0, c0 = off > 0 ? off : 0;
  for (int64_t i = 0; i < len; ++i) {
    pi[2 * i] = r0 + i;
    pi[2 * i + 1] = c0 + i;
  }
  g.set_grad(0, call("scatter_nd_add", {zeros_like_tensor(x), idx, d}));
}

}  // namespace

PD_REGISTER_OP(tril_triu)
    .input("X")
    .output("Out")
    .attr("diagonal", (int64_t)0)
    .attr("lower", false)
    .dtypes(kAllDTypes)
    .infer(tril_triu_infer)
    .cpu(tril_triu_cpu)
    .grad(tril_triu_grad);

PD_REGISTER_OP(diag_v2)
    .input("X")
    .output("Out")
    .attr("offset", (int64_t)0)
    .attr("padding_value", 0.0)
    .dtypes(kArithmeticDTypes)
    .compute_f16_via_f32()
    .infer(diag_v2_infer)
    .cpu(diag_v2_cpu)
    .grad(diag_v2_grad);

}  // namespace pd
