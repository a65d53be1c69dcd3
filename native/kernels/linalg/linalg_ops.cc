// Declarations of the linear-algebra family: matmul_v2 (Paddle 2.0 semantics).
//
// matmul_v2: X, Y -> Out; attrs trans_x, trans_y.
//  - 1-D X is treated as [1, K] (the 1 is removed from Out), 1-D Y as [K, 1] (removed too);
//    1-D . 1-D gives shape [1] (Paddle 2.0 has no 0-d tensors). trans_x / trans_y are ignored
//    for 1-D operands (as Paddle's kernel does).
//  - Batch dims (all but the last two) broadcast numpy-style.
//  - float32 runs on oneDNN's row-major dnnl_sgemm per batch (batches in parallel when each
//    product is small); float64 and integers use our own loops (oneDNN has no f64 GEMM);
//    float16/bfloat16 run through float32.
//  - Operands whose matrices are row- or column-major views (e.g. transposed views) are read in
//    place by flipping the transpose flag; other layouts are packed first.
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/grad_utils.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

enum MatmulAttr { kTransX = 0, kTransY = 1 };

// Shapes of one matmul_v2 call, 1-D operands already expanded.
struct MatmulShape {
  int xnd, ynd;                   // original ranks
  std::vector<int64_t> xm, ym;    // expanded dims (rank >= 2)
  bool tx, ty;                    // effective flags (false for 1-D operands)
  int64_t M, N, K;
  std::vector<int64_t> batch;     // broadcast batch dims
  std::vector<int64_t> full_out;  // batch + [M, N]
  std::vector<int64_t> out;       // after removing the 1-D dims ([1] if nothing is left)
};

MatmulShape matmul_shape(const Tensor& x, const Tensor& y, bool trans_x, bool trans_y) {
  MatmulShape s;
  s.xnd = x.ndim;
  s.ynd = y.ndim;
  if (x.ndim == 0 || y.ndim == 0)
    PD_THROW(PD_INVALID_ARGUMENT, "matmul_v2: X has shape ", shape_str(x.dims, x.ndim),
             " and Y has shape ", shape_str(y.dims, y.ndim), "; expected both of rank >= 1");
  s.xm = x.shape();
  s.ym = y.shape();
  s.tx = x.ndim == 1 ? false : trans_x;
  s.ty = y.ndim == 1 ? false : trans_y;
  if (x.ndim == 1) s.xm.insert(s.xm.begin(), 1);
  if (y.ndim == 1) s.ym.push_back(1);
  const int xr = (int)s.xm.size(), yr = (int)s.ym.size();
  s.M = s.tx ? s.xm[xr - 1] : s.xm[xr - 2];
  const int64_t kx = s.tx ? s.xm[xr - 2] : s.xm[xr - 1];
  const int64_t ky = s.ty ? s.ym[yr - 1] : s.ym[yr - 2];
  s.N = s.ty ? s.ym[yr - 2] : s.ym[yr - 1];
  if (kx != ky) {
    const char* xd = x.ndim == 1 ? "the length of X" : s.tx ? "the second-to-last dimension of X (trans_x)" : "the last dimension of X";
    const char* yd = y.ndim == 1 ? "the length of Y" : s.ty ? "the last dimension of Y (trans_y)" : "the first matrix dimension of Y";
    PD_THROW(PD_INVALID_ARGUMENT, "matmul_v2: ", xd, " (", kx, ") must equal ", yd, " (", ky,
             "); got X of shape ", shape_str(x.dims, x.ndim), " and Y of shape ",
             shape_str(y.dims, y.ndim), " with trans_x=", trans_x ? "true" : "false",
             ", trans_y=", trans_y ? "true" : "false");
  }
  s.K = kx;
  const int xb = xr - 2, yb = yr - 2, nb = std::max(xb, yb);
  s.batch.assign(nb, 1);
  for (int i = 0; i < nb; ++i) {
    const int xi = xb - nb + i, yi = yb - nb + i;
    const int64_t a = xi >= 0 ? s.xm[xi] : 1, b = yi >= 0 ? s.ym[yi] : 1;
    if (a != b && a != 1 && b != 1)
      PD_THROW(PD_INVALID_ARGUMENT, "matmul_v2: the batch dimensions of X (shape ",
               shape_str(x.dims, x.ndim), ") and Y (shape ", shape_str(y.dims, y.ndim),
               ") cannot be broadcast: ", a, " vs ", b, " at batch axis ", i,
               "; expected equal sizes or 1");
    s.batch[i] = a == 1 ? b : a;
  }
  s.full_out = s.batch;
  s.full_out.push_back(s.M);
  s.full_out.push_back(s.N);
  s.out = s.batch;
  if (x.ndim != 1) s.out.push_back(s.M);
  if (y.ndim != 1) s.out.push_back(s.N);
  if (s.out.empty()) s.out.push_back(1);
  if ((int)s.out.size() > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "matmul_v2: the result would have rank ", s.out.size(),
             "; at most ", kMaxRank, " is supported");
  return s;
}

