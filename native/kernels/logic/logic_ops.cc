// Declarations of the comparison family: equal, not_equal, less_than, less_equal, greater_than,
// greater_equal. X, Y -> Out (bool), numpy broadcasting (attr axis as elementwise ops), not
// differentiable. Paddle 2.0 returned an inverted result when x had lower rank than y (fixed in
// 2.1); we follow the fix: plain numpy broadcasting in both directions.
#include "framework/op_registry.h"
#include "kernels/common/broadcast.h"
#include "kernels/logic/compare_kernel.h"

namespace pd {
namespace {

enum { kAxis = 0 };

void compare_infer(OpContext& c) {
  std::vector<int64_t> dims = broadcast_shape(c.op_name(), c.in(0), c.in(1), c.attr_int(kAxis));
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Bool;
  c.out_meta[0].set_dims(dims);
}

template <typename F>
void compare_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  const int64_t axis = c.attr_int(kAxis);
  F f;
  if (x.dtype == DType::Float16 || x.dtype == DType::BFloat16) {
    // Compare through float32 (exact for both half formats).
    auto run = [&](auto tag) {
      using half_t = decltype(tag);
      broadcast_binary<half_t, half_t, bool>(x, y, c.out(0), axis, [f](half_t a, half_t b) {
        return f(static_cast<float>(a), static_cast<float>(b));
      });
    };
    if (x.dtype == DType::Float16) run(float16());
    else run(bfloat16());
    return;
  }
  PD_DISPATCH_ARITH(x.dtype, c.op_name(), {
    broadcast_binary<scalar_t, scalar_t, bool>(x, y, c.out(0), axis,
                                               [f](scalar_t a, scalar_t b) { return f(a, b); });
  });
}

const std::vector<DType> kCompareDTypes = {DType::Bool,    DType::Int8,     DType::UInt8,
                                           DType::Int16,   DType::Int32,    DType::Int64,
                                           DType::Float16, DType::BFloat16, DType::Float32,
                                           DType::Float64};

}  // namespace

#define PD_COMPARE_OP(name, functor)       \
  PD_REGISTER_OP(name)                     \
      .input("X", false)                   \
      .input("Y", false)                   \
      .output("Out")                       \
      .attr("axis", (int64_t)-1)           \
      .attr("force_cpu", false)            \
      .dtypes(kCompareDTypes)              \
      .infer(compare_infer)                \
      .cpu(compare_cpu<functor>);

PD_COMPARE_OP(equal, EqualFunctor)
PD_COMPARE_OP(not_equal, NotEqualFunctor)
PD_COMPARE_OP(less_than, LessThanFunctor)
PD_COMPARE_OP(less_equal, LessEqualFunctor)
PD_COMPARE_OP(greater_than, GreaterThanFunctor)
PD_COMPARE_OP(greater_equal, GreaterEqualFunctor)

}  // namespace pd
