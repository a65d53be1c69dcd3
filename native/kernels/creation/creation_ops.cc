// Declarations of the creation family: fill_constant, fill_any_like, empty, range, linspace, eye.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/creation/creation_kernel.h"

namespace pd {
namespace {

// ---------------------------------------------------------------- helpers

DType dtype_attr(const char* op, int64_t v) {
  if (v < INT32_MIN || v > INT32_MAX || !dtype_valid((int32_t)v))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": dtype ", v, " is not a Paddle dtype");
  return static_cast<DType>(v);
}

// A fill value: a double, or an exact int64 when parsed from a string for an integer dtype.
struct FillValue {
  double d = 0;
  bool exact = false;
  int64_t i = 0;
};

// Integers and bool cannot hold NaN, infinities or values outside their range (the conversion
// would be undefined); those are errors rather than garbage.
void check_representable(const char* op, const FillValue& v, DType t) {
  if (v.exact || !(dtype_is_integer(t) || t == DType::Bool)) return;
  double lo = 0, hi = 0;  // valid: lo <= value < hi
  switch (t) {
    case DType::Bool: lo = -INFINITY; hi = INFINITY; break;
    case DType::Int8: lo = -128.0; hi = 128.0; break;
    case DType::UInt8: lo = 0.0; hi = 256.0; break;
    case DType::Int16: lo = -32768.0; hi = 32768.0; break;
    case DType::Int32: lo = -2147483648.0; hi = 2147483648.0; break;
    default: lo = -9223372036854775808.0; hi = 9223372036854775808.0; break;
  }
  // The conversion truncates toward zero first.
  const double tr = std::trunc(v.d);
  if (std::isnan(v.d) || (t != DType::Bool && (tr < lo || tr >= hi)))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": value ", v.d, " cannot be represented in ",
             dtype_name(t));
}

template <typename T>
T fill_scalar(const FillValue& v) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (v.exact) return static_cast<T>(v.i);
  }
  return convert<T>(v.d);
}

void fill(Tensor& out, const FillValue& v, const char* op) {
  const int64_t n = out.numel();
  PD_DISPATCH_ALL(out.dtype, op, {
    const scalar_t x = fill_scalar<scalar_t>(v);
    scalar_t* p = out.data<scalar_t>();
    parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) p[i] = x;
    });
  });
}

std::vector<int64_t> checked_shape(const char* op, const std::vector<int64_t>& shape, DType t) {
  check_dims(shape.data(), (int)shape.size(), t, op);
  return shape;
}

// ---------------------------------------------------------------- fill_constant

enum FillConstantAttr { kFcShape = 0, kFcDtype, kFcValue, kFcStrValue, kFcForceCpu };

// str_value, when non-empty, overrides value: "inf", "-inf", "nan", or a number (parsed exactly
// as an int64 for integer dtypes, so large int64 values keep every digit).
FillValue fill_constant_value(const OpContext& c, DType t) {
  FillValue v;
  v.d = c.attr_float(kFcValue);
  const std::string s = c.attr_str(kFcStrValue);
  if (s.empty()) return v;
  if (s == "inf") { v.d = INFINITY; return v; }
  if (s == "-inf") { v.d = -INFINITY; return v; }
  if (s == "nan") { v.d = NAN; return v; }
  const char* b = s.c_str();
  char* end = nullptr;
  if (dtype_is_integer(t)) {
    errno = 0;
    long long i = std::strtoll(b, &end, 10);
    if (errno == 0 && end != b && *end == '\0') {
      v.exact = true;
      v.i = (int64_t)i;
      v.d = (double)i;
      FillValue as_double{v.d, false, 0};
      if (t != DType::Int64) check_representable("fill_constant", as_double, t);
      return v;
    }
  }
  double d = std::strtod(b, &end);
  if (end == b || *end != '\0')
    PD_THROW(PD_INVALID_ARGUMENT, "fill_constant: str_value '", s,
             "' is not a number; expected a decimal number, \"inf\", \"-inf\" or \"nan\"");
  v.d = d;
  return v;
}

