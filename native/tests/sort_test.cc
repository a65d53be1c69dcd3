// Sort family: argsort, top_k_v2, arg_max/arg_min, unique and the gradient helpers
// (argsort_grad, top_k_v2_grad, take_along_axis): Paddle's documented examples, stability and
// NaN placement, axes, dtypes, empty/0-d inputs, errors, and numerical gradients.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

const double kNaN = std::nan("");

std::vector<TensorRef> argsort(const TensorRef& x, int64_t axis = -1, bool desc = false) {
  return call_all("argsort", {x}, {{"axis", axis}, {"descending", desc}});
}
std::vector<TensorRef> topk(const TensorRef& x, int64_t k, int64_t axis = -1, bool largest = true) {
  return call_all("top_k_v2", {x, TensorRef()},
                  {{"k", k}, {"axis", axis}, {"largest", largest}, {"sorted", true}});
}
TensorRef argmax(const char* op, const TensorRef& x, int64_t axis, bool keep = false,
                 bool flatten = false, int64_t dtype = 3) {
  return call(op, {x}, {{"axis", axis}, {"keepdims", keep}, {"flatten", flatten}, {"dtype", dtype}});
}
std::vector<TensorRef> unique(const TensorRef& x, bool sorted = true, int64_t dtype = 3) {
  return call_all("unique", {x}, {{"dtype", dtype}, {"is_sorted", sorted}});
}

TensorRef doc_x() {
  return make<float>({2, 3, 4}, {5, 8, 9, 5, 0, 0, 1, 7, 6, 9, 2, 4,
                                 5, 2, 4, 2, 4, 7, 7, 9, 1, 7, 0, 6});
}

TensorRef rnd(const std::vector<int64_t>& dims, unsigned seed) {
  TensorRef t = empty_tensor(DType::Float64, dims);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-2, 2);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<double>()[i] = u(rng);
  return t;
}

TensorRef cast_to(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

}  // namespace

TEST(SortArgsort, PaddleDocExample) {
  TensorRef x = doc_x();
  auto r1 = argsort(x, -1);
  expect_values(r1[1], {0, 3, 1, 2, 0, 1, 2, 3, 2, 3, 0, 1, 1, 3, 2, 0, 0, 1, 2, 3, 2, 0, 3, 1});
  expect_values(r1[0], {5, 5, 8, 9, 0, 0, 1, 7, 2, 4, 6, 9, 2, 2, 4, 5, 4, 7, 7, 9, 0, 1, 6, 7});
  EXPECT_EQ(r1[1]->dtype, DType::Int64);
  expect_values(argsort(x, 0)[1],
                {0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1});
  expect_values(argsort(x, 1)[1],
                {1, 1, 1, 2, 0, 0, 2, 0, 2, 2, 0, 1, 2, 0, 2, 0, 1, 1, 0, 2, 0, 2, 1, 1});
  expect_values(argsort(x, -2)[1],
                {1, 1, 1, 2, 0, 0, 2, 0, 2, 2, 0, 1, 2, 0, 2, 0, 1, 1, 0, 2, 0, 2, 1, 1});
}

TEST(SortArgsort, StableTiesAndNaN) {
  TensorRef x = make<double>({6}, {1, 3, 3, 2, kNaN, 3});
  auto a = argsort(x);
  expect_values(a[1], {0, 3, 1, 2, 5, 4});
  auto d = argsort(x, 0, true);
  expect_values(d[1], {4, 1, 2, 5, 3, 0});
  auto v = values(d[0]);
  EXPECT_TRUE(std::isnan(v[0]));
  EXPECT_EQ(v[1], 3);
  TensorRef inf = make<float>({5}, {INFINITY, (float)kNaN, -INFINITY, 0.f, (float)kNaN});
  expect_values(argsort(inf)[1], {2, 3, 0, 1, 4});
  expect_values(argsort(inf, -1, true)[1], {1, 4, 0, 3, 2});
}

// Long rows take the radix path (float32/int32): NaN, infinities and signed zeros.
TEST(SortArgsort, LongRowSpecialValues) {
  std::vector<float> v;
  const float specials[] = {(float)kNaN, INFINITY, -INFINITY, 0.f, -0.f, 1.5f, -1.5f, 1e-40f, -1e-40f};
  std::mt19937 rng(11);
  for (int k = 0; k < 300; ++k) v.push_back(specials[rng() % 9]);
  auto less = [](float a, float b) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  };
  for (DType dt : {DType::Float32, DType::Float64}) {
    TensorRef x = cast_to(make<float>({300}, v), dt);
    for (bool desc : {false, true}) {
      std::vector<int64_t> ref(300);
      std::iota(ref.begin(), ref.end(), 0);
      std::stable_sort(ref.begin(), ref.end(), [&](int64_t a, int64_t b) {
        return desc ? less(v[b], v[a]) : less(v[a], v[b]);
      });
      std::vector<double> idx = values(argsort(x, 0, desc)[1]);
      for (int k = 0; k < 300; ++k) ASSERT_EQ(idx[k], ref[k]) << dtype_name(dt) << " desc=" << desc << " k=" << k;
    }
  }
}

