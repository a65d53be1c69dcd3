/*
 * paddle_c.h — the only public header of libpaddle_native: a plain C ABI.
 *
 * Conventions
 *  - Every function that can fail returns pd_status. On failure the message (naming the op, what
 *    was given and what was expected) is kept per thread: read it with pd_last_error_message().
 *  - Handles are opaque ids, not pointers: every pd_tensor* handed out (create, op outputs,
 *    retain, grad, detach, contiguous, ...) is a new handle value, never reused, that owns ONE
 *    reference; the caller releases it exactly once with pd_tensor_release(). Two handles to the
 *    same tensor compare unequal. A NULL, released, double-released or made-up handle is
 *    detected: the call fails with PD_INVALID_ARGUMENT ("... is not a live tensor"), it never
 *    touches freed memory. A handle may be used from any thread; a release racing a call that
 *    uses the same handle is safe (the call keeps the tensor alive until it returns).
 *    Functions that only read a handle never take ownership of it.
 *  - Every pointer, count, code and size argument is validated; array arguments must hold at
 *    least the number of elements their count says (that alone cannot be checked).
 *  - No C++ exception ever crosses this boundary.
 *  - Sizes and dims are int64_t; counts of handles and attributes are int32_t.
 */
#ifndef PADDLE_C_H
#define PADDLE_C_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define PD_API __declspec(dllexport)
#else
#define PD_API __attribute__((visibility("default")))
#endif

/* ABI version: bumped whenever a declaration in this header changes incompatibly. */
#define PD_ABI_VERSION 2

/* Status codes. */
typedef enum pd_status {
  PD_OK = 0,
  PD_INVALID_ARGUMENT = 1, /* a shape, dtype, axis, index or attribute is wrong */
  PD_OUT_OF_RANGE = 2,     /* an index is outside its dimension */
  PD_NOT_FOUND = 3,        /* unknown op or attribute name */
  PD_INVALID_STATE = 4,    /* the call is not allowed now (e.g. backward twice) */
  PD_OUT_OF_MEMORY = 5,    /* an allocation failed */
  PD_UNIMPLEMENTED = 6,    /* the op has no kernel for this place/dtype */
  PD_INTERNAL = 7          /* a bug in the engine */
} pd_status;

/* Data types: the numbering is Paddle's VarType so saved files map one to one. */
typedef enum pd_dtype {
  PD_BOOL = 0,
  PD_INT16 = 1,
  PD_INT32 = 2,
  PD_INT64 = 3,
  PD_FLOAT16 = 4,
  PD_FLOAT32 = 5,
  PD_FLOAT64 = 6,
  PD_UINT8 = 20,
  PD_INT8 = 21,
  PD_BFLOAT16 = 22,
  PD_COMPLEX64 = 23,
  PD_COMPLEX128 = 24
} pd_dtype;

/* Places. Only PD_PLACE_CPU has kernels in this build; the others are reserved. */
typedef enum pd_place_kind {
  PD_PLACE_CPU = 0,
  PD_PLACE_CUDA = 1,
  PD_PLACE_CUDA_PINNED = 2,
  PD_PLACE_XPU = 3
} pd_place_kind;

/* Attribute value types. */
typedef enum pd_attr_type {
  PD_ATTR_INT = 0,    /* value_i */
  PD_ATTR_FLOAT = 1,  /* value_f */
  PD_ATTR_BOOL = 2,   /* value_i (0 or 1) */
  PD_ATTR_STRING = 3, /* value_s, NUL-terminated */
  PD_ATTR_INTS = 4,   /* ints[0..count) */
  PD_ATTR_FLOATS = 5  /* floats[0..count) */
} pd_attr_type;

/* One attribute value for pd_op_run. `index` is the attribute's slot in the op declaration,
 * resolved once with pd_op_attr_index. Pointers are only read during the call. */
typedef struct pd_attr {
  int32_t index;
  int32_t type; /* pd_attr_type */
  int64_t value_i;
  double value_f;
  const char* value_s;
  const int64_t* ints;
  const double* floats;
  int64_t count;
} pd_attr;

typedef struct pd_tensor pd_tensor;

/* ---- library ---------------------------------------------------------------------------- */

/* Version string of the library, e.g. "0.1.0". Static storage; never free it. */
PD_API const char* pd_version(void);
/* PD_ABI_VERSION the library was built with. */
PD_API int32_t pd_abi_version(void);
/* Message of the last failed call on this thread ("" if none). Valid until the next failing
 * call on this thread; never free it. */
