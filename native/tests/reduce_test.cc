// Reduce family: reduce_sum/mean/max/min/prod against a naive reference over every subset of
// axes (keep_dim on and off), full reductions, dtypes and out_dtype, float32 accuracy, empty
// and 0-d inputs, errors, and numerical gradient checks.
#include <cmath>
#include <limits>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef red(const char* op, const TensorRef& x, std::vector<int64_t> dim, bool keep = false,
              bool all = false, int64_t out_dtype = -1) {
  return call(op, {x}, {{"dim", dim}, {"keep_dim", keep}, {"reduce_all", all},
                        {"out_dtype", out_dtype}});
}

TensorRef rnd(const std::vector<int64_t>& dims, double lo, double hi, unsigned seed) {
  TensorRef t = empty_tensor(DType::Float64, dims);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<double>()[i] = u(rng);
  return t;
}

TensorRef cast_to(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

// Naive reference: reduces `x` (float64, contiguous) over `axes` (a bit mask).
std::vector<double> reference(const char* op, const TensorRef& x, unsigned mask,
                              std::vector<int64_t>* out_shape, bool keep) {
  const int nd = x->ndim;
  std::vector<int64_t> od;
  for (int d = 0; d < nd; ++d) {
    if (mask >> d & 1) {
      if (keep) od.push_back(1);
    } else {
      od.push_back(x->dims[d]);
    }
  }
  if (od.empty()) od.push_back(1);
  *out_shape = od;
  int64_t on = 1;
  for (int d = 0; d < nd; ++d)
    if (!(mask >> d & 1)) on *= x->dims[d];
  const std::string o(op);
  double init = 0;
  if (o == "reduce_prod") init = 1;
  if (o == "reduce_max") init = -INFINITY;
  if (o == "reduce_min") init = INFINITY;
  std::vector<double> acc((size_t)on, init);
  std::vector<int64_t> cnt((size_t)on, 0);
  const double* p = x->data<double>();
  for (int64_t i = 0; i < x->numel(); ++i) {
    int64_t rem = i, oi = 0, mul = 1;
    for (int d = nd - 1; d >= 0; --d) {
      const int64_t c = rem % x->dims[d];
      rem /= x->dims[d];
      if (!(mask >> d & 1)) {
        oi += c * mul;
        mul *= x->dims[d];
      }
    }
    double& a = acc[(size_t)oi];
    if (o == "reduce_sum" || o == "reduce_mean") a += p[i];
    else if (o == "reduce_prod") a *= p[i];
    else if (o == "reduce_max") a = std::max(a, p[i]);
    else a = std::min(a, p[i]);
    cnt[(size_t)oi]++;
  }
  if (o == "reduce_mean")
    for (size_t i = 0; i < acc.size(); ++i) acc[i] /= (double)cnt[i];
  return acc;
}

const char* kOps[] = {"reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"};

}  // namespace

TEST(Reduce, EveryAxisSubsetMatchesReference) {
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{2, 3, 4}, std::vector<int64_t>{3, 1, 4, 5},
        std::vector<int64_t>{5}, std::vector<int64_t>{2, 3, 2, 3}}) {
    TensorRef x = rnd(shape, 0.5, 1.5, 1);
    const int nd = (int)shape.size();
    for (unsigned mask = 1; mask < (1u << nd); ++mask) {
      std::vector<int64_t> dims;
      for (int d = 0; d < nd; ++d)
        if (mask >> d & 1) dims.push_back((d % 2) ? d - nd : d);  // mix negative axes
      for (bool keep : {false, true}) {
        for (const char* op : kOps) {
          SCOPED_TRACE(std::string(op) + " shape " + shape_str(shape) + " dims " +
                       shape_str(dims) + (keep ? " keep" : ""));
          std::vector<int64_t> os;
          std::vector<double> want = reference(op, x, mask, &os, keep);
          TensorRef o = red(op, x, dims, keep);
          expect_shape(o, os);
          expect_values(o, want, 1e-12);
        }
      }
    }
  }
}

TEST(Reduce, SumExample) {
  // Paddle's documented example: x = [[0.2, 0.3, 0.5, 0.9], [0.1, 0.2, 0.6, 0.7]]
  auto x = make<float>({2, 4}, {0.2f, 0.3f, 0.5f, 0.9f, 0.1f, 0.2f, 0.6f, 0.7f});
  auto all = red("reduce_sum", x, {0}, false, true);
  expect_shape(all, {1});
  expect_values(all, {3.5}, 1e-6);
  expect_values(red("reduce_sum", x, {0}), {0.3, 0.5, 1.1, 1.6}, 1e-6);
  expect_values(red("reduce_sum", x, {-1}), {1.9, 1.6}, 1e-6);
  auto k = red("reduce_sum", x, {1}, true);
  expect_shape(k, {2, 1});
  expect_values(k, {1.9, 1.6}, 1e-6);
  expect_values(red("reduce_mean", x, {1}), {0.475, 0.4}, 1e-6);
  expect_values(red("reduce_max", x, {0}), {0.2, 0.3, 0.6, 0.9}, 1e-6);
  expect_values(red("reduce_min", x, {1}), {0.2, 0.1}, 1e-6);
  expect_values(red("reduce_prod", x, {0}), {0.02, 0.06, 0.3, 0.63}, 1e-6);
}