void fill_constant_infer(OpContext& c) {
  const DType t = dtype_attr("fill_constant", c.attr_int(kFcDtype));
  check_representable("fill_constant", fill_constant_value(c, t), t);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims(checked_shape("fill_constant", c.attr_ints(kFcShape), t));
}

void fill_constant_cpu(OpContext& c) {
  fill(c.out(0), fill_constant_value(c, c.out(0).dtype), "fill_constant");
}

// ---------------------------------------------------------------- fill_any_like

enum FillAnyLikeAttr { kFalValue = 0, kFalDtype };

DType fill_any_like_dtype(const OpContext& c) {
  const int64_t d = c.attr_int(kFalDtype);
  return d == -1 ? c.in(0).dtype : dtype_attr("fill_any_like", d);
}

void fill_any_like_infer(OpContext& c) {
  const DType t = fill_any_like_dtype(c);
  FillValue v;
  v.d = c.attr_float(kFalValue);
  check_representable("fill_any_like", v, t);
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = t;
}

void fill_any_like_cpu(OpContext& c) {
  FillValue v;
  v.d = c.attr_float(kFalValue);
  fill(c.out(0), v, "fill_any_like");
}

// ---------------------------------------------------------------- empty

enum EmptyAttr { kEmShape = 0, kEmDtype };

void empty_infer(OpContext& c) {
  const DType t = dtype_attr("empty", c.attr_int(kEmDtype));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims(checked_shape("empty", c.attr_ints(kEmShape), t));
}

// The runner allocated Out; contents are unspecified, except that a bool tensor starts all false:
// any byte other than 0/1 is undefined behaviour in every kernel that reads it (UBSan, found by
// the C ABI fuzzer through `where`).
void empty_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  if (out.dtype == DType::Bool && out.numel() > 0) std::memset(out.raw_data(), 0, (size_t)out.numel());
}

// ---------------------------------------------------------------- range

void check_scalar_input(const OpContext& c, int slot) {
  const Tensor& t = c.in(slot);
  if (t.numel() != 1)
    PD_THROW(PD_INVALID_ARGUMENT, c.op_name(), ": input '", c.def.inputs[slot].name,
             "' has shape ", shape_str(t.dims, t.ndim), "; expected a tensor with one element");
}

template <typename T>
T scalar_of(const Tensor& t) { return *static_cast<const T*>(t.raw_data()); }

// The number of elements, as Paddle 2.0 computes it (ceil of |end - start| / |step|), with the
// integer arithmetic done in unsigned 64 bits so extreme int64 bounds cannot overflow. A step
// pointing away from end gives an empty result.
template <typename T>
int64_t range_size(T start, T end, T step) {
  if (step == T(0)) PD_THROW(PD_INVALID_ARGUMENT, "range: step must not be 0");
  // Paddle 2.0's range kernel rejects a step that points away from `end`.
  if (start < end && step < T(0))
    PD_THROW(PD_INVALID_ARGUMENT, "range: the step should be greater than 0 while start < end, got start ",
             start, ", end ", end, ", step ", step);
  if (start > end && step > T(0))
    PD_THROW(PD_INVALID_ARGUMENT, "range: the step should be less than 0 while start > end, got start ",
             start, ", end ", end, ", step ", step);
  if constexpr (std::is_integral_v<T>) {
    const uint64_t diff = start < end ? (uint64_t)end - (uint64_t)start
                                      : (uint64_t)start - (uint64_t)end;
    const uint64_t st = step < 0 ? 0 - (uint64_t)step : (uint64_t)step;
    return (int64_t)(diff / st + (diff % st != 0 ? 1 : 0));
  } else {
    const T s = std::ceil(std::abs((end - start) / step));
    if (!std::isfinite(s) || s >= (T)4.6e18)
      PD_THROW(PD_INVALID_ARGUMENT, "range: start ", start, ", end ", end, " and step ", step,
               " do not give a finite number of elements");
    return (int64_t)s;
  }
}

