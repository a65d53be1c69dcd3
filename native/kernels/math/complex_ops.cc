// Complex helpers: conj (X -> Out, same dtype; identity for real dtypes), real and imag
// (complex64 -> float32, complex128 -> float64), and imag_grad (Out@GRAD -> X@GRAD: the real
// gradient placed in the imaginary part), which imag's gradient is built on.
// Gradients (Paddle 2.0): conj -> conj(dout); real -> complex(dout, 0); imag -> complex(0, dout).
#include <complex>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "kernels/common/broadcast.h"

namespace pd {
namespace {

const std::vector<DType> kConjDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                        DType::Float64,  DType::Int32,    DType::Int64,
                                        DType::Complex64, DType::Complex128};
const std::vector<DType> kComplexDTypes = {DType::Complex64, DType::Complex128};
const std::vector<DType> kRealPartDTypes = {DType::Float32, DType::Float64};

DType real_of(DType t) { return t == DType::Complex64 ? DType::Float32 : DType::Float64; }
DType complex_of(DType t) { return t == DType::Float32 ? DType::Complex64 : DType::Complex128; }

void conj_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

void conj_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  switch (x.dtype) {
    case DType::Complex64:
      unary_map<complex64, complex64>(x, c.out(0), [](complex64 v) { return std::conj(v); });
      break;
    case DType::Complex128:
      unary_map<complex128, complex128>(x, c.out(0), [](complex128 v) { return std::conj(v); });
      break;
    default:
      PD_DISPATCH_ALL(x.dtype, "conj", {
        unary_map<scalar_t, scalar_t>(x, c.out(0), [](scalar_t v) { return v; });
      });
  }
}

void conj_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("conj", {g.dout(0)}));
}

void part_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = real_of(c.in(0).dtype);
}

template <bool kImag>
void part_cpu(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.dtype == DType::Complex64)
    unary_map<complex64, float>(x, c.out(0),
                                [](complex64 v) { return kImag ? v.imag() : v.real(); });
  else
    unary_map<complex128, double>(x, c.out(0),
                                  [](complex128 v) { return kImag ? v.imag() : v.real(); });
}

void real_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, cast_tensor(g.dout(0), g.in(0)->dtype));
}
void imag_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("imag_grad", {g.dout(0)}));
}

void imag_grad_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
  c.out_meta[0].dtype = complex_of(c.in(0).dtype);
}
void imag_grad_cpu(OpContext& c) {
  const Tensor& d = c.in(0);
  if (d.dtype == DType::Float32)
    unary_map<float, complex64>(d, c.out(0), [](float v) { return complex64(0.f, v); });
  else
    unary_map<double, complex128>(d, c.out(0), [](double v) { return complex128(0.0, v); });
}
// imag_grad is linear: its own gradient is imag() of the incoming complex gradient.
void imag_grad_grad(GradContext& g) {
  if (!g.needs(0)) return;
  g.set_grad(0, call("imag", {g.dout(0)}));
}

}  // namespace

PD_REGISTER_OP(conj)
    .input("X")
    .output("Out")
    .dtypes(kConjDTypes)
    .infer(conj_infer)
    .cpu(conj_cpu)
    .grad(conj_grad);

PD_REGISTER_OP(real)
    .input("X")
    .output("Out")
    .dtypes(kComplexDTypes)
    .infer(part_infer)
    .cpu(part_cpu<false>)
    .grad(real_grad);

PD_REGISTER_OP(imag)
    .input("X")
    .output("Out")
    .dtypes(kComplexDTypes)
    .infer(part_infer)
    .cpu(part_cpu<true>)
    .grad(imag_grad);

PD_REGISTER_OP(imag_grad)
    .input("Out@GRAD")
    .output("X@GRAD")
    .dtypes(kRealPartDTypes)
    .infer(imag_grad_infer)
    .cpu(imag_grad_cpu)
    .grad(imag_grad_grad);

}  // namespace pd
