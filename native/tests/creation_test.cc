// creation family: fill_constant, fill_any_like, empty, range, linspace, eye.
#include <cmath>
#include <limits>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {
TensorRef fill(std::vector<int64_t> shape, int64_t dtype, double value, const char* str = "") {
  return call("fill_constant", {},
              {{"shape", shape}, {"dtype", dtype}, {"value", value}, {"str_value", str}});
}
}  // namespace

// ---------------------------------------------------------------- fill_constant

TEST(CreationFillConstant, ValuesAndDtypes) {
  TensorRef t = fill({2, 3}, 5, 1.5);
  EXPECT_EQ(t->dtype, DType::Float32);
  expect_shape(t, {2, 3});
  expect_values(t, std::vector<double>(6, 1.5));
  TensorRef d = call("fill_constant", {}, {{"shape", std::vector<int64_t>{2}}});
  EXPECT_EQ(d->dtype, DType::Float32);  // default dtype 5
  expect_values(d, {0, 0});
  expect_values(fill({3}, 2, -7.9), {-7, -7, -7});  // int32 truncates like a C cast
  expect_values(fill({2}, 3, 12), {12, 12});
  expect_values(fill({2}, 6, 0.1), {0.1, 0.1}, 0);
  TensorRef b = fill({2}, 0, 2);
  EXPECT_EQ(b->dtype, DType::Bool);
  expect_values(b, {1, 1});
  expect_values(fill({1}, 0, 0), {0});
  TensorRef h = fill({2}, 4, 0.5);
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {0.5, 0.5});
  TensorRef bf = fill({1}, 22, 3);
  EXPECT_EQ(bf->dtype, DType::BFloat16);
  expect_values(bf, {3});
  TensorRef c = fill({2}, 23, 2.5);
  EXPECT_EQ(c->dtype, DType::Complex64);
  EXPECT_EQ(c->data<complex64>()[1], complex64(2.5f, 0.f));
  EXPECT_EQ(fill({1}, 24, -1)->data<complex128>()[0], complex128(-1, 0));
  expect_values(fill({2}, 20, 255), {255, 255});
  expect_values(fill({2}, 21, -128), {-128, -128});
  expect_values(fill({1}, 1, 300), {300});
}

TEST(CreationFillConstant, ScalarAndEmptyShapes) {
  TensorRef s = fill({}, 5, 4);
  EXPECT_EQ(s->ndim, 0);
  expect_values(s, {4});
  expect_shape(fill({0, 3}, 5, 1), {0, 3});
  EXPECT_EQ(fill({3, 0}, 3, 1)->numel(), 0);
}

