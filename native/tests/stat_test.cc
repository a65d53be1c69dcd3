// Statistics ops: logsumexp, p_norm, frobenius_norm, dist, cumsum, histogram — values (Paddle's
// documented examples), axes (negative, multiple, keepdim, reduce_all), 0-d/empty corners, NaN,
// dtypes, errors, and numerical gradients.
#include <cmath>
#include <limits>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

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
std::vector<double> iota(int64_t n, double start = 0) {
  std::vector<double> v((size_t)n);
  for (int64_t i = 0; i < n; ++i) v[(size_t)i] = start + (double)i;
  return v;
}
const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TensorRef lse(const TensorRef& x, std::vector<int64_t> axis, bool keep = false, bool all = false) {
  return call("logsumexp", {x}, {{"axis", axis}, {"keepdim", keep}, {"reduce_all", all}});
}
TensorRef pnorm(const TensorRef& x, double p, int64_t axis = -1, bool keep = false,
                bool asvec = false) {
  return call("p_norm", {x}, {{"porder", p}, {"axis", axis}, {"keepdim", keep}, {"asvector", asvec}});
}
TensorRef cumsum(const TensorRef& x, int64_t axis = -1, bool flat = false, bool excl = false,
                 bool rev = false) {
  return call("cumsum", {x},
              {{"axis", axis}, {"flatten", flat}, {"exclusive", excl}, {"reverse", rev}});
}

}  // namespace

// ---------------- logsumexp ----------------
TEST(StatLogsumexp, ValuesAxes) {
  // Paddle's example: x = [[-1.5, 0, 2], [3, 1.2, -2.4]]
  auto x = make<float>({2, 3}, {-1.5f, 0.f, 2.f, 3.f, 1.2f, -2.4f});
  auto all = lse(x, {}, false, true);
  expect_shape(all, {1});
  expect_values(all, {3.4691226}, 1e-5);
  expect_values(lse(x, {1}), {2.15317821, 3.15684602}, 1e-5);
  expect_values(lse(x, {-1}), {2.15317821, 3.15684602}, 1e-5);
  expect_shape(lse(x, {1}, true), {2, 1});
  expect_shape(lse(x, {0, 1}, true), {1, 1});
  expect_values(lse(x, {0}), {std::log(std::exp(-1.5) + std::exp(3.0)),
                              std::log(1 + std::exp(1.2)), std::log(std::exp(2.0) + std::exp(-2.4))},
                1e-5);
  // stability: large values
  auto big = make<double>({2}, {1000, 1000});
  expect_values(lse(big, {0}), {1000 + std::log(2.0)}, 1e-9);
  auto ninf = make<double>({2}, {-kInf, -kInf});
  EXPECT_EQ(values(lse(ninf, {0}))[0], -kInf);
  EXPECT_EQ(values(lse(make<double>({2}, {kInf, 1}), {0}))[0], kInf);
  EXPECT_TRUE(std::isnan(values(lse(make<double>({2}, {kNaN, 1}), {0}))[0]));
  // 0-d and empty
  expect_values(lse(make<double>({}, {2.5}), {0}), {2.5});
  expect_shape(lse(make<double>({0, 3}, {}), {0}), {3});
  EXPECT_EQ(values(lse(make<double>({0, 3}, {}), {0}))[0], -kInf);
  expect_shape(lse(make<double>({0, 3}, {}), {1}), {0});
  // dtypes
  EXPECT_EQ(lse(cast_to(x, DType::Float16), {1})->dtype, DType::Float16);
  expect_values(lse(cast_to(x, DType::Float64), {1}), {2.15317821, 3.15684602}, 1e-7);
  // non-contiguous
  auto t = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});
  expect_values(lse(t, {0}), {2.15317821, 3.15684602}, 1e-5);
}

