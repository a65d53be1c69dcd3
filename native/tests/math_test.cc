// Math family: binary elementwise ops (values, broadcasting and fluid axis corners, dtypes,
// integer division semantics, errors, empty tensors), unary ops, scale, clip, and numerical
// gradient checks of every differentiable op.
#include <cmath>
#include <limits>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef bin(const char* op, const TensorRef& x, const TensorRef& y, int64_t axis = -1) {
  return call(op, {x, y}, {{"axis", axis}});
}
TensorRef un(const char* op, const TensorRef& x) { return call(op, {x}); }

TensorRef rnd(const std::vector<int64_t>& dims, double lo, double hi, unsigned seed) {
  TensorRef t = empty_tensor(DType::Float64, dims);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<double>()[i] = u(rng);
  return t;
}

std::vector<double> iota(int64_t n, double start = 0) {
  std::vector<double> v((size_t)n);
  for (int64_t i = 0; i < n; ++i) v[(size_t)i] = start + (double)i;
  return v;
}

TensorRef cast_to(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

}  // namespace

// ---------------- binary: values and broadcasting ----------------

TEST(MathBinary, AddSameShape) {
  auto x = make<float>({2, 2}, {1, 2, 3, 4});
  auto y = make<float>({2, 2}, {10, 20, 30, 40});
  auto o = bin("elementwise_add", x, y);
  expect_shape(o, {2, 2});
  expect_values(o, {11, 22, 33, 44});
}

TEST(MathBinary, BroadcastTrailing) {
  // [2,3,4] + [4]
  auto x = make<float>({2, 3, 4}, std::vector<float>(24, 1.0f));
  auto y = make<float>({4}, {0, 1, 2, 3});
  auto o = bin("elementwise_add", x, y);
  expect_shape(o, {2, 3, 4});
  std::vector<double> want;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) want.push_back(1 + j);
  expect_values(o, want);
}

// Found by the C ABI fuzzer: axis + rank overflowed for a huge axis, passing the range check.
TEST(MathBinary, HugeAxisIsRejected) {
  auto x = make<int64_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto y = make<int64_t>({3}, {1, 2, 3});
  expect_error([&] { call("elementwise_mul", {x, y}, {{"axis", std::numeric_limits<int64_t>::max()}}); },
               PD_INVALID_ARGUMENT, "elementwise_mul: axis 9223372036854775807 is out of range");
}

TEST(MathBinary, BroadcastBothSides) {
  // [2,1,4] + [3,1] -> [2,3,4]
  std::vector<double> xv = iota(8);
  auto x = make<double>({2, 1, 4}, xv);
  auto y = make<double>({3, 1}, {100, 200, 300});
  auto o = bin("elementwise_add", x, y);
  expect_shape(o, {2, 3, 4});
  std::vector<double> want;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) want.push_back(xv[a * 4 + c] + 100 * (b + 1));
  expect_values(o, want);
}

TEST(MathBinary, FluidAxisAlignment) {
  // [2,3,4] + [3] with axis=1: y runs along dim 1.
  auto x = make<float>({2, 3, 4}, std::vector<float>(24, 0.0f));
  auto y = make<float>({3}, {1, 2, 3});
  auto o = bin("elementwise_add", x, y, 1);
  expect_shape(o, {2, 3, 4});
  std::vector<double> want;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) want.push_back(b + 1);
  expect_values(o, want);
  // axis=0: [2,3] * [2]
  auto x2 = make<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto y2 = make<int32_t>({2}, {10, 100});
  expect_values(bin("elementwise_mul", x2, y2, 0), {10, 20, 30, 400, 500, 600});
  // [2,3,4] - [3,4] with axis=1 equals numpy alignment
  auto y3 = make<float>({3, 4}, std::vector<float>(12, 1.0f));
  expect_values(bin("elementwise_sub", x, y3, 1), std::vector<double>(24, -1.0));
}