TEST(CreationFillConstant, StrValue) {
  expect_values(fill({2}, 5, 0, "inf"), {INFINITY, INFINITY});
  expect_values(fill({1}, 6, 0, "-inf"), {-INFINITY});
  expect_values(fill({1}, 5, 0, "nan"), {NAN});
  expect_values(fill({1}, 6, 7, "0.25"), {0.25});  // str_value overrides value
  expect_values(fill({1}, 6, 0, "-1e-3"), {-1e-3}, 0);
  // int64 beyond double precision keeps every digit.
  TensorRef big = fill({1}, 3, 0, "9007199254740993");
  EXPECT_EQ(big->data<int64_t>()[0], 9007199254740993LL);
  EXPECT_EQ(fill({1}, 3, 0, "-9223372036854775808")->data<int64_t>()[0],
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(fill({1}, 2, 0, "2.9")->data<int32_t>()[0], 2);
  expect_values(fill({1}, 4, 0, "inf"), {INFINITY});
}

TEST(CreationFillConstant, Errors) {
  expect_error([] { fill({2, -1}, 5, 0); }, PD_INVALID_ARGUMENT,
               "fill_constant: shape [2, -1] has a negative dimension -1 at axis 1");
  expect_error([] { fill({2}, 99, 0); }, PD_INVALID_ARGUMENT,
               "fill_constant: dtype 99 is not a Paddle dtype");
  expect_error([] { fill({2}, 5, 0, "abc"); }, PD_INVALID_ARGUMENT,
               "fill_constant: str_value 'abc' is not a number; expected a decimal number, "
               "\"inf\", \"-inf\" or \"nan\"");
  expect_error([] { fill({2}, 5, 0, "1.5x"); }, PD_INVALID_ARGUMENT,
               "fill_constant: str_value '1.5x' is not a number");
  expect_error([] { fill({2}, 21, 300); }, PD_INVALID_ARGUMENT,
               "fill_constant: value 300 cannot be represented in int8");
  expect_error([] { fill({2}, 2, 0, "nan"); }, PD_INVALID_ARGUMENT,
               "fill_constant: value nan cannot be represented in int32");
  expect_error([] { fill({2}, 3, 0, "inf"); }, PD_INVALID_ARGUMENT,
               "fill_constant: value inf cannot be represented in int64");
  expect_error([] { fill({2}, 2, 0, "3000000000"); }, PD_INVALID_ARGUMENT,
               "fill_constant: value 3e+09 cannot be represented in int32");
  expect_error([] { fill({10000000, 10000000, 10000000}, 5, 0); }, PD_OUT_OF_MEMORY,
               "fill_constant: shape [10000000, 10000000, 10000000] of float32 is too large");
  expect_error([] { call("fill_constant", {}, {{"shape", 1.0}}); }, PD_INVALID_ARGUMENT,
               "fill_constant: attribute 'shape' expects int list, got float");
}

// ---------------------------------------------------------------- fill_any_like

TEST(CreationFillAnyLike, KeepsShapeAndDtype) {
  TensorRef x = make<int64_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  TensorRef o = call("fill_any_like", {x}, {{"value", 7.0}});
  EXPECT_EQ(o->dtype, DType::Int64);
  expect_shape(o, {2, 3});
  expect_values(o, std::vector<double>(6, 7));
  TensorRef f = call("fill_any_like", {x}, {{"value", 0.5}, {"dtype", (int64_t)6}});
  EXPECT_EQ(f->dtype, DType::Float64);
  expect_values(f, std::vector<double>(6, 0.5));
  TensorRef h = call("fill_any_like", {make<float>({2}, {1, 2})},
                     {{"value", 1.0}, {"dtype", (int64_t)4}});
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {1, 1});
  TensorRef c = call("fill_any_like", {empty_tensor(DType::Complex128, {1})}, {{"value", 2.0}});
  EXPECT_EQ(c->data<complex128>()[0], complex128(2, 0));
  expect_values(call("fill_any_like", {make<bool>({2}, {true, false})}), {0, 0});
  expect_shape(call("fill_any_like", {empty_tensor(DType::Float32, {0, 2})}), {0, 2});
  expect_values(call("fill_any_like", {make<float>({1}, {1})}, {{"value", NAN}}), {NAN});
  // Non-contiguous input: only its shape matters.
  TensorRef t = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  expect_shape(call("fill_any_like", {make_view(*t, dims, strides, 2, 0)}), {3, 2});
}

TEST(CreationFillAnyLike, NotDifferentiable) {
  TensorRef x = make<double>({2}, {1, 2});
  x->stop_gradient = false;
  TensorRef o = call("fill_any_like", {x}, {{"value", 1.0}});
  EXPECT_TRUE(o->stop_gradient);
  EXPECT_FALSE(o->grad_fn);
}

TEST(CreationFillAnyLike, Errors) {
  TensorRef x = make<int32_t>({2}, {1, 2});
  expect_error([&] { call("fill_any_like", {x}, {{"value", NAN}}); }, PD_INVALID_ARGUMENT,
               "fill_any_like: value nan cannot be represented in int32");
  expect_error([&] { call("fill_any_like", {x}, {{"value", 1e10}}); }, PD_INVALID_ARGUMENT,
               "fill_any_like: value 1e+10 cannot be represented in int32");
  expect_error([&] { call("fill_any_like", {x}, {{"dtype", (int64_t)7}}); }, PD_INVALID_ARGUMENT,
               "fill_any_like: dtype 7 is not a Paddle dtype");
}

