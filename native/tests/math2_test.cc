// Second math set: unary float ops (values, dtypes incl. float16 via float32, NaN, empty,
// non-contiguous input, gradients), stanh, increment, sum (add_n), addmm, conj/real/imag.
#include <cmath>
#include <complex>
#include <limits>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef un(const char* op, const TensorRef& x, const std::vector<NamedAttr>& a = {}) {
  return call(op, {x}, a);
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
const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct UnaryCase {
  const char* op;
  double (*ref)(double);
  double lo, hi;
  bool grad;
};

double ref_rsqrt(double x) { return 1 / std::sqrt(x); }
double ref_recip(double x) { return 1 / x; }
double ref_round(double x) { return std::round(x); }
double ref_ceil(double x) { return std::ceil(x); }
double ref_floor(double x) { return std::floor(x); }
double ref_acos(double x) { return std::acos(x); }
double ref_asin(double x) { return std::asin(x); }
double ref_atan(double x) { return std::atan(x); }
double ref_cosh(double x) { return std::cosh(x); }
double ref_sinh(double x) { return std::sinh(x); }
double ref_tan(double x) { return std::tan(x); }
double ref_erf(double x) { return std::erf(x); }
double ref_log10(double x) { return std::log10(x); }
double ref_log1p(double x) { return std::log1p(x); }
double ref_log2(double x) { return std::log2(x); }

const UnaryCase kCases[] = {
    {"acos", ref_acos, -0.9, 0.9, true},     {"asin", ref_asin, -0.9, 0.9, true},
    {"atan", ref_atan, -3, 3, true},         {"ceil", ref_ceil, -3, 3, true},
    {"floor", ref_floor, -3, 3, true},       {"round", ref_round, -3, 3, true},
    {"cosh", ref_cosh, -2, 2, true},         {"sinh", ref_sinh, -2, 2, true},
    {"tan", ref_tan, -1.2, 1.2, true},       {"erf", ref_erf, -2, 2, true},
    {"log10", ref_log10, 0.2, 5, true},      {"log1p", ref_log1p, -0.5, 5, true},
    {"log2", ref_log2, 0.2, 5, true},        {"reciprocal", ref_recip, 0.3, 4, true},
    {"rsqrt", ref_rsqrt, 0.3, 4, true},
};

}  // namespace

TEST(Math2Unary, ValuesFloat64AndFloat32) {
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.op);
    TensorRef x = rnd({3, 4}, k.lo, k.hi, 7);
    std::vector<double> want;
    for (double v : values(x)) want.push_back(k.ref(v));
    TensorRef o = un(k.op, x);
    EXPECT_EQ(o->dtype, DType::Float64);
    expect_shape(o, {3, 4});
    expect_values(o, want, 1e-12);
    TensorRef o32 = un(k.op, cast_to(x, DType::Float32));
    EXPECT_EQ(o32->dtype, DType::Float32);
    // float32 input is x rounded to float: recompute the reference from it.
    std::vector<double> want32;
    for (double v : values(cast_to(x, DType::Float32))) want32.push_back(k.ref(v));
    expect_values(o32, want32, 1e-5);
  }
}

TEST(Math2Unary, Float16ThroughFloat32) {
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.op);
    TensorRef x = cast_to(rnd({5}, k.lo, k.hi, 3), DType::Float16);
    TensorRef o = un(k.op, x);
    EXPECT_EQ(o->dtype, DType::Float16);
    std::vector<double> want;
    for (double v : values(x)) want.push_back(k.ref(v));
    std::vector<double> got = values(o);
    for (size_t i = 0; i < want.size(); ++i)
      EXPECT_NEAR(got[i], want[i], 2e-3 * std::max(1.0, std::abs(want[i])));
    TensorRef ob = un(k.op, cast_to(rnd({5}, k.lo, k.hi, 3), DType::BFloat16));
    EXPECT_EQ(ob->dtype, DType::BFloat16);
  }
}

TEST(Math2Unary, EmptyAndNaNAndStrided) {
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.op);
    TensorRef e = make<float>({0, 3}, {});
    expect_shape(un(k.op, e), {0, 3});
    TensorRef n = make<double>({1}, {kNaN});
    EXPECT_TRUE(std::isnan(values(un(k.op, n))[0]));
    // transposed (non-contiguous) input
    TensorRef x = rnd({2, 3}, k.lo, k.hi, 11);
    TensorRef t = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});
    std::vector<double> want;
    std::vector<double> xv = values(x);
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i) want.push_back(k.ref(xv[(size_t)(i * 3 + j)]));
    expect_values(un(k.op, t), want, 1e-12);
  }
}