void matmul_infer(OpContext& c) {
  MatmulShape s = matmul_shape(c.in(0), c.in(1), c.attr_bool(kTransX), c.attr_bool(kTransY));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims(s.out);
}

// One operand as GEMM sees it: base pointer, per-batch strides (0 where broadcast), and the
// stored matrix layout: rows x cols row-major with leading dimension ld, `stored_t` when the
// memory holds the transpose of the logical matrix.
struct Operand {
  TensorRef hold;  // keeps a packed copy alive
  int64_t offset = 0;
  std::vector<int64_t> bstride;
  int64_t rs = 0, cs = 0;  // element strides of the logical (rows, cols) matrix
  bool stored_t = false;
  int64_t ld = 0;
};

// Fills `op` for tensor t seen with dims `m` (rank >= 2, 1-D already expanded; `one_d_pos`
// says where the inserted 1 sits: 0 = front (X), 1 = back (Y), -1 none).
Operand make_operand(const TensorRef& t, const std::vector<int64_t>& m, int one_d_pos,
                     const std::vector<int64_t>& batch) {
  Operand op;
  TensorRef src = t;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<int64_t> st(src->strides, src->strides + src->ndim);
    if (one_d_pos == 0) st.insert(st.begin(), src->numel() * (st.empty() ? 1 : st[0]));
    if (one_d_pos == 1) st.push_back(1);
    const int r = (int)m.size();
    const int64_t rows = m[r - 2], cols = m[r - 1];
    const int64_t sr = st[r - 2], sc = st[r - 1];
    op.rs = sr;
    op.cs = sc;
    if ((cols == 1 || sc == 1) && (rows == 1 || sr >= std::max<int64_t>(cols, 1))) {
      op.stored_t = false;
      op.ld = rows == 1 ? std::max<int64_t>(cols, 1) : sr;
      op.rs = op.ld;
      op.cs = 1;
    } else if ((rows == 1 || sr == 1) && (cols == 1 || sc >= std::max<int64_t>(rows, 1))) {
      op.stored_t = true;
      op.ld = cols == 1 ? std::max<int64_t>(rows, 1) : sc;
      op.rs = 1;
      op.cs = op.ld;
    } else {
      src = contiguous(t);
      if (src.get() == t.get()) PD_THROW(PD_INTERNAL, "matmul_v2: unexpected layout");
      continue;
    }
    op.hold = src;
    op.offset = 0;
    const int nb = (int)batch.size(), ob = r - 2;
    op.bstride.assign(nb, 0);
    for (int i = 0; i < ob; ++i)
      op.bstride[nb - ob + i] = m[i] == 1 ? 0 : st[i];
    return op;
  }
  PD_THROW(PD_INTERNAL, "matmul_v2: could not lay out an operand");
}

// C[M x N] = op(A) op(B) with element strides; B rows (over j) contiguous when bj == 1.
template <typename T>
void gemm_loops(int64_t M, int64_t N, int64_t K, const T* A, int64_t ai, int64_t ak, const T* B,
                int64_t bk, int64_t bj, T* C) {
  for (int64_t i = 0; i < M; ++i) {
    T* c = C + i * N;
    for (int64_t j = 0; j < N; ++j) c[j] = T(0);
    for (int64_t k = 0; k < K; ++k) {
      const T a = A[i * ai + k * ak];
      const T* b = B + k * bk;
      if (bj == 1) {
        for (int64_t j = 0; j < N; ++j) c[j] += a * b[j];
      } else {
        for (int64_t j = 0; j < N; ++j) c[j] += a * b[j * bj];
      }
    }
  }
}