TEST(MathBinary, FluidAxisWithSmallerX) {
  // X of lower rank aligned by axis: [3] - [2,3,4] with axis=1.
  auto x = make<float>({3}, {10, 20, 30});
  auto y = make<float>({2, 3, 4}, std::vector<float>(24, 1.0f));
  auto o = bin("elementwise_sub", x, y, 1);
  expect_shape(o, {2, 3, 4});
  std::vector<double> want;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) want.push_back(10.0 * (b + 1) - 1);
  expect_values(o, want);
}

TEST(MathBinary, ScalarOperandsAndRank0) {
  auto x = make<float>({3}, {1, 2, 3});
  auto s = make<float>({1}, {2});
  expect_values(bin("elementwise_mul", x, s), {2, 4, 6});
  expect_values(bin("elementwise_sub", s, x), {1, 0, -1});
  TensorRef z = empty_tensor(DType::Float32, std::vector<int64_t>{});
  z->data<float>()[0] = 5;
  auto o = bin("elementwise_add", x, z);
  expect_shape(o, {3});
  expect_values(o, {6, 7, 8});
}

TEST(MathBinary, NonContiguousInputs) {
  // x^T (a transposed view) + y
  auto base = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  TensorRef xt = make_view(*base, dims, strides, 2, 0);
  auto y = make<float>({3, 2}, {10, 20, 30, 40, 50, 60});
  expect_values(bin("elementwise_add", xt, y), {11, 24, 32, 45, 53, 66});
  auto r = make<float>({2}, {100, 200});
  expect_values(bin("elementwise_add", xt, r), {101, 204, 102, 205, 103, 206});
  expect_values(un("exp", xt), {std::exp(1.0), std::exp(4.0), std::exp(2.0), std::exp(5.0),
                                std::exp(3.0), std::exp(6.0)}, 1e-6);
}

TEST(MathBinary, LargeBroadcastMatchesScalarLoop) {
  // Exercise the parallel paths: [64, 1000] + [1000] and [64, 1] * [64, 1000].
  const int64_t R = 64, C = 1000;
  std::vector<double> xv = iota(R * C), yv = iota(C, 0.5), cv = iota(R, 1);
  auto x = make<double>({R, C}, xv);
  auto y = make<double>({C}, yv);
  auto col = make<double>({R, 1}, cv);
  std::vector<double> want1, want2;
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < C; ++j) {
      want1.push_back(xv[i * C + j] + yv[j]);
      want2.push_back(cv[i] * xv[i * C + j]);
    }
  expect_values(bin("elementwise_add", x, y), want1);
  expect_values(bin("elementwise_mul", col, x), want2);
}

TEST(MathBinary, DivAndFloorDivTruncateTowardZero) {
  auto x = make<int32_t>({4}, {7, -7, 7, -7});
  auto y = make<int32_t>({4}, {2, 2, -2, -2});
  expect_values(bin("elementwise_div", x, y), {3, -3, -3, 3});
  expect_values(bin("elementwise_floordiv", x, y), {3, -3, -3, 3});
  auto x64 = make<int64_t>({2}, {9, -9});
  auto y64 = make<int64_t>({2}, {4, 4});
  expect_values(bin("elementwise_floordiv", x64, y64), {2, -2});
  // Paddle 2.0's FloorDivFunctor truncates floats too.
  auto xf = make<double>({2}, {7.0, -7.0});
  auto yf = make<double>({2}, {2.0, 2.0});
  expect_values(bin("elementwise_floordiv", xf, yf), {3, -3});
  expect_values(bin("elementwise_div", xf, yf), {3.5, -3.5});
  // INT_MIN / -1 wraps instead of trapping.
  const int32_t mn = std::numeric_limits<int32_t>::min();
  auto a = make<int32_t>({1}, {mn});
  auto m1 = make<int32_t>({1}, {-1});
  expect_values(bin("elementwise_div", a, m1), {(double)mn});
  expect_values(bin("elementwise_mod", a, m1), {0});
}

