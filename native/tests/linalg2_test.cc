// Linear algebra, second part: bmm, mv, dot, cross, kron, trace, inverse, cholesky — Paddle's
// documented examples, hand-computed corners, errors (singular / not positive definite), and
// numerical gradient checks.
#include <cmath>
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

TensorRef rnd(const std::vector<int64_t>& dims, unsigned seed, double lo = -1, double hi = 1) {
  TensorRef t = empty_tensor(DType::Float64, dims);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<double>()[i] = u(rng);
  return t;
}

TensorRef cast_to(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

TensorRef mm(const TensorRef& a, const TensorRef& b, bool ta = false, bool tb = false) {
  return call("matmul_v2", {a, b}, {{"trans_x", ta}, {"trans_y", tb}});
}

TensorRef eye(int64_t n, double s) {
  TensorRef t = empty_tensor(DType::Float64, {n, n});
  for (int64_t i = 0; i < n * n; ++i) t->data<double>()[i] = i % (n + 1) == 0 ? s : 0;
  return t;
}

// An SPD matrix (batch) built differentiably from B: B B^T + n I.
TensorRef spd(const TensorRef& b) {
  const int64_t n = b->dims[b->ndim - 1];
  return call("elementwise_add", {mm(b, b, false, true), eye(n, (double)n)});
}

}  // namespace

TEST(Linalg2Bmm, DocExampleErrorsGradient) {
  TensorRef x = make<float>({2, 2, 3}, {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4});
  TensorRef y = make<float>({2, 3, 2}, {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6});
  TensorRef o = call("bmm", {x, y});
  expect_shape(o, {2, 2, 2});
  expect_values(o, {6, 6, 12, 12, 45, 45, 60, 60});
  expect_values(call("bmm", {cast_to(x, DType::Int64), cast_to(y, DType::Int64)}),
                {6, 6, 12, 12, 45, 45, 60, 60});
  expect_shape(call("bmm", {empty_tensor(DType::Float32, {0, 2, 3}),
                            empty_tensor(DType::Float32, {0, 3, 4})}), {0, 2, 4});
  expect_error([&] { call("bmm", {x, make<float>({3, 2}, {1, 2, 3, 4, 5, 6})}); },
               PD_INVALID_ARGUMENT, "bmm: X has shape [2, 2, 3] and Y has shape [3, 2]; expected both of rank 3");
  expect_error([&] { call("bmm", {x, empty_tensor(DType::Float32, {3, 3, 2})}); },
               PD_INVALID_ARGUMENT, "bmm: the batch sizes of X");
  expect_error([&] { call("bmm", {x, empty_tensor(DType::Float32, {2, 2, 2})}); },
               PD_INVALID_ARGUMENT, "bmm: the last dimension of X (3) must equal the second dimension of Y (2)");
  check_gradients([](const std::vector<TensorRef>& in) { return call("bmm", {in[0], in[1]}); },
                  {rnd({2, 3, 4}, 1), rnd({2, 4, 2}, 2)});
}

TEST(Linalg2Mv, DocExampleErrorsGradient) {
  TensorRef x = make<double>({2, 3}, {2, 1, 3, 3, 0, 1});
  TensorRef v = make<double>({3}, {3, 5, 1});
  TensorRef o = call("mv", {x, v});
  expect_shape(o, {2});
  expect_values(o, {14, 10});
  expect_error([&] { call("mv", {x, make<double>({2}, {1, 2})}); }, PD_INVALID_ARGUMENT,
               "mv: the last dimension of X (3) must equal the length of Vec (2)");
  expect_error([&] { call("mv", {v, v}); }, PD_INVALID_ARGUMENT,
               "expected X of rank 2 and Vec of rank 1");
  check_gradients([](const std::vector<TensorRef>& in) { return call("mv", {in[0], in[1]}); },
                  {rnd({3, 4}, 3), rnd({4}, 4)});
}

