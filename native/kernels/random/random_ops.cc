// Declarations of the random family: uniform_random and gaussian_random.
//
// Draws come from the global generator (default_generator(), seeded by paddle.seed / pd_seed)
// unless the op's `seed` attribute is non-zero, in which case a fresh std::mt19937_64 seeded
// with it is used (as Paddle 2.0's GetCPURandomEngine does). Distributions, as in Paddle 2.0's
// CPU kernels:
//   uniform_random  -> std::uniform_real_distribution<T>(min, max)
//   gaussian_random -> std::normal_distribution<T>(mean, std)
// with T = float for float32/float16/bfloat16 (half outputs are rounded from float) and
// T = double for float64. Numbers are generated sequentially under the generator's lock, so the
// values depend only on the seed and the draw order, never on the thread count.
#include <cmath>
#include <random>
#include <vector>

#include "framework/op_registry.h"
#include "kernels/random/generator.h"

namespace pd {
namespace {

DType random_dtype(const char* op, int64_t v) {
  if (v < INT32_MIN || v > INT32_MAX || !dtype_valid((int32_t)v) ||
      !dtype_is_floating(static_cast<DType>(v)))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": dtype ", v,
             " is not supported; expected one of [float16, bfloat16, float32, float64] (4, 22, "
             "5, 6)");
  return static_cast<DType>(v);
}

// Runs gen(engine) with the global generator (under its lock) or a local one for seed != 0.
template <typename F>
void with_engine(int64_t seed, F&& f) {
  if (seed != 0) {
    std::mt19937_64 local((uint64_t)seed);
    f(local);
  } else {
    default_generator().with_engine(f);
  }
}

// Fills out (float16/bfloat16/float32/float64) with dist(engine) in element order.
template <template <typename> class Dist, typename... A>
void draw(Tensor& out, int64_t seed, A... args) {
  const int64_t n = out.numel();
  if (n == 0) return;
  switch (out.dtype) {
    case DType::Float64: {
      Dist<double> dist((double)args...);
      double* p = out.data<double>();
      with_engine(seed, [&](std::mt19937_64& e) {
        for (int64_t i = 0; i < n; ++i) p[i] = dist(e);
      });
      break;
    }
    case DType::Float32: {
      Dist<float> dist((float)args...);
      float* p = out.data<float>();
      with_engine(seed, [&](std::mt19937_64& e) {
        for (int64_t i = 0; i < n; ++i) p[i] = dist(e);
      });
      break;
    }
    default: {
      Dist<float> dist((float)args...);
      PD_DISPATCH_ALL(out.dtype, "random", {
        scalar_t* p = out.data<scalar_t>();
        with_engine(seed, [&](std::mt19937_64& e) {
          for (int64_t i = 0; i < n; ++i) p[i] = convert<scalar_t>(dist(e));
        });
      });
    }
  }
}

// ---------------------------------------------------------------- uniform_random

enum UniformAttr { kUrShape = 0, kUrDtype, kUrMin, kUrMax, kUrSeed, kUrDiagNum, kUrDiagStep,
                   kUrDiagVal };

void uniform_infer(OpContext& c) {
  const DType t = random_dtype("uniform_random", c.attr_int(kUrDtype));
  const double lo = c.attr_float(kUrMin), hi = c.attr_float(kUrMax);
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
    PD_THROW(PD_INVALID_ARGUMENT, "uniform_random: min must be less than max, got min ", lo,
             " and max ", hi);
  const int64_t dn = c.attr_int(kUrDiagNum), ds = c.attr_int(kUrDiagStep);
  if (dn < 0 || ds < 0)
    PD_THROW(PD_INVALID_ARGUMENT, "uniform_random: diag_num and diag_step must be >= 0, got ",
             "diag_num ", dn, " and diag_step ", ds);
  const std::vector<int64_t> shape = c.attr_ints(kUrShape);
  check_dims(shape.data(), (int)shape.size(), t, "uniform_random");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims(shape);
  const int64_t n = c.out_meta[0].numel();
  if (dn > 0 && (dn - 1) > (n - 1) / (ds + 1))  // last diagonal position (dn-1)*(ds+1) < n
    PD_THROW(PD_INVALID_ARGUMENT, "uniform_random: diag_num ", dn, " with diag_step ", ds,
             " needs at least ", (dn - 1) * (ds + 1) + 1, " elements, but the shape ",
             shape_str(shape), " has ", n);
}

void uniform_cpu(OpContext& c) {
  Tensor& out = c.out(0);
  draw<std::uniform_real_distribution>(out, c.attr_int(kUrSeed), c.attr_float(kUrMin),
                                       c.attr_float(kUrMax));
  const int64_t dn = c.attr_int(kUrDiagNum), ds = c.attr_int(kUrDiagStep);
  const double dv = c.attr_float(kUrDiagVal);
  PD_DISPATCH_ALL(out.dtype, "uniform_random", {
    scalar_t* p = out.data<scalar_t>();
    for (int64_t i = 0; i < dn; ++i) p[i * (ds + 1)] = convert<scalar_t>(dv);
  });
}

// ---------------------------------------------------------------- gaussian_random

enum GaussianAttr { kGrShape = 0, kGrMean, kGrStd, kGrSeed, kGrDtype };

void gaussian_infer(OpContext& c) {
  const DType t = random_dtype("gaussian_random", c.attr_int(kGrDtype));
  const double mean = c.attr_float(kGrMean), sd = c.attr_float(kGrStd);
  if (!(sd >= 0) || !std::isfinite(sd))
    PD_THROW(PD_INVALID_ARGUMENT, "gaussian_random: std must be a finite number >= 0, got ", sd);
  if (!std::isfinite(mean))
    PD_THROW(PD_INVALID_ARGUMENT, "gaussian_random: mean must be finite, got ", mean);
  const std::vector<int64_t> shape = c.attr_ints(kGrShape);
  check_dims(shape.data(), (int)shape.size(), t, "gaussian_random");
  c.out_meta.resize(1);
  c.out_meta[0].dtype = t;
  c.out_meta[0].set_dims(shape);
}

void gaussian_cpu(OpContext& c) {
  draw<std::normal_distribution>(c.out(0), c.attr_int(kGrSeed), c.attr_float(kGrMean),
                                 c.attr_float(kGrStd));
}

}  // namespace

PD_REGISTER_OP(uniform_random)
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .attr("dtype", (int64_t)5)
    .attr("min", -1.0)
    .attr("max", 1.0)
    .attr("seed", (int64_t)0)
    .attr("diag_num", (int64_t)0)
    .attr("diag_step", (int64_t)0)
    .attr("diag_val", 1.0)
    .dtype_from(-1)
    .infer(uniform_infer)
    .cpu(uniform_cpu);

PD_REGISTER_OP(gaussian_random)
    .output("Out")
    .attr("shape", std::vector<int64_t>{})
    .attr("mean", 0.0)
    .attr("std", 1.0)
    .attr("seed", (int64_t)0)
    .attr("dtype", (int64_t)5)
    .dtype_from(-1)
    .infer(gaussian_infer)
    .cpu(gaussian_cpu);

}  // namespace pd
