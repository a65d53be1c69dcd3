#include "kernels/common/grad_utils.h"

#include <algorithm>

namespace pd {

TensorRef reshape_to(const TensorRef& t, const std::vector<int64_t>& dims) {
  if (t->ndim == (int)dims.size() && std::equal(dims.begin(), dims.end(), t->dims)) return t;
  // reshape2 reads a 0 in `shape` as "copy the input dim"; an empty target needs no data.
  if (std::find(dims.begin(), dims.end(), 0) != dims.end())
    return empty_tensor(t->dtype, dims, t->place());
  return call("reshape2", {t}, {{"shape", dims}});
}

TensorRef reduce_grad_to(const TensorRef& g, const Tensor& like, int64_t axis) {
  if (g->ndim == like.ndim && std::equal(like.dims, like.dims + like.ndim, g->dims)) return g;
  const int nd = g->ndim;
  const int lead = (axis >= 0 && like.ndim < nd) ? (int)axis : nd - like.ndim;
  std::vector<int64_t> reduce_dims;
  for (int d = 0; d < nd; ++d) {
    const int i = d - lead;
    const int64_t s = (i >= 0 && i < like.ndim) ? like.dims[i] : 1;
    if (s == 1 && g->dims[d] != 1) reduce_dims.push_back(d);
    else if (i < 0 || i >= like.ndim) reduce_dims.push_back(d);
  }
  TensorRef r = g;
  if (!reduce_dims.empty())
    r = call("reduce_sum", {g}, {{"dim", reduce_dims}, {"keep_dim", true}});
  return reshape_to(r, like.shape());
}

}  // namespace pd
