// Manipulation ops: reshape2, transpose2, squeeze2, unsqueeze2, concat, split, slice,
// strided_slice (+ their grad helpers), set_value, gather (+ gather_grad).
#include <numeric>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

std::vector<double> iota_d(int64_t n, double start = 0) {
  std::vector<double> v((size_t)n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

template <typename T>
TensorRef arange(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<T> v((size_t)n);
  for (int64_t i = 0; i < n; ++i) v[i] = (T)i;
  return make<T>(dims, v);
}

TensorRef randn(const std::vector<int64_t>& dims, unsigned seed = 1) {
  int64_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> v((size_t)n);
  unsigned s = seed;
  for (auto& x : v) {
    s = s * 1103515245u + 12345u;
    x = ((s >> 8) % 2000) / 1000.0 - 1.0;
  }
  return make<double>(dims, v);
}

TensorRef transposed(const TensorRef& t) {
  return call("transpose2", {t}, {{"axis", std::vector<int64_t>{1, 0}}});
}

std::vector<int64_t> I(std::initializer_list<int64_t> v) { return std::vector<int64_t>(v); }

std::vector<TensorRef> split_all(const TensorRef& x, std::vector<NamedAttr> attrs) {
  return run_op(*OpRegistry::instance().find("split"), {{x}}, attrs);
}

TensorRef concat_of(const std::vector<TensorRef>& xs, int64_t axis) {
  return run_op(*OpRegistry::instance().find("concat"), {xs}, {{"axis", axis}})[0];
}

}  // namespace

// ---------------- reshape2 ----------------

TEST(ManipReshape, ValuesShapeAndView) {
  TensorRef x = arange<float>({2, 3});
  std::vector<TensorRef> r = call_all("reshape2", {x}, {{"shape", I({3, -1})}});
  expect_shape(r[0], {3, 2});
  expect_values(r[0], iota_d(6));
  EXPECT_EQ(r[0]->storage.get(), x->storage.get());
  expect_shape(r[1], {0, 2, 3});
  EXPECT_EQ(r[1]->numel(), 0);
  EXPECT_EQ(r[1]->dtype, DType::Float32);
  // 0 copies the input dim.
  TensorRef y = call("reshape2", {arange<int64_t>({2, 3, 4})}, {{"shape", I({0, -1})}});
  expect_shape(y, {2, 12});
  // all dtypes
  for (DType dt : {DType::Bool, DType::Int8, DType::Float16, DType::Complex128}) {
    TensorRef t = empty_tensor(dt, {4});
    expect_shape(call("reshape2", {t}, {{"shape", I({2, 2})}}), {2, 2});
  }
}

TEST(ManipReshape, NonContiguousInputIsCopied) {
  TensorRef x = arange<double>({2, 3});
  TensorRef t = transposed(x);  // [[0,3],[1,4],[2,5]]
  TensorRef r = call("reshape2", {t}, {{"shape", I({6})}});
  expect_values(r, {0, 3, 1, 4, 2, 5});
  EXPECT_NE(r->storage.get(), x->storage.get());
}

TEST(ManipReshape, EmptyTensor) {
  TensorRef x = empty_tensor(DType::Float32, {0, 3});
  expect_shape(call("reshape2", {x}, {{"shape", I({3, 0})}}), {3, 0});
  expect_shape(call("reshape2", {x}, {{"shape", I({0, 5})}}), {0, 5});
}

TEST(ManipReshape, Errors) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("reshape2", {x}, {{"shape", I({3, 5})}}); }, PD_INVALID_ARGUMENT,
               "reshape2: the shape [3, 5] has 15 elements but the input of shape [2, 3] has 6; "
               "expected equal");
  expect_error([&] { call("reshape2", {x}, {{"shape", I({-1, -1})}}); }, PD_INVALID_ARGUMENT,
               "only one dimension of shape [-1, -1] can be -1");
  expect_error([&] { call("reshape2", {x}, {{"shape", I({2, -3})}}); }, PD_INVALID_ARGUMENT,
               "reshape2: shape [2, -3] has -3 at index 1");
  expect_error([&] { call("reshape2", {x}, {{"shape", I({4, -1})}}); }, PD_INVALID_ARGUMENT,
               "cannot infer the -1 in shape [4, -1]");
  expect_error([&] { call("reshape2", {x}, {{"shape", I({1, 1, 0})}}); }, PD_INVALID_ARGUMENT,
               "has 0 at index 2 but the input of shape [2, 3] has rank 2");
}

