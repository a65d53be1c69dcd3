// Helpers shared by the manipulation ops: strided element copies (any source/destination strides,
// source strides may be 0 for broadcasting), slice geometry (Paddle's slice / strided_slice
// index rules) and XShape metadata.
#pragma once
#include <algorithm>
#include <cstring>
#include <vector>

#include "core/tensor.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace manip {

// dst[idx] = src[idx] for every index of `dims`; both sides addressed through their strides
// (elements). The destination must not overlap itself (true for slice regions).
template <typename T>
void strided_assign_typed(const T* src, const int64_t* ss, T* dst, const int64_t* ds,
                          const int64_t* dims, int nd) {
  int64_t n = 1;
  for (int d = 0; d < nd; ++d) n *= dims[d];
  if (n == 0) return;
  if (nd == 0) {
    dst[0] = src[0];
    return;
  }
  const int64_t inner = dims[nd - 1];
  const int64_t rows = n / inner;
  const int64_t si = ss[nd - 1], di = ds[nd - 1];
  parallel_for(rows, 8192 / (inner + 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t rem = r, so = 0, dof = 0;
      for (int d = nd - 2; d >= 0; --d) {
        const int64_t c = rem % dims[d];
        rem /= dims[d];
        so += c * ss[d];
        dof += c * ds[d];
      }
      const T* s = src + so;
      T* o = dst + dof;
      if (si == 1 && di == 1) {
        std::memcpy(static_cast<void*>(o), static_cast<const void*>(s), sizeof(T) * inner);
      } else if (si == 0) {
        const T v = s[0];
        for (int64_t i = 0; i < inner; ++i) o[i * di] = v;
      } else {
        for (int64_t i = 0; i < inner; ++i) o[i * di] = s[i * si];
      }
    }
  });
}

struct Bytes16 {
  uint64_t a, b;
};

inline void strided_assign(const void* src, const int64_t* ss, void* dst, const int64_t* ds,
                           const int64_t* dims, int nd, size_t es) {
  switch (es) {
    case 1: strided_assign_typed((const uint8_t*)src, ss, (uint8_t*)dst, ds, dims, nd); break;
    case 2: strided_assign_typed((const uint16_t*)src, ss, (uint16_t*)dst, ds, dims, nd); break;
    case 4: strided_assign_typed((const uint32_t*)src, ss, (uint32_t*)dst, ds, dims, nd); break;
    case 8: strided_assign_typed((const uint64_t*)src, ss, (uint64_t*)dst, ds, dims, nd); break;
    case 16: strided_assign_typed((const Bytes16*)src, ss, (Bytes16*)dst, ds, dims, nd); break;
    default: PD_THROW(PD_INTERNAL, "strided_assign: unexpected element size ", es);
  }
}

// The region a slice selects, per input dim: first index, step and count; which dims the
// result drops (decrease) and the result's shape.
struct SliceSpec {
  int ndim = 0;
  int64_t start[kMaxRank] = {};
  int64_t step[kMaxRank] = {};
  int64_t count[kMaxRank] = {};
  bool decrease[kMaxRank] = {};
  std::vector<int64_t> out_dims;      // after removing decreased dims ([1] if all removed)
  std::vector<int64_t> reduced_dims;  // after removing decreased dims (may be empty)
};

// `steps` null: Paddle's slice rules (step 1; start/end clamped to [0, dim]).
// Otherwise Paddle's strided_slice rules (numpy's, plus Paddle's convention that end == -1 with
// a negative step means "through index 0", i.e. numpy's None stop).
// Empty regions are allowed (count 0). Throws PD_INVALID_ARGUMENT naming `op` on bad attributes.
SliceSpec make_slice_spec(const char* op, const Tensor& x, const std::vector<int64_t>& axes,
                          const std::vector<int64_t>& starts, const std::vector<int64_t>& ends,
                          const std::vector<int64_t>* steps, const std::vector<int64_t>& decrease,
                          const char* steps_name, const char* decrease_name);

// A view of `t` (same shape as the spec's input) over the selected region, with the full rank
// (decreased dims kept as size 1).
void region_geometry(const Tensor& t, const SliceSpec& s, int64_t* dims, int64_t* strides,
                     int64_t* offset);

// XShape of reshape2/transpose2/squeeze2/unsqueeze2: 0-element, dims [0, x.dims...] (truncated
// to the maximum rank for rank-9 inputs; only the dtype and the tail of dims carry meaning).
inline TensorMeta xshape_meta(const Tensor& x) {
  TensorMeta m;
  m.dtype = x.dtype;
  const int n = std::min(x.ndim + 1, kMaxRank);
  m.ndim = n;
  m.dims[0] = 0;
  for (int i = 1; i < n; ++i) m.dims[i] = x.dims[i - 1];
  return m;
}

}  // namespace manip
}  // namespace pd
