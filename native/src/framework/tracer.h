// The dygraph tracer: validates one op call against its declaration, runs shape inference and
// the kernel, and records autograd. Both the C ABI and C++ callers (pd::call) come through here.
#pragma once
#include <vector>

#include "framework/op_registry.h"

namespace pd {

struct AttrOverride {
  int32_t index;
  AttrView value;
};

// inputs: flattened; counts: one entry per declared input slot (how many tensors it holds).
std::vector<TensorRef> execute_op(const OpDef& def, std::vector<TensorRef> inputs,
                                  const int* counts, const AttrOverride* attrs, int n_attrs);

// Runs the op, then writes its first output into `target` (same shape and dtype), which takes
// over the output's autograd identity. Rejects a leaf that requires grad, as Paddle does.
void execute_op_inplace(const OpDef& def, const TensorRef& target, std::vector<TensorRef> inputs,
                        const int* counts, const AttrOverride* attrs, int n_attrs);

// Casts without autograd (used for float16 compute and grad dtype fixes).
TensorRef cast_tensor(const TensorRef& t, DType to);

}  // namespace pd
