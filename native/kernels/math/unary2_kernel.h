// Arithmetic of the second set of unary math ops (acos, asin, atan, ceil, floor, round, cosh,
// sinh, tan, erf, log10, log1p, log2, reciprocal, rsqrt, stanh) as host/device functors shared by
// the CPU loops in unary2_ops.cc and (later) CUDA launchers. Semantics follow Paddle 2.0's
// activation functors: round is std::round (halves away from zero), rsqrt is 1/sqrt(x),
// stanh is scale_b * tanh(scale_a * x).
#pragma once
#include <cmath>

#include "core/float16.h"

namespace pd {
namespace math {

#define PD_UNARY2_FUNCTOR(Name, expr)                            \
  template <typename T>                                          \
  struct Name {                                                  \
    PD_HOSTDEVICE T operator()(T x) const { return (T)(expr); }  \
  };

PD_UNARY2_FUNCTOR(AcosFunctor, std::acos(x))
PD_UNARY2_FUNCTOR(AsinFunctor, std::asin(x))
PD_UNARY2_FUNCTOR(AtanFunctor, std::atan(x))
PD_UNARY2_FUNCTOR(CeilFunctor, std::ceil(x))
PD_UNARY2_FUNCTOR(FloorFunctor, std::floor(x))
PD_UNARY2_FUNCTOR(RoundFunctor, std::round(x))
PD_UNARY2_FUNCTOR(CoshFunctor, std::cosh(x))
PD_UNARY2_FUNCTOR(SinhFunctor, std::sinh(x))
PD_UNARY2_FUNCTOR(TanFunctor, std::tan(x))
PD_UNARY2_FUNCTOR(ErfFunctor, std::erf(x))
PD_UNARY2_FUNCTOR(Log10Functor, std::log10(x))
PD_UNARY2_FUNCTOR(Log1pFunctor, std::log1p(x))
PD_UNARY2_FUNCTOR(Log2Functor, std::log2(x))
PD_UNARY2_FUNCTOR(ReciprocalFunctor, T(1) / x)
PD_UNARY2_FUNCTOR(RsqrtFunctor, T(1) / std::sqrt(x))
#undef PD_UNARY2_FUNCTOR

template <typename T>
struct STanhFunctor {
  T a, b;
  PD_HOSTDEVICE T operator()(T x) const { return b * std::tanh(a * x); }
};

// increment: x + step in T (integers wrap like Paddle's kernel, computed through the step cast).
template <typename T>
struct IncrementFunctor {
  T step;
  PD_HOSTDEVICE T operator()(T x) const { return (T)(x + step); }
};

}  // namespace math
}  // namespace pd
