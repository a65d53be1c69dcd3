#include "kernels/common/broadcast.h"

namespace pd {

std::vector<int64_t> broadcast_shape(const char* op, const Tensor& x, const Tensor& y,
                                     int64_t axis) {
  const int nx = x.ndim, ny = y.ndim;
  const int nd = std::max(nx, ny);
  if (axis != -1) {
    const int small = std::min(nx, ny);
    if (axis < -1 || axis > nd - small)  // not axis + small: a huge axis would overflow
      PD_THROW(PD_INVALID_ARGUMENT, op, ": axis ", axis, " is out of range for X of shape ",
               shape_str(x.dims, nx), " and Y of shape ", shape_str(y.dims, ny),
               "; expected -1 or 0 <= axis <= ", nd - small);
  }
  std::vector<int64_t> out(nd);
  // Align the shorter operand at `axis` (fluid) or at the trailing dims (numpy).
  const int lead_x = (axis >= 0 && nx < ny) ? (int)axis : nd - nx;
  const int lead_y = (axis >= 0 && ny < nx) ? (int)axis : nd - ny;
  for (int d = 0; d < nd; ++d) {
    const int ix = d - lead_x, iy = d - lead_y;
    const int64_t a = (ix >= 0 && ix < nx) ? x.dims[ix] : 1;
    const int64_t b = (iy >= 0 && iy < ny) ? y.dims[iy] : 1;
    if (a != b && a != 1 && b != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": the shapes of X ", shape_str(x.dims, nx), " and Y ",
               shape_str(y.dims, ny), " cannot be broadcast: dimension ", d, " is ", a, " vs ",
               b, "; expected equal sizes or one of them 1");
    out[d] = (a == 1) ? b : a;
  }
  return out;
}

void broadcast_strides(const Tensor& t, const int64_t* out, int out_nd, int lead, int64_t* st) {
  for (int d = 0; d < out_nd; ++d) {
    const int i = d - lead;
    st[d] = (i >= 0 && i < t.ndim && t.dims[i] != 1) ? t.strides[i] : 0;
  }
  (void)out;
}

}  // namespace pd