// ---------------------------------------------------------------- empty

// Found by the C ABI fuzzer (UBSan): an uninitialised bool tensor fed to `where` loaded a byte
// that is neither 0 nor 1. Bool outputs of empty start all false.
TEST(CreationEmpty, BoolStartsFalse) {
  TensorRef e = call("empty", {}, {{"shape", std::vector<int64_t>{300}}, {"dtype", (int64_t)0}});
  EXPECT_EQ(e->dtype, DType::Bool);
  expect_values(e, std::vector<double>(300, 0.0));
}

TEST(CreationEmpty, ShapeAndDtype) {
  TensorRef e = call("empty", {}, {{"shape", std::vector<int64_t>{2, 3}}, {"dtype", (int64_t)3}});
  EXPECT_EQ(e->dtype, DType::Int64);
  expect_shape(e, {2, 3});
  EXPECT_TRUE(e->is_contiguous());
  EXPECT_EQ(call("empty", {}, {{"shape", std::vector<int64_t>{0}}})->numel(), 0);
  EXPECT_EQ(call("empty", {}, {{"shape", std::vector<int64_t>{4}}})->dtype, DType::Float32);
  expect_error([] { call("empty", {}, {{"shape", std::vector<int64_t>{-2}}}); },
               PD_INVALID_ARGUMENT, "empty: shape [-2] has a negative dimension -2 at axis 0");
  expect_error([] { call("empty", {}, {{"shape", std::vector<int64_t>{2}}, {"dtype", (int64_t)-1}}); },
               PD_INVALID_ARGUMENT, "empty: dtype -1 is not a Paddle dtype");
}

// ---------------------------------------------------------------- range

TEST(CreationRange, Integers) {
  auto r32 = [](int32_t a, int32_t b, int32_t s) {
    return call("range", {make<int32_t>({1}, {a}), make<int32_t>({1}, {b}), make<int32_t>({1}, {s})});
  };
  TensorRef r = r32(0, 10, 3);
  EXPECT_EQ(r->dtype, DType::Int32);
  expect_values(r, {0, 3, 6, 9});
  expect_values(r32(10, 0, -3), {10, 7, 4, 1});
  expect_values(r32(0, 9, 3), {0, 3, 6});
  expect_values(r32(-5, -2, 1), {-5, -4, -3});
  expect_shape(r32(3, 3, 1), {0});
  // A step pointing away from end is an error, as Paddle 2.0's range kernel raises.
  expect_error([&] { r32(0, 5, -1); }, PD_INVALID_ARGUMENT,
               "range: the step should be greater than 0 while start < end");
  expect_error([&] { r32(5, 0, 1); }, PD_INVALID_ARGUMENT,
               "range: the step should be less than 0 while start > end");
  // Extreme bounds do not overflow.
  TensorRef big = r32(INT32_MIN, INT32_MAX, INT32_MAX);
  expect_values(big, {(double)INT32_MIN, -1, (double)INT32_MAX - 1});
  TensorRef r64 = call("range", {make<int64_t>({1}, {INT64_MIN}), make<int64_t>({1}, {INT64_MAX}),
                                 make<int64_t>({1}, {INT64_MAX})});
  ASSERT_EQ(r64->numel(), 3);
  EXPECT_EQ(r64->data<int64_t>()[0], INT64_MIN);
  EXPECT_EQ(r64->data<int64_t>()[1], -1);
  EXPECT_EQ(r64->data<int64_t>()[2], INT64_MAX - 1);
}

