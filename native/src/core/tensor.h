// Dense strided tensor over reference-counted storage, with optional LoD and autograd state.
// Views (reshape/transpose/slice) share `storage` and differ in offset/dims/strides.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/dtype.h"
#include "core/error.h"
#include "core/intrusive_ptr.h"

namespace pd {

constexpr int kMaxRank = 9;  // Paddle's limit on tensor rank

struct Place {
  int32_t kind = PD_PLACE_CPU;
  int32_t device = 0;
  bool operator==(const Place& o) const { return kind == o.kind && device == o.device; }
};

class Storage : public RefCounted {
 public:
  // Allocates nbytes (64-byte aligned). Throws PD_OUT_OF_MEMORY naming the size on failure.
  static Ref<Storage> allocate(size_t nbytes, Place place);
  ~Storage();
  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Place place() const { return place_; }

 private:
  Storage() = default;
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  Place place_;
};

struct GradNode;  // framework/autograd.h

// dtype + dims: what shape inference produces for each output.
struct TensorMeta {
  DType dtype = DType::Float32;
  int ndim = 0;
  int64_t dims[kMaxRank] = {};
  void set_dims(const int64_t* d, int n);
  void set_dims(const std::vector<int64_t>& d) { set_dims(d.data(), (int)d.size()); }
  std::vector<int64_t> dim_vector() const { return std::vector<int64_t>(dims, dims + ndim); }
  int64_t numel() const;
};

class Tensor : public RefCounted {
 public:
  Tensor();
  ~Tensor();

  Ref<Storage> storage;
  int64_t offset = 0;  // in elements
  int ndim = 0;
  int64_t dims[kMaxRank] = {};
  int64_t strides[kMaxRank] = {};  // in elements
  DType dtype = DType::Float32;
  std::vector<std::vector<int64_t>> lod;

  // Autograd state (see framework/autograd.h).
  bool stop_gradient = true;
  std::shared_ptr<GradNode> grad_fn;  // null for leaves
  int32_t out_index = 0;              // which output of grad_fn this tensor is
  Ref<Tensor> grad;                   // accumulated gradient of a leaf

  Place place() const { return storage ? storage->place() : Place{}; }
  int64_t numel() const;
  bool is_contiguous() const;
  bool is_leaf() const { return !grad_fn; }
  std::vector<int64_t> shape() const { return std::vector<int64_t>(dims, dims + ndim); }
  void* raw_data() const {
    return storage ? static_cast<char*>(storage->data()) + offset * (int64_t)dtype_size(dtype)
                   : nullptr;
  }
  template <typename T>
  T* data() const { return static_cast<T*>(raw_data()); }
  TensorMeta meta() const;
};

using TensorRef = Ref<Tensor>;

// Validates rank (<= 9), non-negative dims and that the byte size fits; `what` names the caller.
void check_dims(const int64_t* dims, int ndim, DType dtype, const char* what);
void contiguous_strides(const int64_t* dims, int ndim, int64_t* strides);

// New contiguous tensor, uninitialised.
TensorRef empty_tensor(DType dtype, const int64_t* dims, int ndim, Place place = {});
inline TensorRef empty_tensor(DType dtype, const std::vector<int64_t>& dims, Place place = {}) {
  return empty_tensor(dtype, dims.data(), (int)dims.size(), place);
}
inline TensorRef empty_tensor(const TensorMeta& m, Place place = {}) {
  return empty_tensor(m.dtype, m.dims, m.ndim, place);
}
// A view sharing `base`'s storage (no autograd link; callers attach one).
TensorRef make_view(const Tensor& base, const int64_t* dims, const int64_t* strides, int ndim,
                    int64_t offset);
// Same storage, same geometry, no autograd history (detach / saved outputs).
TensorRef alias_detached(const Tensor& t);
// Copies any-strided `src` into packed row-major `dst`.
void copy_to_contiguous(const Tensor& src, void* dst);
// `t` itself when contiguous, else a packed copy (no autograd link).
TensorRef contiguous(const TensorRef& t);
// Copies src into dst elementwise (same shape and dtype; any strides).
void copy_into(const Tensor& src, Tensor& dst);

}  // namespace pd