TEST(Linalg2Dot, ValuesErrorsGradient) {
  TensorRef o = call("dot", {make<float>({5}, {1, 2, 3, 4, 5}), make<float>({5}, {4, 5, 6, 7, 8})});
  expect_shape(o, {1});
  expect_values(o, {100});
  TensorRef o2 = call("dot", {make<int32_t>({2, 2}, {1, 2, 3, 4}), make<int32_t>({2, 2}, {1, 1, 2, 2})});
  expect_shape(o2, {2, 1});
  expect_values(o2, {3, 14});
  EXPECT_EQ(o2->dtype, DType::Int32);
  expect_values(call("dot", {empty_tensor(DType::Float64, {0}), empty_tensor(DType::Float64, {0})}), {0});
  expect_error([&] { call("dot", {make<float>({2}, {1, 2}), make<float>({3}, {1, 2, 3})}); },
               PD_INVALID_ARGUMENT, "dot: X has shape [2] and Y has shape [3]; expected the same shape");
  expect_error([&] { call("dot", {empty_tensor(DType::Float32, {1, 1, 1}), empty_tensor(DType::Float32, {1, 1, 1})}); },
               PD_INVALID_ARGUMENT, "dot: X has shape [1, 1, 1]; expected rank 1 or 2");
  check_gradients([](const std::vector<TensorRef>& in) { return call("dot", {in[0], in[1]}); },
                  {rnd({5}, 5), rnd({5}, 6)});
  check_gradients([](const std::vector<TensorRef>& in) { return call("dot", {in[0], in[1]}); },
                  {rnd({3, 4}, 7), rnd({3, 4}, 8)});
}

TEST(Linalg2Cross, DocExampleErrorsGradient) {
  TensorRef x = make<float>({3, 3}, {1, 1, 1, 2, 2, 2, 3, 3, 3});
  TensorRef y = make<float>({3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  expect_values(call("cross", {x, y}), {-1, -1, -1, 2, 2, 2, -1, -1, -1});
  expect_values(call("cross", {x, y}, {{"dim", (int64_t)1}}), {0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_values(call("cross", {make<int64_t>({3}, {1, 0, 0}), make<int64_t>({3}, {0, 1, 0})}), {0, 0, 1});
  expect_values(call("cross", {x, y}, {{"dim", (int64_t)-2}}), {-1, -1, -1, 2, 2, 2, -1, -1, -1});
  expect_error([&] { call("cross", {make<float>({2}, {1, 2}), make<float>({2}, {1, 2})}); },
               PD_INVALID_ARGUMENT, "cross: the input of shape [2] has no dimension of size 3");
  expect_error([&] { call("cross", {empty_tensor(DType::Float32, {3, 2}), empty_tensor(DType::Float32, {3, 2})},
                          {{"dim", (int64_t)1}}); },
               PD_INVALID_ARGUMENT, "cross: dimension 1 of the input of shape [3, 2] has size 2; expected size 3");
  expect_error([&] { call("cross", {x, make<float>({3}, {1, 2, 3})}); }, PD_INVALID_ARGUMENT,
               "cross: X has shape [3, 3] and Y has shape [3]");
  check_gradients([](const std::vector<TensorRef>& in) { return call("cross", {in[0], in[1]}); },
                  {rnd({2, 3, 4}, 9), rnd({2, 3, 4}, 10)});
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("cross", {in[0], in[1]}, {{"dim", (int64_t)-1}});
  }, {rnd({3, 3}, 11), rnd({3, 3}, 12)});
}

TEST(Linalg2Kron, DocExampleBroadcastGradient) {
  TensorRef x = make<int64_t>({2, 2}, {1, 2, 3, 4});
  TensorRef y = make<int64_t>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  TensorRef o = call("kron", {x, y});
  expect_shape(o, {6, 6});
  std::vector<double> ref;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) ref.push_back((double)((i / 3) * 2 + j / 3 + 1) * ((i % 3) * 3 + j % 3 + 1));
  expect_values(o, ref);
  TensorRef a = call("kron", {make<float>({2}, {1, 2}), make<float>({2, 2}, {1, 2, 3, 4})});
  expect_shape(a, {2, 4});
  expect_values(a, {1, 2, 2, 4, 3, 4, 6, 8});
  expect_shape(call("kron", {empty_tensor(DType::Float32, {0, 2}), make<float>({2}, {1, 2})}), {0, 4});
  check_gradients([](const std::vector<TensorRef>& in) { return call("kron", {in[0], in[1]}); },
                  {rnd({2, 3}, 13), rnd({3, 2}, 14)});
  check_gradients([](const std::vector<TensorRef>& in) { return call("kron", {in[0], in[1]}); },
                  {rnd({3}, 15), rnd({2, 2, 2}, 16)});
}

TEST(Linalg2Trace, ValuesOffsetsAxes) {
  TensorRef x = make<double>({2, 3}, {1, 2, 3, 4, 5, 6});
  TensorRef t = call("trace", {x});
  expect_shape(t, {1});
  expect_values(t, {6});
  expect_values(call("trace", {x}, {{"offset", (int64_t)1}}), {8});
  expect_values(call("trace", {x}, {{"offset", (int64_t)-1}}), {4});
  expect_values(call("trace", {x}, {{"offset", (int64_t)3}}), {0});
  expect_values(call("trace", {x}, {{"offset", (int64_t)-5}}), {0});
  // [2, 3, 2] over axes (0, 2): out[j] = x[0, j, 0] + x[1, j, 1].
  TensorRef y = make<int32_t>({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  TensorRef ty = call("trace", {y}, {{"axis1", (int64_t)0}, {"axis2", (int64_t)-1}});
  expect_shape(ty, {3});
  expect_values(ty, {7, 11, 15});
  expect_values(call("trace", {y}, {{"axis1", (int64_t)2}, {"axis2", (int64_t)0}}), {7, 11, 15});
  // A transposed view.
  TensorRef xt = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});
  expect_values(call("trace", {xt}, {{"offset", (int64_t)-1}}), {8});
  expect_error([&] { call("trace", {make<double>({2}, {1, 2})}); }, PD_INVALID_ARGUMENT,
               "trace: the input of shape [2] has rank 1; expected rank >= 2");
  expect_error([&] { call("trace", {x}, {{"axis1", (int64_t)1}, {"axis2", (int64_t)-1}}); },
               PD_INVALID_ARGUMENT, "trace: axis1 (1) and axis2 (-1) refer to the same dimension");
  expect_error([&] { call("trace", {x}, {{"axis2", (int64_t)2}}); }, PD_INVALID_ARGUMENT,
               "trace: axis2 2 is out of range for a tensor of rank 2");
}

TEST(Linalg2Trace, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) { return call("trace", {in[0]}); },
                  {rnd({3, 4}, 17)});
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("trace", {in[0]}, {{"offset", (int64_t)-1}, {"axis1", (int64_t)2}, {"axis2", (int64_t)0}});
  }, {rnd({3, 2, 4}, 18)});
  // Second order: trace_grad w.r.t. Out@GRAD.
  TensorRef x = rnd({3, 3}, 19);
  check_gradients([&](const std::vector<TensorRef>& in) {
    return call("trace_grad", {x, in[0]}, {{"offset", (int64_t)1}});
  }, {rnd({1}, 20)});
}