TEST(CreationRange, Floats) {
  TensorRef r = call("range", {make<float>({1}, {0}), make<float>({1}, {1}), make<float>({1}, {0.25})});
  EXPECT_EQ(r->dtype, DType::Float32);
  expect_values(r, {0, 0.25, 0.5, 0.75});
  TensorRef d = call("range", {make<double>({1}, {1}), make<double>({1}, {2}), make<double>({1}, {0.3})});
  expect_values(d, {1, 1.3, 1.6, 1.9}, 1e-12);
  TensorRef n = call("range", {make<double>({1}, {0}), make<double>({1}, {-1}), make<double>({1}, {-0.5})});
  expect_values(n, {0, -0.5});
  // Paddle accumulates value += step in the output type.
  TensorRef acc = call("range", {make<float>({1}, {0}), make<float>({1}, {1}), make<float>({1}, {0.1f})});
  ASSERT_EQ(acc->numel(), 10);
  float v = 0;
  for (int i = 0; i < 10; ++i, v += 0.1f) EXPECT_EQ(acc->data<float>()[i], v);
}

TEST(CreationRange, Errors) {
  expect_error([] { call("range", {make<int64_t>({1}, {0}), make<int64_t>({1}, {5}),
                                   make<int64_t>({1}, {0})}); },
               PD_INVALID_ARGUMENT, "range: step must not be 0");
  expect_error([] { call("range", {make<float>({1}, {0}), make<float>({1}, {5}),
                                   make<float>({1}, {0})}); },
               PD_INVALID_ARGUMENT, "range: step must not be 0");
  expect_error([] { call("range", {make<float>({1}, {0}), make<float>({1}, {INFINITY}),
                                   make<float>({1}, {1})}); },
               PD_INVALID_ARGUMENT, "range: start 0, end inf and step 1 do not give a finite "
                                    "number of elements");
  expect_error([] { call("range", {make<float>({2}, {0, 1}), make<float>({1}, {5}),
                                   make<float>({1}, {1})}); },
               PD_INVALID_ARGUMENT,
               "range: input 'Start' has shape [2]; expected a tensor with one element");
  expect_error([] { call("range", {make<float>({1}, {0}), make<double>({1}, {5}),
                                   make<float>({1}, {1})}); },
               PD_INVALID_ARGUMENT, "range: input 'End' has dtype float64 but input 'Start'");
  expect_error([] { call("range", {make<int64_t>({1}, {0}), make<int64_t>({1}, {INT64_MAX}),
                                   make<int64_t>({1}, {1})}); },
               PD_OUT_OF_MEMORY, "range: shape [9223372036854775807] of int64 is too large");
}

// ---------------------------------------------------------------- linspace

TEST(CreationLinspace, PaddleExamples) {
  auto ls = [](double a, double b, int32_t n, int64_t dtype = 5) {
    return call("linspace", {make<double>({1}, {a}), make<double>({1}, {b}), make<int32_t>({1}, {n})},
                {{"dtype", dtype}});
  };
  TensorRef t = ls(0, 10, 5);
  EXPECT_EQ(t->dtype, DType::Float32);
  expect_values(t, {0, 2.5, 5, 7.5, 10});
  expect_values(ls(0, 10, 1), {0});
  expect_values(ls(3, 3, 3), {3, 3, 3});
  expect_values(ls(1, 0, 3, 6), {1, 0.5, 0});
  // Symmetric halves: the last value is exactly stop.
  TensorRef d = ls(0, 1, 7, 6);
  EXPECT_EQ(d->data<double>()[6], 1.0);
  EXPECT_EQ(d->data<double>()[5], 1.0 - 1.0 / 6.0);
  EXPECT_EQ(d->data<double>()[1], 0.0 + 1.0 / 6.0);
  // Integers: the double step, then a C cast of start + step*i / stop - step*(num-1-i).
  expect_values(ls(0, 10, 4, 2), {0, 3, 6, 10});
  expect_values(ls(0, 10, 4, 3), {0, 3, 6, 10});
  expect_values(ls(-0.9, 5.9, 2, 2), {0, 5});  // Start/Stop converted to int32 first
  TensorRef i64 = call("linspace", {make<int64_t>({1}, {2}), make<float>({1}, {4}),
                                    make<int32_t>({1}, {3})}, {{"dtype", (int64_t)3}});
  EXPECT_EQ(i64->dtype, DType::Int64);
  expect_values(i64, {2, 3, 4});
}