void range_infer(OpContext& c) {
  for (int s = 0; s < 3; ++s) check_scalar_input(c, s);
  const DType t = c.in(0).dtype;
  int64_t n = 0;
  switch (t) {
    case DType::Int32: n = range_size(scalar_of<int32_t>(c.in(0)), scalar_of<int32_t>(c.in(1)), scalar_of<int32_t>(c.in(2))); break;
    case DType::Int64: n = range_size(scalar_of<int64_t>(c.in(0)), scalar_of<int64_t>(c.in(1)), scalar_of<int64_t>(c.in(2))); break;
    case DType::Float32: n = range_size(scalar_of<float>(c.in(0)), scalar_of<float>(c.in(1)), scalar_of<float>(c.in(2))); break;
    default: n = range_size(scalar_of<double>(c.in(0)), scalar_of<double>(c.in(1)), scalar_of<double>(c.in(2))); break;
  }
  checked_shape("range", {n}, t);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims({n});
}

void range_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t n = out.numel();
  switch (out.dtype) {
    case DType::Int32:
    case DType::Int64:
      PD_DISPATCH_ARITH(out.dtype, "range", {
        if constexpr (std::is_integral_v<scalar_t>) {
          // start + i * step in wrapping unsigned arithmetic: exact for every value in range.
          const uint64_t start = (uint64_t)(int64_t)scalar_of<scalar_t>(c.in(0));
          const uint64_t step = (uint64_t)(int64_t)scalar_of<scalar_t>(c.in(2));
          scalar_t* p = out.data<scalar_t>();
          parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) p[i] = (scalar_t)(int64_t)(start + (uint64_t)i * step);
          });
        }
      });
      break;
    default:
      PD_DISPATCH_FLOATING(out.dtype, "range", {
        // Paddle accumulates (value += step) in the output type; keep its rounding.
        scalar_t v = scalar_of<scalar_t>(c.in(0));
        const scalar_t step = scalar_of<scalar_t>(c.in(2));
        scalar_t* p = out.data<scalar_t>();
        for (int64_t i = 0; i < n; ++i) {
          p[i] = v;
          v += step;
        }
      });
  }
}

// ---------------------------------------------------------------- linspace

enum LinspaceAttr { kLsDtype = 0 };

bool linspace_dtype_ok(DType t) {
  return t == DType::Int32 || t == DType::Int64 || t == DType::Float32 || t == DType::Float64;
}

int64_t linspace_num(const OpContext& c) {
  const Tensor& num = c.in(2);
  if (num.dtype != DType::Int32 && num.dtype != DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, "linspace: Num has dtype ", dtype_name(num.dtype),
             "; expected int32 or int64");
  return num.dtype == DType::Int32 ? scalar_of<int32_t>(num) : scalar_of<int64_t>(num);
}

// Reads a one-element tensor of any real dtype as T (Paddle converts Start/Stop to dtype first).
template <typename T>
T scalar_as(const Tensor& t) {
  T r{};
  PD_DISPATCH_ARITH(t.dtype, "linspace", { r = convert<T>(scalar_of<scalar_t>(t)); });
  return r;
}

void linspace_infer(OpContext& c) {
  for (int s = 0; s < 3; ++s) check_scalar_input(c, s);
  const DType t = dtype_attr("linspace", c.attr_int(kLsDtype));
  if (!linspace_dtype_ok(t))
    PD_THROW(PD_INVALID_ARGUMENT, "linspace: dtype ", dtype_name(t),
             " is not supported; expected one of [int32, int64, float32, float64]");
  for (int s = 0; s < 2; ++s) {
    const DType d = c.in(s).dtype;
    if (!linspace_dtype_ok(d) && d != DType::Int16 && d != DType::Int8 && d != DType::UInt8)
      PD_THROW(PD_INVALID_ARGUMENT, "linspace: input '", c.def.inputs[s].name, "' has dtype ",
               dtype_name(d), "; expected a real number type");
  }
  const int64_t num = linspace_num(c);
  if (num <= 0) PD_THROW(PD_INVALID_ARGUMENT, "linspace: num must be positive, got ", num);
  checked_shape("linspace", {num}, t);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims({num});
}