TEST(Reduce, FullReductionShapes) {
  auto x = rnd({2, 3, 4}, 0, 1, 2);
  expect_shape(red("reduce_sum", x, {}, false), {1});
  expect_shape(red("reduce_sum", x, {}, true), {1, 1, 1});
  expect_shape(red("reduce_sum", x, {0, 1, 2}), {1});
  expect_shape(red("reduce_sum", x, {0, 1, 2}, true), {1, 1, 1});
  expect_shape(red("reduce_mean", x, {1}, false, true), {1});
  expect_shape(red("reduce_max", x, {1}, true, true), {1, 1, 1});
  // A 0-d input counts as one element; the output is [1].
  TensorRef z = empty_tensor(DType::Float32, std::vector<int64_t>{});
  z->data<float>()[0] = 2.5f;
  auto s = red("reduce_sum", z, {0});
  expect_shape(s, {1});
  expect_values(s, {2.5});
  expect_values(red("reduce_prod", z, {}, false, true), {2.5});
  expect_shape(red("reduce_max", z, {-1}, true), {1});
}

TEST(Reduce, LargeShapesAllPaths) {
  // inner, outer, middle and permuted patterns on shapes that use several threads.
  auto x = rnd({40, 300, 17}, -1, 1, 3);
  for (unsigned mask : {1u, 2u, 4u, 3u, 6u, 5u, 7u}) {
    std::vector<int64_t> dims;
    for (int d = 0; d < 3; ++d)
      if (mask >> d & 1) dims.push_back(d);
    for (const char* op : {"reduce_sum", "reduce_max", "reduce_min", "reduce_mean"}) {
      SCOPED_TRACE(std::string(op) + " mask " + std::to_string(mask));
      std::vector<int64_t> os;
      std::vector<double> want = reference(op, x, mask, &os, false);
      expect_values(red(op, x, dims), want, 1e-10);
      // float32 path
      auto xf = cast_to(x, DType::Float32);
      std::vector<double> wantf = reference(op, cast_to(xf, DType::Float64), mask, &os, false);
      expect_values(red(op, xf, dims), wantf, 1e-4);
    }
  }
}

TEST(Reduce, Float32SumIsAccurate) {
  // 2^24 + 1000 ones: a plain float accumulator would stop at 16777216.
  const int64_t n = (1 << 24) + 1000;
  TensorRef x = empty_tensor(DType::Float32, {n});
  std::fill(x->data<float>(), x->data<float>() + n, 1.0f);
  EXPECT_EQ(values(red("reduce_sum", x, {0}))[0], (double)n);
  EXPECT_EQ(values(red("reduce_mean", x, {}, false, true))[0], 1.0);
  // 0.1 repeated: relative error stays near float rounding of the result.
  const int64_t m = 10000000;
  TensorRef y = empty_tensor(DType::Float32, {m / 1000, 1000});
  std::fill(y->data<float>(), y->data<float>() + m, 0.1f);
  const double exact = (double)0.1f * m;
  EXPECT_NEAR(values(red("reduce_sum", y, {}, false, true))[0], exact, exact * 1e-6);
  auto cols = values(red("reduce_sum", y, {0}));
  EXPECT_NEAR(cols[0], (double)0.1f * 10000, 1e-2);
}

TEST(Reduce, NonContiguousInput) {
  auto base = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  TensorRef xt = make_view(*base, dims, strides, 2, 0);  // [[1,4],[2,5],[3,6]]
  expect_values(red("reduce_sum", xt, {1}), {5, 7, 9});
  expect_values(red("reduce_max", xt, {0}), {3, 6});
}