TEST(StatLogsumexp, ErrorsAndGrad) {
  auto x = make<double>({2, 3}, iota(6));
  expect_error([&] { lse(x, {2}); }, PD_INVALID_ARGUMENT,
               "logsumexp: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { lse(x, {1, -1}); }, PD_INVALID_ARGUMENT, "appears more than once");
  expect_error([&] { lse(make<int32_t>({2}, {1, 2}), {0}); }, PD_INVALID_ARGUMENT, "int32");
  auto r = rnd({2, 3, 4}, -2, 2, 1);
  check_gradients([](const std::vector<TensorRef>& v) { return lse(v[0], {1}); }, {r});
  check_gradients([](const std::vector<TensorRef>& v) { return lse(v[0], {0, 2}, true); }, {r});
  check_gradients([](const std::vector<TensorRef>& v) { return lse(v[0], {}, false, true); }, {r});
  check_gradients([](const std::vector<TensorRef>& v) { return lse(v[0], {0}); },
                  {make<double>({}, {0.3})});
}

// ---------------- p_norm / frobenius_norm ----------------
TEST(StatNorm, PaddleExamples) {
  auto x = cast_to(make<double>({2, 3, 4}, iota(24, -12)), DType::Float32);
  auto fro = call("frobenius_norm", {x}, {{"dim", std::vector<int64_t>{0, 1}}});
  expect_shape(fro, {4});
  expect_values(fro, {17.435596, 16.911535, 16.7332, 16.911535}, 1e-4);
  expect_values(pnorm(x, 2, -1), {21.118711, 13.190906, 5.477226, 3.7416575, 11.224972, 19.131126},
                1e-4);
  expect_shape(pnorm(x, 2, -1), {2, 3});
  auto inf_all = pnorm(x, kInf, -1, false, true);
  expect_shape(inf_all, {1});
  expect_values(inf_all, {12});
  expect_values(pnorm(x, kInf, 0), {12, 11, 10, 9, 8, 7, 6, 7, 8, 9, 10, 11});
  expect_values(pnorm(x, -kInf, -1, false, true), {0});
  expect_values(pnorm(x, -kInf, 0), {0, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1});
}

TEST(StatNorm, OrdersAxesKeepdim) {
  auto x = make<double>({2, 3}, {1, -2, 0, 3, 0, -4});
  expect_values(pnorm(x, 1, 1), {3, 7});
  expect_values(pnorm(x, 0, 1), {2, 2});
  expect_values(pnorm(x, 2, 0), {std::sqrt(10.0), 2, 4});
  expect_values(pnorm(x, 3, 1), {std::cbrt(9.0), std::cbrt(91.0)}, 1e-12);
  expect_values(pnorm(x, 0.5, 1), {std::pow(1 + std::sqrt(2.0), 2), std::pow(std::sqrt(3.0) + 2, 2)},
                1e-12);
  expect_shape(pnorm(x, 2, 1, true), {2, 1});
  expect_shape(pnorm(x, 2, 0, false, true), {1});
  expect_shape(pnorm(x, 2, 0, true, true), {1, 1});
  expect_values(pnorm(x, 2, -2), {std::sqrt(10.0), 2, 4});
  auto f = call("frobenius_norm", {x}, {{"reduce_all", true}});
  expect_shape(f, {1});
  expect_values(f, {std::sqrt(30.0)}, 1e-12);
  expect_values(call("frobenius_norm", {x}, {{"dim", std::vector<int64_t>{1}}, {"keep_dim", true}}),
                {std::sqrt(5.0), 5});
  EXPECT_TRUE(std::isnan(values(pnorm(make<double>({2}, {kNaN, 1}), kInf))[0]));
  EXPECT_TRUE(std::isnan(values(pnorm(make<double>({2}, {kNaN, 1}), 2))[0]));
  expect_values(pnorm(make<double>({}, {-3}), 2), {3});
  expect_values(pnorm(make<double>({0, 2}, {}), 2, 0), {0, 0});
  EXPECT_EQ(pnorm(cast_to(x, DType::Float16), 2, 1)->dtype, DType::Float16);
  expect_values(pnorm(cast_to(x, DType::Float32), 2, 1), {std::sqrt(5.0), 5}, 1e-6);
}

TEST(StatNorm, Errors) {
  auto x = make<double>({2, 3}, iota(6));
  expect_error([&] { pnorm(x, 2, 2); }, PD_INVALID_ARGUMENT,
               "p_norm: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { pnorm(x, kNaN); }, PD_INVALID_ARGUMENT, "p_norm: porder must not be NaN");
  expect_error([&] { pnorm(make<int64_t>({2}, {1, 2}), 2); }, PD_INVALID_ARGUMENT, "int64");
  expect_error([&] { call("frobenius_norm", {x}, {{"dim", std::vector<int64_t>{-3}}}); },
               PD_INVALID_ARGUMENT, "frobenius_norm: axis -3 is out of range");
}

TEST(StatNorm, Gradients) {
  auto r = rnd({2, 3, 4}, -2, 2, 3);
  for (double p : {1.0, 2.0, 3.0, 1.5, kInf, -kInf, 0.0}) {
    SCOPED_TRACE(p);
    check_gradients([p](const std::vector<TensorRef>& v) { return pnorm(v[0], p, 1); }, {r});
    check_gradients([p](const std::vector<TensorRef>& v) { return pnorm(v[0], p, 0, true, true); },
                    {r});
  }
  check_gradients([](const std::vector<TensorRef>& v) {
    return call("frobenius_norm", {v[0]}, {{"dim", std::vector<int64_t>{0, 2}}});
  }, {r});
  check_gradients([](const std::vector<TensorRef>& v) {
    return call("frobenius_norm", {v[0]}, {{"reduce_all", true}, {"keep_dim", true}});
  }, {r});
  // zero vector: gradient 0, not NaN
  auto z = make<double>({3}, {0, 0, 0});
  z->stop_gradient = false;
  auto s = call("frobenius_norm", {z}, {{"reduce_all", true}});
  backward(s, nullptr, false);
  expect_values(z->grad, {0, 0, 0});
}

// ---------------- dist ----------------
TEST(StatDist, ValuesAndGrad) {
  // Paddle's example
  auto x = make<float>({2, 2}, {3, 3, 3, 3});
  auto y = make<float>({2, 2}, {3, 3, 3, 1});
  auto d = [](const TensorRef& a, const TensorRef& b, double p) {
    return call("dist", {a, b}, {{"p", p}});
  };
  expect_shape(d(x, y, 2), {1});
  expect_values(d(x, y, 0), {1});
  expect_values(d(x, y, 2), {2});
  expect_values(d(x, y, kInf), {2});
  expect_values(d(x, y, -kInf), {0});
  auto a = make<double>({2, 2}, {1, 2, 3, 4});
  auto b = make<double>({2}, {1, 0});
  // a - b = [[0, 2], [2, 4]]
  expect_values(d(a, b, 1), {8});
  expect_values(d(a, b, 2), {std::sqrt(24.0)}, 1e-12);
  expect_values(d(a, b, 3), {std::cbrt(80.0)}, 1e-12);
  expect_values(d(b, a, 2), {std::sqrt(24.0)}, 1e-12);
  expect_values(d(make<double>({0}, {}), make<double>({1}, {1}), 2), {0});
  expect_error([&] { d(a, make<double>({3}, {1, 2, 3}), 2); }, PD_INVALID_ARGUMENT, "dist");
  expect_error([&] { d(a, make<float>({2}, {1, 2}), 2); }, PD_INVALID_ARGUMENT, "float32");
  auto r1 = rnd({3, 4}, -2, 2, 5), r2 = rnd({4}, -2, 2, 6);
  for (double p : {1.0, 2.0, 3.0, 0.0, kInf, -kInf}) {
    SCOPED_TRACE(p);
    check_gradients([&](const std::vector<TensorRef>& v) { return d(v[0], v[1], p); }, {r1, r2});
  }
  // equal inputs: zero gradient, not NaN
  auto e1 = make<double>({2}, {1, 2});
  e1->stop_gradient = false;
  backward(d(e1, make<double>({2}, {1, 2}), 2), nullptr, false);
  expect_values(e1->grad, {0, 0});
}

// ---------------- cumsum ----------------
TEST(StatCumsum, ValuesAttrs) {
  // Paddle's example: arange(12).reshape(3, 4)
  auto x = cast_to(make<double>({3, 4}, iota(12)), DType::Float32);
  auto f = cumsum(x, -1, true);
  expect_shape(f, {12});
  expect_values(f, {0, 1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 66});
  expect_values(cumsum(x, 0), {0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21});
  expect_values(cumsum(x, -1), {0, 1, 3, 6, 4, 9, 15, 22, 8, 17, 27, 38});
  auto i = make<int32_t>({4}, {1, 2, 3, 4});
  auto ci = cumsum(i, 0);
  EXPECT_EQ(ci->dtype, DType::Int32);
  expect_values(ci, {1, 3, 6, 10});
  expect_values(cumsum(i, 0, false, true), {0, 1, 3, 6});
  expect_values(cumsum(i, 0, false, false, true), {10, 9, 7, 4});
  expect_values(cumsum(i, 0, false, true, true), {9, 7, 4, 0});
  expect_values(cumsum(make<int64_t>({2}, {1LL << 62, 1LL << 62}), 0), {std::pow(2.0, 62), -std::pow(2.0, 63)});
  expect_values(cumsum(make<double>({3}, {1, kNaN, 1}), 0), {1, kNaN, kNaN});
  expect_values(cumsum(make<double>({}, {5}), 0), {5});
  expect_shape(cumsum(make<double>({}, {5}), 0), {});
  expect_shape(cumsum(make<double>({0, 3}, {}), 0), {0, 3});
  auto t = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});
  expect_values(cumsum(t, 1), {0, 4, 12, 1, 6, 15, 2, 8, 18, 3, 10, 21});
  expect_error([&] { cumsum(x, 2); }, PD_INVALID_ARGUMENT,
               "cumsum: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { cumsum(x, 1, true); }, PD_INVALID_ARGUMENT,
               "cumsum: axis 1 is out of range for a flattened (1-D) tensor");
  expect_error([&] { cumsum(make<bool>({1}, {true})); }, PD_INVALID_ARGUMENT, "bool");
}

