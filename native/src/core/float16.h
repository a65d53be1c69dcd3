// float16 / bfloat16 storage types. Arithmetic on them goes through float32 (see DESIGN.md):
// kernels convert on load and store, so these types only need exact conversions.
#pragma once
#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define PD_HOSTDEVICE __host__ __device__
#else
#define PD_HOSTDEVICE
#endif

namespace pd {

struct float16 {
  uint16_t bits = 0;
  float16() = default;
  PD_HOSTDEVICE explicit float16(float f) : bits(from_float(f)) {}
  PD_HOSTDEVICE explicit operator float() const { return to_float(bits); }

  // IEEE binary16 conversion with round-to-nearest-even, NaN and Inf preserved.
  static PD_HOSTDEVICE uint16_t from_float(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000u;
    uint32_t exp = (x >> 23) & 0xffu;
    uint32_t man = x & 0x7fffffu;
    if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (man ? 0x200u : 0u));
    int e = (int)exp - 127 + 15;
    if (e >= 0x1f) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
      if (e < -10) return (uint16_t)sign;
      man |= 0x800000u;
      int shift = 14 - e;
      uint32_t half_man = man >> shift;
      uint32_t rem = man & ((1u << shift) - 1u);
      uint32_t halfway = 1u << (shift - 1);
      if (rem > halfway || (rem == halfway && (half_man & 1u))) half_man++;
      return (uint16_t)(sign | half_man);
    }
    uint32_t h = sign | ((uint32_t)e << 10) | (man >> 13);
    uint32_t rem = man & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) h++;
    return (uint16_t)h;
  }
  static PD_HOSTDEVICE float to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t man = h & 0x3ffu;
    uint32_t x;
    if (exp == 0) {
      if (man == 0) {
        x = sign;
      } else {
        int e = -1;
        do { man <<= 1; e++; } while (!(man & 0x400u));
        x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((man & 0x3ffu) << 13);
      }
    } else if (exp == 0x1f) {
      x = sign | 0x7f800000u | (man << 13);
    } else {
      x = sign | ((exp - 15 + 127) << 23) | (man << 13);
    }
    float f;
    std::memcpy(&f, &x, 4);
    return f;
  }
};

struct bfloat16 {
  uint16_t bits = 0;
  bfloat16() = default;
  PD_HOSTDEVICE explicit bfloat16(float f) : bits(from_float(f)) {}
  PD_HOSTDEVICE explicit operator float() const { return to_float(bits); }
  static PD_HOSTDEVICE uint16_t from_float(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40u);  // quiet NaN
    uint32_t rounding = 0x7fffu + ((x >> 16) & 1u);
    return (uint16_t)((x + rounding) >> 16);
  }
  static PD_HOSTDEVICE float to_float(uint16_t b) {
    uint32_t x = (uint32_t)b << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
  }
};

}  // namespace pd