TEST(Reduce, DtypesAndOutDtype) {
  auto i = make<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto s = red("reduce_sum", i, {1});
  EXPECT_EQ(s->dtype, DType::Int32);
  expect_values(s, {6, 15});
  auto s64 = red("reduce_sum", i, {1}, false, false, (int64_t)DType::Int64);
  EXPECT_EQ(s64->dtype, DType::Int64);
  expect_values(s64, {6, 15});
  expect_values(red("reduce_prod", i, {0}), {4, 10, 18});
  expect_values(red("reduce_max", i, {}, false, true), {6});
  auto l = make<int64_t>({3}, {-5, 7, 2});
  expect_values(red("reduce_min", l, {0}), {-5});
  // bool: out_dtype int64 counts; without it the result stays bool (any).
  auto b = make<bool>({4}, {true, false, true, true});
  auto bc = red("reduce_sum", b, {0}, false, false, (int64_t)DType::Int64);
  EXPECT_EQ(bc->dtype, DType::Int64);
  expect_values(bc, {3});
  auto bb = red("reduce_sum", b, {0});
  EXPECT_EQ(bb->dtype, DType::Bool);
  expect_values(bb, {1});
  // float32 -> float64
  auto f = make<float>({3}, {0.5f, 0.25f, 0.125f});
  auto fd = red("reduce_sum", f, {0}, false, false, (int64_t)DType::Float64);
  EXPECT_EQ(fd->dtype, DType::Float64);
  expect_values(fd, {0.875});
  // float16 / bfloat16 accumulate in float32
  auto h = cast_to(make<double>({4}, {1, 2, 3, 4}), DType::Float16);
  auto hs = red("reduce_sum", h, {0});
  EXPECT_EQ(hs->dtype, DType::Float16);
  expect_values(hs, {10});
  auto hf = red("reduce_mean", h, {0}, false, false, (int64_t)DType::Float32);
  EXPECT_EQ(hf->dtype, DType::Float32);
  expect_values(hf, {2.5});
  auto bf = cast_to(make<double>({2, 2}, {1, 2, 3, 4}), DType::BFloat16);
  auto bm = red("reduce_max", bf, {1});
  EXPECT_EQ(bm->dtype, DType::BFloat16);
  expect_values(bm, {2, 4});
  expect_values(red("reduce_prod", bf, {0}), {3, 8});
}

TEST(Reduce, MaxMinPropagateNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto x = make<double>({2, 3}, {1, nan, 3, 4, 5, 6});
  auto m = values(red("reduce_max", x, {1}));
  EXPECT_TRUE(std::isnan(m[0]));
  EXPECT_EQ(m[1], 6);
  auto n = values(red("reduce_min", x, {0}));
  EXPECT_EQ(n[0], 1);
  EXPECT_TRUE(std::isnan(n[1]));
  // NaN inside the vectorised part of a long row
  std::vector<float> v(40, 1.0f);
  v[5] = std::numeric_limits<float>::quiet_NaN();
  v[30] = 9.0f;
  auto lf = make<float>({2, 20}, v);
  auto lm = values(red("reduce_max", lf, {1}));
  EXPECT_TRUE(std::isnan(lm[0]));
  EXPECT_EQ(lm[1], 9.0);
  EXPECT_TRUE(std::isnan(values(red("reduce_min", lf, {}, false, true))[0]));
  EXPECT_EQ(values(red("reduce_min", lf, {0}))[1], 1.0);
}

TEST(Reduce, EmptyInputs) {
  auto e = make<float>({0, 3}, {});
  auto s = red("reduce_sum", e, {0});
  expect_shape(s, {3});
  expect_values(s, {0, 0, 0});
  expect_values(red("reduce_prod", e, {0}), {1, 1, 1});
  auto m = values(red("reduce_mean", e, {0}));
  EXPECT_TRUE(std::isnan(m[0]));
  expect_values(red("reduce_sum", e, {}, false, true), {0});
  // reducing axis 1 of [0, 3]: no outputs, no error
  expect_shape(red("reduce_max", e, {1}), {0});
  auto e2 = make<float>({3, 0}, {});
  expect_error([&] { red("reduce_max", e2, {1}); }, PD_INVALID_ARGUMENT,
               "reduce_max: cannot reduce over zero elements (X has shape [3, 0], reducing axes "
               "[1])");
  expect_error([&] { red("reduce_min", e2, {}, false, true); }, PD_INVALID_ARGUMENT,
               "reduce_min: cannot reduce over zero elements");
}

TEST(Reduce, Errors) {
  auto x = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_error([&] { red("reduce_sum", x, {3}); }, PD_INVALID_ARGUMENT,
               "reduce_sum: axis 3 is out of range for a tensor of rank 2; expected -2 <= axis "
               "< 2");
  expect_error([&] { red("reduce_max", x, {-3}); }, PD_INVALID_ARGUMENT,
               "reduce_max: axis -3 is out of range for a tensor of rank 2");
  expect_error([&] { red("reduce_mean", x, {1, -1}); }, PD_INVALID_ARGUMENT,
               "reduce_mean: axis -1 appears more than once in dim [1, -1]");
  auto i = make<int32_t>({2}, {1, 2});
  expect_error([&] { red("reduce_mean", i, {0}); }, PD_INVALID_ARGUMENT,
               "reduce_mean: input 'X' has dtype int32, expected one of");
  expect_error([&] { red("reduce_sum", x, {0}, false, false, 99); }, PD_INVALID_ARGUMENT,
               "reduce_sum: out_dtype 99 is not a Paddle dtype");
  expect_error([&] { red("reduce_mean", x, {0}, false, false, (int64_t)DType::Int64); },
               PD_INVALID_ARGUMENT, "reduce_mean: out_dtype int64 is not supported");
  auto b = make<bool>({2}, {true, false});
  expect_error([&] { red("reduce_max", b, {0}); }, PD_INVALID_ARGUMENT,
               "reduce_max: input 'X' has dtype bool");
}

