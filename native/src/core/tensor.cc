#include "core/tensor.h"

#include <cstdlib>
#include <cstring>
#if defined(_MSC_VER)
#include <malloc.h>
#else
#include <unistd.h>
#endif

#include "core/alloc_stats.h"
#include "core/allocator.h"
#include "framework/autograd.h"
#include "kernels/common/parallel.h"

namespace pd {

namespace stats {
std::atomic<int64_t> storage_bytes{0};
std::atomic<int64_t> storages{0};
std::atomic<int64_t> tensors{0};
std::atomic<int64_t> grad_nodes{0};
}  // namespace stats

std::string shape_str(const int64_t* dims, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) {
    if (i) s += ", ";
    s += std::to_string(dims[i]);
  }
  return s + "]";
}

namespace {
// Physical memory in bytes (0 if unknown). A single tensor larger than this can only be
// over-committed and then kill the process when touched, so it is refused up front.
size_t physical_memory() {
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
  static const size_t bytes = [] {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? (size_t)pages * (size_t)page : size_t(0);
  }();
  return bytes;
#else
  return 0;
#endif
}
}  // namespace

Ref<Storage> Storage::allocate(size_t nbytes, Place place) {
  if (place.kind != PD_PLACE_CPU)
    PD_THROW(PD_UNIMPLEMENTED, "Cannot allocate on place kind ", place.kind,
             ": this build of Paddle.NET has only CPU kernels (not compiled with CUDA)");
  const size_t ram = physical_memory();
  if (ram > 0 && nbytes > ram)
    PD_THROW(PD_OUT_OF_MEMORY, "Out of memory: failed to allocate ", nbytes,
             " bytes for a tensor on CPU (more than the machine's ", ram,
             " bytes of physical memory)");
  Ref<Storage> s(new Storage());
  if (nbytes > 0) {
    void* p = cpu_allocator::allocate(nbytes);
    if (!p)
      PD_THROW(PD_OUT_OF_MEMORY, "Out of memory: failed to allocate ", nbytes,
               " bytes for a tensor on CPU");
    s->data_ = p;
  }
  s->nbytes_ = nbytes;
  s->place_ = place;
  stats::storage_bytes += (int64_t)nbytes;
  stats::storages++;
  return s;
}

Storage::~Storage() {
  cpu_allocator::release(data_, nbytes_);
  stats::storage_bytes -= (int64_t)nbytes_;
  stats::storages--;
}

void TensorMeta::set_dims(const int64_t* d, int n) {
  if (n < 0 || n > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, "Tensor rank ", n, " is not supported: expected 0 to ",
             kMaxRank);
  ndim = n;
  for (int i = 0; i < n; ++i) dims[i] = d[i];
}

int64_t TensorMeta::numel() const {
  int64_t n = 1;
  for (int i = 0; i < ndim; ++i) n *= dims[i];
  return n;
}

Tensor::Tensor() { stats::tensors++; }
Tensor::~Tensor() { stats::tensors--; }

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int i = 0; i < ndim; ++i) n *= dims[i];
  return n;
}

bool Tensor::is_contiguous() const {
  int64_t expected = 1;
  for (int i = ndim - 1; i >= 0; --i) {
    if (dims[i] != 1 && strides[i] != expected) return false;
    expected *= dims[i];
  }
  return true;
}

TensorMeta Tensor::meta() const {
  TensorMeta m;
  m.dtype = dtype;
  m.set_dims(dims, ndim);
  return m;
}

void check_dims(const int64_t* dims, int ndim, DType dtype, const char* what) {
  if (ndim < 0 || ndim > kMaxRank)
    PD_THROW(PD_INVALID_ARGUMENT, what, ": tensor rank ", ndim, " is not supported, expected 0 to ",
             kMaxRank);
  if (ndim > 0 && !dims) PD_THROW(PD_INVALID_ARGUMENT, what, ": shape pointer is NULL");
  // Limit at 2^62 bytes so every later byte computation fits in int64.
  const int64_t limit = int64_t(1) << 62;
  int64_t n = (int64_t)dtype_size(dtype);
  for (int i = 0; i < ndim; ++i) {
    if (dims[i] < 0)
      PD_THROW(PD_INVALID_ARGUMENT, what, ": shape ", shape_str(dims, ndim),
               " has a negative dimension ", dims[i], " at axis ", i, "; expected sizes >= 0");
    if (dims[i] != 0 && n > limit / dims[i])
      PD_THROW(PD_OUT_OF_MEMORY, what, ": shape ", shape_str(dims, ndim), " of ",
               dtype_name(dtype), " is too large to allocate");
    n *= dims[i];
  }
}

void contiguous_strides(const int64_t* dims, int ndim, int64_t* strides) {
  int64_t s = 1;
  for (int i = ndim - 1; i >= 0; --i) {
    strides[i] = s;
    s *= dims[i];
  }
}

