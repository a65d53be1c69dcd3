// Manipulation ops: reshape2, transpose2, squeeze2, unsqueeze2, concat, split, slice,
// strided_slice (+ their grad helpers), set_value, gather (+ gather_grad).
#include <numeric>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

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
  expect_shape(call("reshape2", {x}, {{"shape", I({3, -1})}}), {3, 0});
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
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({4, 4, -1})}}); },
               PD_INVALID_ARGUMENT, "add up to 8, more than the size 7 of axis 1");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({3, -2})}}); },
               PD_INVALID_ARGUMENT, "has -2 at index 1");
  expect_error([&] { split_all(x, {{"axis", (int64_t)1}, {"sections", I({INT64_MAX, INT64_MAX, -1})}}); },
               PD_INVALID_ARGUMENT, "more than the size 7 of axis 1");
  expect_error([&] { split_all(x, {}); }, PD_INVALID_ARGUMENT, "neither num nor sections");
  expect_error([&] { split_all(x, {{"axis", (int64_t)2}, {"num", (int64_t)1}}); },
               PD_INVALID_ARGUMENT, "split: axis 2 is out of range");
}

// Found by the C ABI fuzzer: a size-0 axis divides by any num, and split tried to make 2^62
// outputs (std::length_error, reported as an internal error).
TEST(ManipSplit, HugeNumOnAnEmptyAxisIsRejected) {
  TensorRef x = make<float>({0, 3}, {});
  expect_error([&] { split_all(x, {{"axis", (int64_t)0}, {"num", int64_t(1) << 62}}); },
               PD_INVALID_ARGUMENT, "split: num is 4611686018427387904, more than the size 0 of axis 0");
  EXPECT_EQ(split_all(x, {{"axis", (int64_t)0}, {"num", (int64_t)4}}).size(), 4u);
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
  TensorRef g = call("slice_grad", {x, make<float>({2, 2}, {7, 8, 9, 10})},
                     {{"axes", I({1})}, {"starts", I({1})}, {"ends", I({3})}});
  expect_shape(g, {2, 3});
  expect_values(g, {0, 7, 8, 0, 9, 10});
  // decreased dims and a non-contiguous Out@GRAD
  TensorRef dy = transposed(make<float>({1, 2}, {4, 5}));  // [2, 1] view
  g = call("slice_grad", {x, dy}, {{"axes", I({0, 1})}, {"starts", I({0, 1})}, {"ends", I({2, 2})}});
  expect_values(g, {0, 4, 0, 0, 5, 0});
  expect_error([&] { call("slice_grad", {x, make<float>({2}, {7, 8})},
                          {{"axes", I({1})}, {"starts", I({1})}, {"ends", I({3})}}); },
               PD_INVALID_ARGUMENT,
               "slice_grad: Out@GRAD has shape [2] but the slice of Input (shape [2, 3]) has shape [2, 2]");
  // double backward through slice_grad
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("slice_grad", {in[1], in[0]}, {{"axes", I({1})}, {"starts", I({1})}, {"ends", I({3})}});
  }, {randn({2, 2}), randn({2, 3})}, 1e-6, 1e-5, {0});
}

// ---------------- strided_slice ----------------