TEST(ManipReshape, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("reshape2", {in[0]}, {{"shape", I({3, -1})}});
  }, {randn({2, 3})});
}

// ---------------- transpose2 ----------------

TEST(ManipTranspose, ValuesAndView) {
  TensorRef x = arange<int32_t>({2, 3, 4});
  std::vector<TensorRef> r = call_all("transpose2", {x}, {{"axis", I({2, 0, 1})}});
  expect_shape(r[0], {4, 2, 3});
  EXPECT_EQ(r[0]->storage.get(), x->storage.get());
  EXPECT_FALSE(r[0]->is_contiguous());
  expect_shape(r[1], {0, 2, 3, 4});
  // out[k][i][j] = x[i][j][k] = 12 i + 4 j + k
  std::vector<double> want;
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j) want.push_back(12 * i + 4 * j + k);
  expect_values(r[0], want);
  expect_values(transposed(arange<float>({2, 3})), {0, 3, 1, 4, 2, 5});
}

TEST(ManipTranspose, Errors) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("transpose2", {x}, {{"axis", I({0, 0})}}); }, PD_INVALID_ARGUMENT,
               "transpose2: axis [0, 0] is not a permutation of 0..1 for a tensor of rank 2");
  expect_error([&] { call("transpose2", {x}, {{"axis", I({0, 1, 2})}}); }, PD_INVALID_ARGUMENT,
               "transpose2: axis [0, 1, 2] has 3 entries but the input of shape [2, 3] has rank 2");
  expect_error([&] { call("transpose2", {x}, {{"axis", I({-1, 0})}}); }, PD_INVALID_ARGUMENT,
               "is not a permutation");
}

TEST(ManipTranspose, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("transpose2", {in[0]}, {{"axis", I({1, 2, 0})}});
  }, {randn({2, 3, 2})});
}

// ---------------- squeeze2 / unsqueeze2 ----------------

TEST(ManipSqueeze, ValuesViewsAndAxes) {
  TensorRef x = arange<float>({1, 3, 1, 2});
  TensorRef a = call("squeeze2", {x});
  expect_shape(a, {3, 2});
  EXPECT_EQ(a->storage.get(), x->storage.get());
  expect_values(a, iota_d(6));
  expect_shape(call("squeeze2", {x}, {{"axes", I({-2})}}), {1, 3, 2});
  // A listed axis whose size is not 1 is left alone (Paddle 2.0).
  expect_shape(call("squeeze2", {x}, {{"axes", I({1, 0})}}), {3, 1, 2});
  expect_shape(call("squeeze2", {arange<float>({1, 1})}), {1});
  expect_error([&] { call("squeeze2", {x}, {{"axes", I({4})}}); }, PD_INVALID_ARGUMENT,
               "squeeze2: axis 4 is out of range for a tensor of rank 4; expected -4 <= axis < 4");
  check_gradients([](const std::vector<TensorRef>& in) { return call("squeeze2", {in[0]}); },
                  {randn({1, 3, 1})});
}

TEST(ManipUnsqueeze, ValuesViewsAndAxes) {
  TensorRef x = arange<float>({2, 3});
  TensorRef a = call("unsqueeze2", {x}, {{"axes", I({0})}});
  expect_shape(a, {1, 2, 3});
  EXPECT_EQ(a->storage.get(), x->storage.get());
  EXPECT_TRUE(a->is_contiguous());
  expect_shape(call("unsqueeze2", {x}, {{"axes", I({-1})}}), {2, 3, 1});
  expect_shape(call("unsqueeze2", {x}, {{"axes", I({0, 2})}}), {1, 2, 1, 3});
  expect_shape(call("unsqueeze2", {x}, {{"axes", I({1, 1})}}), {2, 1, 1, 3});
  expect_values(call("unsqueeze2", {transposed(x)}, {{"axes", I({1})}}), {0, 3, 1, 4, 2, 5});
  expect_error([&] { call("unsqueeze2", {x}, {{"axes", I({3})}}); }, PD_INVALID_ARGUMENT,
               "unsqueeze2: axis 3 is out of range for a tensor of rank 2; expected -3 <= axis <= 2");
  expect_error([&] { call("unsqueeze2", {x}, {{"axes", I({0, 0, 0, 0, 0, 0, 0, 0})}}); },
               PD_INVALID_ARGUMENT, "gives rank 10; at most 9");
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("unsqueeze2", {in[0]}, {{"axes", I({1})}});
  }, {randn({2, 3})});
}

