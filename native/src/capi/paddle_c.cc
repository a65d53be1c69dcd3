// The extern "C" layer: validates every argument, converts handles (capi/handle_table.h),
// catches every exception, and records the per-thread error message. No engine logic lives here.
#include "paddle_c.h"

#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "capi/handle_table.h"

#include "core/alloc_stats.h"
#include "core/allocator.h"
#include "core/tensor.h"
#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/random/generator.h"
#ifdef _OPENMP
#include <omp.h>
#endif

using namespace pd;

struct pd_tensor {};  // never instantiated: a pd_tensor* encodes a handle id (handle_table.h)

namespace {

using capi::handle_get;
using capi::handle_get_optional;
using capi::handle_new;

thread_local std::string t_error;
thread_local pd_status t_status = PD_OK;

// Hands out one new handle per tensor (null stays NULL). All are created before any is written,
// so a failure part-way leaves the caller's array untouched and nothing leaks.
void publish(std::vector<TensorRef>& ts, pd_tensor** out) {
  std::vector<pd_tensor*> hs;
  hs.reserve(ts.size());
  try {
    for (auto& t : ts) hs.push_back(t ? handle_new(std::move(t)) : nullptr);
  } catch (...) {
    for (pd_tensor* h : hs) capi::handle_release(h);
    throw;
  }
  std::copy(hs.begin(), hs.end(), out);
}

pd_status fail(pd_status s, const char* msg) {
  t_status = s;
  t_error = msg;
  return s;
}

template <typename F>
pd_status guard(F&& f) {
  try {
    f();
    return PD_OK;
  } catch (const Error& e) {
    return fail(e.status(), e.what());
  } catch (const std::bad_alloc&) {
    return fail(PD_OUT_OF_MEMORY, "Out of memory: a native allocation failed");
  } catch (const std::exception& e) {
    return fail(PD_INTERNAL, (std::string("internal error: ") + e.what()).c_str());
  } catch (...) {
    return fail(PD_INTERNAL, "internal error: unknown exception");
  }
}

void need(const void* p, const char* fn, const char* what) {
  if (!p) PD_THROW(PD_INVALID_ARGUMENT, fn, ": ", what, " is NULL");
}

DType check_dtype(int32_t dtype, const char* fn) {
  if (!dtype_valid(dtype))
    PD_THROW(PD_INVALID_ARGUMENT, fn, ": dtype code ", dtype,
             " is not a Paddle dtype (expected 0-6 or 20-24)");
  return static_cast<DType>(dtype);
}

Place check_place(int32_t place, const char* fn) {
  if (place < PD_PLACE_CPU || place > PD_PLACE_XPU)
    PD_THROW(PD_INVALID_ARGUMENT, fn, ": place kind ", place, " is unknown (expected 0-3)");
  return Place{place, 0};
}

std::vector<AttrOverride> convert_attrs(const OpDef& def, const pd_attr* attrs, int32_t n) {
  if (n < 0 || n > kMaxOpAttrs * 4)
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute count ", n, " is out of range");
  if (n > 0) need(attrs, def.type.c_str(), "attrs");
  std::vector<AttrOverride> ov(n);
  for (int32_t i = 0; i < n; ++i) {
    const pd_attr& a = attrs[i];
    if (a.type < PD_ATTR_INT || a.type > PD_ATTR_FLOATS)
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute type code ", a.type, " is unknown");
    if (a.count < 0 || a.count > (int64_t(1) << 31))
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute list length ", a.count,
               " is out of range (expected 0 to 2^31)");
    ov[i].index = a.index;
    ov[i].value.type = static_cast<AttrType>(a.type);
    ov[i].value.i = a.value_i;
    ov[i].value.f = a.value_f;
    ov[i].value.s = a.value_s;
    ov[i].value.ints = a.ints;
    ov[i].value.floats = a.floats;
    ov[i].value.count = a.count;
  }
  return ov;
}