TEST(ManipStridedSlice, PositiveAndNegativeStrides) {
  TensorRef x = arange<double>({6});
  auto ss = [&](const TensorRef& t, int64_t s, int64_t e, int64_t st) {
    return call("strided_slice", {t}, {{"axes", I({0})}, {"starts", I({s})}, {"ends", I({e})},
                                       {"strides", I({st})}});
  };
  expect_values(ss(x, 1, 5, 2), {1, 3});
  expect_values(ss(x, 0, 100, 4), {0, 4});
  expect_values(ss(x, 4, 1, -1), {4, 3, 2});        // x[4:1:-1]
  expect_values(ss(x, -1, -7, -2), {5, 3, 1});      // x[-1:-7:-2]
  expect_values(ss(x, 5, -1, -1), {5, 4, 3, 2, 1, 0});  // Paddle: end -1 with step < 0 = None
  expect_values(ss(x, 100, -100, -3), {5, 2});      // x[100:-100:-3]
  expect_values(ss(x, 3, 5, -1), {});               // empty
  expect_shape(ss(x, 3, 5, -1), {0});
  expect_values(ss(x, -20, -15, 1), {});
  // extreme values clamp without overflow
  const int64_t big = INT64_MAX, small = INT64_MIN;
  expect_values(ss(x, big, small, -2), {5, 3, 1});
  expect_values(ss(x, small, big, 5), {0, 5});
  expect_values(ss(x, small, 2, -1), {});
  TensorRef r = ss(x, 4, 1, -1);
  EXPECT_EQ(r->storage.get(), x->storage.get());
  EXPECT_EQ(r->strides[0], -1);
  // 2-D with decrease_axis, on a transposed view
  TensorRef m = arange<float>({3, 4});
  TensorRef d = call("strided_slice", {transposed(m)},
                     {{"axes", I({0, 1})}, {"starts", I({3, 2})}, {"ends", I({4, -1})},
                      {"strides", I({1, -2})}, {"decrease_axis", I({0})}});
  expect_shape(d, {2});
  expect_values(d, {11, 3});
  // chaining views: a slice of a reversed view
  TensorRef rev = ss(x, 5, -1, -1);
  expect_values(ss(rev, 1, 4, 2), {4, 2});
}

TEST(ManipStridedSlice, ErrorsAndGradient) {
  TensorRef x = arange<double>({6});
  expect_error([&] { call("strided_slice", {x}, {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({3})},
                                                  {"strides", I({0})}}); },
               PD_INVALID_ARGUMENT, "strided_slice: strides[0] is 0; expected a non-zero step");
  expect_error([&] { call("strided_slice", {x}, {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({3})},
                                                  {"strides", I({})}}); },
               PD_INVALID_ARGUMENT, "strided_slice: strides has 0 entries but axes has 1");
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("strided_slice", {in[0]}, {{"axes", I({0, 1})}, {"starts", I({-1, 0})},
                                           {"ends", I({-4, 4})}, {"strides", I({-2, 3})}});
  }, {randn({4, 5})});
  TensorRef g = call("strided_slice_grad", {x, make<double>({3}, {1, 2, 3})},
                     {{"axes", I({0})}, {"starts", I({5})}, {"ends", I({-1})}, {"strides", I({-2})}});
  expect_values(g, {0, 3, 0, 2, 0, 1});
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("strided_slice_grad", {in[1], in[0]},
                {{"axes", I({0})}, {"starts", I({5})}, {"ends", I({-1})}, {"strides", I({-2})}});
  }, {randn({3}), randn({6})}, 1e-6, 1e-5, {0});
}

// ---------------- set_value ----------------

