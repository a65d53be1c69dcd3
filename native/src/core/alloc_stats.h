// Live-object counters, readable through pd_live_stats so tests can prove nothing leaks.
#pragma once
#include <atomic>
#include <cstdint>

namespace pd::stats {
extern std::atomic<int64_t> storage_bytes;
extern std::atomic<int64_t> storages;
extern std::atomic<int64_t> tensors;
extern std::atomic<int64_t> grad_nodes;
}  // namespace pd::stats
