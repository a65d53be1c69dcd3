// Declarations of the manipulation family (cast, reshape, transpose, concat, split, slice,
// gather, ...): inputs, outputs, attributes with Paddle's names and defaults, dtypes, shape
// inference, kernels and grad makers.
#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/parallel.h"

namespace pd {
namespace {

// ---- cast: X -> Out; attrs in_dtype, out_dtype (Paddle's VarType codes) ----
enum CastAttr { kCastIn = 0, kCastOut = 1 };

void cast_infer(OpContext& c) {
  const int64_t to = c.attr_int(kCastOut);
  if (!dtype_valid((int32_t)to))
    PD_THROW(PD_INVALID_ARGUMENT, "cast: out_dtype ", to, " is not a Paddle dtype");
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = static_cast<DType>(to);
}

void cast_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  Tensor& out = c.out(0);
  TensorRef src = contiguous(c.in_ref(0));
  const int64_t n = x.numel();
  PD_DISPATCH_ALL(x.dtype, "cast", {
    using from_t = scalar_t;
    const from_t* px = src->data<from_t>();
    PD_DISPATCH_ALL(out.dtype, "cast", {
      scalar_t* po = out.data<scalar_t>();
      parallel_for(n, kElementwiseGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) po[i] = convert<scalar_t>(px[i]);
      });
    });
  });
}

void cast_grad(GradContext& g) {
  const DType in = g.in(0)->dtype;
  g.set_grad(0, call("cast", {g.dout(0)}, {{"in_dtype", (int64_t)g.dout(0)->dtype},
                                          {"out_dtype", (int64_t)in}}));
}

}  // namespace

PD_REGISTER_OP(cast)
    .input("X")
    .output("Out")
    .attr("in_dtype", (int64_t)-1)
    .attr("out_dtype", (int64_t)5)
    .dtypes(kAllDTypes)
    .infer(cast_infer)
    .cpu(cast_cpu)
    .grad(cast_grad);

}  // namespace pd
