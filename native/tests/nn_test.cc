// nn family: relu, sigmoid, softmax, softmax_with_cross_entropy (+ their grad ops).
#include <cmath>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef seq(DType t, const std::vector<int64_t>& dims, double start = -1.3, double step = 0.37) {
  TensorRef x = empty_tensor(t, dims);
  PD_DISPATCH_ALL(t, "seq", {
    scalar_t* p = x->data<scalar_t>();
    for (int64_t i = 0; i < x->numel(); ++i)
      p[i] = convert<scalar_t>(start + step * (double)((i * 7) % 11) + 0.01 * (double)i);
  });
  return x;
}

// Reference softmax along `axis` of a contiguous float64 tensor.
std::vector<double> ref_softmax(const TensorRef& x, int axis) {
  std::vector<double> v = values(x), out(v.size());
  int64_t outer = 1, n = x->dims[axis], inner = 1;
  for (int i = 0; i < axis; ++i) outer *= x->dims[i];
  for (int i = axis + 1; i < x->ndim; ++i) inner *= x->dims[i];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      double m = -INFINITY, s = 0;
      for (int64_t a = 0; a < n; ++a) m = std::max(m, v[(o * n + a) * inner + j]);
      for (int64_t a = 0; a < n; ++a) s += std::exp(v[(o * n + a) * inner + j] - m);
      for (int64_t a = 0; a < n; ++a)
        out[(o * n + a) * inner + j] = std::exp(v[(o * n + a) * inner + j] - m) / s;
    }
  return out;
}

std::vector<NamedAttr> swce_attrs(bool soft, int64_t axis = -1, int64_t ignore = -100) {
  return {{"soft_label", soft}, {"ignore_index", ignore}, {"axis", axis}};
}

}  // namespace

// ---------------------------------------------------------------- relu / sigmoid

TEST(NnRelu, ValuesAndDtypes) {
  expect_values(call("relu", {make<float>({5}, {-2.f, -0.f, 0.f, 0.5f, 3.f})}),
                {0, 0, 0, 0.5, 3});
  TensorRef d = call("relu", {make<double>({2, 2}, {-1e300, 1e300, -1, 2})});
  EXPECT_EQ(d->dtype, DType::Float64);
  expect_shape(d, {2, 2});
  expect_values(d, {0, 1e300, 0, 2});
  TensorRef h = call("relu", {call("cast", {make<float>({3}, {-1.5f, 0.25f, 2.f})},
                                   {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)4}})});
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {0, 0.25, 2});
  TensorRef b = call("relu", {call("cast", {make<float>({2}, {-1.5f, 3.f})},
                                   {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)22}})});
  EXPECT_EQ(b->dtype, DType::BFloat16);
  expect_values(b, {0, 3});
}

TEST(NnRelu, EmptyAndNonContiguous) {
  TensorRef e = call("relu", {empty_tensor(DType::Float32, {0, 3})});
  expect_shape(e, {0, 3});
  TensorRef t = make<float>({2, 3}, {-1, 2, -3, 4, -5, 6});
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  expect_values(call("relu", {make_view(*t, dims, strides, 2, 0)}), {0, 4, 2, 0, 0, 6});
}

TEST(NnRelu, RejectsIntegers) {
  expect_error([] { call("relu", {make<int32_t>({2}, {1, -1})}); }, PD_INVALID_ARGUMENT,
               "relu: input 'X' has dtype int32, expected one of [float16, bfloat16, float32, "
               "float64]");
}

TEST(NnRelu, Gradient) {
  // Keep values away from the kink at 0.
  check_gradients([](const std::vector<TensorRef>& in) { return call("relu", {in[0]}); },
                  {make<double>({2, 3}, {-1.2, 0.7, 2.5, -0.3, 0.1, -4})});
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("relu_grad", {in[0], in[1]}); },
      {make<double>({4}, {-1, 2, 3, -4}), make<double>({4}, {0.5, -1, 2, 3})}, 1e-6, 1e-5, {1});
}

