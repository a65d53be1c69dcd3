// A minimal intrusive reference-counted pointer. Tensors are shared between the C ABI (one
// reference per handle), autograd nodes and views, so the count lives in the object itself:
// a pd_tensor* handle is the object pointer, with no extra allocation per handle.
#pragma once
#include <atomic>
#include <cstdint>
#include <utility>

namespace pd {

class RefCounted {
 public:
  void retain() const { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Returns true when this was the last reference (the caller deletes).
  bool release_ref() const { return refs_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
  int64_t use_count() const { return refs_.load(std::memory_order_relaxed); }

 protected:
  RefCounted() = default;
  RefCounted(const RefCounted&) = delete;
  RefCounted& operator=(const RefCounted&) = delete;

 private:
  mutable std::atomic<int64_t> refs_{0};
};

template <typename T>
class Ref {
 public:
  Ref() = default;
  Ref(std::nullptr_t) {}
  explicit Ref(T* p) : p_(p) { if (p_) p_->retain(); }
  Ref(const Ref& o) : p_(o.p_) { if (p_) p_->retain(); }
  Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  ~Ref() { reset(); }
  Ref& operator=(const Ref& o) {
    if (o.p_) o.p_->retain();
    reset();
    p_ = o.p_;
    return *this;
  }
  Ref& operator=(Ref&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = o.p_;
      o.p_ = nullptr;
    }
    return *this;
  }
  void reset() {
    if (p_ && p_->release_ref()) delete p_;
    p_ = nullptr;
  }
  // Gives up ownership of one reference without decrementing (for handing to C callers).
  T* release() {
    T* p = p_;
    p_ = nullptr;
    return p;
  }
  // Adopts a pointer that already carries one reference.
  static Ref adopt(T* p) {
    Ref r;
    r.p_ = p;
    return r;
  }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const Ref& o) const { return p_ == o.p_; }
  bool operator!=(const Ref& o) const { return p_ != o.p_; }

 private:
  T* p_ = nullptr;
};

template <typename T, typename... Args>
Ref<T> make_ref(Args&&... args) {
  return Ref<T>(new T(std::forward<Args>(args)...));
}

}  // namespace pd