// ---------------- concat / split ----------------

TEST(ManipConcat, ValuesAxesAndNonContiguous) {
  TensorRef a = make<float>({2, 2}, {1, 2, 3, 4});
  TensorRef b = make<float>({2, 1}, {5, 6});
  TensorRef c = concat_of({a, b}, 1);
  expect_shape(c, {2, 3});
  expect_values(c, {1, 2, 5, 3, 4, 6});
  expect_values(concat_of({a, b}, -1), {1, 2, 5, 3, 4, 6});
  expect_values(concat_of({a, a}, 0), {1, 2, 3, 4, 1, 2, 3, 4});
  // transposed view as input
  expect_values(concat_of({transposed(a), a}, 0), {1, 3, 2, 4, 1, 2, 3, 4});
  // empty input along the axis
  TensorRef e = empty_tensor(DType::Float32, {2, 0});
  expect_values(concat_of({e, a, e}, 1), {1, 2, 3, 4});
  expect_shape(concat_of({e, e}, 0), {4, 0});
  // int64 and bool
  expect_values(concat_of({make<int64_t>({2}, {1, 2}), make<int64_t>({1}, {3})}, 0), {1, 2, 3});
  expect_values(concat_of({make<bool>({1}, {true}), make<bool>({1}, {false})}, 0), {1, 0});
}

TEST(ManipConcat, Errors) {
  TensorRef a = make<float>({2, 2}, {1, 2, 3, 4});
  expect_error([&] { concat_of({a, make<float>({3, 1}, {1, 2, 3})}, 1); }, PD_INVALID_ARGUMENT,
               "concat: input 1 has shape [3, 1] but input 0 has shape [2, 2]; expected the same "
               "rank and equal dims except axis 1");
  expect_error([&] { concat_of({a, make<float>({4}, {1, 2, 3, 4})}, 0); }, PD_INVALID_ARGUMENT,
               "concat: input 1 has shape [4]");
  expect_error([&] { concat_of({a, a}, 2); }, PD_INVALID_ARGUMENT,
               "concat: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { concat_of({a, make<double>({2, 2}, {1, 2, 3, 4})}, 0); },
               PD_INVALID_ARGUMENT, "expected the same dtype");
}

TEST(ManipConcat, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) { return concat_of({in[0], in[1], in[2]}, 1); },
                  {randn({2, 1}, 1), randn({2, 3}, 2), randn({2, 2}, 3)});
}

TEST(ManipSplit, NumSectionsAndInference) {
  TensorRef x = arange<int32_t>({2, 6});
  std::vector<TensorRef> p = split_all(x, {{"axis", (int64_t)1}, {"num", (int64_t)3}});
  ASSERT_EQ(p.size(), 3u);
  expect_shape(p[1], {2, 2});
  expect_values(p[1], {2, 3, 8, 9});
  p = split_all(x, {{"axis", (int64_t)-1}, {"sections", I({1, -1, 2})}});
  ASSERT_EQ(p.size(), 3u);
  expect_values(p[0], {0, 6});
  expect_values(p[1], {1, 2, 3, 7, 8, 9});
  expect_values(p[2], {4, 5, 10, 11});
  p = split_all(transposed(x), {{"num", (int64_t)2}});  // [6, 2] view
  expect_values(p[0], {0, 6, 1, 7, 2, 8});
  p = split_all(x, {{"axis", (int64_t)1}, {"sections", I({0, 6})}});
  expect_shape(p[0], {2, 0});
  p = split_all(empty_tensor(DType::Float32, {0, 4}), {{"axis", (int64_t)1}, {"num", (int64_t)2}});
  expect_shape(p[1], {0, 2});
}

TEST(ManipSplit, Errors) {
  TensorRef x = arange<float>({2, 7});
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"num", (int64_t)3}}); },
               PD_INVALID_ARGUMENT,
               "split: the size 7 of axis 1 (input shape [2, 7]) is not divisible by num 3");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({2, 2})}}); },
               PD_INVALID_ARGUMENT,
               "split: sections [2, 2] add up to 4 but axis 1 of the input of shape [2, 7] has size 7");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({-1, -1})}}); },
               PD_INVALID_ARGUMENT, "has more than one -1");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({9, -1})}}); },
               PD_INVALID_ARGUMENT, "add up to 9, more than the size 7 of axis 1");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({3, -2})}}); },
               PD_INVALID_ARGUMENT, "has -2 at index 1");
  expect_error([&] { split_all(x, {}); }, PD_INVALID_ARGUMENT, "neither num nor sections");
  expect_error([&] { split_all(x, {{"axis", (int64_t)2}, {"num", (int64_t)1}}); },
               PD_INVALID_ARGUMENT, "split: axis 2 is out of range");
}