TEST(NnSigmoid, ValuesAndExtremes) {
  expect_values(call("sigmoid", {make<float>({5}, {0.f, 1.f, -1.f, 100.f, -100.f})}),
                {0.5, 0.7310585786, 0.2689414214, 1.0, 3.7200759760e-44}, 1e-6);
  TensorRef d = call("sigmoid", {make<double>({3}, {2, -800, 800})});
  expect_values(d, {0.8807970779778823, 0, 1}, 1e-12);
  EXPECT_FALSE(std::isnan(values(d)[1]));
  expect_shape(call("sigmoid", {empty_tensor(DType::Float64, {2, 0})}), {2, 0});
  TensorRef h = call("sigmoid", {call("cast", {make<float>({1}, {0.f})},
                                      {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)4}})});
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {0.5});
}

TEST(NnSigmoid, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) { return call("sigmoid", {in[0]}); },
                  {seq(DType::Float64, {3, 4})});
}

TEST(NnSigmoid, SecondOrderGradient) {
  TensorRef x = make<double>({3}, {-0.7, 0.2, 1.9});
  x->stop_gradient = false;
  TensorRef y = call("sigmoid", {x});
  TensorRef ones = make<double>({3}, {1, 1, 1});
  std::vector<TensorRef> g = compute_grad({y}, {x}, {ones}, true, true, false);
  ASSERT_TRUE(g[0]);
  std::vector<TensorRef> gg = compute_grad({g[0]}, {x}, {ones}, false, false, false);
  ASSERT_TRUE(gg[0]);
  std::vector<double> xs = values(x), want;
  for (double v : xs) {
    const double s = 1 / (1 + std::exp(-v));
    want.push_back(s * (1 - s) * (1 - 2 * s));
  }
  expect_values(gg[0], want, 1e-10);
  // sigmoid_grad is differentiable in both inputs (through sigmoid_grad_grad).
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("sigmoid_grad", {in[0], in[1]}); },
      {make<double>({3}, {0.2, 0.5, 0.9}), make<double>({3}, {1, -2, 0.5})});
}

// ---------------------------------------------------------------- softmax

TEST(NnSoftmax, HandComputed) {
  expect_values(call("softmax", {make<float>({3}, {1, 2, 3})}),
                {0.09003057, 0.24472847, 0.66524096}, 1e-6);
  // Large logits: subtracting the max keeps exp finite.
  expect_values(call("softmax", {make<double>({3}, {1001, 1002, 1003})}),
                {0.09003057317038046, 0.24472847105479767, 0.6652409557748219}, 1e-12);
  // Paddle's doc example of softmax (axis -1), first row.
  TensorRef x = make<double>({2, 4}, {2, 3, 4, 5, 3, 4, 5, 6});
  expect_values(call("softmax", {x}),
                {0.0320586, 0.08714432, 0.23688282, 0.64391426, 0.0320586, 0.08714432,
                 0.23688282, 0.64391426},
                1e-6);
}

TEST(NnSoftmax, AnyAxisMatchesReference) {
  TensorRef x = seq(DType::Float64, {3, 4, 5});
  for (int axis = 0; axis < 3; ++axis) {
    expect_values(call("softmax", {x}, {{"axis", (int64_t)axis}}), ref_softmax(x, axis), 1e-12);
    expect_values(call("softmax", {x}, {{"axis", (int64_t)(axis - 3)}}), ref_softmax(x, axis),
                  1e-12);
  }
  // More than one column chunk (inner > 256) and a ragged last chunk.
  TensorRef w = seq(DType::Float64, {3, 601});
  expect_values(call("softmax", {w}, {{"axis", (int64_t)0}}), ref_softmax(w, 0), 1e-12);
  TensorRef f = seq(DType::Float32, {2, 3, 300});
  TensorRef fd = call("cast", {f}, {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)6}});
  expect_values(call("softmax", {f}, {{"axis", (int64_t)1}}), ref_softmax(fd, 1), 1e-6);
}

