#include "test_util.h"

using namespace pd;
using namespace pd::test;

TEST(Logical, AndOrXorNotBroadcast) {
  TensorRef x = make<bool>({2, 2}, {true, false, true, true});
  TensorRef y = make<bool>({2}, {true, false});
  expect_values(call("logical_and", {x, y}), {1, 0, 1, 0});
  expect_values(call("logical_or", {x, y}), {1, 0, 1, 1});
  expect_values(call("logical_xor", {x, y}), {0, 0, 0, 1});
  expect_values(call("logical_not", {y}), {0, 1});
  expect_error([] { call("logical_and", {make<float>({1}, {1}), make<float>({1}, {1})}); },
               PD_INVALID_ARGUMENT, "logical_and: input 'X' has dtype float32, expected one of [bool]");
}

TEST(Logical, IsFiniteInfNan) {
  TensorRef x = make<float>({4}, {1.0f, INFINITY, -INFINITY, NAN});
  expect_values(call("isfinite_v2", {x}), {1, 0, 0, 0});
  expect_values(call("isinf_v2", {x}), {0, 1, 1, 0});
  expect_values(call("isnan_v2", {x}), {0, 0, 0, 1});
  expect_values(call("isfinite_v2", {make<int64_t>({2}, {1, 2})}), {1, 1});
}

TEST(Logical, EqualAllAndAllclose) {
  TensorRef a = make<float>({2}, {1, 2});
  expect_values(call("equal_all", {a, make<float>({2}, {1, 2})}), {1});
  expect_values(call("equal_all", {a, make<float>({2}, {1, 3})}), {0});
  expect_values(call("equal_all", {a, make<float>({1, 2}, {1, 2})}), {0});  // shapes differ
  // Paddle docs: allclose([10000., 1e-07], [10000.1, 1e-08]) -> False; with equal_nan on NaNs -> True
  TensorRef x = make<double>({2}, {10000.0, 1e-07});
  TensorRef y = make<double>({2}, {10000.1, 1e-08});
  expect_values(call("allclose", {x, y}), {0});
  TensorRef xn = make<double>({2}, {1.0, NAN});
  TensorRef yn = make<double>({2}, {1.0, NAN});
  expect_values(call("allclose", {xn, yn}), {0});
  expect_values(call("allclose", {xn, yn}, {{"equal_nan", true}}), {1});
  expect_values(call("allclose", {make<double>({1}, {1.0}), make<double>({1}, {1.0 + 1e-6})}), {1});
  expect_error([&] { call("allclose", {x, y}, {{"rtol", -1.0}}); }, PD_INVALID_ARGUMENT, "rtol and atol must be >= 0");
}

TEST(Logical, ReduceAllAny) {
  TensorRef x = make<bool>({2, 3}, {true, true, false, true, true, true});
  expect_values(call("reduce_all", {x}, {{"reduce_all", true}}), {0});
  expect_values(call("reduce_any", {x}, {{"reduce_all", true}}), {1});
  expect_values(call("reduce_all", {x}, {{"dim", std::vector<int64_t>{1}}}), {0, 1});
  expect_values(call("reduce_all", {x}, {{"dim", std::vector<int64_t>{0}}}), {1, 1, 0});
  TensorRef k = call("reduce_any", {x}, {{"dim", std::vector<int64_t>{-1}}, {"keep_dim", true}});
  expect_shape(k, {2, 1});
  expect_error([&] { call("reduce_all", {x}, {{"dim", std::vector<int64_t>{2}}}); }, PD_INVALID_ARGUMENT,
               "reduce_all: axis 2 is out of range for a tensor of rank 2");
}

TEST(Autograd, LeafGradsDoNotShareStorage) {
  TensorRef x = make<double>({2}, {1, 2});
  TensorRef y = make<double>({2}, {3, 4});
  x->stop_gradient = false;
  y->stop_gradient = false;
  TensorRef s = call("elementwise_add", {x, y});
  backward(s, TensorRef(), false);
  ASSERT_TRUE(x->grad && y->grad);
  EXPECT_NE(x->grad->storage.get(), y->grad->storage.get());
}