TEST(MathBinary, ModTakesDivisorSign) {
  auto x = make<int32_t>({4}, {7, -7, 7, -7});
  auto y = make<int32_t>({4}, {3, 3, -3, -3});
  expect_values(bin("elementwise_mod", x, y), {1, 2, -2, -1});
  auto xl = make<int64_t>({2}, {6, -6});
  auto yl = make<int64_t>({2}, {3, 4});
  expect_values(bin("elementwise_mod", xl, yl), {0, 2});
  auto xf = make<float>({4}, {7.5f, -7.5f, 7.5f, -7.5f});
  auto yf = make<float>({4}, {2, 2, -2, -2});
  expect_values(bin("elementwise_mod", xf, yf), {1.5, 0.5, -0.5, -1.5});
  // Paddle's documented example: mod([2, 3, 8, 7], [1, 5, 3, 3]) = [0, 3, 2, 1]
  auto px = make<int32_t>({4}, {2, 3, 8, 7});
  auto py = make<int32_t>({4}, {1, 5, 3, 3});
  expect_values(bin("elementwise_mod", px, py), {0, 3, 2, 1});
}

TEST(MathBinary, IntegerDivisionByZeroIsAnError) {
  auto x = make<int32_t>({3}, {1, 2, 3});
  auto y = make<int32_t>({3}, {1, 0, 1});
  expect_error([&] { bin("elementwise_div", x, y); }, PD_INVALID_ARGUMENT,
               "elementwise_div: integer division by zero");
  expect_error([&] { bin("elementwise_floordiv", x, y); }, PD_INVALID_ARGUMENT,
               "elementwise_floordiv: integer division by zero");
  auto xl = make<int64_t>({2}, {1, 2});
  auto zl = make<int64_t>({1}, {0});
  expect_error([&] { bin("elementwise_mod", xl, zl); }, PD_INVALID_ARGUMENT,
               "elementwise_mod: integer division by zero");
  // Floats divide by zero as IEEE does.
  auto xf = make<float>({2}, {1, -1});
  auto zf = make<float>({2}, {0, 0});
  expect_values(bin("elementwise_div", xf, zf), {INFINITY, -INFINITY});
  auto m = values(bin("elementwise_mod", xf, zf));
  EXPECT_TRUE(std::isnan(m[0]));
}

TEST(MathBinary, Pow) {
  auto x = make<float>({3}, {2, 9, 2});
  auto y = make<float>({3}, {3, 0.5f, -1});
  expect_values(bin("elementwise_pow", x, y), {8, 3, 0.5});
  auto xi = make<int32_t>({3}, {2, 3, -2});
  auto yi = make<int32_t>({3}, {10, 3, 3});
  expect_values(bin("elementwise_pow", xi, yi), {1024, 27, -8});
  // Negative integer exponents: C's pow then truncation.
  auto xn = make<int64_t>({4}, {1, -1, -1, 2});
  auto yn = make<int64_t>({4}, {-1, -1, -2, -1});
  expect_values(bin("elementwise_pow", xn, yn), {1, -1, 1, 0});
  auto z = make<int64_t>({1}, {0});
  auto m = make<int64_t>({1}, {-1});
  expect_error([&] { bin("elementwise_pow", z, m); }, PD_INVALID_ARGUMENT,
               "elementwise_pow: integer 0 raised to a negative power");
}