TEST(StatCumsum, Gradients) {
  auto r = rnd({3, 4}, -1, 1, 8);
  for (int flags = 0; flags < 8; ++flags) {
    const bool flat = flags & 1, excl = flags & 2, rev = flags & 4;
    SCOPED_TRACE(flags);
    check_gradients([&](const std::vector<TensorRef>& v) {
      return cumsum(v[0], flat ? -1 : 0, flat, excl, rev);
    }, {r});
  }
}

// ---------------- histogram ----------------
TEST(StatHistogram, Values) {
  auto h = [](const TensorRef& x, int64_t bins, int64_t mn, int64_t mx) {
    return call("histogram", {x}, {{"bins", bins}, {"min", mn}, {"max", mx}});
  };
  // Paddle's example: histogram([1, 2, 1], bins=4, min=0, max=3) -> [0, 2, 1, 0]
  auto o = h(make<int64_t>({3}, {1, 2, 1}), 4, 0, 3);
  EXPECT_EQ(o->dtype, DType::Int64);
  expect_shape(o, {4});
  expect_values(o, {0, 2, 1, 0});
  // data range when min == max; max lands in the last bin; out-of-range ignored
  expect_values(h(make<float>({5}, {0, 0.5f, 1, 2, 4}), 4, 0, 0), {2, 1, 1, 1});
  expect_values(h(make<double>({4}, {-1, 0, 3, 9}), 3, 0, 3), {1, 0, 1});
  expect_values(h(make<int32_t>({3}, {5, 5, 5}), 2, 0, 0), {0, 3});  // range [4, 6]
  expect_shape(h(make<float>({2, 2}, {1, 2, 3, 4}), 100, 0, 0), {100});
  expect_values(h(make<float>({0}, {}), 2, 0, 0), {0, 0});
  expect_values(h(make<double>({3}, {kNaN, 1, 2}), 2, 0, 4), {1, 1});
  expect_error([&] { h(make<float>({2}, {1, 2}), 0, 0, 0); }, PD_INVALID_ARGUMENT,
               "histogram: bins 0 must be at least 1");
  expect_error([&] { h(make<float>({2}, {1, 2}), 4, 3, 1); }, PD_INVALID_ARGUMENT,
               "histogram: max 1 must be larger or equal to min 3");
  expect_error([&] { h(make<double>({2}, {1, kInf}), 4, 0, 0); }, PD_OUT_OF_RANGE,
               "histogram: range of min, max is not finite");
  expect_error([&] { h(make<double>({2}, {1, kNaN}), 4, 0, 0); }, PD_OUT_OF_RANGE, "NaN");
  expect_error([&] { h(make<bool>({1}, {true}), 4, 0, 0); }, PD_INVALID_ARGUMENT, "bool");
}

// Found by the C ABI fuzzer: an int64 range whose width overflows, and a data range so large that
// lo - 1 == lo (zero width), used to compute negative bins and write before the output.
TEST(StatHistogram, ExtremeRangesStayInsideTheBins) {
  auto h = [](const TensorRef& x, int64_t bins, int64_t mn, int64_t mx) {
    return call("histogram", {x}, {{"bins", bins}, {"min", mn}, {"max", mx}});
  };
  const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  std::vector<double> v = values(h(make<int64_t>({4}, {lo, -1, 1, hi}), 2, lo, hi));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0] + v[1], 4);  // exact split depends on long double's width
  EXPECT_EQ(v[0] >= 1 && v[1] >= 1, true);
  expect_values(h(make<int32_t>({2}, {-5, 7}), 4, -8, 8), {1, 0, 0, 1});
  expect_values(h(make<float>({3}, {3e38f, 3e38f, 3e38f}), 3, 0, 0), {0, 3, 0});
}