// Groups the flat handle list into slots and validates counts against the declaration.
std::vector<TensorRef> convert_inputs(const OpDef& def, pd_tensor* const* inputs, int32_t n_inputs,
                                      const int32_t* input_counts, int32_t n_slots, int* counts) {
  const int32_t slots = (int32_t)def.inputs.size();
  if (n_inputs < 0 || n_inputs > 1 << 20)
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input count ", n_inputs, " is out of range");
  if (n_inputs > 0) need(inputs, def.type.c_str(), "inputs");
  if (input_counts) {
    if (n_slots != slots)
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": got counts for ", n_slots,
               " input slots, the op declares ", slots);
    int64_t total = 0;
    for (int32_t s = 0; s < slots; ++s) {
      if (input_counts[s] < 0)
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": negative count for input '",
                 def.inputs[s].name, "'");
      counts[s] = input_counts[s];
      total += input_counts[s];
    }
    if (total != n_inputs)
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": slot counts add up to ", total, " but ",
               n_inputs, " inputs were given");
  } else {
    if (n_inputs != slots)
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": expected ", slots, " inputs, got ", n_inputs);
    for (int32_t s = 0; s < slots; ++s) counts[s] = inputs[s] ? 1 : 0;
  }
  std::vector<TensorRef> flat;
  flat.reserve(n_inputs);
  if (!input_counts) {
    // One handle per slot; a NULL handle is an absent optional input (count 0).
    for (int32_t s = 0; s < slots; ++s) {
      if (!inputs[s]) {
        if (!def.inputs[s].optional)
          PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", def.inputs[s].name, "' is NULL");
        continue;
      }
      flat.push_back(handle_get(inputs[s], def.type.c_str()));
    }
    return flat;
  }
  int pos = 0;
  for (int32_t s = 0; s < slots; ++s) {
    for (int k = 0; k < counts[s]; ++k, ++pos) {
      if (!inputs[pos] && !def.inputs[s].optional)
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", def.inputs[s].name, "' is NULL");
      flat.push_back(handle_get_optional(inputs[pos], def.type.c_str()));
    }
  }
  return flat;
}

}  // namespace

extern "C" {

const char* pd_version(void) { return PADDLE_NATIVE_VERSION; }
int32_t pd_abi_version(void) { return PD_ABI_VERSION; }
const char* pd_last_error_message(void) { return t_error.c_str(); }
pd_status pd_last_error_status(void) { return t_status; }

void pd_live_stats(int64_t* storage_bytes, int64_t* tensors, int64_t* storages,
                   int64_t* grad_nodes) {
  if (storage_bytes) *storage_bytes = stats::storage_bytes.load();
  if (tensors) *tensors = stats::tensors.load();
  if (storages) *storages = stats::storages.load();
  if (grad_nodes) *grad_nodes = stats::grad_nodes.load();
}

int64_t pd_cpu_cached_bytes(void) { return cpu_allocator::cached_bytes(); }
void pd_cpu_empty_cache(void) { cpu_allocator::empty_cache(); }

pd_status pd_set_num_threads(int32_t n) {
  return guard([&] {
    // OpenMP aborts the process when it cannot start a thread, so absurd counts are refused.
    const int32_t hw = (int32_t)std::thread::hardware_concurrency();
    const int32_t cap = hw > 16 ? 4 * hw : 64;
    if (n > cap)
      PD_THROW(PD_INVALID_ARGUMENT, "pd_set_num_threads: ", n,
               " threads is too many; expected at most ", cap, " (or <= 0 for the default)");
#ifdef _OPENMP
    static const int default_threads = omp_get_max_threads();
    omp_set_num_threads(n <= 0 ? default_threads : n);
#endif
  });
}

int32_t pd_get_num_threads(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

pd_status pd_seed(uint64_t seed) {
  return guard([&] { default_generator().seed(seed); });
}

int32_t pd_set_grad_enabled(int32_t enabled) { return set_grad_enabled(enabled != 0) ? 1 : 0; }
int32_t pd_is_grad_enabled(void) { return grad_enabled() ? 1 : 0; }
int32_t pd_is_compiled_with_cuda(void) { return 0; }

pd_status pd_tensor_create(int32_t dtype, const int64_t* shape, int32_t ndim, int32_t place,
                           pd_tensor** out) {
  return guard([&] {
    need(out, "pd_tensor_create", "out");
    *out = nullptr;
    DType dt = check_dtype(dtype, "pd_tensor_create");
    Place p = check_place(place, "pd_tensor_create");
    check_dims(shape, ndim, dt, "pd_tensor_create");
    TensorRef t = empty_tensor(dt, shape, ndim, p);
    // A bool byte other than 0/1 is undefined behaviour in every kernel that reads it.
    if (dt == DType::Bool && t->numel() > 0) std::memset(t->raw_data(), 0, (size_t)t->numel());
    *out = handle_new(std::move(t));
  });
}

pd_status pd_tensor_create_from_data(int32_t dtype, const int64_t* shape, int32_t ndim,
                                     int32_t place, const void* data, int64_t nbytes,
                                     pd_tensor** out) {
  return guard([&] {
    need(out, "pd_tensor_create_from_data", "out");
    *out = nullptr;
    DType dt = check_dtype(dtype, "pd_tensor_create_from_data");
    Place p = check_place(place, "pd_tensor_create_from_data");
    check_dims(shape, ndim, dt, "pd_tensor_create_from_data");
    int64_t n = 1;
    for (int i = 0; i < ndim; ++i) n *= shape[i];  // fits: check_dims bounds the byte size
    const int64_t want = n * (int64_t)dtype_size(dt);
    if (nbytes != want)
      PD_THROW(PD_INVALID_ARGUMENT, "pd_tensor_create_from_data: got ", nbytes,
               " bytes for shape ", shape_str(shape, ndim), " of ", dtype_name(dt),
               ", expected ", want);
    if (want > 0) need(data, "pd_tensor_create_from_data", "data");
    TensorRef t = empty_tensor(dt, shape, ndim, p);
    if (want > 0) std::memcpy(t->raw_data(), data, (size_t)want);
    if (dt == DType::Bool) {  // any non-zero byte means true, as C converts to bool
      auto* b = static_cast<unsigned char*>(t->raw_data());
      for (int64_t i = 0; i < want; ++i) b[i] = b[i] != 0;
    }
    *out = handle_new(std::move(t));
  });
}

pd_status pd_tensor_release(pd_tensor* t) {
  if (!t) return PD_OK;
  return guard([&] {
    if (!capi::handle_release(t)) handle_get(t, "pd_tensor_release");  // throws the message
  });
}

pd_status pd_tensor_retain(pd_tensor* t, pd_tensor** out) {
  return guard([&] {
    need(out, "pd_tensor_retain", "out");
    *out = nullptr;
    *out = handle_new(handle_get(t, "pd_tensor_retain"));
  });
}

pd_status pd_tensor_ndim(const pd_tensor* t, int32_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_ndim");
    need(out, "pd_tensor_ndim", "out");
    *out = x->ndim;
  });
}

