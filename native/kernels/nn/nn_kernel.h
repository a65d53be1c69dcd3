// Elementwise arithmetic of the nn family (relu, sigmoid, softmax, cross entropy), written once as
// host-device functors so the CPU loops here and future CUDA launchers share it.
#pragma once
#include <cmath>

#include "core/float16.h"

namespace pd {

struct ReluFunctor {
  template <typename T>
  PD_HOSTDEVICE T operator()(T x) const { return x > T(0) ? x : T(0); }
};

// dx = dout * (out > 0)
struct ReluGradFunctor {
  template <typename T>
  PD_HOSTDEVICE T operator()(T out, T dout) const { return out > T(0) ? dout : T(0); }
};

// 1 / (1 + exp(-x)): exp(-x) overflows to inf for very negative x, giving exactly 0.
struct SigmoidFunctor {
  template <typename T>
  PD_HOSTDEVICE T operator()(T x) const { return T(1) / (T(1) + std::exp(-x)); }
};

// dx = dout * out * (1 - out)
struct SigmoidGradFunctor {
  template <typename T>
  PD_HOSTDEVICE T operator()(T out, T dout) const { return dout * out * (T(1) - out); }
};

// Second order of sigmoid: given ddx (the gradient flowing into sigmoid_grad's output),
// d/d(out) = ddx * dout * (1 - 2 out); d/d(dout) = ddx * out * (1 - out).
struct SigmoidGradGradFunctor {
  template <typename T>
  PD_HOSTDEVICE void operator()(T out, T dout, T ddx, T* dout_new, T* ddout) const {
    *dout_new = ddx * dout * (T(1) - T(2) * out);
    *ddout = ddx * out * (T(1) - out);
  }
};

// log softmax of one entry given the row's max and log(sum(exp(x - max))): never takes the log
// of an underflowed softmax value.
template <typename T>
PD_HOSTDEVICE inline T log_softmax_entry(T x, T max, T log_sum) { return x - max - log_sum; }

}  // namespace pd
