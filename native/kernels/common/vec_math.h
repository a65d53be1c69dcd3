// Branch-free float math that compilers vectorise (no libm calls in the loop body), shared by
// CPU loops and (later) CUDA kernels. exp_f32 follows the classic Cephes expf scheme: split x
// into n*ln2 + r, evaluate a degree-6 polynomial for exp(r), scale by 2^n through the exponent
// bits. Max error ~2 ulp over the float range; exact 0 below -87.34, inf above 88.72, NaN kept.
#pragma once
#include <cstdint>
#include <cstring>

#include "core/float16.h"

namespace pd {

PD_HOSTDEVICE inline float exp_f32(float x) {
  const float hi = 88.3762626647950f;
  const float lo = -87.3365478515625f;
  float xc = x < lo ? lo : x;
  xc = xc > hi ? hi : xc;
  // Round x*log2(e) to an integer n with the 1.5*2^23 trick: no float->int conversion and no
  // branch, so the loop vectorises; n is read back from the mantissa bits.
  const float shifter = 12582912.0f;
  const float fx = xc * 1.44269504088896341f + shifter;
  int32_t fx_bits, sh_bits;
  std::memcpy(&fx_bits, &fx, 4);
  std::memcpy(&sh_bits, &shifter, 4);
  const int32_t n = fx_bits - sh_bits;
  const float fn = fx - shifter;
  float r = xc - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  // Unsigned shift: for x outside [lo, hi] n is out of range (the result is replaced below), and a
  // signed shift would be undefined behaviour (UBSan, found by the sanitized tests).
  const int32_t bits = (int32_t)((uint32_t)(n + 127) << 23);
  float scale;
  std::memcpy(&scale, &bits, 4);
  float out = y * scale;
  out = x > hi ? __builtin_inff() : out;
  out = x < lo ? 0.0f : out;
  return x != x ? x : out;
}

}  // namespace pd