TEST(NnSoftmax, NonContiguousHalfAndEmpty) {
  TensorRef t = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  TensorRef v = make_view(*t, dims, strides, 2, 0);  // [[1,4],[2,5],[3,6]]
  expect_values(call("softmax", {v}, {{"axis", (int64_t)0}}),
                {0.09003057, 0.09003057, 0.24472847, 0.24472847, 0.66524096, 0.66524096}, 1e-6);
  TensorRef h = call("softmax", {call("cast", {make<float>({3}, {1, 2, 3})},
                                      {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)4}})});
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {0.09003057, 0.24472847, 0.66524096}, 1e-3);
  expect_shape(call("softmax", {empty_tensor(DType::Float32, {0, 4})}), {0, 4});
  expect_shape(call("softmax", {empty_tensor(DType::Float32, {4, 0})}), {4, 0});
  expect_shape(call("softmax", {empty_tensor(DType::Float32, {2, 0, 3})}, {{"axis", (int64_t)1}}),
               {2, 0, 3});
}

TEST(NnSoftmax, RejectsBadAxis) {
  TensorRef x = make<float>({2, 2}, {1, 2, 3, 4});
  expect_error([&] { call("softmax", {x}, {{"axis", (int64_t)2}}); }, PD_INVALID_ARGUMENT,
               "softmax: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { call("softmax", {x}, {{"axis", (int64_t)-3}}); }, PD_INVALID_ARGUMENT,
               "softmax: axis -3 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { call("softmax_grad", {x, make<float>({4}, {1, 2, 3, 4})}); },
               PD_INVALID_ARGUMENT,
               "softmax_grad: Out@GRAD has shape [4] but Out has shape [2, 2]; expected equal "
               "shapes");
}

TEST(NnSoftmax, Gradient) {
  for (int64_t axis : {0, -1, 1}) {
    check_gradients(
        [axis](const std::vector<TensorRef>& in) {
          return call("softmax", {in[0]}, {{"axis", axis}});
        },
        {seq(DType::Float64, {3, 4, 2})});
  }
}

// ---------------------------------------------------------------- softmax_with_cross_entropy

TEST(NnSoftmaxCrossEntropy, HandComputed) {
  std::vector<TensorRef> r = call_all("softmax_with_cross_entropy",
                                      {make<float>({1, 3}, {1, 2, 3}), make<int64_t>({1, 1}, {2})});
  expect_shape(r[0], {1, 3});
  expect_shape(r[1], {1, 1});
  expect_values(r[0], {0.09003057, 0.24472847, 0.66524096}, 1e-6);
  expect_values(r[1], {0.40760596}, 1e-6);
  // int32 labels, several rows, label 0.
  r = call_all("softmax_with_cross_entropy",
               {make<double>({2, 3}, {1, 2, 3, 0, 0, 0}), make<int32_t>({2, 1}, {0, 1})});
  expect_values(r[1], {2.40760596444438, std::log(3.0)}, 1e-12);
}

TEST(NnSoftmaxCrossEntropy, StableForExtremeLogits) {
  // softmax of the label underflows to 0 in float32; the loss must stay finite (= 200).
  std::vector<TensorRef> r = call_all(
      "softmax_with_cross_entropy", {make<float>({1, 2}, {0, 200}), make<int64_t>({1, 1}, {0})});
  expect_values(r[1], {200}, 1e-6);
  expect_values(r[0], {0, 1}, 1e-6);
}

TEST(NnSoftmaxCrossEntropy, IgnoreIndex) {
  TensorRef x = make<double>({3, 3}, {1, 2, 3, 1, 2, 3, 3, 2, 1});
  std::vector<TensorRef> r = call_all("softmax_with_cross_entropy",
                                      {x, make<int64_t>({3, 1}, {2, -100, 0})});
  expect_values(r[1], {0.40760596444438, 0, 0.40760596444438}, 1e-12);
  r = call_all("softmax_with_cross_entropy", {x, make<int64_t>({3, 1}, {2, 1, 7})},
               swce_attrs(false, -1, 7));
  expect_values(r[1], {0.40760596444438, 1.40760596444438, 0}, 1e-12);
}

TEST(NnSoftmaxCrossEntropy, SoftLabels) {
  TensorRef x = make<double>({2, 3}, {1, 2, 3, 0, 1, 0});
  TensorRef lab = make<double>({2, 3}, {0, 0, 1, 0.25, 0.5, 0.25});
  std::vector<TensorRef> r = call_all("softmax_with_cross_entropy", {x, lab}, swce_attrs(true));
  expect_shape(r[1], {2, 1});
  const double lse = std::log(2 + std::exp(1.0));
  expect_values(r[1], {0.40760596444438, -(0.25 * -lse + 0.5 * (1 - lse) + 0.25 * -lse)}, 1e-12);
}

