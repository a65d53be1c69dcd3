// Which dims a reduction covers, shared by every reducing op (reduce_*, logsumexp, reduce_all /
// reduce_any): negative axes normalised, out-of-range and repeated axes rejected, an empty list
// or reduce_all meaning every dim. A 0-d input counts as shape [1] (Paddle 2.0).
#pragma once
#include <algorithm>
#include <vector>

#include "core/tensor.h"

namespace pd {

struct ReduceAxes {
  int nd = 0;
  int64_t dims[kMaxRank] = {};
  bool reduced[kMaxRank] = {};
};

// `attr` names the attribute in error messages ("dim", "axis").
inline ReduceAxes resolve_reduce_axes(const char* op, const Tensor& x,
                                      const std::vector<int64_t>& axes, bool all,
                                      const char* attr) {
  ReduceAxes r;
  if (x.ndim == 0) {
    r.nd = 1;
    r.dims[0] = 1;
  } else {
    r.nd = x.ndim;
    std::copy(x.dims, x.dims + x.ndim, r.dims);
  }
  const int nd = r.nd;
  if (!all && !axes.empty()) {
    for (int64_t d : axes) {
      if (d < -nd || d >= nd)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", d, " is out of range for a tensor of rank ",
                 x.ndim, "; expected ", -nd, " <= axis < ", nd);
      const int a = (int)(d < 0 ? d + nd : d);
      if (r.reduced[a])
        PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", d, " appears more than once in ", attr, " ",
                 shape_str(axes), "; expected distinct axes");
      r.reduced[a] = true;
    }
    return r;
  }
  std::fill(r.reduced, r.reduced + nd, true);
  return r;
}

}  // namespace pd