TEST(MathBinary, MaxMin) {
  auto x = make<float>({4}, {1, 5, 3, -2});
  auto y = make<float>({4}, {2, 4, 3, -3});
  expect_values(bin("elementwise_max", x, y), {2, 5, 3, -2});
  expect_values(bin("elementwise_min", x, y), {1, 4, 3, -3});
  // Paddle's `a > b ? a : b`: a NaN in X loses, a NaN in Y wins.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto xn = make<float>({2}, {nan, 1});
  auto yn = make<float>({2}, {1, nan});
  auto r = values(bin("elementwise_max", xn, yn));
  EXPECT_EQ(r[0], 1.0);
  EXPECT_TRUE(std::isnan(r[1]));
  auto xi = make<int64_t>({3}, {1, 7, -4});
  auto yi = make<int64_t>({1}, {2});
  expect_values(bin("elementwise_max", xi, yi), {2, 7, 2});
  expect_values(bin("elementwise_min", xi, yi), {1, 2, -4});
}

TEST(MathBinary, DtypeCoverage) {
  for (DType d : {DType::Float16, DType::BFloat16, DType::Float32, DType::Float64, DType::Int32,
                  DType::Int64}) {
    auto x = cast_to(make<double>({3}, {1, 2, 6}), d);
    auto y = cast_to(make<double>({3}, {4, 2, 3}), d);
    auto check = [&](const char* op, std::vector<double> want) {
      auto o = bin(op, x, y);
      EXPECT_EQ(o->dtype, d) << op;
      expect_values(o, want, 1e-2);
    };
    check("elementwise_add", {5, 4, 9});
    check("elementwise_sub", {-3, 0, 3});
    check("elementwise_mul", {4, 4, 18});
    check("elementwise_max", {4, 2, 6});
    check("elementwise_min", {1, 2, 3});
    check("elementwise_pow", {1, 4, 216});
    if (d == DType::Int32 || d == DType::Int64) check("elementwise_div", {0, 1, 2});
    else check("elementwise_div", {0.25, 1, 2});
  }
}

TEST(MathBinary, Errors) {
  auto xf = make<float>({2}, {1, 2});
  auto yi = make<int32_t>({2}, {1, 2});
  expect_error([&] { bin("elementwise_add", xf, yi); }, PD_INVALID_ARGUMENT,
               "elementwise_add: input 'Y' has dtype int32 but input 'X' has dtype float32");
  auto a = make<float>({2, 3}, std::vector<float>(6, 1));
  auto b = make<float>({4}, {1, 2, 3, 4});
  expect_error([&] { bin("elementwise_mul", a, b); }, PD_INVALID_ARGUMENT,
               "elementwise_mul: the shapes of X [2, 3] and Y [4] cannot be broadcast");
  auto c = make<float>({3}, {1, 2, 3});
  expect_error([&] { bin("elementwise_add", a, c, 2); }, PD_INVALID_ARGUMENT,
               "elementwise_add: axis 2 is out of range");
  auto bl = make<bool>({2}, {true, false});
  expect_error([&] { bin("elementwise_add", bl, bl); }, PD_INVALID_ARGUMENT,
               "elementwise_add: input 'X' has dtype bool, expected one of");
  auto h = cast_to(make<double>({2}, {1, 2}), DType::Float16);
  expect_error([&] { bin("elementwise_mod", h, h); }, PD_INVALID_ARGUMENT,
               "elementwise_mod: input 'X' has dtype float16");
}

TEST(MathBinary, EmptyTensors) {
  auto x = make<float>({0, 3}, {});
  auto y = make<float>({3}, {1, 2, 3});
  auto o = bin("elementwise_add", x, y);
  expect_shape(o, {0, 3});
  // A zero divisor that is never used (empty output) is not an error.
  auto xi = make<int32_t>({0, 2}, {});
  auto zi = make<int32_t>({2}, {0, 0});
  expect_shape(bin("elementwise_div", xi, zi), {0, 2});
  auto e = make<float>({2, 0}, {});
  auto col = make<float>({2, 1}, {1, 2});
  expect_shape(bin("elementwise_mul", e, col), {2, 0});
  expect_shape(un("exp", x), {0, 3});
}

// ---------------- unary, scale, clip ----------------