TEST(Math2Unary, RejectsIntegers) {
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.op);
    expect_error([&] { un(k.op, make<int32_t>({2}, {1, 2})); }, PD_INVALID_ARGUMENT, "int32");
  }
}

TEST(Math2Unary, SpecialValues) {
  expect_values(un("round", make<double>({6}, {0.5, 1.5, 2.5, -0.5, -1.5, 2.4})),
                {1, 2, 3, -1, -2, 2});
  expect_values(un("ceil", make<float>({3}, {-1.5f, 0.2f, 2.0f})), {-1, 1, 2});
  expect_values(un("floor", make<float>({3}, {-1.5f, 0.2f, 2.0f})), {-2, 0, 2});
  TensorRef r = un("reciprocal", make<double>({2}, {0.0, -0.0}));
  EXPECT_EQ(values(r)[0], std::numeric_limits<double>::infinity());
  EXPECT_EQ(values(r)[1], -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(values(un("acos", make<double>({1}, {1.5})))[0]));
  EXPECT_TRUE(std::isnan(values(un("rsqrt", make<double>({1}, {-1.0})))[0]));
  EXPECT_EQ(values(un("log1p", make<double>({1}, {-1.0})))[0],
            -std::numeric_limits<double>::infinity());
  // Paddle's documented examples
  expect_values(un("acos", make<float>({4}, {-0.4f, -0.2f, 0.1f, 0.3f})),
                {1.98231317, 1.77215425, 1.47062891, 1.26610367}, 1e-6);
  expect_values(un("log2", make<float>({3}, {1, 2, 4})), {0, 1, 2});
  expect_values(un("log10", make<float>({3}, {1, 10, 100})), {0, 1, 2}, 1e-6);
  expect_values(un("erf", make<float>({3}, {-0.4f, -0.2f, 0.1f})),
                {-0.42839236, -0.22270259, 0.11246292}, 1e-6);
}

TEST(Math2Unary, Gradients) {
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.op);
    // keep away from the rounding steps of ceil/floor/round
    TensorRef x = rnd({2, 3}, k.lo, k.hi, 5);
    if (std::string(k.op) == "ceil" || std::string(k.op) == "floor" ||
        std::string(k.op) == "round")
      x = make<double>({2, 3}, {0.2, 0.7, -1.3, 1.1, -0.3, 2.2});
    check_gradients([&](const std::vector<TensorRef>& in) { return un(k.op, in[0]); }, {x});
  }
}

TEST(Math2STanh, ValuesAttrsGrad) {
  TensorRef x = make<double>({3}, {-1.0, 0.0, 2.0});
  std::vector<double> want;
  for (double v : {-1.0, 0.0, 2.0}) want.push_back(1.7159 * std::tanh(0.67 * v));
  expect_values(un("stanh", x), want, 1e-12);
  expect_values(un("stanh", x, {{"scale_a", 2.0}, {"scale_b", 3.0}}),
                {3 * std::tanh(-2.0), 0.0, 3 * std::tanh(4.0)}, 1e-12);
  // Paddle's example: stanh([1,2,3,4], 0.67, 1.72)
  expect_values(un("stanh", make<float>({4}, {1, 2, 3, 4}), {{"scale_a", 0.67}, {"scale_b", 1.72}}),
                {1.00616539, 1.49927628, 1.65933108, 1.70390463}, 1e-5);
  EXPECT_EQ(un("stanh", cast_to(x, DType::Float16))->dtype, DType::Float16);
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("stanh", {in[0]}, {{"scale_a", 0.5}, {"scale_b", 2.0}});
  }, {rnd({2, 2}, -2, 2, 9)});
}

TEST(Math2Increment, ValuesDtypesErrors) {
  expect_values(un("increment", make<float>({1}, {1.5f})), {2.5});
  expect_values(un("increment", make<double>({1}, {1.0}), {{"step", -3.5}}), {-2.5});
  TensorRef i = un("increment", make<int32_t>({1}, {4}), {{"step", 2.0}});
  EXPECT_EQ(i->dtype, DType::Int32);
  expect_values(i, {6});
  TensorRef l = un("increment", make<int64_t>({1, 1}, {10}));
  expect_shape(l, {1, 1});
  expect_values(l, {11});
  expect_error([] { un("increment", make<float>({2}, {1, 2})); }, PD_INVALID_ARGUMENT,
               "increment: X must have exactly 1 element, but X has shape [2]");
  expect_error([] { un("increment", make<float>({0}, {})); }, PD_INVALID_ARGUMENT,
               "exactly 1 element");
  expect_error([] { un("increment", make<bool>({1}, {true})); }, PD_INVALID_ARGUMENT, "bool");
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("increment", {in[0]}, {{"step", 2.0}});
  }, {make<double>({1}, {0.3})});
}

