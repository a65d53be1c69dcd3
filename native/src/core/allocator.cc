#include "core/allocator.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>
#if defined(_MSC_VER)
#include <malloc.h>
#endif

namespace pd::cpu_allocator {
namespace {

constexpr size_t kCacheMin = size_t(1) << 20;  // blocks below 1 MiB are left to malloc

// Size classes of 1/8 of a power of two: at most 12.5% slack for a cached block.
size_t size_class(size_t n) {
  if (n < kCacheMin) return (n + 63) & ~size_t(63);
  size_t p = 1;
  while (p * 2 <= n) p *= 2;
  const size_t step = p / 8;
  return (n + step - 1) / step * step;
}

void* raw_alloc(size_t n) {
#if defined(_MSC_VER)
  return _aligned_malloc(n, 64);
#else
  return std::aligned_alloc(64, n);
#endif
}
void raw_free(void* p) {
#if defined(_MSC_VER)
  _aligned_free(p);
#else
  std::free(p);
#endif
}

struct Cache {
  std::mutex mu;
  std::map<size_t, std::vector<void*>> blocks;  // size class -> free blocks
  size_t bytes = 0;
  size_t limit = 0;
  Cache() {
    // Default cap 1 GiB; PADDLE_CPU_CACHE_MB overrides (0 disables caching).
    limit = size_t(1) << 30;
    if (const char* env = std::getenv("PADDLE_CPU_CACHE_MB")) limit = size_t(std::atoll(env)) << 20;
  }
  void drain() {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& kv : blocks)
      for (void* p : kv.second) raw_free(p);
    blocks.clear();
    bytes = 0;
  }
};

Cache& cache() {
  static Cache* c = new Cache();  // never destroyed: tensors may be freed during exit
  return *c;
}

}  // namespace

void* allocate(size_t nbytes) {
  const size_t cls = size_class(nbytes);
  if (cls >= kCacheMin) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    auto it = c.blocks.find(cls);
    if (it != c.blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.bytes -= cls;
      return p;
    }
  }
  void* p = raw_alloc(cls);
  if (!p && cached_bytes() > 0) {
    empty_cache();  // give cached memory back and try once more
    p = raw_alloc(cls);
  }
  return p;
}

void release(void* p, size_t nbytes) {
  if (!p) return;
  const size_t cls = size_class(nbytes);
  if (cls >= kCacheMin) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    if (c.bytes + cls <= c.limit) {
      c.blocks[cls].push_back(p);
      c.bytes += cls;
      return;
    }
  }
  raw_free(p);
}

int64_t cached_bytes() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mu);
  return (int64_t)c.bytes;
}

void empty_cache() { cache().drain(); }

}  // namespace pd::cpu_allocator