TEST(ManipSetValue, RegionBroadcastAndDecrease) {
  TensorRef x = arange<float>({3, 4});
  auto sv = [&](const TensorRef& in, const TensorRef& v, std::vector<int64_t> axes,
                std::vector<int64_t> st, std::vector<int64_t> en, std::vector<int64_t> sp,
                std::vector<int64_t> dec = {}) {
    return call("set_value", {in, v}, {{"axes", axes}, {"starts", st}, {"ends", en}, {"steps", sp},
                                       {"decrease_axes", dec}});
  };
  // x[0:2, 1:3] = [[-1, -2], [-3, -4]]
  TensorRef o = sv(x, make<float>({2, 2}, {-1, -2, -3, -4}), {0, 1}, {0, 1}, {2, 3}, {1, 1});
  expect_values(o, {0, -1, -2, 3, 4, -3, -4, 7, 8, 9, 10, 11});
  expect_values(x, iota_d(12));  // input untouched
  // scalar broadcast, stepped: x[:, ::2] = 9
  o = sv(x, make<float>({1}, {9}), {1}, {0}, {4}, {2});
  expect_values(o, {9, 1, 9, 3, 9, 5, 9, 7, 9, 9, 9, 11});
  // x[1] = [1, 2, 3, 4] (decrease axis 0), row vector broadcast
  o = sv(x, make<float>({4}, {1, 2, 3, 4}), {0}, {1}, {2}, {1}, {0});
  expect_values(o, {0, 1, 2, 3, 1, 2, 3, 4, 8, 9, 10, 11});
  // column broadcast x[:, 1:3] = [[a], [b], [c]]
  o = sv(x, make<float>({3, 1}, {-1, -2, -3}), {1}, {1}, {3}, {1});
  expect_values(o, {0, -1, -1, 3, 4, -2, -2, 7, 8, -3, -3, 11});
  // reversed: x[0, ::-1] = [1, 2, 3, 4]
  o = sv(x, make<float>({4}, {1, 2, 3, 4}), {0, 1}, {0, -1}, {1, -1}, {1, -1}, {0});
  expect_values(o, {4, 3, 2, 1, 4, 5, 6, 7, 8, 9, 10, 11});
  // non-contiguous input and value
  TensorRef t = transposed(make<float>({2, 2}, {1, 2, 3, 4}));  // [[1,3],[2,4]]
  o = sv(t, transposed(make<float>({2, 1}, {7, 8})), {0}, {1}, {2}, {1});
  expect_values(o, {1, 3, 7, 8});
  // empty region: unchanged
  o = sv(x, make<float>({1}, {5}), {0}, {2}, {1}, {1});
  expect_values(o, iota_d(12));
  // int64 and bool
  expect_values(sv(make<int64_t>({3}, {1, 2, 3}), make<int64_t>({1}, {0}), {0}, {1}, {3}, {1}), {1, 0, 0});
  expect_values(sv(make<bool>({2}, {true, true}), make<bool>({1}, {false}), {0}, {0}, {1}, {1}), {0, 1});
}

TEST(ManipSetValue, Errors) {
  TensorRef x = arange<float>({3, 4});
  expect_error([&] {
    call("set_value", {x, make<float>({3}, {1, 2, 3})},
         {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({2})}, {"steps", I({1})}});
  }, PD_INVALID_ARGUMENT,
     "set_value: the value of shape [3] cannot be broadcast to the sliced region of shape [2, 4]");
  expect_error([&] {
    call("set_value", {x, make<double>({1}, {1})},
         {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({2})}, {"steps", I({1})}});
  }, PD_INVALID_ARGUMENT, "expected the same dtype");
  expect_error([&] {
    call("set_value", {x, make<float>({1}, {1})},
         {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({2})}, {"steps", I({0})}});
  }, PD_INVALID_ARGUMENT, "set_value: steps[0] is 0");
  expect_error([&] {
    call("set_value", {x, make<float>({1}, {1})},
         {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({2})}, {"steps", I({1})},
          {"decrease_axes", I({0})}});
  }, PD_INVALID_ARGUMENT, "set_value: decrease_axes removes axis 0, which has size 2");
}

TEST(ManipSetValue, GradientNoBroadcast) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("set_value", {in[0], in[1]}, {{"axes", I({0, 1})}, {"starts", I({2, 0})},
                                              {"ends", I({-1, 4})}, {"steps", I({-1, 2})},
                                              {"decrease_axes", I({})}});
  }, {randn({3, 4}, 3), randn({3, 2}, 4)});
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("set_value", {in[0], in[1]}, {{"axes", I({0})}, {"starts", I({1})},
                                              {"ends", I({2})}, {"steps", I({1})},
                                              {"decrease_axes", I({0})}});
  }, {randn({3, 4}, 5), randn({4}, 6)});
}

TEST(ManipSetValue, GradientBroadcastValue) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("set_value", {in[0], in[1]}, {{"axes", I({1})}, {"starts", I({1})},
                                              {"ends", I({3})}, {"steps", I({1})}});
  }, {randn({3, 4}, 7), randn({1}, 8)});
}

// ---------------- gather ----------------