pd_status pd_tensor_shape(const pd_tensor* t, int64_t* shape, int32_t capacity) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_shape");
    if (capacity < 0) PD_THROW(PD_INVALID_ARGUMENT, "pd_tensor_shape: negative capacity");
    if (capacity > 0) need(shape, "pd_tensor_shape", "shape");
    for (int i = 0; i < x->ndim && i < capacity; ++i) shape[i] = x->dims[i];
  });
}

pd_status pd_tensor_strides(const pd_tensor* t, int64_t* strides, int32_t capacity) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_strides");
    if (capacity < 0) PD_THROW(PD_INVALID_ARGUMENT, "pd_tensor_strides: negative capacity");
    if (capacity > 0) need(strides, "pd_tensor_strides", "strides");
    for (int i = 0; i < x->ndim && i < capacity; ++i) strides[i] = x->strides[i];
  });
}

pd_status pd_tensor_numel(const pd_tensor* t, int64_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_numel");
    need(out, "pd_tensor_numel", "out");
    *out = x->numel();
  });
}

pd_status pd_tensor_dtype(const pd_tensor* t, int32_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_dtype");
    need(out, "pd_tensor_dtype", "out");
    *out = (int32_t)x->dtype;
  });
}

pd_status pd_tensor_place(const pd_tensor* t, int32_t* kind, int32_t* device_id) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_place");
    Place p = x->place();
    if (kind) *kind = p.kind;
    if (device_id) *device_id = p.device;
  });
}

pd_status pd_tensor_is_contiguous(const pd_tensor* t, int32_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_is_contiguous");
    need(out, "pd_tensor_is_contiguous", "out");
    *out = x->is_contiguous() ? 1 : 0;
  });
}

pd_status pd_tensor_copy_to(const pd_tensor* t, void* dst, int64_t nbytes) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_copy_to");
    const int64_t want = x->numel() * (int64_t)dtype_size(x->dtype);
    if (nbytes != want)
      PD_THROW(PD_INVALID_ARGUMENT, "pd_tensor_copy_to: buffer has ", nbytes,
               " bytes, the tensor of shape ", shape_str(x->dims, x->ndim), " and dtype ",
               dtype_name(x->dtype), " needs ", want);
    if (want > 0) need(dst, "pd_tensor_copy_to", "dst");
    copy_to_contiguous(*x, dst);
  });
}