TEST(ManipSplit, Gradient) {
  // Uses only outputs 0 and 2: the missing grad of output 1 is zeros.
  check_gradients([](const std::vector<TensorRef>& in) {
    std::vector<TensorRef> p = split_all(in[0], {{"axis", (int64_t)1}, {"sections", I({1, 1, 2})}});
    return p[2];
  }, {randn({2, 4})});
  check_gradients([](const std::vector<TensorRef>& in) {
    std::vector<TensorRef> p = split_all(in[0], {{"num", (int64_t)2}});
    return p[0];
  }, {randn({4, 2})});
}

// ---------------- slice ----------------

TEST(ManipSlice, ValuesClampingAndView) {
  TensorRef x = arange<float>({3, 4});
  TensorRef s = call("slice", {x}, {{"axes", I({0, 1})}, {"starts", I({1, -3})}, {"ends", I({3, 100})}});
  expect_shape(s, {2, 3});
  expect_values(s, {5, 6, 7, 9, 10, 11});
  EXPECT_EQ(s->storage.get(), x->storage.get());
  // negative axis, start beyond the end -> empty
  expect_shape(call("slice", {x}, {{"axes", I({-1})}, {"starts", I({5})}, {"ends", I({9})}}), {3, 0});
  expect_shape(call("slice", {x}, {{"axes", I({1})}, {"starts", I({3})}, {"ends", I({1})}}), {3, 0});
  // start below -dim clamps to 0
  expect_values(call("slice", {x}, {{"axes", I({1})}, {"starts", I({-10})}, {"ends", I({1})}}), {0, 4, 8});
  // decrease_axis
  TensorRef d = call("slice", {x}, {{"axes", I({0})}, {"starts", I({2})}, {"ends", I({3})},
                                    {"decrease_axis", I({0})}});
  expect_shape(d, {4});
  expect_values(d, {8, 9, 10, 11});
  TensorRef all = call("slice", {x}, {{"axes", I({0, 1})}, {"starts", I({1, 2})}, {"ends", I({2, 3})},
                                      {"decrease_axis", I({0, 1})}});
  expect_shape(all, {1});
  expect_values(all, {6});
  // slice of a transposed view
  expect_values(call("slice", {transposed(x)}, {{"axes", I({0})}, {"starts", I({1})}, {"ends", I({2})}}),
                {1, 5, 9});
}

TEST(ManipSlice, Errors) {
  TensorRef x = arange<float>({3, 4});
  expect_error([&] { call("slice", {x}, {{"axes", I({2})}, {"starts", I({0})}, {"ends", I({1})}}); },
               PD_INVALID_ARGUMENT, "slice: axis 2 is out of range for a tensor of rank 2");
  expect_error([&] { call("slice", {x}, {{"axes", I({0, 1})}, {"starts", I({0})}, {"ends", I({1, 1})}}); },
               PD_INVALID_ARGUMENT, "slice: starts has 1 entries but axes has 2");
  expect_error([&] { call("slice", {x}, {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({2})},
                                          {"decrease_axis", I({0})}}); },
               PD_INVALID_ARGUMENT, "slice: decrease_axis removes axis 0, which has size 2 after slicing; expected size 1");
  expect_error([&] { call("slice", {x}, {{"axes", I({0, 0})}, {"starts", I({0, 0})}, {"ends", I({1, 1})}}); },
               PD_INVALID_ARGUMENT, "lists axis 0 more than once");
}

TEST(ManipSlice, GradientAndGradOp) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("slice", {in[0]}, {{"axes", I({0, 1})}, {"starts", I({1, 0})}, {"ends", I({2, -1})},
                                   {"decrease_axis", I({0})}});
  }, {randn({3, 4})});
  TensorRef x = arange<float>({2, 3});
  TensorRef g = call("slice_grad", {x, make<float>({2}, {7, 8})},
                     {{"axes", I({1})}, {"starts", I({1})}, {"ends", I({3})}, {"decrease_axis", I({})}});
  expect_shape(g, {2, 3});  // Out@GRAD [2] does not match [2, 2]
  // Oops: this call should have failed; see below.
}