TEST(ManipGather, ValuesAxesAndIndexDtypes) {
  TensorRef x = arange<float>({3, 2});
  TensorRef o = call("gather", {x, make<int32_t>({3}, {2, 0, 2})});
  expect_shape(o, {3, 2});
  expect_values(o, {4, 5, 0, 1, 4, 5});
  o = call("gather", {x, make<int64_t>({2, 1}, {1, 1})}, {{"axis", (int64_t)1}});
  expect_shape(o, {3, 2});
  expect_values(o, {1, 1, 3, 3, 5, 5});
  o = call("gather", {x, make<int64_t>({1}, {0})}, {{"axis", (int64_t)-1}});
  expect_values(o, {0, 2, 4});
  // transposed X, strided index
  TensorRef idx2 = call("strided_slice", {make<int64_t>({4}, {1, 9, 0, 9})},
                        {{"axes", I({0})}, {"starts", I({0})}, {"ends", I({4})}, {"strides", I({2})}});
  expect_values(call("gather", {transposed(x), idx2}), {1, 3, 5, 0, 2, 4});
  // empty index; complex data
  expect_shape(call("gather", {x, empty_tensor(DType::Int64, {0})}), {0, 2});
  TensorRef c = empty_tensor(DType::Complex64, {2});
  c->data<complex64>()[0] = {1, 2};
  c->data<complex64>()[1] = {3, 4};
  TensorRef gc = call("gather", {c, make<int32_t>({1}, {1})});
  EXPECT_EQ(gc->data<complex64>()[0], complex64(3, 4));
}

TEST(ManipGather, Errors) {
  TensorRef x = arange<float>({3, 2});
  expect_error([&] { call("gather", {x, make<int64_t>({2}, {0, 5})}); }, PD_OUT_OF_RANGE,
               "gather: index 5 is out of range for axis 0 of size 3; expected 0 <= index < 3");
  expect_error([&] { call("gather", {x, make<int32_t>({1}, {-1})}); }, PD_OUT_OF_RANGE,
               "gather: index -1 is out of range");
  expect_error([&] { call("gather", {x, make<float>({1}, {0})}); }, PD_INVALID_ARGUMENT,
               "gather: Index has dtype float32; expected int32 or int64");
  expect_error([&] { call("gather", {x, make<int64_t>({1, 2}, {0, 1})}); }, PD_INVALID_ARGUMENT,
               "gather: Index has shape [1, 2]; expected a 1-D tensor or shape [N, 1]");
  expect_error([&] { call("gather", {x, make<int64_t>({1}, {0})}, {{"axis", (int64_t)2}}); },
               PD_INVALID_ARGUMENT, "gather: axis 2 is out of range for a tensor of rank 2");
}

TEST(ManipGather, GradientWithRepeatsAndGradOp) {
  TensorRef idx = make<int64_t>({4}, {2, 0, 2, 2});
  check_gradients([&](const std::vector<TensorRef>& in) { return call("gather", {in[0], idx}); },
                  {randn({3, 2})});
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("gather", {in[0], make<int32_t>({3}, {1, 1, 0})}, {{"axis", (int64_t)1}});
  }, {randn({2, 2, 3})});
  TensorRef g = call("gather_grad", {arange<float>({3}), make<int64_t>({3}, {2, 0, 2}),
                                     make<float>({3}, {1, 2, 3})});
  expect_values(g, {2, 0, 4});
  TensorRef gi = call("gather_grad", {arange<int32_t>({2, 2}), make<int64_t>({2}, {1, 1}),
                                      make<int32_t>({2, 2}, {1, 2, 3, 4})}, {{"axis", (int64_t)1}});
  expect_values(gi, {0, 3, 0, 7});
  expect_error([&] { call("gather_grad", {arange<float>({3}), make<int64_t>({1}, {3}),
                                          make<float>({1}, {1})}); },
               PD_OUT_OF_RANGE, "gather_grad: index 3 is out of range");
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("gather_grad", {in[1], idx, in[0]});
  }, {randn({4, 2}), randn({3, 2})}, 1e-6, 1e-5, {0});
}

TEST(ManipGather, Float16ThroughGradOp) {
  TensorRef x = call("cast", {make<float>({3}, {1, 2, 3})}, {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)4}});
  TensorRef g = call("gather_grad", {x, make<int64_t>({2}, {1, 1}), call("gather", {x, make<int64_t>({2}, {0, 2})})});
  EXPECT_EQ(g->dtype, DType::Float16);
  expect_values(g, {0, 4, 0});
}
