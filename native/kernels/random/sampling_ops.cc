// Declarations of the sampling ops: randint, randperm, bernoulli, multinomial. Draws come from
// the global generator (paddle.seed) unless `seed` != 0, sequentially under the generator lock,
// so results depend only on the seed and draw order. Distributions as Paddle 2.0's CPU kernels:
// randint -> std::uniform_int_distribution<int64_t>(low, high - 1); randperm -> std::shuffle of
// 0..n-1; bernoulli -> std::uniform_real_distribution<T>(0, 1) compared with p; multinomial ->
// inverse CDF with a uniform draw (with replacement) or sequential draws without replacement.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "framework/op_registry.h"
#include "kernels/random/generator.h"

namespace pd {
namespace {

template <typename F>
void with_engine(int64_t seed, F&& f) {
  if (seed != 0) {
    std::mt19937_64 local((uint64_t)seed);
    f(local);
  } else {
    default_generator().with_engine(f);
  }
}

DType int_dtype(const char* op, int64_t v) {
  if (v != (int64_t)DType::Int32 && v != (int64_t)DType::Int64)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": dtype ", v, " is not supported; expected int32 (2) or int64 (3)");
  return static_cast<DType>(v);
}

// ---- randint: -> Out; attrs shape, low (0), high (0), seed (0), dtype (int64) ----
enum { kRiShape, kRiLow, kRiHigh, kRiSeed, kRiDtype };

void randint_infer(OpContext& c) {
  const int64_t low = c.attr_int(kRiLow), high = c.attr_int(kRiHigh);
  if (low >= high)
    PD_THROW(PD_INVALID_ARGUMENT, "randint: low must be less than high, but received low = ", low,
             ", high = ", high);
  const DType dt = int_dtype("randint", c.attr_int(kRiDtype));
  if (dt == DType::Int32 && (low < INT32_MIN || high - 1 > INT32_MAX))
    PD_THROW(PD_INVALID_ARGUMENT, "randint: the range [", low, ", ", high, ") does not fit int32");
  std::vector<int64_t> shape = c.attr_ints(kRiShape);
  check_dims(shape.data(), (int)shape.size(), dt, "randint");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = dt;
  c.out_meta[0].set_dims(shape);
}

void randint_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t n = out.numel();
  std::uniform_int_distribution<int64_t> dist(c.attr_int(kRiLow), c.attr_int(kRiHigh) - 1);
  with_engine(c.attr_int(kRiSeed), [&](std::mt19937_64& e) {
    if (out.dtype == DType::Int64) {
      int64_t* p = out.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) p[i] = dist(e);
    } else {
      int32_t* p = out.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) p[i] = (int32_t)dist(e);
    }
  });
}

// ---- randperm: -> Out; attrs n, dtype (int64), seed ----
enum { kRpN, kRpDtype, kRpSeed };

void randperm_infer(OpContext& c) {
  const int64_t n = c.attr_int(kRpN);
  if (n <= 0) PD_THROW(PD_INVALID_ARGUMENT, "randperm: n must be greater than 0, but received ", n);
  const int64_t dt = c.attr_int(kRpDtype);
  if (dt != (int64_t)DType::Int32 && dt != (int64_t)DType::Int64 && dt != (int64_t)DType::Float32 &&
      dt != (int64_t)DType::Float64)
    PD_THROW(PD_INVALID_ARGUMENT, "randperm: dtype ", dt,
             " is not supported; expected int32, int64, float32 or float64");
  if (dt == (int64_t)DType::Int32 && n - 1 > INT32_MAX)
    PD_THROW(PD_INVALID_ARGUMENT, "randperm: n = ", n, " does not fit int32");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = static_cast<DType>(dt);
  c.out_meta[0].set_dims(&n, 1);
  check_dims(&n, 1, c.out_meta[0].dtype, "randperm");
}

void randperm_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  const int64_t n = out.numel();
  std::vector<int64_t> perm((size_t)n);
  std::iota(perm.begin(), perm.end(), int64_t(0));
  with_engine(c.attr_int(kRpSeed), [&](std::mt19937_64& e) { std::shuffle(perm.begin(), perm.end(), e); });
  PD_DISPATCH_ARITH(out.dtype, "randperm", {
    scalar_t* p = out.data<scalar_t>();
    for (int64_t i = 0; i < n; ++i) p[i] = (scalar_t)perm[(size_t)i];
  });
}

// ---- bernoulli: X (probabilities) -> Out (same dtype, 0/1) ----
void bernoulli_infer(OpContext& c) {
  c.out_meta.resize(1);
  c.out_meta[0] = c.in(0).meta();
}

template <typename T>
void check_probabilities(const char* op, const T* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!(p[i] >= T(0) && p[i] <= T(1)))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": every element of the input must be in [0, 1], but element ",
               i, " is ", (double)p[i]);
}