TEST(Linalg2Inverse, Values) {
  expect_values(call("inverse", {make<float>({2, 2}, {2, 0, 0, 2})}), {0.5, 0, 0, 0.5});
  expect_values(call("inverse", {make<double>({2, 2}, {4, 7, 2, 6})}), {0.6, -0.7, -0.2, 0.4}, 1e-12);
  // Needs pivoting (zero in the top-left corner).
  expect_values(call("inverse", {make<double>({2, 2}, {0, 1, 1, 0})}), {0, 1, 1, 0});
  // Batched random: A * inv(A) = I.
  TensorRef a = call("elementwise_add", {rnd({3, 5, 5}, 21), eye(5, 3.0)});
  TensorRef p = mm(a, call("inverse", {a}));
  std::vector<double> v = values(p);
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < 25; ++i) EXPECT_NEAR(v[b * 25 + i], i % 6 == 0 ? 1 : 0, 1e-12);
  // Ill-conditioned but invertible: the 6x6 Hilbert matrix (cond ~1.5e7) in float64.
  TensorRef h = empty_tensor(DType::Float64, {6, 6});
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) h->data<double>()[i * 6 + j] = 1.0 / (i + j + 1);
  std::vector<double> hv = values(mm(h, call("inverse", {h})));
  for (int i = 0; i < 36; ++i) EXPECT_NEAR(hv[i], i % 7 == 0 ? 1 : 0, 1e-7);
  expect_shape(call("inverse", {empty_tensor(DType::Float32, {0, 3, 3})}), {0, 3, 3});
  TensorRef hf = call("inverse", {cast_to(make<double>({2, 2}, {4, 7, 2, 6}), DType::Float16)});
  EXPECT_EQ(hf->dtype, DType::Float16);
  expect_values(hf, {0.6, -0.7, -0.2, 0.4}, 2e-3);
}

