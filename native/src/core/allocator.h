// CPU memory for tensor storage. Large blocks are cached after release and reused for later
// requests of the same size class: glibc returns big blocks to the OS on free (mmap), so without
// a cache every large op output pays for fresh zeroed pages (a 16M-element add measured ~20x
// slower than the add loop itself). Small blocks go straight to aligned malloc.
#pragma once
#include <cstddef>
#include <cstdint>

namespace pd::cpu_allocator {

// 64-byte aligned block of at least `nbytes`; nullptr when the system is out of memory.
void* allocate(size_t nbytes);
// Returns a block from allocate() with the same `nbytes`.
void release(void* p, size_t nbytes);
// Bytes currently parked in the cache (not live tensors).
int64_t cached_bytes();
// Frees every cached block (also done automatically when an allocation fails).
void empty_cache();

}  // namespace pd::cpu_allocator