// ---------------- gradients ----------------

TEST(ReduceGrad, AllOpsAllPatterns) {
  const std::vector<std::pair<std::vector<int64_t>, bool>> cases = {
      {{0}, false}, {{1}, true}, {{-1}, false}, {{0, 2}, false}, {{0, 2}, true}, {{}, false},
      {{}, true},   {{1, 2}, false}};
  for (const char* op : kOps) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(op) + " dims " + shape_str(c.first) + (c.second ? " keep" : ""));
      check_gradients(
          [&](const std::vector<TensorRef>& v) { return red(op, v[0], c.first, c.second); },
          {rnd({2, 3, 4}, 0.5, 1.5, 41)});
    }
  }
}

TEST(ReduceGrad, MaxTiesAllGetGradient) {
  auto x = make<double>({2, 3}, {1, 3, 3, 5, 2, 5});
  x->stop_gradient = false;
  backward(red("reduce_max", x, {1}), make<double>({2}, {1, 2}), false);
  expect_values(x->grad, {0, 1, 1, 2, 0, 2});
  auto y = make<double>({3}, {4, 1, 1});
  y->stop_gradient = false;
  backward(red("reduce_min", y, {0}), make<double>({1}, {3}), false);
  expect_values(y->grad, {0, 3, 3});
}

TEST(ReduceGrad, ProdWithZeros) {
  auto x = make<double>({2, 3}, {2, 0, 3, 0, 0, 4});
  x->stop_gradient = false;
  backward(red("reduce_prod", x, {1}), make<double>({2}, {1, 1}), false);
  expect_values(x->grad, {0, 6, 0, 0, 0, 0});
  check_gradients([](const std::vector<TensorRef>& v) { return red("reduce_prod", v[0], {0}); },
                  {make<double>({3, 2}, {2, 0, 0, 0, 3, 5})});
}

TEST(ReduceGrad, OutDtypeGradHasInputDtype) {
  auto x = make<float>({2, 2}, {1, 2, 3, 4});
  x->stop_gradient = false;
  auto s = red("reduce_sum", x, {0}, false, false, (int64_t)DType::Float64);
  backward(s, make<double>({2}, {1, 2}), false);
  EXPECT_EQ(x->grad->dtype, DType::Float32);
  expect_values(x->grad, {1, 2, 1, 2});
}

TEST(ReduceGrad, MeanAndHalf) {
  auto h = cast_to(make<double>({2, 2}, {1, 2, 3, 4}), DType::Float16);
  h->stop_gradient = false;
  backward(red("reduce_mean", h, {}, false, true), cast_to(make<double>({1}, {1}), DType::Float16),
           false);
  EXPECT_EQ(h->grad->dtype, DType::Float16);
  expect_values(h->grad, {0.25, 0.25, 0.25, 0.25});
}

TEST(ReduceGrad, SecondOrderThroughSum) {
  // y = sum(x * x) -> dy/dx = 2x -> d(sum(2x))/dx = 2
  auto x = make<double>({3}, {1, 2, 3});
  x->stop_gradient = false;
  auto y = red("reduce_sum", call("elementwise_mul", {x, x}, {{"axis", (int64_t)-1}}), {0});
  auto g = compute_grad({y}, {x}, {make<double>({1}, {1})}, true, true, false)[0];
  expect_values(g, {2, 4, 6});
  auto gs = red("reduce_sum", g, {0});
  auto gg = compute_grad({gs}, {x}, {make<double>({1}, {1})}, false, false, false)[0];
  expect_values(gg, {2, 2, 2});
}

TEST(ReduceGrad, SumGradOpChecksShape) {
  auto x = make<double>({2, 3}, std::vector<double>(6, 1));
  auto d = make<double>({3}, {1, 2, 3});
  expect_error([&] { call("reduce_sum_grad", {x, d}, {{"dim", std::vector<int64_t>{1}}}); },
               PD_INVALID_ARGUMENT,
               "reduce_sum_grad: Out@GRAD has shape [3] but reducing X of shape [2, 3] gives [2]");
  expect_values(call("reduce_sum_grad", {x, d}, {{"dim", std::vector<int64_t>{0}}}),
                {1, 2, 3, 1, 2, 3});
}