TEST(Linalg2Inverse, SingularIsAnError) {
  expect_error([] { call("inverse", {make<double>({2, 2}, {1, 2, 2, 4})}); }, PD_INVALID_ARGUMENT,
               "inverse: the matrix is singular");
  expect_error([] { call("inverse", {make<float>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})}); },
               PD_INVALID_ARGUMENT, "inverse: the matrix is singular");
  expect_error([] { call("inverse", {make<double>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})}); },
               PD_INVALID_ARGUMENT, "inverse: the matrix is singular");
  expect_error([] { call("inverse", {make<double>({2, 2, 2}, {1, 0, 0, 1, 0, 0, 0, 0})}); },
               PD_INVALID_ARGUMENT, "(matrix 1 of the batch of shape [2, 2, 2]");
  expect_error([] { call("inverse", {make<double>({2, 2}, {NAN, 0, 0, 1})}); }, PD_INVALID_ARGUMENT,
               "contains NaN or infinity");
  expect_error([] { call("inverse", {make<double>({2, 3}, {1, 2, 3, 4, 5, 6})}); }, PD_INVALID_ARGUMENT,
               "inverse: Input has shape [2, 3]; expected a (batch of) square matrices");
  expect_error([] { call("inverse", {make<int32_t>({1, 1}, {1})}); }, PD_INVALID_ARGUMENT,
               "inverse: input 'Input' has dtype int32");
}

TEST(Linalg2Inverse, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) {
    return call("inverse", {call("elementwise_add", {in[0], eye(3, 2.0)})});
  }, {rnd({2, 3, 3}, 22)});
}

TEST(Linalg2Cholesky, ValuesAndErrors) {
  TensorRef a = make<double>({3, 3}, {4, 12, -16, 12, 37, -43, -16, -43, 98});
  expect_values(call("cholesky", {a}), {2, 0, 0, 6, 1, 0, -8, 5, 3}, 1e-12);
  expect_values(call("cholesky", {a}, {{"upper", true}}), {2, 6, -8, 0, 1, 5, 0, 0, 3}, 1e-12);
  expect_values(call("cholesky", {cast_to(a, DType::Float32)}), {2, 0, 0, 6, 1, 0, -8, 5, 3}, 1e-5);
  // Batched: L L^T reproduces A.
  TensorRef s = spd(rnd({2, 4, 4}, 23));
  TensorRef l = call("cholesky", {s});
  std::vector<double> r = values(mm(l, l, false, true)), sv = values(s);
  for (size_t i = 0; i < r.size(); ++i) EXPECT_NEAR(r[i], sv[i], 1e-12);
  expect_shape(call("cholesky", {empty_tensor(DType::Float32, {0, 2, 2})}), {0, 2, 2});
  expect_error([] { call("cholesky", {make<double>({2, 2}, {1, 2, 2, 1})}); }, PD_INVALID_ARGUMENT,
               "cholesky: the input matrix is not positive definite (matrix 0 of the batch of shape [2, 2]: the leading minor of order 2 is not positive)");
  expect_error([] { call("cholesky", {make<double>({1, 1}, {-1})}); }, PD_INVALID_ARGUMENT,
               "the leading minor of order 1 is not positive");
  expect_error([] { call("cholesky", {make<double>({3}, {1, 2, 3})}); }, PD_INVALID_ARGUMENT,
               "cholesky: X has shape [3]; expected a (batch of) square matrices");
}

TEST(Linalg2Cholesky, Gradient) {
  for (bool upper : {false, true})
    check_gradients([&](const std::vector<TensorRef>& in) {
      return call("cholesky", {spd(in[0])}, {{"upper", upper}});
    }, {rnd({2, 3, 3}, 24)});
}