PD_API const char* pd_last_error_message(void);
/* Status of the last failed call on this thread (PD_OK if none). */
PD_API pd_status pd_last_error_status(void);
/* Live native objects: bytes of tensor storage, and the number of tensors, storages and
 * autograd nodes alive. Any pointer may be NULL. */
PD_API void pd_live_stats(int64_t* storage_bytes, int64_t* tensors, int64_t* storages,
                          int64_t* grad_nodes);
/* Bytes of released tensor memory kept for reuse by the CPU allocator (large blocks only;
 * capped at 1 GiB, or PADDLE_CPU_CACHE_MB). */
PD_API int64_t pd_cpu_cached_bytes(void);
/* Returns every cached block to the system. */
PD_API void pd_cpu_empty_cache(void);
/* Worker threads used by kernels (OpenMP). n <= 0 restores the default; more than 4x the
 * hardware threads (at least 64 allowed) is PD_INVALID_ARGUMENT. */
PD_API pd_status pd_set_num_threads(int32_t n);
PD_API int32_t pd_get_num_threads(void);
/* Seed of the global CPU generator (paddle.seed). */
PD_API pd_status pd_seed(uint64_t seed);
/* Whether autograd records operations on this thread (no_grad sets it to 0). Returns the
 * previous value. */
PD_API int32_t pd_set_grad_enabled(int32_t enabled);
PD_API int32_t pd_is_grad_enabled(void);
/* Whether this build has CUDA kernels (0 here). */
PD_API int32_t pd_is_compiled_with_cuda(void);

/* ---- tensors ---------------------------------------------------------------------------- */

/* Creates an uninitialised contiguous tensor (bool tensors start all false). *out receives a new
 * reference. */
PD_API pd_status pd_tensor_create(int32_t dtype, const int64_t* shape, int32_t ndim,
                                  int32_t place, pd_tensor** out);
/* Creates a contiguous tensor holding a copy of `nbytes` bytes at `data` (row-major, packed).
 * nbytes must equal numel * element size. The caller keeps ownership of `data`. For PD_BOOL any
 * non-zero byte is stored as 1. */
PD_API pd_status pd_tensor_create_from_data(int32_t dtype, const int64_t* shape, int32_t ndim,
                                            int32_t place, const void* data, int64_t nbytes,
                                            pd_tensor** out);
/* Ends the handle, releasing its reference. NULL is a no-op (PD_OK); a handle that is not live
 * (released already, or never created) is PD_INVALID_ARGUMENT and changes nothing. */
PD_API pd_status pd_tensor_release(pd_tensor* t);
/* Returns a new reference to the same tensor (same autograd identity). */
PD_API pd_status pd_tensor_retain(pd_tensor* t, pd_tensor** out);

PD_API pd_status pd_tensor_ndim(const pd_tensor* t, int32_t* out);
/* Copies min(capacity, ndim) dims into `shape` (capacity >= 0; shape may be NULL when 0). */
PD_API pd_status pd_tensor_shape(const pd_tensor* t, int64_t* shape, int32_t capacity);
/* Strides in elements. */
PD_API pd_status pd_tensor_strides(const pd_tensor* t, int64_t* strides, int32_t capacity);
PD_API pd_status pd_tensor_numel(const pd_tensor* t, int64_t* out);
PD_API pd_status pd_tensor_dtype(const pd_tensor* t, int32_t* out);
/* kind and device_id may be NULL (not wanted). */
PD_API pd_status pd_tensor_place(const pd_tensor* t, int32_t* kind, int32_t* device_id);
PD_API pd_status pd_tensor_is_contiguous(const pd_tensor* t, int32_t* out);
/* Copies the elements, in row-major order, into `dst` (works for any strides). nbytes must be
 * numel * element size. */
PD_API pd_status pd_tensor_copy_to(const pd_tensor* t, void* dst, int64_t nbytes);
/* Pointer to the first element of a contiguous CPU tensor; valid while the caller holds a
 * reference and the tensor's storage is not replaced. Fails for non-contiguous tensors. */
PD_API pd_status pd_tensor_data(pd_tensor* t, void** out);
/* Returns a contiguous tensor: a new reference to `t` itself if already contiguous. */
PD_API pd_status pd_tensor_contiguous(pd_tensor* t, pd_tensor** out);

/* LoD (level of detail): `offsets` holds `nlevels` levels back to back, level k having
 * level_sizes[k] offsets. Validated against the tensor's first dimension. */
PD_API pd_status pd_tensor_set_lod(pd_tensor* t, const int64_t* offsets,
                                   const int64_t* level_sizes, int32_t nlevels);