TEST(Math2AddN, ValuesDtypesGrad) {
  auto a = make<float>({2, 2}, {1, 2, 3, 4});
  auto b = make<float>({2, 2}, {10, 20, 30, 40});
  auto c = make<float>({2, 2}, {100, 200, 300, 400});
  const OpDef* def = OpRegistry::instance().find("sum");
  ASSERT_NE(def, nullptr);
  auto o = run_op(*def, {{a, b, c}})[0];
  expect_shape(o, {2, 2});
  expect_values(o, {111, 222, 333, 444});
  expect_values(run_op(*def, {{a}})[0], {1, 2, 3, 4});
  auto i = run_op(*def, {{make<int64_t>({3}, {1, 2, 3}), make<int64_t>({3}, {-1, 5, 7})}})[0];
  EXPECT_EQ(i->dtype, DType::Int64);
  expect_values(i, {0, 7, 10});
  auto i32 = run_op(*def, {{make<int32_t>({1}, {2147483647}), make<int32_t>({1}, {1})}})[0];
  expect_values(i32, {-2147483648.0});  // wraps, no UB
  auto h = run_op(*def, {{cast_to(a, DType::Float16), cast_to(b, DType::Float16)}})[0];
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {11, 22, 33, 44});
  expect_shape(run_op(*def, {{make<float>({0, 2}, {}), make<float>({0, 2}, {})}})[0], {0, 2});
  expect_error([&] { run_op(*def, {{a, make<float>({4}, {1, 2, 3, 4})}}); }, PD_INVALID_ARGUMENT,
               "sum: every input must have the same shape; X[0] has shape [2, 2] but X[1] has "
               "shape [4]");
  expect_error([&] { run_op(*def, {{a, make<double>({2, 2}, {1, 2, 3, 4})}}); },
               PD_INVALID_ARGUMENT, "float64");
  check_gradients([&](const std::vector<TensorRef>& in) {
    return run_op(*def, {{in[0], in[1], in[2]}})[0];
  }, {rnd({2, 3}, -1, 1, 1), rnd({2, 3}, -1, 1, 2), rnd({2, 3}, -1, 1, 3)});
}

TEST(Math2Addmm, ValuesBroadcastErrorsGrad) {
  auto x = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto y = make<double>({3, 2}, {1, 0, 0, 1, 1, 1});
  // x @ y = [[4, 5], [10, 11]]
  auto in = make<double>({2, 2}, {1, 1, 1, 1});
  expect_values(call("addmm", {in, x, y}), {5, 6, 11, 12});
  expect_values(call("addmm", {in, x, y}, {{"Alpha", 2.0}, {"Beta", 0.5}}), {8.5, 10.5, 20.5, 22.5});
  // broadcast Input: [2], [1,2], [2,1], [1]
  expect_values(call("addmm", {make<double>({2}, {10, 20}), x, y}), {14, 25, 20, 31});
  expect_values(call("addmm", {make<double>({2, 1}, {10, 20}), x, y}), {14, 15, 30, 31});
  expect_values(call("addmm", {make<double>({1}, {1}), x, y}), {5, 6, 11, 12});
  // Paddle's example: ones([2,2]) + 5 * ones([2,2]) @ ones([2,2]) * 2 ... (alpha 5, beta 0.5)
  auto o2 = make<float>({2, 2}, {1, 1, 1, 1});
  expect_values(call("addmm", {make<float>({2, 2}, {2, 2, 2, 2}), o2, o2},
                     {{"Alpha", 5.0}, {"Beta", 0.5}}), {11, 11, 11, 11});
  // Beta 0 ignores NaN in Input
  expect_values(call("addmm", {make<double>({1}, {kNaN}), x, y}, {{"Beta", 0.0}}), {4, 5, 10, 11});
  expect_shape(call("addmm", {make<double>({2, 2}, {1, 1, 1, 1}), make<double>({2, 0}, {}),
                              make<double>({0, 2}, {})}), {2, 2});
  expect_error([&] { call("addmm", {in, make<double>({3}, {1, 2, 3}), y}); }, PD_INVALID_ARGUMENT,
               "addmm: X must be a 2-D tensor, but X has shape [3]");
  expect_error([&] { call("addmm", {in, x, x}); }, PD_INVALID_ARGUMENT,
               "addmm: X's width 3 must equal Y's height 2");
  expect_error([&] { call("addmm", {make<double>({3}, {1, 2, 3}), x, y}); }, PD_INVALID_ARGUMENT,
               "addmm: Input of shape [3] cannot be broadcast to the product's shape [2, 2]");
  expect_error([&] { call("addmm", {make<int32_t>({1}, {1}), make<int32_t>({1, 1}, {1}),
                                    make<int32_t>({1, 1}, {1})}); }, PD_INVALID_ARGUMENT, "int32");
  check_gradients([](const std::vector<TensorRef>& v) {
    return call("addmm", {v[0], v[1], v[2]}, {{"Alpha", 1.5}, {"Beta", -0.7}});
  }, {rnd({2}, -1, 1, 1), rnd({2, 3}, -1, 1, 2), rnd({3, 2}, -1, 1, 3)});
  check_gradients([](const std::vector<TensorRef>& v) {
    return call("addmm", {v[0], v[1], v[2]});
  }, {rnd({4, 1}, -1, 1, 4), rnd({4, 3}, -1, 1, 5), rnd({3, 5}, -1, 1, 6)});
}