template <typename T>
void matmul_run(const MatmulShape& s, const TensorRef& x, const TensorRef& y, Tensor& out) {
  T* po = out.data<T>();
  const int64_t M = s.M, N = s.N, K = s.K;
  int64_t nbatch = 1;
  for (int64_t b : s.batch) nbatch *= b;
  if (nbatch * M * N == 0) return;
  if (K == 0) {
    std::fill(po, po + nbatch * M * N, T(0));
    return;
  }
  Operand a = make_operand(x, s.xm, s.xnd == 1 ? 0 : -1, s.batch);
  Operand b = make_operand(y, s.ym, s.ynd == 1 ? 1 : -1, s.batch);
  // If the integer/f64 path would read B with a non-unit inner stride, pack op(B) instead.
  const T* pa = a.hold->data<T>();
  const T* pb = b.hold->data<T>();
  const int nb = (int)s.batch.size();
  auto offsets = [&](int64_t bi, int64_t* oa, int64_t* ob) {
    int64_t rem = bi, xa = 0, yb = 0;
    for (int d = nb - 1; d >= 0; --d) {
      const int64_t c = rem % s.batch[d];
      rem /= s.batch[d];
      xa += c * a.bstride[d];
      yb += c * b.bstride[d];
    }
    *oa = xa;
    *ob = yb;
  };
  const int64_t work = M * N * K;
  if constexpr (std::is_same_v<T, float>) {
    // op(A) = (stored_t XOR tx) ? stored^T : stored.
    const char ta = (a.stored_t != s.tx) ? 'T' : 'N';
    const char tb = (b.stored_t != s.ty) ? 'T' : 'N';
    auto one = [&](int64_t bi) {
      int64_t oa, ob;
      offsets(bi, &oa, &ob);
      dnnl_status_t st = dnnl_sgemm(ta, tb, M, N, K, 1.0f, pa + oa, a.ld, pb + ob, b.ld, 0.0f,
                                    po + bi * M * N, N);
      if (st != dnnl_success)
        PD_THROW(PD_INTERNAL, "matmul_v2: oneDNN sgemm failed with status ", (int)st);
    };
    if (nbatch > 1 && work < (int64_t)1 << 18) {
      std::vector<int> failed(1, 0);
      parallel_for(nbatch, std::max<int64_t>(1, ((int64_t)1 << 17) / (work + 1)),
                   [&](int64_t b0, int64_t b1) {
                     for (int64_t bi = b0; bi < b1; ++bi) {
                       int64_t oa, ob;
                       offsets(bi, &oa, &ob);
                       if (dnnl_sgemm(ta, tb, M, N, K, 1.0f, pa + oa, a.ld, pb + ob, b.ld, 0.0f,
                                      po + bi * M * N, N) != dnnl_success)
                         failed[0] = 1;
                     }
                   });
      if (failed[0]) PD_THROW(PD_INTERNAL, "matmul_v2: oneDNN sgemm failed");
    } else {
      for (int64_t bi = 0; bi < nbatch; ++bi) one(bi);
    }
  } else {
    // Logical strides of op(A) (i over M, k over K) and op(B) (k over K, j over N).
    const int64_t ai = s.tx ? a.cs : a.rs, ak = s.tx ? a.rs : a.cs;
    int64_t bk = s.ty ? b.cs : b.rs, bj = s.ty ? b.rs : b.cs;
    // Pack op(B) contiguous per distinct batch when its rows are strided.
    std::vector<T> packed;
    std::vector<int64_t> packed_off;
    if (bj != 1 && N > 1) {
      // Distinct B batches = product of Y's batch dims; index them via the batch offsets.
      int64_t ybatches = 1;
      for (size_t i = 0; i + 2 < s.ym.size(); ++i) ybatches *= s.ym[i];
      packed.resize((size_t)(ybatches * K * N));
      // Walk Y's own batches in row-major order (its strides in b.bstride are the output-aligned
      // ones; recompute from Y's dims).
      const int yb = (int)s.ym.size() - 2;
      std::vector<int64_t> ystr(yb);
      for (int i = 0; i < yb; ++i) ystr[i] = b.bstride[nb - yb + i];
      for (int64_t q = 0; q < ybatches; ++q) {
        int64_t rem = q, off = 0;
        for (int d = yb - 1; d >= 0; --d) {
          off += (rem % s.ym[d]) * ystr[d];
          rem /= s.ym[d];
        }
        T* dst = packed.data() + q * K * N;
        const T* src = pb + off;
        for (int64_t k = 0; k < K; ++k)
          for (int64_t j = 0; j < N; ++j) dst[k * N + j] = src[k * bk + j * bj];
      }
      // Map each output batch to its packed Y batch.
      packed_off.resize(nbatch);
      for (int64_t bi = 0; bi < nbatch; ++bi) {
        int64_t rem = bi, q = 0, mul = 1;
        for (int d = nb - 1; d >= 0; --d) {
          const int64_t c = rem % s.batch[d];
          rem /= s.batch[d];
          const int yi = d - (nb - yb);
          if (yi >= 0) {
            q += (s.ym[yi] == 1 ? 0 : c) * mul;
            mul *= s.ym[yi];
          }
        }
        packed_off[bi] = q * K * N;
      }
    }
    const bool use_packed = !packed.empty();
    parallel_for(nbatch * M, std::max<int64_t>(1, 16384 / (N * K + 1)),
                 [&](int64_t r0, int64_t r1) {
                   for (int64_t r = r0; r < r1; ++r) {
                     const int64_t bi = r / M, i = r % M;
                     int64_t oa, ob;
                     offsets(bi, &oa, &ob);
                     const T* A = pa + oa + i * ai;
                     const T* B = use_packed ? packed.data() + packed_off[bi] : pb + ob;
                     gemm_loops<T>(1, N, K, A, ai, ak, B, use_packed ? N : bk,
                                   use_packed ? 1 : bj, po + bi * M * N + i * N);
                   }
                 });
  }
}

