// Handles of the C ABI. A pd_tensor* is not a pointer to anything: it encodes a 64-bit id that is
// never reused, mapped (in a sharded table) to the one tensor reference that handle owns. So a
// NULL, released, double-released or made-up handle is found missing and reported, instead of
// being dereferenced; and a use takes its own counted reference under the shard lock, so a
// release on another thread cannot free the tensor under a running call.
#pragma once
#include <cstdint>

#include "core/tensor.h"
#include "paddle_c.h"

namespace pd::capi {

// A new handle owning `t` (non-null). Each call gives a distinct, never-reused handle value.
pd_tensor* handle_new(TensorRef t);
// The tensor behind a live handle, as a new counted reference. Throws PD_INVALID_ARGUMENT naming
// `fn` when `h` is NULL or not a live handle.
TensorRef handle_get(const pd_tensor* h, const char* fn);
// As handle_get, but NULL gives a null reference (optional arguments).
TensorRef handle_get_optional(const pd_tensor* h, const char* fn);
// Ends a handle (drops its reference). Returns false when `h` is not a live handle.
bool handle_release(pd_tensor* h);
// Number of live handles (for tests).
int64_t handle_count();

}  // namespace pd::capi
