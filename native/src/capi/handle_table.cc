#include "capi/handle_table.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <unordered_map>

namespace pd::capi {

namespace {

// Handle value = (id << kTagBits) | kTag. The tag makes a real pointer (8-byte aligned) or a
// small integer passed by mistake fail the check without touching the table.
constexpr int kTagBits = 4;
constexpr uintptr_t kTag = 0xD;
constexpr int kShards = 64;  // ids are consecutive, so id % 64 spreads threads over locks

struct alignas(64) Shard {
  std::mutex mu;
  std::unordered_map<uint64_t, TensorRef> map;
};

std::array<Shard, kShards>& shards() {
  static std::array<Shard, kShards>* s = new std::array<Shard, kShards>();  // outlives static dtors
  return *s;
}

std::atomic<uint64_t> g_next_id{1};
std::atomic<int64_t> g_live{0};

bool decode(const pd_tensor* h, uint64_t* id) {
  const uintptr_t v = reinterpret_cast<uintptr_t>(h);
  if ((v & ((uintptr_t(1) << kTagBits) - 1)) != kTag) return false;
  *id = (uint64_t)(v >> kTagBits);
  return true;
}

[[noreturn]] void not_live(const pd_tensor* h, const char* fn) {
  if (!h) PD_THROW(PD_INVALID_ARGUMENT, fn, ": tensor handle is NULL");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", (const void*)h);
  PD_THROW(PD_INVALID_ARGUMENT, fn, ": tensor handle ", buf,
           " is not a live tensor (released twice, or never created)");
}

}  // namespace

pd_tensor* handle_new(TensorRef t) {
  if (!t) PD_THROW(PD_INTERNAL, "handle_new: null tensor");
  const uint64_t id = g_next_id.fetch_add(1, std::memory_order_relaxed);
  Shard& s = shards()[id % kShards];
  {
    std::lock_guard<std::mutex> lock(s.mu);
    s.map.emplace(id, std::move(t));
  }
  g_live.fetch_add(1, std::memory_order_relaxed);
  return reinterpret_cast<pd_tensor*>((uintptr_t)(id << kTagBits) | kTag);
}

TensorRef handle_get(const pd_tensor* h, const char* fn) {
  uint64_t id;
  if (!h || !decode(h, &id)) not_live(h, fn);
  Shard& s = shards()[id % kShards];
  {
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.map.find(id);
    if (it != s.map.end()) return it->second;  // copy: a counted reference taken under the lock
  }
  not_live(h, fn);
}

TensorRef handle_get_optional(const pd_tensor* h, const char* fn) {
  return h ? handle_get(h, fn) : TensorRef();
}

bool handle_release(pd_tensor* h) {
  uint64_t id;
  if (!h || !decode(h, &id)) return false;
  Shard& s = shards()[id % kShards];
  TensorRef dropped;  // destroyed after the lock is let go (may free a whole autograd graph)
  {
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.map.find(id);
    if (it == s.map.end()) return false;
    dropped = std::move(it->second);
    s.map.erase(it);
  }
  g_live.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

int64_t handle_count() { return g_live.load(std::memory_order_relaxed); }

}  // namespace pd::capi
