// The one thread pool: OpenMP. parallel_for splits [0, n) into contiguous blocks of at least
// `grain` items so small tensors stay on the calling thread.
#pragma once
#include <algorithm>
#include <cstdint>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pd {

template <typename F>
inline void parallel_for(int64_t n, int64_t grain, const F& f) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
#ifdef _OPENMP
  int max_threads = omp_get_max_threads();
  int64_t blocks = std::min<int64_t>(max_threads, (n + grain - 1) / grain);
  if (blocks > 1 && !omp_in_parallel()) {
#pragma omp parallel num_threads((int)blocks)
    {
      int64_t tid = omp_get_thread_num();
      int64_t nt = omp_get_num_threads();
      int64_t chunk = (n + nt - 1) / nt;
      int64_t b = tid * chunk, e = std::min(n, b + chunk);
      if (b < e) f(b, e);
    }
    return;
  }
#endif
  f(0, n);
}

// Elementwise work: 32K items per block keeps per-thread work well above OpenMP's fork cost.
constexpr int64_t kElementwiseGrain = 32768;

}  // namespace pd