TEST(MathUnary, Values) {
  auto x = make<double>({3}, {0.5, 1, 4});
  expect_values(un("exp", x), {std::exp(0.5), std::exp(1.0), std::exp(4.0)});
  expect_values(un("log", x), {std::log(0.5), 0, std::log(4.0)});
  expect_values(un("sqrt", x), {std::sqrt(0.5), 1, 2});
  expect_values(un("sin", x), {std::sin(0.5), std::sin(1.0), std::sin(4.0)});
  expect_values(un("cos", x), {std::cos(0.5), std::cos(1.0), std::cos(4.0)});
  expect_values(un("tanh", x), {std::tanh(0.5), std::tanh(1.0), std::tanh(4.0)});
  auto s = make<float>({4}, {-2, 0, 3, -0.5f});
  expect_values(un("abs", s), {2, 0, 3, 0.5});
  expect_values(un("square", s), {4, 0, 9, 0.25});
  expect_values(un("sign", s), {-1, 0, 1, -1});
  auto i = make<int32_t>({3}, {-3, 0, 4});
  EXPECT_EQ(un("abs", i)->dtype, DType::Int32);
  expect_values(un("abs", i), {3, 0, 4});
  expect_values(un("square", make<int64_t>({2}, {-3, 5})), {9, 25});
  // NaN, inf, and log of non-positive values follow IEEE.
  auto neg = make<float>({2}, {-1, 0});
  auto l = values(un("log", neg));
  EXPECT_TRUE(std::isnan(l[0]));
  EXPECT_EQ(l[1], -INFINITY);
  // float16 / bfloat16 go through float32.
  auto h = cast_to(make<double>({2}, {1, 4}), DType::Float16);
  auto hs = un("sqrt", h);
  EXPECT_EQ(hs->dtype, DType::Float16);
  expect_values(hs, {1, 2});
  auto b = cast_to(make<double>({2}, {0, 1}), DType::BFloat16);
  expect_values(un("exp", b), {1, std::exp(1.0)}, 1e-2);
}

TEST(MathUnary, Errors) {
  auto i = make<int32_t>({2}, {1, 2});
  expect_error([&] { un("exp", i); }, PD_INVALID_ARGUMENT,
               "exp: input 'X' has dtype int32, expected one of [float16, bfloat16, float32, "
               "float64]");
}

TEST(MathScale, Values) {
  auto x = make<float>({3}, {1, 2, 3});
  expect_values(call("scale", {x}, {{"scale", 2.0}, {"bias", 1.0}}), {3, 5, 7});
  expect_values(call("scale", {x}, {{"scale", 2.0}, {"bias", 1.0}, {"bias_after_scale", false}}),
                {4, 6, 8});
  expect_values(call("scale", {x}), {1, 2, 3});
  auto i = make<int32_t>({3}, {3, -3, 4});
  auto o = call("scale", {i}, {{"scale", 2.5}, {"bias", 0.0}});
  EXPECT_EQ(o->dtype, DType::Int32);
  expect_values(o, {7, -7, 10});
  auto l = make<int64_t>({1}, {5});
  expect_values(call("scale", {l}, {{"scale", 1.0}, {"bias", -6.0}}), {-1});
  auto h = cast_to(make<double>({2}, {1, 2}), DType::Float16);
  auto oh = call("scale", {h}, {{"scale", 3.0}});
  EXPECT_EQ(oh->dtype, DType::Float16);
  expect_values(oh, {3, 6});
  expect_error([&] { call("scale", {x}, {{"scale", std::string("a")}}); }, PD_INVALID_ARGUMENT,
               "scale: attribute 'scale' expects float, got string");
}