pd_status pd_tensor_data(pd_tensor* t, void** out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_data");
    need(out, "pd_tensor_data", "out");
    *out = nullptr;
    if (!x->is_contiguous())
      PD_THROW(PD_INVALID_STATE,
               "pd_tensor_data: the tensor is not contiguous; call pd_tensor_contiguous first");
    *out = x->raw_data();
  });
}

pd_status pd_tensor_contiguous(pd_tensor* t, pd_tensor** out) {
  return guard([&] {
    need(out, "pd_tensor_contiguous", "out");
    *out = nullptr;
    TensorRef x = handle_get(t, "pd_tensor_contiguous");
    *out = handle_new(contiguous(x));
  });
}

pd_status pd_tensor_set_lod(pd_tensor* t, const int64_t* offsets, const int64_t* level_sizes,
                            int32_t nlevels) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_set_lod");
    if (nlevels < 0 || nlevels > 16)
      PD_THROW(PD_INVALID_ARGUMENT, "set_lod: ", nlevels, " levels; expected 0 to 16");
    if (nlevels > 0) {
      need(offsets, "set_lod", "offsets");
      need(level_sizes, "set_lod", "level_sizes");
    }
    // Sizes are checked before anything is copied; offsets are then checked level by level.
    for (int32_t l = 0; l < nlevels; ++l)
      if (level_sizes[l] < 2 || level_sizes[l] > (int64_t(1) << 31))
        PD_THROW(PD_INVALID_ARGUMENT, "set_lod: level ", l, " has ", level_sizes[l],
                 " offsets; expected 2 to 2^31");
    std::vector<std::vector<int64_t>> lod(nlevels);
    int64_t pos = 0;
    for (int32_t l = 0; l < nlevels; ++l) {
      lod[l].assign(offsets + pos, offsets + pos + level_sizes[l]);
      pos += level_sizes[l];
      if (lod[l][0] != 0)
        PD_THROW(PD_INVALID_ARGUMENT, "set_lod: level ", l, " starts at ", lod[l][0],
                 "; expected 0");
      for (size_t i = 1; i < lod[l].size(); ++i)
        if (lod[l][i] < lod[l][i - 1])
          PD_THROW(PD_INVALID_ARGUMENT, "set_lod: level ", l, " offsets decrease at position ",
                   i, "; expected non-decreasing offsets");
    }
    for (int32_t l = 0; l + 1 < nlevels; ++l)
      if (lod[l].back() != (int64_t)lod[l + 1].size() - 1)
        PD_THROW(PD_INVALID_ARGUMENT, "set_lod: level ", l, " ends at ", lod[l].back(),
                 " but level ", l + 1, " has ", lod[l + 1].size() - 1, " sequences");
    if (nlevels > 0) {
      const int64_t first = x->ndim > 0 ? x->dims[0] : 1;
      if (lod.back().back() != first)
        PD_THROW(PD_INVALID_ARGUMENT, "set_lod: the last level ends at ", lod.back().back(),
                 " but the tensor's first dimension is ", first, "; expected them equal");
    }
    x->lod = std::move(lod);
  });
}

pd_status pd_tensor_lod_levels(const pd_tensor* t, int32_t* nlevels) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_lod_levels");
    need(nlevels, "pd_tensor_lod_levels", "nlevels");
    *nlevels = (int32_t)x->lod.size();
  });
}

pd_status pd_tensor_lod_level(const pd_tensor* t, int32_t level, int64_t* offsets,
                              int64_t capacity, int64_t* size) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_lod_level");
    const auto& lod = x->lod;
    if (capacity < 0)
      PD_THROW(PD_INVALID_ARGUMENT, "lod_level: capacity ", capacity, " is negative");
    if (level < 0 || level >= (int32_t)lod.size())
      PD_THROW(PD_OUT_OF_RANGE, "lod_level: level ", level, " is out of range; the tensor has ",
               lod.size(), " levels");
    if (size) *size = (int64_t)lod[level].size();
    if (offsets)
      for (int64_t i = 0; i < capacity && i < (int64_t)lod[level].size(); ++i)
        offsets[i] = lod[level][i];
  });
}

pd_status pd_tensor_stop_gradient(const pd_tensor* t, int32_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_stop_gradient");
    need(out, "pd_tensor_stop_gradient", "out");
    *out = x->stop_gradient ? 1 : 0;
  });
}

pd_status pd_tensor_set_stop_gradient(pd_tensor* t, int32_t stop_gradient) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_set_stop_gradient");
    x->stop_gradient = stop_gradient != 0;
  });
}