// ---------------- complex ----------------
TEST(Math2Complex, ConjRealImag) {
  auto z = make<complex64>({3}, {complex64(1, 2), complex64(-3, 0.5f), complex64(0, -1)});
  auto c = un("conj", z);
  EXPECT_EQ(c->dtype, DType::Complex64);
  const complex64* pc = c->data<complex64>();
  EXPECT_EQ(pc[0], complex64(1, -2));
  EXPECT_EQ(pc[1], complex64(-3, -0.5f));
  EXPECT_EQ(pc[2], complex64(0, 1));
  auto r = un("real", z);
  EXPECT_EQ(r->dtype, DType::Float32);
  expect_values(r, {1, -3, 0});
  auto im = un("imag", z);
  EXPECT_EQ(im->dtype, DType::Float32);
  expect_values(im, {2, 0.5, -1});
  auto z2 = make<complex128>({2, 1}, {complex128(1.5, -2.5), complex128(7, 8)});
  EXPECT_EQ(un("real", z2)->dtype, DType::Float64);
  expect_shape(un("imag", z2), {2, 1});
  expect_values(un("imag", z2), {-2.5, 8});
  EXPECT_EQ(un("conj", z2)->data<complex128>()[1], complex128(7, -8));
  // real dtypes: conj is the identity
  expect_values(un("conj", make<int32_t>({3}, {1, -2, 3})), {1, -2, 3});
  expect_values(un("conj", make<double>({2}, {1.5, -2})), {1.5, -2});
  expect_error([] { un("real", make<float>({1}, {1})); }, PD_INVALID_ARGUMENT, "float32");
  expect_error([] { un("imag", make<int64_t>({1}, {1})); }, PD_INVALID_ARGUMENT, "int64");
  expect_shape(un("real", make<complex64>({0}, {})), {0});
}

TEST(Math2Complex, Gradients) {
  auto z = make<complex128>({2}, {complex128(1, 2), complex128(-3, 4)});
  z->stop_gradient = false;
  // real: d sum(real(z) * w)/dz = w + 0i
  {
    auto s = call("reduce_sum", {call("elementwise_mul", {un("real", z), make<double>({2}, {2, 3})})},
                  {{"reduce_all", true}});
    backward(s, nullptr, false);
    ASSERT_TRUE(z->grad);
    EXPECT_EQ(z->grad->dtype, DType::Complex128);
    EXPECT_EQ(z->grad->data<complex128>()[0], complex128(2, 0));
    EXPECT_EQ(z->grad->data<complex128>()[1], complex128(3, 0));
  }
  z->grad = nullptr;
  {
    auto s = call("reduce_sum", {call("elementwise_mul", {un("imag", z), make<double>({2}, {2, 3})})},
                  {{"reduce_all", true}});
    backward(s, nullptr, false);
    ASSERT_TRUE(z->grad);
    EXPECT_EQ(z->grad->data<complex128>()[0], complex128(0, 2));
    EXPECT_EQ(z->grad->data<complex128>()[1], complex128(0, 3));
  }
  z->grad = nullptr;
  {
    // imag(conj(z)) = -imag(z): gradient conj(0 + w i) = -w i
    auto s = call("reduce_sum", {un("imag", un("conj", z))}, {{"reduce_all", true}});
    backward(s, nullptr, false);
    ASSERT_TRUE(z->grad);
    EXPECT_EQ(z->grad->data<complex128>()[0], complex128(0, -1));
  }
  // conj on real dtype: identity gradient
  check_gradients([](const std::vector<TensorRef>& v) { return un("conj", v[0]); },
                  {rnd({3}, -1, 1, 2)});
}
