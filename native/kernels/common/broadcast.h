// Numpy-style broadcasting, shared by every binary elementwise op: shape inference with Paddle's
// error text, and a loop that walks a contiguous output while reading two strided/broadcast
// inputs (fast paths: same-shape contiguous, scalar operand).
#pragma once
#include <algorithm>
#include <vector>

#include "core/tensor.h"
#include "kernels/common/parallel.h"

namespace pd {

// Broadcast shape of x and y (right-aligned). `axis` is Paddle's elementwise axis attribute:
// -1 aligns trailing dims (numpy); axis >= 0 aligns y's first dim with x's dim `axis` (fluid).
std::vector<int64_t> broadcast_shape(const char* op, const Tensor& x, const Tensor& y,
                                     int64_t axis = -1);

// Strides (in elements) to read `t` as if it had shape `out` (0 for broadcast dims). `lead` is
// how many leading output dims `t` lacks.
void broadcast_strides(const Tensor& t, const int64_t* out, int out_nd, int lead, int64_t* st);

// Calls out[i] = f(x[i'], y[i'']) over the output (contiguous, shape `out`).
template <typename TX, typename TY, typename TO, typename F>
void broadcast_binary(const Tensor& x, const Tensor& y, Tensor& out, int64_t axis, F f) {
  const int64_t n = out.numel();
  if (n == 0) return;
  const TX* px = x.data<TX>();
  const TY* py = y.data<TY>();
  TO* po = out.data<TO>();
  const bool same = x.ndim == out.ndim && y.ndim == out.ndim &&
                    std::equal(x.dims, x.dims + x.ndim, out.dims) &&
                    std::equal(y.dims, y.dims + y.ndim, out.dims);
  if (same && x.is_contiguous() && y.is_contiguous()) {
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = f(px[i], py[i]);
    });
    return;
  }
  if (y.numel() == 1 && x.is_contiguous() && x.numel() == n) {
    const TY s = py[0];
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = f(px[i], s);
    });
    return;
  }
  if (x.numel() == 1 && y.is_contiguous() && y.numel() == n) {
    const TX s = px[0];
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = f(s, py[i]);
    });
    return;
  }
  const int nd = out.ndim;
  int64_t sx[kMaxRank], sy[kMaxRank];
  // With a fluid axis, y's dims sit at [axis, axis + y.ndim); pad trailing ones.
  // The same alignment as broadcast_shape: the lower-rank operand, X or Y, sits at `axis` (found
  // by the C ABI fuzzer: X aligned at the trailing dims read past its buffer).
  int lead_y = nd - y.ndim, lead_x = nd - x.ndim;
  if (axis >= 0 && y.ndim < x.ndim) lead_y = (int)axis;
  if (axis >= 0 && x.ndim < y.ndim) lead_x = (int)axis;
  broadcast_strides(x, out.dims, nd, lead_x, sx);
  broadcast_strides(y, out.dims, nd, lead_y, sy);
  const int64_t inner = out.dims[nd - 1];
  const int64_t rows = n / inner;
  const int64_t ix = sx[nd - 1], iy = sy[nd - 1];
  parallel_for(rows, kElementwiseGrain / (inner + 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, ox = 0, oy = 0;
      for (int d = nd - 2; d >= 0; --d) {
        const int64_t c = rem % out.dims[d];
        rem /= out.dims[d];
        ox += c * sx[d];
        oy += c * sy[d];
      }
      const TX* a = px + ox;
      const TY* b = py + oy;
      TO* o = po + r * inner;
      if (ix == 1 && iy == 1) {
        for (int64_t i = 0; i < inner; ++i) o[i] = f(a[i], b[i]);
      } else if (ix == 1 && iy == 0) {
        const TY s = b[0];
        for (int64_t i = 0; i < inner; ++i) o[i] = f(a[i], s);
      } else {
        for (int64_t i = 0; i < inner; ++i) o[i] = f(a[i * ix], b[i * iy]);
      }
    }
  });
}

// out[i] = f(x[i]) for any-strided x into contiguous out of the same shape.
template <typename TX, typename TO, typename F>
void unary_map(const Tensor& x, Tensor& out, F f) {
  const int64_t n = out.numel();
  if (n == 0) return;
  TO* po = out.data<TO>();
  if (x.is_contiguous()) {
    const TX* px = x.data<TX>();
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) po[i] = f(px[i]);
    });
    return;
  }
  TensorRef packed = empty_tensor(x.dtype, x.dims, x.ndim);
  copy_to_contiguous(x, packed->raw_data());
  const TX* px = packed->data<TX>();
  parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) po[i] = f(px[i]);
  });
}

}  // namespace pd