void linspace_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t num = out.numel();
  PD_DISPATCH_ARITH(out.dtype, "linspace", {
    using T = scalar_t;
    LinspaceFunctor<T> f;
    f.start = scalar_as<T>(c.in(0));
    f.stop = scalar_as<T>(c.in(1));
    f.num = num;
    f.step = 0;
    if (num > 1) {
      double diff;
      if constexpr (std::is_integral_v<T>) {
        diff = (double)((long double)f.stop - (long double)f.start);  // no integer overflow
      } else {
        diff = (double)(f.stop - f.start);
      }
      f.step = diff / (double)(num - 1);
    }
    T* p = out.data<T>();
    if (num == 1) {
      p[0] = f.start;
    } else {
      parallel_for(num, kElementwiseGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) p[i] = f(i);
      });
    }
  });
}

// ---------------------------------------------------------------- eye

enum EyeAttr { kEyeRows = 0, kEyeCols, kEyeDtype };

void eye_infer(OpContext& c) {
  const int64_t rows = c.attr_int(kEyeRows);
  int64_t cols = c.attr_int(kEyeCols);
  if (rows < 0)
    PD_THROW(PD_INVALID_ARGUMENT, "eye: num_rows must be non-negative, got ", rows);
  if (cols < -1)
    PD_THROW(PD_INVALID_ARGUMENT, "eye: num_columns must be non-negative (or -1 for num_rows), got ",
             cols);
  if (cols == -1) cols = rows;
  const DType t = dtype_attr("eye", c.attr_int(kEyeDtype));
  checked_shape("eye", {rows, cols}, t);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims({rows, cols});
}

void eye_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t rows = out.dims[0], cols = out.dims[1];
  if (out.numel() > 0) std::memset(out.raw_data(), 0, (size_t)out.numel() * dtype_size(out.dtype));
  PD_DISPATCH_ALL(out.dtype, "eye", {
    scalar_t* p = out.data<scalar_t>();
    const scalar_t one = convert<scalar_t>(1);
    const int64_t d = std::min(rows, cols);
    for (int64_t i = 0; i < d; ++i) p[i * cols + i] = one;
  });
}

const std::vector<DType>& kCreationAllDTypes = kAllDTypes;

}  // namespace

PD_REGISTER_OP(fill_constant)
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .attr("dtype", (int64_t)5)
    .attr("value", 0.0)
    .attr("str_value", "")
    .attr("force_cpu", false)
    .dtype_from(-1)
    .infer(fill_constant_infer)
    .cpu(fill_constant_cpu);

PD_REGISTER_OP(fill_any_like)
    .input("X", false)
    .output("Out")
    .attr("value", 0.0)
    .attr("dtype", (int64_t)-1)
    .dtypes(kCreationAllDTypes)
    .infer(fill_any_like_infer)
    .cpu(fill_any_like_cpu);

PD_REGISTER_OP(empty)
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .attr("dtype", (int64_t)5)
    .dtype_from(-1)
    .infer(empty_infer)
    .cpu(empty_cpu);

PD_REGISTER_OP(range)
    .input("Start", false)
    .input("End", false)
    .input("Step", false)
    .output("Out")
    .dtypes({DType::Int32, DType::Int64, DType::Float32, DType::Float64})
    .infer(range_infer)
    .cpu(range_cpu);

PD_REGISTER_OP(linspace)
    .input("Start", false)
    .input("Stop", false)
    .input("Num", false)
    .output("Out")
    .attr("dtype", (int64_t)5)
    .dtype_from(-1)
    .mixed_dtype_inputs()
    .infer(linspace_infer)
    .cpu(linspace_cpu);

PD_REGISTER_OP(eye)
    .output("Out")
    .attr("num_rows", (int64_t)0)
    .attr("num_columns", (int64_t)-1)
    .attr("dtype", (int64_t)5)
    .dtype_from(-1)
    .infer(eye_infer)
    .cpu(eye_cpu);

}  // namespace pd
