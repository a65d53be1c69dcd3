// Data types (numbered as Paddle's VarType) and the dispatch macros kernels use.
#pragma once
#include <complex>
#include <cstdint>
#include <string>

#include "core/float16.h"

namespace pd {

enum class DType : int32_t {
  Bool = 0, Int16 = 1, Int32 = 2, Int64 = 3, Float16 = 4, Float32 = 5, Float64 = 6,
  UInt8 = 20, Int8 = 21, BFloat16 = 22, Complex64 = 23, Complex128 = 24
};

using complex64 = std::complex<float>;
using complex128 = std::complex<double>;

bool dtype_valid(int32_t v);
size_t dtype_size(DType t);
// Paddle's name ("float32", "int64", "bool", ...).
const char* dtype_name(DType t);
bool dtype_is_floating(DType t);   // float16, bfloat16, float32, float64
bool dtype_is_integer(DType t);    // signed/unsigned ints (not bool)
bool dtype_is_complex(DType t);

template <typename T> struct DTypeOf;
#define PD_DTYPE_OF(T, D) template <> struct DTypeOf<T> { static constexpr DType value = DType::D; };
PD_DTYPE_OF(bool, Bool)
PD_DTYPE_OF(int16_t, Int16)
PD_DTYPE_OF(int32_t, Int32)
PD_DTYPE_OF(int64_t, Int64)
PD_DTYPE_OF(float16, Float16)
PD_DTYPE_OF(float, Float32)
PD_DTYPE_OF(double, Float64)
PD_DTYPE_OF(uint8_t, UInt8)
PD_DTYPE_OF(int8_t, Int8)
PD_DTYPE_OF(bfloat16, BFloat16)
PD_DTYPE_OF(complex64, Complex64)
PD_DTYPE_OF(complex128, Complex128)
#undef PD_DTYPE_OF

// Type-switch helpers: `PD_DISPATCH_*(dtype, name, { body using scalar_t })`. The default branch
// is unreachable because ops validate dtypes against their declaration before dispatching.
#define PD_CASE(D, T, ...) \
  case ::pd::DType::D: {   \
    using scalar_t = T;    \
    __VA_ARGS__;           \
  } break;

// The dtypes with native arithmetic kernels (float16/bfloat16 are computed through float32).
#define PD_ARITH_CASES(...)                    \
  PD_CASE(Float32, float, __VA_ARGS__)         \
  PD_CASE(Float64, double, __VA_ARGS__)        \
  PD_CASE(Int32, int32_t, __VA_ARGS__)         \
  PD_CASE(Int64, int64_t, __VA_ARGS__)         \
  PD_CASE(Int16, int16_t, __VA_ARGS__)         \
  PD_CASE(Int8, int8_t, __VA_ARGS__)           \
  PD_CASE(UInt8, uint8_t, __VA_ARGS__)         \
  PD_CASE(Bool, bool, __VA_ARGS__)

#define PD_DISPATCH_ARITH(dt, opname, ...)         \
  switch (dt) {                                    \
    PD_ARITH_CASES(__VA_ARGS__)                    \
    default:                                       \
      ::pd::throw_unsupported_dtype(opname, dt);   \
  }

#define PD_DISPATCH_FLOATING(dt, opname, ...)      \
  switch (dt) {                                    \
    PD_CASE(Float32, float, __VA_ARGS__)           \
    PD_CASE(Float64, double, __VA_ARGS__)          \
    default:                                       \
      ::pd::throw_unsupported_dtype(opname, dt);   \
  }

// Every dtype (storage-level ops: copy, cast, fill, gather, concat ...).
#define PD_DISPATCH_ALL(dt, opname, ...)                     \
  switch (dt) {                                              \
    PD_ARITH_CASES(__VA_ARGS__)                              \
    PD_CASE(Float16, ::pd::float16, __VA_ARGS__)             \
    PD_CASE(BFloat16, ::pd::bfloat16, __VA_ARGS__)           \
    PD_CASE(Complex64, ::pd::complex64, __VA_ARGS__)         \
    PD_CASE(Complex128, ::pd::complex128, __VA_ARGS__)       \
    default:                                                 \
      ::pd::throw_unsupported_dtype(opname, dt);             \
  }

[[noreturn]] void throw_unsupported_dtype(const char* op, DType t);

// Scalar conversion used by cast and by fills. Complex -> real takes the real part (as Paddle).
template <typename To, typename From>
inline To convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<From, float16> || std::is_same_v<From, bfloat16>) {
    return convert<To>(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, float16> || std::is_same_v<To, bfloat16>) {
    return To(convert<float>(v));
  } else if constexpr (std::is_same_v<From, complex64> || std::is_same_v<From, complex128>) {
    if constexpr (std::is_same_v<To, complex64> || std::is_same_v<To, complex128>) {
      return To(static_cast<typename To::value_type>(v.real()),
                static_cast<typename To::value_type>(v.imag()));
    } else {
      return convert<To>(v.real());
    }
  } else if constexpr (std::is_same_v<To, complex64> || std::is_same_v<To, complex128>) {
    return To(static_cast<typename To::value_type>(v), 0);
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else {
    return static_cast<To>(v);
  }
}

}  // namespace pd