PD_API pd_status pd_tensor_lod_levels(const pd_tensor* t, int32_t* nlevels);
/* Size of level `level`, and with `offsets` != NULL copies min(capacity, size) offsets. */
PD_API pd_status pd_tensor_lod_level(const pd_tensor* t, int32_t level, int64_t* offsets,
                                     int64_t capacity, int64_t* size);

/* ---- autograd --------------------------------------------------------------------------- */

PD_API pd_status pd_tensor_stop_gradient(const pd_tensor* t, int32_t* out);
/* Setting stop_gradient=0 on a non-leaf is allowed; on a leaf it starts grad accumulation. */
PD_API pd_status pd_tensor_set_stop_gradient(pd_tensor* t, int32_t stop_gradient);
PD_API pd_status pd_tensor_is_leaf(const pd_tensor* t, int32_t* out);
/* Accumulated gradient of a leaf: *out is a new reference, or NULL when there is none. */
PD_API pd_status pd_tensor_grad(const pd_tensor* t, pd_tensor** out);
/* Clears the accumulated gradient (clear_gradient). */
PD_API pd_status pd_tensor_clear_grad(pd_tensor* t);
/* Runs backward from `t`. grad may be NULL (ones). retain_graph: keep saved tensors. */
PD_API pd_status pd_backward(pd_tensor* t, pd_tensor* grad, int32_t retain_graph);
/* paddle.grad: gradients of `outputs` w.r.t. `inputs`. grad_outputs may be NULL or contain
 * NULL entries (ones). grads_out receives n_inputs new references (NULL for an unused input
 * when allow_unused != 0; an unused input is an error otherwise). */
PD_API pd_status pd_grad(pd_tensor* const* outputs, int32_t n_outputs, pd_tensor* const* inputs,
                         int32_t n_inputs, pd_tensor* const* grad_outputs, int32_t retain_graph,
                         int32_t create_graph, int32_t allow_unused, pd_tensor** grads_out);
/* Returns a new tensor sharing storage with `t`, cut from the graph (stop_gradient = 1). */
PD_API pd_status pd_tensor_detach(pd_tensor* t, pd_tensor** out);

/* ---- ops -------------------------------------------------------------------------------- */

/* Resolves an op type name (Paddle's, e.g. "elementwise_add") to an id. Resolve once. */
PD_API pd_status pd_op_lookup(const char* name, int32_t* op_id);
/* Resolves an attribute name of an op to its slot index. */
PD_API pd_status pd_op_attr_index(int32_t op_id, const char* attr_name, int32_t* index);
/* Number of registered ops, and the name of op `op_id` (static storage). */
PD_API int32_t pd_op_count(void);
PD_API const char* pd_op_name(int32_t op_id);
/* Runs an op eagerly (dygraph). `inputs` holds the op's inputs in declaration order.
 * `input_counts` gives, per declared input slot, how many handles belong to it (n_slots
 * entries); NULL means one handle per slot and n_inputs must equal the number of slots. An
 * optional input may be NULL (or count 0). Unset attributes take their declared defaults.
 * On success *n_outputs new references are written to `outputs` (capacity
 * `outputs_capacity`); for a variadic output (split) the count follows from the attributes. */
PD_API pd_status pd_op_run(int32_t op_id, pd_tensor* const* inputs, int32_t n_inputs,
                           const int32_t* input_counts, int32_t n_slots, const pd_attr* attrs,
                           int32_t n_attrs, pd_tensor** outputs, int32_t outputs_capacity,
                           int32_t* n_outputs);
/* In-place variant: the op's first output is written into `target` (which must have the
 * output's shape and dtype); autograd rules of in-place ops apply (a leaf that requires grad is
 * rejected). `target` keeps its identity. */
PD_API pd_status pd_op_run_inplace(int32_t op_id, pd_tensor* target, pd_tensor* const* inputs,
                                   int32_t n_inputs, const int32_t* input_counts,
                                   int32_t n_slots, const pd_attr* attrs, int32_t n_attrs);
/* In-place form of a one-input view op (reshape2, squeeze2, unsqueeze2, ...): `target` takes the
 * first output's shape and strides (it keeps sharing its storage) and its autograd identity, as
 * Paddle's reshape_/squeeze_/unsqueeze_. A leaf that requires grad is an error. */
PD_API pd_status pd_op_run_inplace_view(int32_t op_id, pd_tensor* target, const pd_attr* attrs,
                                        int32_t n_attrs);

#ifdef __cplusplus
}
#endif
#endif /* PADDLE_C_H */