pd_status pd_tensor_is_leaf(const pd_tensor* t, int32_t* out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_is_leaf");
    need(out, "pd_tensor_is_leaf", "out");
    *out = x->is_leaf() ? 1 : 0;
  });
}

pd_status pd_tensor_grad(const pd_tensor* t, pd_tensor** out) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_grad");
    need(out, "pd_tensor_grad", "out");
    *out = nullptr;
    TensorRef g = x->grad;
    if (g) *out = handle_new(std::move(g));
  });
}

pd_status pd_tensor_clear_grad(pd_tensor* t) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_tensor_clear_grad");
    x->grad.reset();
  });
}

pd_status pd_backward(pd_tensor* t, pd_tensor* grad, int32_t retain_graph) {
  return guard([&] {
    TensorRef x = handle_get(t, "pd_backward");
    backward(x, handle_get_optional(grad, "pd_backward"), retain_graph != 0);
  });
}

pd_status pd_grad(pd_tensor* const* outputs, int32_t n_outputs, pd_tensor* const* inputs,
                  int32_t n_inputs, pd_tensor* const* grad_outputs, int32_t retain_graph,
                  int32_t create_graph, int32_t allow_unused, pd_tensor** grads_out) {
  return guard([&] {
    if (n_outputs <= 0 || n_outputs > 1 << 20)
      PD_THROW(PD_INVALID_ARGUMENT, "grad: ", n_outputs, " outputs; expected at least one");
    if (n_inputs <= 0 || n_inputs > 1 << 20)
      PD_THROW(PD_INVALID_ARGUMENT, "grad: ", n_inputs, " inputs; expected at least one");
    need(outputs, "grad", "outputs");
    need(inputs, "grad", "inputs");
    need(grads_out, "grad", "grads_out");
    std::vector<TensorRef> outs, ins, gouts;
    // NULL entries reach compute_grad, which names the position.
    for (int32_t i = 0; i < n_outputs; ++i) outs.push_back(handle_get_optional(outputs[i], "pd_grad"));
    for (int32_t i = 0; i < n_inputs; ++i) ins.push_back(handle_get_optional(inputs[i], "pd_grad"));
    if (grad_outputs)
      for (int32_t i = 0; i < n_outputs; ++i)
        gouts.push_back(handle_get_optional(grad_outputs[i], "pd_grad"));
    std::vector<TensorRef> g =
        compute_grad(outs, ins, gouts, retain_graph != 0, create_graph != 0, allow_unused != 0);
    if ((int32_t)g.size() != n_inputs)
      PD_THROW(PD_INTERNAL, "pd_grad: got ", g.size(), " gradients for ", n_inputs, " inputs");
    publish(g, grads_out);
  });
}

pd_status pd_tensor_detach(pd_tensor* t, pd_tensor** out) {
  return guard([&] {
    need(out, "pd_tensor_detach", "out");
    *out = nullptr;
    TensorRef x = handle_get(t, "pd_tensor_detach");
    TensorRef d = alias_detached(*x);
    d->stop_gradient = true;
    *out = handle_new(std::move(d));
  });
}

pd_status pd_op_lookup(const char* name, int32_t* op_id) {
  return guard([&] {
    need(name, "pd_op_lookup", "name");
    need(op_id, "pd_op_lookup", "op_id");
    const OpDef* d = OpRegistry::instance().find(name);
    if (!d) PD_THROW(PD_NOT_FOUND, "op '", name, "' is not registered");
    *op_id = d->id;
  });
}

pd_status pd_op_attr_index(int32_t op_id, const char* attr_name, int32_t* index) {
  return guard([&] {
    need(attr_name, "pd_op_attr_index", "attr_name");
    need(index, "pd_op_attr_index", "index");
    const OpDef* d = OpRegistry::instance().get_checked(op_id);
    if (!d) PD_THROW(PD_NOT_FOUND, "pd_op_attr_index: op id ", op_id, " is not registered");
    int i = d->attr_index(attr_name);
    if (i < 0) PD_THROW(PD_NOT_FOUND, d->type, ": no attribute named '", attr_name, "'");
    *index = i;
  });
}

int32_t pd_op_count(void) { return OpRegistry::instance().size(); }

const char* pd_op_name(int32_t op_id) {
  const OpDef* d = OpRegistry::instance().get_checked(op_id);
  return d ? d->type.c_str() : "";
}