TEST(SortArgsort, DTypesAndRandomAgainstStableSort) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> u(0, 20);  // many ties
  std::vector<int64_t> v(3 * 257);
  for (auto& e : v) e = u(rng);
  for (DType dt : {DType::Int64, DType::Int32, DType::Float32, DType::Float64, DType::Float16}) {
    TensorRef x = cast_to(make<int64_t>({3, 257}, v), dt);
    for (bool desc : {false, true}) {
      auto r = argsort(x, 1, desc);
      EXPECT_EQ(r[0]->dtype, dt);
      std::vector<double> idx = values(r[1]), out = values(r[0]);
      for (int row = 0; row < 3; ++row) {
        std::vector<int64_t> ref(257);
        std::iota(ref.begin(), ref.end(), 0);
        const int64_t* p = v.data() + row * 257;
        std::stable_sort(ref.begin(), ref.end(), [&](int64_t a, int64_t b) {
          return desc ? p[a] > p[b] : p[a] < p[b];
        });
        for (int k = 0; k < 257; ++k) {
          ASSERT_EQ(idx[row * 257 + k], ref[k]) << dtype_name(dt) << " desc=" << desc;
          ASSERT_EQ(out[row * 257 + k], p[ref[k]]);
        }
      }
    }
  }
}

TEST(SortArgsort, EmptyZeroDAndNonContiguous) {
  auto e = argsort(empty_tensor(DType::Float32, {0, 3}), 0);
  expect_shape(e[0], {0, 3});
  expect_shape(e[1], {0, 3});
  auto z = argsort(make<float>({}, {4.f}), -1);
  expect_shape(z[1], {});
  expect_values(z[1], {0});
  // A transposed view sorts like its packed copy.
  TensorRef x = make<float>({2, 3}, {3, 1, 2, 0, 5, 4});
  TensorRef xt = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});
  expect_values(argsort(xt, 0)[1], {1, 0, 2, 2, 0, 1});
}

TEST(SortArgsort, Errors) {
  TensorRef x = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_error([&] { argsort(x, 2); }, PD_INVALID_ARGUMENT,
               "argsort: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { argsort(make<bool>({2}, {true, false})); }, PD_INVALID_ARGUMENT,
               "argsort: input 'X' has dtype bool");
}

TEST(SortArgsort, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) { return argsort(in[0], 1)[0]; },
                  {rnd({3, 5}, 1)});
  check_gradients([](const std::vector<TensorRef>& in) { return argsort(in[0], 0, true)[0]; },
                  {rnd({4, 2, 3}, 2)});
}

TEST(SortTopk, PaddleDocExample) {
  auto r = topk(make<float>({4}, {1, 4, 5, 7}), 1);
  expect_values(r[0], {7});
  expect_values(r[1], {3});
  expect_shape(r[0], {1});
  TensorRef x = make<float>({3, 4}, {1, 4, 5, 7, 2, 6, 2, 5, 3, 1, 6, 7});
  r = topk(x, 1);
  expect_values(r[0], {7, 6, 7});
  expect_values(r[1], {3, 1, 3});
  r = topk(x, 1, 0);
  expect_shape(r[0], {1, 4});
  expect_values(r[0], {3, 6, 6, 7});
  expect_values(r[1], {2, 1, 2, 0});
  r = topk(x, 2, -1, false);
  expect_values(r[0], {1, 4, 2, 2, 1, 3});
  expect_values(r[1], {0, 1, 0, 2, 1, 0});
}