void bernoulli_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  Tensor& out = c.out(0);
  const int64_t n = out.numel();
  PD_DISPATCH_FLOATING(x->dtype, "bernoulli", {
    const scalar_t* p = x->data<scalar_t>();
    check_probabilities("bernoulli", p, n);
    scalar_t* o = out.data<scalar_t>();
    std::uniform_real_distribution<scalar_t> u(0, 1);
    with_engine(0, [&](std::mt19937_64& e) {
      for (int64_t i = 0; i < n; ++i) o[i] = u(e) < p[i] ? scalar_t(1) : scalar_t(0);
    });
  });
}

// ---- multinomial: X ([C] or [B, C] weights) -> Out (int64 [num_samples] / [B, num_samples]) ----
enum { kMnNum, kMnReplace };

void multinomial_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  if (x.ndim != 1 && x.ndim != 2)
    PD_THROW(PD_INVALID_ARGUMENT, "multinomial: the input must be 1-D or 2-D, got shape ",
             shape_str(x.dims, x.ndim));
  const int64_t num = c.attr_int(kMnNum);
  if (num <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, "multinomial: num_samples must be greater than 0, got ", num);
  const int64_t cats = x.dims[x.ndim - 1];
  if (cats == 0) PD_THROW(PD_INVALID_ARGUMENT, "multinomial: the input has no categories");
  if (!c.attr_bool(kMnReplace) && num > cats)
    PD_THROW(PD_INVALID_ARGUMENT, "multinomial: num_samples (", num,
             ") must not exceed the number of categories (", cats, ") when replacement is False");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = DType::Int64;
  if (x.ndim == 1) {
    c.out_meta[0].set_dims(&num, 1);
  } else {
    const int64_t d[2] = {x.dims[0], num};
    c.out_meta[0].set_dims(d, 2);
  }
}

void multinomial_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  Tensor& out = c.out(0);
  const int64_t cats = x->dims[x->ndim - 1];
  const int64_t rows = x->ndim == 1 ? 1 : x->dims[0];
  const int64_t num = c.attr_int(kMnNum);
  const bool replace = c.attr_bool(kMnReplace);
  int64_t* o = out.data<int64_t>();
  PD_DISPATCH_FLOATING(x->dtype, "multinomial", {
    const scalar_t* w = x->data<scalar_t>();
    // Validate every row before drawing anything.
    for (int64_t r = 0; r < rows; ++r) {
      int64_t positive = 0;
      for (int64_t k = 0; k < cats; ++k) {
        const scalar_t v = w[r * cats + k];
        if (!(v >= 0) || std::isinf((double)v))
          PD_THROW(PD_INVALID_ARGUMENT, "multinomial: weights must be finite and non-negative, got ",
                   (double)v, " in row ", r);
        positive += v > 0;
      }
      if (positive == 0)
        PD_THROW(PD_INVALID_ARGUMENT, "multinomial: row ", r, " has no positive weight");
      if (!replace && positive < num)
        PD_THROW(PD_INVALID_ARGUMENT, "multinomial: row ", r, " has ", positive,
                 " categories with positive weight, fewer than num_samples (", num,
                 ") without replacement");
    }
    std::vector<double> cdf((size_t)cats);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    with_engine(0, [&](std::mt19937_64& e) {
      for (int64_t r = 0; r < rows; ++r) {
        std::vector<double> weights(w + r * cats, w + (r + 1) * cats);
        for (int64_t s = 0; s < num; ++s) {
          double total = 0;
          for (int64_t k = 0; k < cats; ++k) cdf[k] = (total += weights[k]);
          const double t = u(e) * total;
          int64_t k = std::upper_bound(cdf.begin(), cdf.end(), t) - cdf.begin();
          if (k >= cats) k = cats - 1;
          while (weights[k] <= 0 && k > 0) --k;  // never land on a zero-weight category
          o[r * num + s] = k;
          if (!replace) weights[k] = 0;
        }
      }
    });
  });
}

}  // namespace

PD_REGISTER_OP(randint)
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .attr("low", (int64_t)0)
    .attr("high", (int64_t)0)
    .attr("seed", (int64_t)0)
    .attr("dtype", (int64_t)3)
    .dtype_from(-1)
    .infer(randint_infer)
    .cpu(randint_cpu);

PD_REGISTER_OP(randperm)
    .output("Out")
    .attr("n", (int64_t)0)
    .attr("dtype", (int64_t)3)
    .attr("seed", (int64_t)0)
    .dtype_from(-1)
    .infer(randperm_infer)
    .cpu(randperm_cpu);

PD_REGISTER_OP(bernoulli)
    .input("X", false)
    .output("Out")
    .dtypes({DType::Float32, DType::Float64})
    .infer(bernoulli_infer)
    .cpu(bernoulli_cpu);

PD_REGISTER_OP(multinomial)
    .input("X", false)
    .output("Out")
    .attr("num_samples", (int64_t)1)
    .attr("replacement", false)
    .dtypes({DType::Float32, DType::Float64})
    .infer(multinomial_infer)
    .cpu(multinomial_cpu);

}  // namespace pd
