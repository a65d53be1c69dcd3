// Combine rules of the reduce family as host/device functors, shared by the CPU loops in
// reduce_ops.cc and (later) CUDA launchers.
//   Sum: identity 0; Prod: identity 1; Max/Min: identity -inf/+inf (lowest/max for ints).
//   Max/Min propagate NaN (once a NaN is seen the result is NaN, as numpy).
// Accumulation: float32 sums accumulate in float within short blocks and combine the blocks in
// double (Acc<Sum, float> = double); every other case accumulates in the compute dtype.
#pragma once
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/float16.h"

namespace pd {
namespace reduce {

enum class Kind { Sum, Prod, Max, Min };

template <Kind K, typename T>
struct Op {
  static PD_HOSTDEVICE T identity() {
    if constexpr (K == Kind::Sum) {
      return T(0);
    } else if constexpr (K == Kind::Prod) {
      return T(1);
    } else if constexpr (K == Kind::Max) {
      if constexpr (std::numeric_limits<T>::has_infinity)
        return -std::numeric_limits<T>::infinity();
      else
        return std::numeric_limits<T>::lowest();
    } else {
      if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
      else return std::numeric_limits<T>::max();
    }
  }
  static PD_HOSTDEVICE T apply(T a, T b) {
    if constexpr (K == Kind::Sum) {
      return a + b;
    } else if constexpr (K == Kind::Prod) {
      return a * b;
    } else if constexpr (K == Kind::Max) {
      return (b > a || b != b) ? b : a;
    } else {
      return (b < a || b != b) ? b : a;
    }
  }
};

// The type partial results are combined in.
template <Kind K, typename T>
using Acc = std::conditional_t<K == Kind::Sum && std::is_same_v<T, float>, double, T>;

}  // namespace reduce
}  // namespace pd
