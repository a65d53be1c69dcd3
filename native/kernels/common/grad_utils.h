// Helpers for grad makers.
#pragma once
#include "framework/op_registry.h"

namespace pd {

// Sums a gradient of the broadcast shape back to the shape of `like` (the forward input of a
// broadcasting op). `axis` is the elementwise axis attribute (-1 = numpy alignment).
TensorRef reduce_grad_to(const TensorRef& g, const Tensor& like, int64_t axis = -1);

// Reshape without copying when possible (reshape2's first output).
TensorRef reshape_to(const TensorRef& t, const std::vector<int64_t>& dims);

}  // namespace pd
