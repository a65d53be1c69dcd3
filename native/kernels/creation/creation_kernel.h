// Per-element arithmetic of the creation family, shared by the CPU loops and future CUDA kernels.
#pragma once
#include <cstdint>

#include "core/float16.h"

namespace pd {

// linspace element i as Paddle 2.0 computes it: the step is a double; the first half counts up
// from start and the second half counts down from stop, so the sequence is symmetric and ends
// exactly at stop.
template <typename T>
struct LinspaceFunctor {
  T start, stop;
  double step;
  int64_t num;
  PD_HOSTDEVICE T operator()(int64_t i) const {
    if (i < num / 2) return static_cast<T>(start + step * (double)i);
    return static_cast<T>(stop - step * (double)(num - i - 1));
  }
};

}  // namespace pd