TEST(NnSoftmaxCrossEntropy, AnyAxis) {
  // Classes along axis 0 of a [3, 2] tensor: columns are [1,2,3] and [3,2,1].
  TensorRef x = make<double>({3, 2}, {1, 3, 2, 2, 3, 1});
  std::vector<TensorRef> r = call_all("softmax_with_cross_entropy",
                                      {x, make<int64_t>({1, 2}, {2, 2})}, swce_attrs(false, 0));
  expect_shape(r[1], {1, 2});
  expect_values(r[1], {0.40760596444438, 2.40760596444438}, 1e-12);
  expect_values(r[0], ref_softmax(x, 0), 1e-12);
  // Middle axis of a rank-3 tensor, hard and soft, against a reference.
  TensorRef y = seq(DType::Float64, {2, 4, 3});
  TensorRef lab = make<int64_t>({2, 1, 3}, {0, 3, 1, 2, 2, 0});
  r = call_all("softmax_with_cross_entropy", {y, lab}, swce_attrs(false, 1));
  std::vector<double> sm = ref_softmax(y, 1), want;
  std::vector<int64_t> labs = {0, 3, 1, 2, 2, 0};
  for (int o = 0; o < 2; ++o)
    for (int j = 0; j < 3; ++j) want.push_back(-std::log(sm[(o * 4 + labs[o * 3 + j]) * 3 + j]));
  expect_values(r[1], want, 1e-12);
  expect_error([&] { call_all("softmax_with_cross_entropy", {x, make<int64_t>({1, 2}, {1, 1})},
                              {{"axis", (int64_t)0}, {"numeric_stable_mode", false}}); },
               PD_INVALID_ARGUMENT,
               "softmax_with_cross_entropy: axis 0 is not the last axis of a tensor of rank 2; "
               "expected axis == -1 when numeric_stable_mode is false");
}

TEST(NnSoftmaxCrossEntropy, HalfAndEmpty) {
  TensorRef x = call("cast", {make<float>({1, 3}, {1, 2, 3})},
                     {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)4}});
  std::vector<TensorRef> r =
      call_all("softmax_with_cross_entropy", {x, make<int64_t>({1, 1}, {2})});
  EXPECT_EQ(r[1]->dtype, DType::Float16);
  expect_values(r[1], {0.40760596}, 2e-3);
  r = call_all("softmax_with_cross_entropy",
               {empty_tensor(DType::Float32, {0, 5}), empty_tensor(DType::Int64, {0, 1})});
  expect_shape(r[0], {0, 5});
  expect_shape(r[1], {0, 1});
  // No classes: every label must be ignore_index; loss is 0.
  r = call_all("softmax_with_cross_entropy",
               {empty_tensor(DType::Float32, {2, 0}), make<int64_t>({2, 1}, {-100, -100})});
  expect_values(r[1], {0, 0});
  r = call_all("softmax_with_cross_entropy",
               {empty_tensor(DType::Float32, {2, 0}), empty_tensor(DType::Float32, {2, 0})},
               swce_attrs(true));
  expect_values(r[1], {0, 0});
}