TEST(MathClip, Values) {
  auto x = make<float>({5}, {-5, -1, 0, 1, 5});
  expect_values(call("clip", {x}, {{"min", -2.0}, {"max", 2.0}}), {-2, -1, 0, 1, 2});
  // Paddle's example: clip([[1.2, 3.5], [4.5, 6.4]], min=3.5, max=5.0)
  auto p = make<float>({2, 2}, {1.2f, 3.5f, 4.5f, 6.4f});
  expect_values(call("clip", {p}, {{"min", 3.5}, {"max", 5.0}}), {3.5, 3.5, 4.5, 5.0});
  // Defaults: no clipping.
  expect_values(call("clip", {x}), {-5, -1, 0, 1, 5});
  auto i = make<int64_t>({3}, {-10, 3, 10});
  expect_values(call("clip", {i}, {{"min", -4.0}, {"max", 4.0}}), {-4, 3, 4});
  auto i32 = make<int32_t>({2}, {-10, 10});
  expect_values(call("clip", {i32}), {-10, 10});  // float-range defaults saturate safely
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto n = make<float>({1}, {nan});
  EXPECT_TRUE(std::isnan(values(call("clip", {n}, {{"min", 0.0}, {"max", 1.0}}))[0]));
  expect_error([&] { call("clip", {x}, {{"min", 2.0}, {"max", 1.0}}); }, PD_INVALID_ARGUMENT,
               "clip: min 2 is greater than max 1");
}

// ---------------- gradients ----------------

TEST(MathGrad, AddSubMulDivWithBroadcast) {
  for (const char* op : {"elementwise_add", "elementwise_sub", "elementwise_mul",
                         "elementwise_div"}) {
    SCOPED_TRACE(op);
    // same shape
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1]); },
                    {rnd({2, 3}, 0.5, 2, 1), rnd({2, 3}, 0.5, 2, 2)});
    // [2,3,4] op [4]
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1]); },
                    {rnd({2, 3, 4}, 0.5, 2, 3), rnd({4}, 0.5, 2, 4)});
    // [2,1,4] op [3,1]
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1]); },
                    {rnd({2, 1, 4}, 0.5, 2, 5), rnd({3, 1}, 0.5, 2, 6)});
    // fluid axis: [2,3,4] op [3], axis=1
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1], 1); },
                    {rnd({2, 3, 4}, 0.5, 2, 7), rnd({3}, 0.5, 2, 8)});
    // smaller X with fluid axis: [3] op [2,3,4], axis=1
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1], 1); },
                    {rnd({3}, 0.5, 2, 9), rnd({2, 3, 4}, 0.5, 2, 10)});
  }
}

TEST(MathGrad, Pow) {
  check_gradients(
      [](const std::vector<TensorRef>& v) { return bin("elementwise_pow", v[0], v[1]); },
      {rnd({2, 3}, 0.5, 2, 11), rnd({2, 3}, -1.5, 2, 12)});
  check_gradients(
      [](const std::vector<TensorRef>& v) { return bin("elementwise_pow", v[0], v[1]); },
      {rnd({2, 3}, 0.5, 2, 13), rnd({3}, -1, 2, 14)});
  check_gradients(
      [](const std::vector<TensorRef>& v) { return bin("elementwise_pow", v[0], v[1], 0); },
      {rnd({2, 3}, 0.5, 2, 15), rnd({2}, -1, 2, 16)});
}

TEST(MathGrad, MaxMin) {
  // Distinct values (no ties) so the function is differentiable at the sample.
  auto x = make<double>({2, 3}, {1, 5, 3, -2, 0.5, 7});
  auto y = make<double>({3}, {2, 4, 3.5});
  for (const char* op : {"elementwise_max", "elementwise_min"}) {
    SCOPED_TRACE(op);
    check_gradients([&](const std::vector<TensorRef>& v) { return bin(op, v[0], v[1]); }, {x, y});
  }
}

TEST(MathGrad, MaxMinTiesGoToY) {
  for (const char* op : {"elementwise_max", "elementwise_min"}) {
    auto x = make<double>({2}, {3, 1});
    auto y = make<double>({2}, {3, 2});
    x->stop_gradient = false;
    y->stop_gradient = false;
    auto o = bin(op, x, y);
    backward(o, make<double>({2}, {1, 1}), false);
    if (std::string(op) == "elementwise_max") {
      expect_values(x->grad, {0, 0});
      expect_values(y->grad, {1, 1});
    } else {
      expect_values(x->grad, {0, 1});
      expect_values(y->grad, {1, 0});
    }
  }
}