TensorRef empty_tensor(DType dtype, const int64_t* dims, int ndim, Place place) {
  check_dims(dims, ndim, dtype, "empty");
  TensorRef t = make_ref<Tensor>();
  t->dtype = dtype;
  t->ndim = ndim;
  for (int i = 0; i < ndim; ++i) t->dims[i] = dims[i];
  contiguous_strides(t->dims, ndim, t->strides);
  t->storage = Storage::allocate((size_t)t->numel() * dtype_size(dtype), place);
  return t;
}

TensorRef make_view(const Tensor& base, const int64_t* dims, const int64_t* strides, int ndim,
                    int64_t offset) {
  TensorRef t = make_ref<Tensor>();
  t->storage = base.storage;
  t->dtype = base.dtype;
  t->ndim = ndim;
  t->offset = offset;
  for (int i = 0; i < ndim; ++i) {
    t->dims[i] = dims[i];
    t->strides[i] = strides[i];
  }
  return t;
}

TensorRef alias_detached(const Tensor& t) {
  TensorRef a = make_view(t, t.dims, t.strides, t.ndim, t.offset);
  a->lod = t.lod;
  return a;
}

namespace {
// Walks the elements of a strided tensor in row-major order, calling f(src_ptr, linear_index)
// over a block; the innermost dimension is a tight loop.
template <typename T>
void strided_copy(const Tensor& src, T* dst) {
  const int64_t n = src.numel();
  if (n == 0) return;
  const T* base = src.data<T>();
  const int nd = src.ndim;
  if (nd == 0) {
    dst[0] = base[0];
    return;
  }
  const int64_t inner = src.dims[nd - 1];
  const int64_t inner_stride = src.strides[nd - 1];
  const int64_t rows = n / inner;
  parallel_for(rows, 4096 / (inner + 1) + 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      // Decompose the row index into the outer coordinates.
      int64_t rem = r, off = 0;
      for (int d = nd - 2; d >= 0; --d) {
        int64_t c = rem % src.dims[d];
        rem /= src.dims[d];
        off += c * src.strides[d];
      }
      const T* s = base + off;
      T* o = dst + r * inner;
      if (inner_stride == 1) {
        std::memcpy(o, s, sizeof(T) * inner);
      } else {
        for (int64_t i = 0; i < inner; ++i) o[i] = s[i * inner_stride];
      }
    }
  });
}
}  // namespace

void copy_to_contiguous(const Tensor& src, void* dst) {
  if (src.numel() == 0) return;
  if (src.is_contiguous()) {
    std::memcpy(dst, src.raw_data(), (size_t)src.numel() * dtype_size(src.dtype));
    return;
  }
  switch (dtype_size(src.dtype)) {
    case 1: strided_copy<uint8_t>(src, static_cast<uint8_t*>(dst)); break;
    case 2: strided_copy<uint16_t>(src, static_cast<uint16_t*>(dst)); break;
    case 4: strided_copy<uint32_t>(src, static_cast<uint32_t*>(dst)); break;
    case 8: strided_copy<uint64_t>(src, static_cast<uint64_t*>(dst)); break;
    case 16: strided_copy<complex128>(src, static_cast<complex128*>(dst)); break;
    default: PD_THROW(PD_INTERNAL, "copy_to_contiguous: unexpected element size");
  }
}

TensorRef contiguous(const TensorRef& t) {
  if (t->is_contiguous()) return t;
  TensorRef out = empty_tensor(t->dtype, t->dims, t->ndim, t->place());
  copy_to_contiguous(*t, out->raw_data());
  out->lod = t->lod;
  return out;
}

void copy_into(const Tensor& src, Tensor& dst) {
  if (src.numel() != dst.numel() || src.dtype != dst.dtype)
    PD_THROW(PD_INTERNAL, "copy_into: mismatched tensors");
  if (dst.is_contiguous()) {
    copy_to_contiguous(src, dst.raw_data());
    return;
  }
  // Scatter a packed copy of src through dst's strides.
  TensorRef packed = empty_tensor(src.dtype, src.dims, src.ndim);
  copy_to_contiguous(src, packed->raw_data());
  const size_t es = dtype_size(dst.dtype);
  const char* s = static_cast<const char*>(packed->raw_data());
  char* base = static_cast<char*>(dst.raw_data());
  const int64_t n = dst.numel();
  for (int64_t i = 0; i < n; ++i) {
    int64_t rem = i, off = 0;
    for (int d = dst.ndim - 1; d >= 0; --d) {
      off += (rem % dst.dims[d]) * dst.strides[d];
      rem /= dst.dims[d];
    }
    std::memcpy(base + off * (int64_t)es, s + i * (int64_t)es, es);
  }
}

}  // namespace pd
