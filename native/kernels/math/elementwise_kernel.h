// Arithmetic of the math family as small host/device functors, shared by the CPU loops in
// math_ops.cc and (later) the CUDA launchers. Semantics follow Paddle 2.0's kernels:
//   - integer division truncates toward zero; INT_MIN / -1 wraps to INT_MIN (no trap);
//   - floordiv is Paddle 2.0's FloorDivFunctor: trunc(a / b) for every dtype (so it truncates
//     toward zero for negative quotients, floats included);
//   - mod takes the divisor's sign (python style), for ints and floats (fmod, then adjust);
//   - max/min are `a > b ? a : b` / `a < b ? a : b` (a NaN in `a` loses to `b`, as Paddle);
//   - integer pow is exact repeated squaring (wraps on overflow) for exponents >= 0; for a
//     negative exponent it is C's pow followed by truncation: 1 -> 1, -1 -> +-1, |a| > 1 -> 0
//     (0 to a negative power is rejected before the kernel runs).
// Division by zero of integers is checked before any kernel runs (never SIGFPE).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/float16.h"

namespace pd {
namespace math {

template <typename T>
struct AddFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      return (T)((U)a + (U)b);
    } else {
      return a + b;
    }
  }
};

template <typename T>
struct SubFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      return (T)((U)a - (U)b);
    } else {
      return a - b;
    }
  }
};

template <typename T>
struct MulFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      return (T)((U)a * (U)b);
    } else {
      return a * b;
    }
  }
};

// Integer: b != 0 is guaranteed by the caller.
template <typename T>
struct DivFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if (b == -1) return (T)(0 - (std::make_unsigned_t<T>)a);  // INT_MIN / -1 wraps
      return a / b;
    } else {
      return a / b;
    }
  }
};

template <typename T>
struct FloorDivFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      return DivFunctor<T>()(a, b);
    } else {
      return std::trunc(a / b);
    }
  }
};

template <typename T>
struct ModFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if (b == -1) return 0;  // avoids INT_MIN % -1
      T r = a % b;
      if (r != 0 && ((r < 0) != (b < 0))) r += b;
      return r;
    } else {
      T r = std::fmod(a, b);
      if (r != 0 && ((r < 0) != (b < 0))) r += b;
      return r;
    }
  }
};

template <typename T>
struct PowFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      if (b < 0) {
        if (a == 1) return 1;
        if (a == -1) return (b % 2 == 0) ? 1 : -1;
        return 0;  // |a| > 1: 1/|a|^|b| truncates to 0 (a == 0 is rejected earlier)
      }
      U result = 1, base = (U)a;
      auto e = (std::make_unsigned_t<T>)b;
      while (e) {
        if (e & 1) result *= base;
        base *= base;
        e >>= 1;
      }
      return (T)result;
    } else {
      return std::pow(a, b);
    }
  }
};

template <typename T>
struct MaxFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const { return a > b ? a : b; }
};

template <typename T>
struct MinFunctor {
  PD_HOSTDEVICE T operator()(T a, T b) const { return a < b ? a : b; }
};

// ---- unary ----
template <typename T>
struct AbsFunctor {
  PD_HOSTDEVICE T operator()(T a) const {
    if constexpr (std::is_integral_v<T>) {
      return a < 0 ? (T)(0 - (std::make_unsigned_t<T>)a) : a;  // INT_MIN stays INT_MIN
    } else {
      return std::fabs(a);
    }
  }
};
template <typename T>
struct SquareFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return MulFunctor<T>()(a, a); }
};
template <typename T>
struct SignFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return (T)((a > T(0)) - (a < T(0))); }
};
template <typename T>
struct ExpFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::exp(a); }
};
template <typename T>
struct LogFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::log(a); }
};
template <typename T>
struct SqrtFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::sqrt(a); }
};
template <typename T>
struct SinFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::sin(a); }
};
template <typename T>
struct CosFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::cos(a); }
};
template <typename T>
struct TanhFunctor {
  PD_HOSTDEVICE T operator()(T a) const { return std::tanh(a); }
};

// scale: floats compute in T; integers compute in double and convert back.
template <typename T>
struct ScaleFunctor {
  double scale, bias;
  bool bias_after;
  PD_HOSTDEVICE T operator()(T a) const {
    if constexpr (std::is_integral_v<T>) {
      const double v = bias_after ? scale * (double)a + bias : scale * ((double)a + bias);
      return saturate(v);
    } else {
      const T s = (T)scale, b = (T)bias;
      return bias_after ? s * a + b : s * (a + b);
    }
  }
  // double -> integer without undefined behaviour (NaN -> 0, out of range saturates).
  static PD_HOSTDEVICE T saturate(double v) {
    if (!(v == v)) return 0;
    if (v <= (double)std::numeric_limits<T>::lowest()) return std::numeric_limits<T>::lowest();
    if (v >= (double)std::numeric_limits<T>::max()) return std::numeric_limits<T>::max();
    return (T)v;
  }
};

// clip: Paddle's `x < min ? min : x > max ? max : x` (NaN passes through).
template <typename T>
struct ClipFunctor {
  T lo, hi;
  PD_HOSTDEVICE T operator()(T a) const { return a < lo ? lo : (a > hi ? hi : a); }
};
// clip's gradient mask: 1 strictly inside (min, max), else 0 (Paddle 2.0's ClipGradFunctor).
template <typename T>
struct ClipGradMaskFunctor {
  T lo, hi;
  PD_HOSTDEVICE T operator()(T a) const { return (a > lo && a < hi) ? T(1) : T(0); }
};

}  // namespace math
}  // namespace pd
