// Comparison functors shared by the CPU loop and (later) the CUDA launcher.
#pragma once
#include "core/float16.h"

namespace pd {

struct EqualFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a == b; }
};
struct NotEqualFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a != b; }
};
struct LessThanFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a < b; }
};
struct LessEqualFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a <= b; }
};
struct GreaterThanFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a > b; }
};
struct GreaterEqualFunctor {
  template <typename T>
  PD_HOSTDEVICE bool operator()(T a, T b) const { return a >= b; }
};

}  // namespace pd