void matmul_cpu(OpContext& c) {
  MatmulShape s = matmul_shape(c.in(0), c.in(1), c.attr_bool(kTransX), c.attr_bool(kTransY));
  Tensor& out = c.out(0);
  switch (out.dtype) {
    case DType::Float32: matmul_run<float>(s, c.in_ref(0), c.in_ref(1), out); break;
    case DType::Float64: matmul_run<double>(s, c.in_ref(0), c.in_ref(1), out); break;
    case DType::Int32: matmul_run<int32_t>(s, c.in_ref(0), c.in_ref(1), out); break;
    case DType::Int64: matmul_run<int64_t>(s, c.in_ref(0), c.in_ref(1), out); break;
    default: throw_unsupported_dtype("matmul_v2", out.dtype);
  }
}

TensorRef mm(const TensorRef& a, const TensorRef& b, bool ta, bool tb) {
  return call("matmul_v2", {a, b}, {{"trans_x", ta}, {"trans_y", tb}});
}

TensorRef reshape(const TensorRef& t, const std::vector<int64_t>& dims) {
  if (t->shape() == dims) return t;
  return call("reshape2", {t}, {{"shape", dims}});
}

// Sums the broadcast batch dims of `g` down to `dims` (the expanded operand's shape).
TensorRef reduce_to_dims(const TensorRef& g, const std::vector<int64_t>& dims) {
  Tensor like;
  like.ndim = (int)dims.size();
  for (size_t i = 0; i < dims.size(); ++i) like.dims[i] = dims[i];
  return reduce_grad_to(g, like);
}

void matmul_grad(GradContext& g) {
  const TensorRef& x = g.in(0);
  const TensorRef& y = g.in(1);
  MatmulShape s = matmul_shape(*x, *y, g.attr_bool(kTransX), g.attr_bool(kTransY));
  TensorRef dout = g.dout(0);
  if (x->numel() == 0 || y->numel() == 0 || dout->numel() == 0) {
    if (g.needs(0)) g.set_grad(0, zeros_like_tensor(*x));
    if (g.needs(1)) g.set_grad(1, zeros_like_tensor(*y));
    return;
  }
  TensorRef x2 = reshape(x, s.xm), y2 = reshape(y, s.ym), d2 = reshape(dout, s.full_out);
  const bool tx = s.tx, ty = s.ty;
  if (g.needs(0)) {
    TensorRef dx;
    if (!tx && !ty) dx = mm(d2, y2, false, true);
    else if (!tx && ty) dx = mm(d2, y2, false, false);
    else if (tx && !ty) dx = mm(y2, d2, false, true);
    else dx = mm(y2, d2, true, true);
    g.set_grad(0, reshape(reduce_to_dims(dx, s.xm), x->shape()));
  }
  if (g.needs(1)) {
    TensorRef dy;
    if (!tx && !ty) dy = mm(x2, d2, true, false);
    else if (!tx && ty) dy = mm(d2, x2, true, false);
    else if (tx && !ty) dy = mm(x2, d2, false, false);
    else dy = mm(d2, x2, true, true);
    g.set_grad(1, reshape(reduce_to_dims(dy, s.ym), y->shape()));
  }
}

}  // namespace

PD_REGISTER_OP(matmul_v2)
    .input("X")
    .input("Y")
    .output("Out")
    .attr("trans_x", false)
    .attr("trans_y", false)
    .dtypes({DType::Float16, DType::BFloat16, DType::Float32, DType::Float64, DType::Int32,
             DType::Int64})
    .compute_f16_via_f32()
    .infer(matmul_infer)
    .cpu(matmul_cpu)
    .grad(matmul_grad);

}  // namespace pd