TEST(SortTopk, TiesNaNAndKTensor) {
  TensorRef x = make<double>({5}, {3, 1, 3, 3, kNaN});
  auto r = topk(x, 3);
  expect_values(r[1], {4, 0, 2});
  r = topk(x, 4, 0, false);
  expect_values(r[1], {1, 0, 2, 3});
  TensorRef k = make<int32_t>({1}, {2});
  auto rk = call_all("top_k_v2", {x, k}, {{"k", (int64_t)1}});
  expect_shape(rk[0], {2});
  expect_values(rk[1], {4, 0});
  // A large row: the nth_element path agrees with a full stable sort.
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> u(0, 50);
  std::vector<int32_t> v(5000);
  for (auto& e : v) e = u(rng);
  TensorRef big = make<int32_t>({5000}, v);
  auto t = topk(big, 37);
  std::vector<int64_t> ref(5000);
  std::iota(ref.begin(), ref.end(), 0);
  std::stable_sort(ref.begin(), ref.end(), [&](int64_t a, int64_t b) { return v[a] > v[b]; });
  std::vector<double> idx = values(t[1]);
  for (int q = 0; q < 37; ++q) ASSERT_EQ(idx[q], ref[q]);
}

TEST(SortTopk, ErrorsAndGradient) {
  TensorRef x = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_error([&] { topk(x, 4); }, PD_INVALID_ARGUMENT,
               "top_k_v2: k 4 is out of range for axis 1 of size 3");
  expect_error([&] { topk(x, 0); }, PD_INVALID_ARGUMENT, "expected 1 <= k <= 3");
  expect_error([&] { topk(x, 1, -3); }, PD_INVALID_ARGUMENT,
               "top_k_v2: axis -3 is out of range for a tensor of rank 2");
  check_gradients([](const std::vector<TensorRef>& in) { return topk(in[0], 2)[0]; },
                  {rnd({3, 5}, 4)});
  check_gradients([](const std::vector<TensorRef>& in) { return topk(in[0], 3, 0, false)[0]; },
                  {rnd({4, 2, 3}, 5)});
}

TEST(SortTakeAlongAxis, ValuesErrorsGradient) {
  TensorRef x = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  TensorRef idx = make<int64_t>({2, 2}, {2, 2, 0, 1});
  expect_values(call("take_along_axis", {x, idx}, {{"Axis", (int64_t)1}}), {3, 3, 4, 5});
  TensorRef bad = make<int64_t>({2, 2}, {3, 0, 0, 0});
  expect_error([&] { call("take_along_axis", {x, bad}, {{"Axis", (int64_t)1}}); },
               PD_OUT_OF_RANGE, "take_along_axis: index 3 at position 0 is out of range");
  // Repeated indices accumulate in the gradient.
  check_gradients(
      [&](const std::vector<TensorRef>& in) {
        return call("take_along_axis", {in[0], idx}, {{"Axis", (int64_t)1}});
      },
      {rnd({2, 3}, 6)});
  // Second order through top_k_v2_grad: grad of the scatter w.r.t. Out@GRAD is a gather.
  TensorRef ix = make<int64_t>({2, 2}, {2, 0, 1, 2});
  check_gradients(
      [&](const std::vector<TensorRef>& in) {
        return call("top_k_v2_grad", {x, ix, in[0]}, {{"axis", (int64_t)1}});
      },
      {rnd({2, 2}, 8)});
}

TEST(SortArgMax, PaddleDocExample) {
  TensorRef x = make<float>({3, 4}, {5, 8, 9, 5, 0, 0, 1, 7, 6, 9, 2, 4});
  TensorRef f = argmax("arg_max", x, 0, false, true);
  expect_shape(f, {1});
  expect_values(f, {2});
  EXPECT_EQ(f->dtype, DType::Int64);
  expect_values(argmax("arg_max", x, 1), {2, 3, 1});
  TensorRef k = argmax("arg_max", x, -1, true);
  expect_shape(k, {3, 1});
  expect_values(k, {2, 3, 1});
  expect_values(argmax("arg_max", x, 0), {2, 2, 0, 1});
  expect_values(argmax("arg_min", x, 0, false, true), {4});
  expect_values(argmax("arg_min", x, 1), {0, 0, 2});
  expect_values(argmax("arg_min", x, 0), {1, 1, 1, 2});
  TensorRef i32 = argmax("arg_min", x, 1, false, false, 2);
  EXPECT_EQ(i32->dtype, DType::Int32);
}

