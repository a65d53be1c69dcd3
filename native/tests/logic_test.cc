#include "test_util.h"

using namespace pd;
using namespace pd::test;

TEST(Compare, BroadcastValues) {
  TensorRef x = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  TensorRef y = make<float>({3}, {2, 2, 7});
  expect_values(call("less_than", {x, y}), {1, 0, 1, 0, 0, 1});
  expect_values(call("equal", {x, y}), {0, 1, 0, 0, 0, 0});
  expect_values(call("greater_equal", {x, y}), {0, 1, 0, 1, 1, 0});
  TensorRef r = call("not_equal", {y, x});  // lower-rank x: plain broadcasting (2.1 fix)
  EXPECT_EQ(r->dtype, DType::Bool);
  expect_shape(r, {2, 3});
  expect_values(r, {1, 0, 1, 1, 1, 1});
}

// Found by the C ABI fuzzer: with an axis, a lower-rank X was aligned at the trailing dims in the
// kernel but at `axis` in shape inference, reading past X.
TEST(Compare, LowerRankXAlignsAtAxis) {
  auto x = make<int64_t>({2}, {1, 5});
  auto y = make<int64_t>({2, 3}, {1, 1, 1, 4, 5, 6});
  auto o = call("equal", {x, y}, {{"axis", (int64_t)0}});
  expect_shape(o, {2, 3});
  expect_values(o, {1, 1, 1, 0, 1, 0});
}

TEST(Compare, IntsNaNAndErrors) {
  TensorRef a = make<int64_t>({3}, {1, 5, -2});
  TensorRef b = make<int64_t>({1}, {1});
  expect_values(call("less_equal", {a, b}), {1, 0, 1});
  expect_values(call("greater_than", {a, b}), {0, 1, 0});
  TensorRef n = make<double>({2}, {NAN, 1.0});
  expect_values(call("equal", {n, n}), {0, 1});
  expect_values(call("not_equal", {n, n}), {1, 0});
  TensorRef f = make<float>({3}, {1, 2, 3});
  expect_error([&] { call("equal", {a, f}); }, PD_INVALID_ARGUMENT,
               "equal: input 'Y' has dtype float32 but input 'X' has dtype int64");
  TensorRef g = make<int64_t>({2}, {1, 2});
  expect_error([&] { call("equal", {a, g}); }, PD_INVALID_ARGUMENT, "cannot be broadcast");
}