pd_status pd_op_run(int32_t op_id, pd_tensor* const* inputs, int32_t n_inputs,
                    const int32_t* input_counts, int32_t n_slots, const pd_attr* attrs,
                    int32_t n_attrs, pd_tensor** outputs, int32_t outputs_capacity,
                    int32_t* n_outputs) {
  return guard([&] {
    if (n_outputs) *n_outputs = 0;
    const OpDef* d = OpRegistry::instance().get_checked(op_id);
    if (!d) PD_THROW(PD_NOT_FOUND, "pd_op_run: op id ", op_id, " is not registered");
    need(outputs, d->type.c_str(), "outputs");
    need(n_outputs, d->type.c_str(), "n_outputs");
    if (outputs_capacity < 0)
      PD_THROW(PD_INVALID_ARGUMENT, d->type, ": outputs_capacity ", outputs_capacity,
               " is negative");
    int counts[kMaxOpSlots] = {};
    std::vector<TensorRef> flat = convert_inputs(*d, inputs, n_inputs, input_counts, n_slots, counts);
    std::vector<AttrOverride> ov = convert_attrs(*d, attrs, n_attrs);
    std::vector<TensorRef> outs = execute_op(*d, std::move(flat), counts, ov.data(), (int)ov.size());
    if ((int32_t)outs.size() > outputs_capacity)
      PD_THROW(PD_INVALID_ARGUMENT, d->type, ": the op produced ", outs.size(),
               " outputs but the caller's buffer holds ", outputs_capacity);
    publish(outs, outputs);
    *n_outputs = (int32_t)outs.size();
  });
}

pd_status pd_op_run_inplace(int32_t op_id, pd_tensor* target, pd_tensor* const* inputs,
                            int32_t n_inputs, const int32_t* input_counts, int32_t n_slots,
                            const pd_attr* attrs, int32_t n_attrs) {
  return guard([&] {
    const OpDef* d = OpRegistry::instance().get_checked(op_id);
    if (!d) PD_THROW(PD_NOT_FOUND, "pd_op_run_inplace: op id ", op_id, " is not registered");
    TensorRef tgt = handle_get(target, (d->type + "_ (target)").c_str());
    int counts[kMaxOpSlots] = {};
    std::vector<TensorRef> flat = convert_inputs(*d, inputs, n_inputs, input_counts, n_slots, counts);
    std::vector<AttrOverride> ov = convert_attrs(*d, attrs, n_attrs);
    execute_op_inplace(*d, tgt, std::move(flat), counts, ov.data(), (int)ov.size());
  });
}

pd_status pd_op_run_inplace_view(int32_t op_id, pd_tensor* target, const pd_attr* attrs,
                                 int32_t n_attrs) {
  return guard([&] {
    const OpDef* d = OpRegistry::instance().get_checked(op_id);
    if (!d) PD_THROW(PD_NOT_FOUND, "pd_op_run_inplace_view: op id ", op_id, " is not registered");
    TensorRef t = handle_get(target, (d->type + "_ (target)").c_str());
    if (d->inputs.size() != 1 || !d->makes_outputs)
      PD_THROW(PD_INVALID_ARGUMENT, d->type, "_: not a one-input view op");
    if (grad_enabled() && t->is_leaf() && !t->stop_gradient)
      PD_THROW(PD_INVALID_STATE, d->type,
               "_: Leaf Tensor that doesn't stop gradient can't use inplace strategy.");
    // The op sees an alias carrying the target's current geometry and autograd identity, so the
    // recorded node keeps the pre-op shape and no cycle forms.
    TensorRef snap = alias_detached(*t);
    snap->lod = t->lod;
    snap->stop_gradient = t->stop_gradient;
    snap->grad_fn = t->grad_fn;
    snap->out_index = t->out_index;
    int counts[kMaxOpSlots] = {1};
    std::vector<AttrOverride> ov = convert_attrs(*d, attrs, n_attrs);
    std::vector<TensorRef> outs = execute_op(*d, {snap}, counts, ov.data(), (int)ov.size());
    if (outs.empty() || !outs[0])
      PD_THROW(PD_INVALID_ARGUMENT, d->type, "_: the op produced no output");
    const Tensor& r = *outs[0];
    t->storage = r.storage;
    t->offset = r.offset;
    t->dtype = r.dtype;
    t->ndim = r.ndim;
    std::copy(r.dims, r.dims + r.ndim, t->dims);
    std::copy(r.strides, r.strides + r.ndim, t->strides);
    if (r.grad_fn) {
      t->grad_fn = r.grad_fn;
      t->out_index = r.out_index;
      t->stop_gradient = false;
    }
  });
}

}  // extern "C"