TEST(SortArgMax, TiesNaNDTypesAndErrors) {
  TensorRef x = make<double>({5}, {1, 3, 3, kNaN, kNaN});
  expect_values(argmax("arg_max", x, 0), {3});
  expect_values(argmax("arg_min", x, 0), {3});
  expect_shape(argmax("arg_max", x, 0), {1});
  expect_values(argmax("arg_max", make<double>({3}, {1, 3, 3}), 0), {1});
  for (DType dt : {DType::Int32, DType::Int64, DType::Float16, DType::UInt8, DType::Int16}) {
    TensorRef t = cast_to(make<int64_t>({2, 3}, {1, 7, 7, 9, 0, 9}), dt);
    expect_values(argmax("arg_max", t, 1), {1, 0});
    expect_values(argmax("arg_min", t, 1), {0, 1});
  }
  expect_error([&] { argmax("arg_max", empty_tensor(DType::Float32, {0, 2}), 0); },
               PD_INVALID_ARGUMENT, "arg_max: the input of shape [0, 2] is empty");
  expect_error([&] { argmax("arg_min", make<float>({2}, {1, 2}), 1); }, PD_INVALID_ARGUMENT,
               "arg_min: axis 1 is out of range for a tensor of rank 1");
  expect_error([&] { argmax("arg_max", make<float>({2}, {1, 2}), 0, false, false, 5); },
               PD_INVALID_ARGUMENT, "arg_max: dtype 5 is not supported");
}

TEST(SortUnique, PaddleDocExample) {
  TensorRef x = make<int64_t>({6}, {2, 3, 3, 1, 5, 3});
  auto r = unique(x);
  expect_values(r[0], {1, 2, 3, 5});
  expect_values(r[1], {3, 0, 1, 4});
  expect_values(r[2], {1, 2, 2, 0, 3, 2});
  expect_values(r[3], {1, 1, 3, 1});
  EXPECT_EQ(r[2]->dtype, DType::Int64);
  auto u = unique(x, false, 2);
  expect_values(u[0], {2, 3, 1, 5});
  expect_values(u[1], {0, 1, 3, 4});
  expect_values(u[2], {0, 1, 1, 2, 3, 1});
  expect_values(u[3], {1, 3, 1, 1});
  EXPECT_EQ(u[3]->dtype, DType::Int32);
  // 2-D input is flattened.
  auto m = unique(make<float>({2, 2}, {2, 1, 1, 3}));
  expect_values(m[0], {1, 2, 3});
  expect_values(m[2], {1, 0, 0, 2});
}

TEST(SortUnique, EmptyNaNAndErrors) {
  auto e = unique(empty_tensor(DType::Float32, {0}));
  expect_shape(e[0], {0});
  expect_shape(e[2], {0});
  auto n = unique(make<double>({4}, {kNaN, 1, kNaN, 1}));
  expect_shape(n[0], {3});  // NaNs never compare equal
  expect_values(n[3], {2, 1, 1});
  expect_error([&] {
    call_all("unique", {make<float>({2}, {1, 2})}, {{"axis", std::vector<int64_t>{1}}});
  }, PD_INVALID_ARGUMENT, "unique: axis 1 is out of range for a tensor of rank 1");
  expect_error([&] {
    call_all("unique", {make<float>({2}, {1, 2})}, {{"axis", std::vector<int64_t>{0, 0}}});
  }, PD_INVALID_ARGUMENT, "has more than one entry");
  expect_error([&] { unique(make<float>({2}, {1, 2}), true, 5); }, PD_INVALID_ARGUMENT,
               "unique: dtype 5 is not supported");
}

TEST(SortUnique, Axis) {
  // Paddle's example: unique rows.
  TensorRef x = make<int32_t>({3, 3}, {2, 1, 3, 3, 0, 1, 2, 1, 3});
  auto r = call_all("unique", {x}, {{"axis", std::vector<int64_t>{0}}, {"is_sorted", true}});
  expect_shape(r[0], {2, 3});
  expect_values(r[0], {2, 1, 3, 3, 0, 1});
  expect_values(r[1], {0, 1});
  expect_values(r[2], {0, 1, 0});
  expect_values(r[3], {2, 1});
  // Columns (axis -1): [2,3,2], [1,0,1], [3,1,3] -> sorted [1,0,1] < [2,3,2] < [3,1,3].
  auto cl = call_all("unique", {x}, {{"axis", std::vector<int64_t>{-1}}, {"is_sorted", true}});
  expect_shape(cl[0], {3, 3});
  expect_values(cl[0], {1, 2, 3, 0, 3, 1, 1, 2, 3});
  expect_values(cl[2], {1, 0, 2});
  // Middle axis of a 3-D tensor, with duplicates.
  TensorRef y = make<double>({2, 3, 1}, {1, 0, 1, 5, 4, 5});
  auto m = call_all("unique", {y}, {{"axis", std::vector<int64_t>{1}}, {"is_sorted", true}});
  expect_shape(m[0], {2, 2, 1});
  expect_values(m[0], {0, 1, 4, 5});
  expect_values(m[1], {1, 0});
  expect_values(m[3], {1, 2});
}