TEST(NnSoftmaxCrossEntropy, Errors) {
  TensorRef x = make<float>({2, 5}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  expect_error([&] { call_all("softmax_with_cross_entropy", {x, make<int64_t>({2, 1}, {1, 7})}); },
               PD_OUT_OF_RANGE,
               "softmax_with_cross_entropy: label 7 is out of range; expected 0 <= label < 5 or "
               "label == ignore_index (-100)");
  expect_error([&] { call_all("softmax_with_cross_entropy", {x, make<int32_t>({2, 1}, {-1, 0})}); },
               PD_OUT_OF_RANGE, "softmax_with_cross_entropy: label -1 is out of range");
  expect_error([&] { call_all("softmax_with_cross_entropy", {x, make<int64_t>({2}, {1, 1})}); },
               PD_INVALID_ARGUMENT,
               "softmax_with_cross_entropy: Label has shape [2] but Logits has shape [2, 5]; "
               "expected Logits' shape with 1 at axis 1 when soft_label is false");
  expect_error([&] { call_all("softmax_with_cross_entropy", {x, make<float>({2, 1}, {1, 1})}); },
               PD_INVALID_ARGUMENT,
               "softmax_with_cross_entropy: Label has dtype float32; expected int64 or int32 "
               "when soft_label is false");
  expect_error(
      [&] {
        call_all("softmax_with_cross_entropy", {x, make<double>({2, 5}, std::vector<double>(10))},
                 swce_attrs(true));
      },
      PD_INVALID_ARGUMENT,
      "softmax_with_cross_entropy: Label has dtype float64 but Logits has dtype float32; "
      "expected the same dtype when soft_label is true");
  expect_error(
      [&] {
        call_all("softmax_with_cross_entropy", {x, make<float>({2, 4}, std::vector<float>(8))},
                 swce_attrs(true));
      },
      PD_INVALID_ARGUMENT,
      "softmax_with_cross_entropy: Label has shape [2, 4] but Logits has shape [2, 5]; expected "
      "the same shape when soft_label is true");
  expect_error(
      [&] {
        call_all("softmax_with_cross_entropy", {x, make<int64_t>({2, 1}, {1, 1})},
                 swce_attrs(false, 2));
      },
      PD_INVALID_ARGUMENT,
      "softmax_with_cross_entropy: axis 2 is out of range for a tensor of rank 2; expected -2 "
      "<= axis < 2");
  expect_error(
      [&] {
        call_all("softmax_with_cross_entropy",
                 {make<int64_t>({1, 2}, {1, 2}), make<int64_t>({1, 1}, {0})});
      },
      PD_INVALID_ARGUMENT, "softmax_with_cross_entropy: input 'Logits' has dtype int64");
}

TEST(NnSoftmaxCrossEntropy, GradientHardLabels) {
  for (int64_t axis : {-1, 0, 1}) {
    TensorRef x = seq(DType::Float64, {3, 4, 2});
    std::vector<int64_t> ld = {3, 4, 2};
    ld[axis < 0 ? 2 : axis] = 1;
    const int64_t classes = x->dims[axis < 0 ? 2 : axis];
    TensorRef lab = empty_tensor(DType::Int64, ld);
    for (int64_t i = 0; i < lab->numel(); ++i)
      lab->data<int64_t>()[i] = i == 1 ? -100 : (i * 5) % classes;  // one ignored label
    check_gradients(
        [&](const std::vector<TensorRef>& in) {
          return call_all("softmax_with_cross_entropy", {in[0], lab}, swce_attrs(false, axis))[1];
        },
        {x});
  }
}

TEST(NnSoftmaxCrossEntropy, IgnoredRowsGetZeroGradient) {
  TensorRef x = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  x->stop_gradient = false;
  std::vector<TensorRef> r =
      call_all("softmax_with_cross_entropy", {x, make<int64_t>({2, 1}, {-100, 1})});
  backward(r[1], make<double>({2, 1}, {1, 1}), false);
  ASSERT_TRUE(x->grad);
  expect_values(x->grad, {0, 0, 0, 0.09003057317038046, 0.24472847105479767 - 1,
                          0.6652409557748219}, 1e-12);
}

TEST(NnSoftmaxCrossEntropy, GradientSoftLabels) {
  for (int64_t axis : {-1, 0}) {
    TensorRef x = seq(DType::Float64, {3, 4});
    // Rows do not sum to one, so the softmax * sum(label) term matters.
    TensorRef lab = make<double>({3, 4}, {0.1, 0.2, 0.3, 0.4, 0, 1, 0, 0, 0.5, 0.5, 0.7, 0});
    check_gradients(
        [&](const std::vector<TensorRef>& in) {
          return call_all("softmax_with_cross_entropy", {in[0], lab}, swce_attrs(true, axis))[1];
        },
        {x});
  }
}

TEST(NnSoftmaxCrossEntropy, GradientThroughSoftmaxOutput) {
  TensorRef lab = make<int64_t>({3, 1}, {0, 2, 1});
  check_gradients(
      [&](const std::vector<TensorRef>& in) {
        return call_all("softmax_with_cross_entropy", {in[0], lab})[0];
      },
      {seq(DType::Float64, {3, 3})});
}