TEST(CreationLinspace, Errors) {
  auto ls = [](int32_t n, int64_t dtype = 5) {
    return call("linspace", {make<float>({1}, {0}), make<float>({1}, {1}), make<int32_t>({1}, {n})},
                {{"dtype", dtype}});
  };
  expect_error([&] { ls(0); }, PD_INVALID_ARGUMENT, "linspace: num must be positive, got 0");
  expect_error([&] { ls(-3); }, PD_INVALID_ARGUMENT, "linspace: num must be positive, got -3");
  expect_error([&] { ls(3, 0); }, PD_INVALID_ARGUMENT,
               "linspace: dtype bool is not supported; expected one of [int32, int64, float32, "
               "float64]");
  expect_error([&] {
    call("linspace", {make<float>({1}, {0}), make<float>({1}, {1}), make<float>({1}, {3})});
  }, PD_INVALID_ARGUMENT, "linspace: Num has dtype float32; expected int32 or int64");
  expect_error([&] {
    call("linspace", {make<float>({2}, {0, 1}), make<float>({1}, {1}), make<int32_t>({1}, {3})});
  }, PD_INVALID_ARGUMENT, "linspace: input 'Start' has shape [2]; expected a tensor with one element");
}

// ---------------------------------------------------------------- eye

TEST(CreationEye, Values) {
  TensorRef e = call("eye", {}, {{"num_rows", (int64_t)3}});
  EXPECT_EQ(e->dtype, DType::Float32);
  expect_shape(e, {3, 3});
  expect_values(e, {1, 0, 0, 0, 1, 0, 0, 0, 1});
  TensorRef r = call("eye", {}, {{"num_rows", (int64_t)2}, {"num_columns", (int64_t)3},
                                {"dtype", (int64_t)2}});
  EXPECT_EQ(r->dtype, DType::Int32);
  expect_values(r, {1, 0, 0, 0, 1, 0});
  expect_values(call("eye", {}, {{"num_rows", (int64_t)3}, {"num_columns", (int64_t)1},
                                 {"dtype", (int64_t)6}}),
                {1, 0, 0});
  expect_values(call("eye", {}, {{"num_rows", (int64_t)2}, {"dtype", (int64_t)0}}), {1, 0, 0, 1});
  expect_values(call("eye", {}, {{"num_rows", (int64_t)2}, {"dtype", (int64_t)4}}), {1, 0, 0, 1});
  expect_shape(call("eye", {}, {{"num_rows", (int64_t)0}}), {0, 0});
  expect_shape(call("eye", {}, {{"num_rows", (int64_t)2}, {"num_columns", (int64_t)0}}), {2, 0});
}

TEST(CreationEye, Errors) {
  expect_error([] { call("eye", {}, {{"num_rows", (int64_t)-1}}); }, PD_INVALID_ARGUMENT,
               "eye: num_rows must be non-negative, got -1");
  expect_error([] { call("eye", {}, {{"num_rows", (int64_t)2}, {"num_columns", (int64_t)-2}}); },
               PD_INVALID_ARGUMENT,
               "eye: num_columns must be non-negative (or -1 for num_rows), got -2");
  expect_error([] { call("eye", {}, {{"num_rows", (int64_t)2}, {"dtype", (int64_t)50}}); },
               PD_INVALID_ARGUMENT, "eye: dtype 50 is not a Paddle dtype");
}