TEST(MathGrad, Unary) {
  struct Case {
    const char* op;
    double lo, hi;
  };
  for (const Case& c : {Case{"exp", -2, 2}, Case{"log", 0.5, 3}, Case{"sqrt", 0.5, 3},
                        Case{"sin", -3, 3}, Case{"cos", -3, 3}, Case{"tanh", -2, 2},
                        Case{"square", -2, 2}}) {
    SCOPED_TRACE(c.op);
    check_gradients([&](const std::vector<TensorRef>& v) { return un(c.op, v[0]); },
                    {rnd({3, 4}, c.lo, c.hi, 21)});
  }
  // abs away from its kink
  check_gradients([](const std::vector<TensorRef>& v) { return un("abs", v[0]); },
                  {make<double>({4}, {-2, -0.5, 0.7, 3})});
}

TEST(MathGrad, AbsAtZeroIsZero) {
  auto x = make<double>({3}, {-1, 0, 2});
  x->stop_gradient = false;
  backward(un("abs", x), make<double>({3}, {1, 1, 1}), false);
  expect_values(x->grad, {-1, 0, 1});
}

TEST(MathGrad, ScaleAndClip) {
  check_gradients(
      [](const std::vector<TensorRef>& v) {
        return call("scale", {v[0]}, {{"scale", -1.5}, {"bias", 2.0}, {"bias_after_scale", false}});
      },
      {rnd({2, 3}, -1, 1, 31)});
  // clip: values away from the bounds
  check_gradients(
      [](const std::vector<TensorRef>& v) {
        return call("clip", {v[0]}, {{"min", -0.5}, {"max", 0.5}});
      },
      {make<double>({5}, {-2, -0.3, 0.1, 0.4, 3})});
  // At the bound itself the gradient is 0 (Paddle 2.0: min < x < max).
  auto x = make<double>({3}, {-0.5, 0, 0.5});
  x->stop_gradient = false;
  backward(call("clip", {x}, {{"min", -0.5}, {"max", 0.5}}), make<double>({3}, {1, 1, 1}), false);
  expect_values(x->grad, {0, 1, 0});
}

TEST(MathGrad, HalfPrecisionGradHasInputDtype) {
  auto x = cast_to(make<double>({3}, {1, 2, 3}), DType::Float16);
  auto y = cast_to(make<double>({3}, {2, 2, 2}), DType::Float16);
  x->stop_gradient = false;
  y->stop_gradient = false;
  auto o = bin("elementwise_mul", x, y);
  backward(o, cast_to(make<double>({3}, {1, 1, 1}), DType::Float16), false);
  EXPECT_EQ(x->grad->dtype, DType::Float16);
  expect_values(x->grad, {2, 2, 2});
  expect_values(y->grad, {1, 2, 3});
}

TEST(MathGrad, SecondOrderThroughMulAndTanh) {
  // d/dx of d/dx (x * tanh(x)) via create_graph.
  auto x = make<double>({2}, {0.3, -0.7});
  x->stop_gradient = false;
  auto y = bin("elementwise_mul", x, un("tanh", x));
  auto g = compute_grad({y}, {x}, {make<double>({2}, {1, 1})}, true, true, false)[0];
  auto gg = compute_grad({g}, {x}, {make<double>({2}, {1, 1})}, false, false, false)[0];
  std::vector<double> want;
  for (double v : {0.3, -0.7}) {
    const double t = std::tanh(v), s = 1 - t * t;
    want.push_back(2 * s - 2 * v * t * s);  // d2/dx2 [x tanh x]
  }
  expect_values(gg, want, 1e-6);
}
