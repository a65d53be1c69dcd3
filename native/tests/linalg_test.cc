// Linear algebra: matmul_v2 (values against a naive loop, 1-D/2-D/batched/broadcast cases with
// transpose flags, non-contiguous operands, dtypes, errors, gradients).
#include <random>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

template <typename T>
TensorRef rand_t(const std::vector<int64_t>& dims, std::mt19937& rng) {
  int64_t n = 1;
  for (auto d : dims) n *= d;
  std::uniform_int_distribution<int> u(-5, 5);
  std::vector<T> v((size_t)n);
  for (auto& x : v) x = (T)u(rng) / (std::is_floating_point_v<T> ? (T)2 : (T)1);
  return make<T>(dims, v);
}

TensorRef mm(const TensorRef& x, const TensorRef& y, bool tx = false, bool ty = false) {
  return call("matmul_v2", {x, y}, {{"trans_x", tx}, {"trans_y", ty}});
}

// Naive reference with numpy matmul semantics; returns (shape, values).
std::pair<std::vector<int64_t>, std::vector<double>> ref_matmul(const TensorRef& x,
                                                                const TensorRef& y, bool tx,
                                                                bool ty) {
  std::vector<double> xv = values(x), yv = values(y);
  std::vector<int64_t> xd = x->shape(), yd = y->shape();
  const bool x1 = xd.size() == 1, y1 = yd.size() == 1;
  if (x1) { xd.insert(xd.begin(), 1); tx = false; }
  if (y1) { yd.push_back(1); ty = false; }
  const size_t xr = xd.size(), yr = yd.size();
  const int64_t xrows = xd[xr - 2], xcols = xd[xr - 1], yrows = yd[yr - 2], ycols = yd[yr - 1];
  const int64_t M = tx ? xcols : xrows, K = tx ? xrows : xcols, N = ty ? yrows : ycols;
  const size_t nb = std::max(xr, yr) - 2;
  std::vector<int64_t> batch(nb);
  for (size_t i = 0; i < nb; ++i) {
    int64_t a = (int64_t)i - (int64_t)(nb - (xr - 2)) >= 0 ? xd[i - (nb - (xr - 2))] : 1;
    int64_t b = (int64_t)i - (int64_t)(nb - (yr - 2)) >= 0 ? yd[i - (nb - (yr - 2))] : 1;
    batch[i] = std::max(a, b);
  }
  int64_t nbatch = 1;
  for (auto b : batch) nbatch *= b;
  std::vector<double> out;
  for (int64_t bi = 0; bi < nbatch; ++bi) {
    // batch coords -> x and y matrix offsets
    int64_t rem = bi, xo = 0, yo = 0, xm = 1, ym = 1;
    for (int d = (int)nb - 1; d >= 0; --d) {
      int64_t c = rem % batch[d];
      rem /= batch[d];
      int xi = d - (int)(nb - (xr - 2)), yi = d - (int)(nb - (yr - 2));
      if (xi >= 0) { xo += (xd[xi] == 1 ? 0 : c) * xm; xm *= xd[xi]; }
      if (yi >= 0) { yo += (yd[yi] == 1 ? 0 : c) * ym; ym *= yd[yi]; }
    }
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        double s = 0;
        for (int64_t k = 0; k < K; ++k) {
          double a = tx ? xv[xo * xrows * xcols + k * xcols + i] : xv[xo * xrows * xcols + i * xcols + k];
          double b = ty ? yv[yo * yrows * ycols + j * ycols + k] : yv[yo * yrows * ycols + k * ycols + j];
          s += a * b;
        }
        out.push_back(s);
      }
  }
  std::vector<int64_t> shape = batch;
  if (!x1) shape.push_back(M);
  if (!y1) shape.push_back(N);
  if (shape.empty()) shape.push_back(1);
  return {shape, out};
}

struct Case {
  std::vector<int64_t> x, y;
  bool tx, ty;
};

const std::vector<Case> kCases = {
    {{4}, {4}, false, false},          {{3}, {3, 5}, false, false},
    {{3}, {5, 3}, false, true},        {{2, 3}, {3}, false, false},
    {{3, 2}, {3}, true, false},        {{2, 3}, {3, 4}, false, false},
    {{3, 2}, {3, 4}, true, false},     {{2, 3}, {4, 3}, false, true},
    {{3, 2}, {4, 3}, true, true},      {{5, 2, 3}, {5, 3, 4}, false, false},
    {{5, 2, 3}, {3, 4}, false, false}, {{3, 2}, {5, 3, 4}, true, false},
    {{2, 1, 2, 3}, {3, 4, 3}, false, true}, {{4, 1, 3, 2}, {1, 6, 3, 2}, true, false},
    {{6, 3}, {2, 3}, false, true},     {{2, 5, 3}, {3}, false, false},
    {{3}, {2, 3, 4}, false, false},    {{1, 1}, {1, 1}, false, false},
    {{65, 70}, {70, 33}, false, false}, {{7, 40, 30}, {7, 40, 20}, true, false},
};

}  // namespace

TEST(LinalgMatmul, MatchesNaiveLoopFloatDoubleInt) {
  std::mt19937 rng(3);
  for (const Case& c : kCases) {
    for (DType dt : {DType::Float32, DType::Float64, DType::Int32, DType::Int64}) {
      TensorRef x, y;
      switch (dt) {
        case DType::Float32: x = rand_t<float>(c.x, rng); y = rand_t<float>(c.y, rng); break;
        case DType::Float64: x = rand_t<double>(c.x, rng); y = rand_t<double>(c.y, rng); break;
        case DType::Int32: x = rand_t<int32_t>(c.x, rng); y = rand_t<int32_t>(c.y, rng); break;
        default: x = rand_t<int64_t>(c.x, rng); y = rand_t<int64_t>(c.y, rng); break;
      }
      auto want = ref_matmul(x, y, c.tx, c.ty);
      TensorRef o = mm(x, y, c.tx, c.ty);
      SCOPED_TRACE(shape_str(c.x) + " x " + shape_str(c.y) + " tx=" + std::to_string(c.tx) +
                   " ty=" + std::to_string(c.ty) + " " + dtype_name(dt));
      EXPECT_EQ(o->dtype, dt);
      expect_shape(o, want.first);
      expect_values(o, want.second, 1e-5);
    }
  }
}

TEST(LinalgMatmul, HandComputedAndShapes) {
  TensorRef a = make<float>({2, 2}, {1, 2, 3, 4});
  TensorRef b = make<float>({2, 2}, {5, 6, 7, 8});
  expect_values(mm(a, b), {19, 22, 43, 50});
  expect_values(mm(a, b, true, false), {26, 30, 38, 44});
  expect_values(mm(a, b, false, true), {17, 23, 39, 53});
  TensorRef v = make<double>({3}, {1, 2, 3});
  TensorRef d = mm(v, v);
  expect_shape(d, {1});  // Paddle 2.0: vector . vector has shape [1]
  expect_values(d, {14});
  // Paddle docs: x [10, 5, 2] . y [2] -> [10, 5]; x [10, 1, 5, 2] . y [1, 3, 2, 5] -> [10, 3, 5, 5]
  expect_shape(mm(empty_tensor(DType::Float32, {10, 5, 2}), empty_tensor(DType::Float32, {2})), {10, 5});
  std::mt19937 rng(1);
  expect_shape(mm(rand_t<float>({10, 1, 5, 2}, rng), rand_t<float>({1, 3, 2, 5}, rng)), {10, 3, 5, 5});
}

TEST(LinalgMatmul, NonContiguousOperands) {
  std::mt19937 rng(5);
  for (DType dt : {DType::Float32, DType::Float64, DType::Int64}) {
    TensorRef x = dt == DType::Float32 ? rand_t<float>({4, 3}, rng)
                  : dt == DType::Float64 ? rand_t<double>({4, 3}, rng) : rand_t<int64_t>({4, 3}, rng);
    TensorRef y = dt == DType::Float32 ? rand_t<float>({4, 5}, rng)
                  : dt == DType::Float64 ? rand_t<double>({4, 5}, rng) : rand_t<int64_t>({4, 5}, rng);
    TensorRef xt = call("transpose2", {x}, {{"axis", std::vector<int64_t>{1, 0}}});  // [3, 4] view
    TensorRef xtc = contiguous(xt);
    auto want = ref_matmul(xtc, y, false, false);
    expect_values(mm(xt, y), want.second, 1e-5);
    // transposed view with trans_x flips back
    expect_values(mm(xt, contiguous(call("transpose2", {y}, {{"axis", std::vector<int64_t>{1, 0}}})),
                     false, true), want.second, 1e-5);
    // strided (step 2) rows and a reversed view: packed copies
    TensorRef ys = call("strided_slice", {y}, {{"axes", std::vector<int64_t>{1}},
                                               {"starts", std::vector<int64_t>{4}},
                                               {"ends", std::vector<int64_t>{-1}},
                                               {"strides", std::vector<int64_t>{-2}}});  // [4, 3]
    auto want2 = ref_matmul(xtc, contiguous(ys), false, false);
    expect_values(mm(xt, ys), want2.second, 1e-5);
    // batched transposed view: [2, 3, 4] -> transpose(0, 2, 1) -> [2, 4, 3]
    TensorRef bx = dt == DType::Float32 ? rand_t<float>({2, 3, 4}, rng)
                   : dt == DType::Float64 ? rand_t<double>({2, 3, 4}, rng) : rand_t<int64_t>({2, 3, 4}, rng);
    TensorRef bxt = call("transpose2", {bx}, {{"axis", std::vector<int64_t>{0, 2, 1}}});
    TensorRef by = call("transpose2", {bx}, {{"axis", std::vector<int64_t>{1, 0, 2}}});  // [3, 2, 4]
    TensorRef byc = contiguous(call("transpose2", {by}, {{"axis", std::vector<int64_t>{1, 0, 2}}}));
    auto want3 = ref_matmul(contiguous(bxt), byc, false, false);  // [2,4,3] x [2,3,4]
    expect_values(mm(bxt, call("transpose2", {by}, {{"axis", std::vector<int64_t>{1, 0, 2}}})),
                  want3.second, 1e-5);
  }
}

TEST(LinalgMatmul, EmptyAndZeroK) {
  TensorRef o = mm(empty_tensor(DType::Float32, {0, 3}), empty_tensor(DType::Float32, {3, 4}));
  expect_shape(o, {0, 4});
  TensorRef z = mm(empty_tensor(DType::Float64, {2, 0}), empty_tensor(DType::Float64, {0, 3}));
  expect_shape(z, {2, 3});
  expect_values(z, {0, 0, 0, 0, 0, 0});
  TensorRef zf = mm(empty_tensor(DType::Float32, {2, 0}), empty_tensor(DType::Float32, {0, 3}));
  expect_values(zf, {0, 0, 0, 0, 0, 0});
  expect_shape(mm(empty_tensor(DType::Float32, {0, 2, 3}), empty_tensor(DType::Float32, {3, 4})), {0, 2, 4});
}

TEST(LinalgMatmul, Float16ViaFloat32) {
  auto to16 = [](const TensorRef& t, int64_t dt) {
    return call("cast", {t}, {{"in_dtype", (int64_t)5}, {"out_dtype", dt}});
  };
  TensorRef a = make<float>({2, 2}, {1, 2, 3, 4});
  TensorRef b = make<float>({2, 2}, {5, 6, 7, 8});
  for (int64_t dt : {(int64_t)DType::Float16, (int64_t)DType::BFloat16}) {
    TensorRef o = mm(to16(a, dt), to16(b, dt));
    EXPECT_EQ((int64_t)o->dtype, dt);
    expect_values(o, {19, 22, 43, 50});
  }
}

TEST(LinalgMatmul, Errors) {
  TensorRef x = empty_tensor(DType::Float32, {2, 3});
  expect_error([&] { mm(x, empty_tensor(DType::Float32, {4, 5})); }, PD_INVALID_ARGUMENT,
               "matmul_v2: the last dimension of X (3) must equal the first matrix dimension of Y (4)");
  expect_error([&] { mm(x, empty_tensor(DType::Float32, {4, 5}), true, false); }, PD_INVALID_ARGUMENT,
               "matmul_v2: the second-to-last dimension of X (trans_x) (2) must equal the first "
               "matrix dimension of Y (4)");
  expect_error([&] { mm(empty_tensor(DType::Float32, {3}), empty_tensor(DType::Float32, {4})); },
               PD_INVALID_ARGUMENT, "matmul_v2: the length of X (3) must equal the length of Y (4)");
  expect_error([&] { mm(empty_tensor(DType::Float32, {2, 2, 3}), empty_tensor(DType::Float32, {3, 3, 4})); },
               PD_INVALID_ARGUMENT, "matmul_v2: the batch dimensions of X (shape [2, 2, 3]) and Y "
               "(shape [3, 3, 4]) cannot be broadcast: 2 vs 3");
  expect_error([&] { mm(empty_tensor(DType::Float32, {}), x); }, PD_INVALID_ARGUMENT,
               "expected both of rank >= 1");
  expect_error([&] { mm(x, empty_tensor(DType::Float64, {3, 2})); }, PD_INVALID_ARGUMENT,
               "expected the same dtype");
  expect_error([&] { mm(empty_tensor(DType::Bool, {2, 2}), empty_tensor(DType::Bool, {2, 2})); },
               PD_INVALID_ARGUMENT, "matmul_v2: input 'X' has dtype bool");
}

TEST(LinalgMatmul, GradientsNoBroadcast) {
  std::mt19937 rng(11);
  const std::vector<Case> cases = {
      {{2, 3}, {3, 4}, false, false}, {{3, 2}, {3, 4}, true, false}, {{2, 3}, {4, 3}, false, true},
      {{3, 2}, {4, 3}, true, true},   {{3}, {3, 2}, false, false},   {{2, 3}, {3}, false, false},
      {{3}, {3}, false, false},       {{2, 2, 3}, {2, 3, 2}, false, false},
      {{2, 3, 2}, {2, 2, 3}, true, true}, {{3}, {2, 3, 2}, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(shape_str(c.x) + " x " + shape_str(c.y));
    bool needs_reduce = c.x.size() == 1 && c.y.size() > 2;
    if (needs_reduce && !OpRegistry::instance().find("reduce_sum")) continue;
    check_gradients([&](const std::vector<TensorRef>& in) { return mm(in[0], in[1], c.tx, c.ty); },
                    {rand_t<double>(c.x, rng), rand_t<double>(c.y, rng)});
  }
}

TEST(LinalgMatmul, GradientsBroadcastBatch) {
  std::mt19937 rng(12);
  const std::vector<Case> cases = {
      {{2, 2, 3}, {3, 2}, false, false}, {{3, 2}, {2, 3, 4}, true, false},
      {{2, 1, 2, 3}, {3, 4, 3}, false, true}, {{2, 3, 2}, {3}, true, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(shape_str(c.x) + " x " + shape_str(c.y));
    check_gradients([&](const std::vector<TensorRef>& in) { return mm(in[0], in[1], c.tx, c.ty); },
                    {rand_t<double>(c.x, rng), rand_t<double>(c.y, rng)});
  }
}

TEST(LinalgMatmul, GradientOfEmptyIsZero) {
  TensorRef x = empty_tensor(DType::Float64, {2, 0});
  TensorRef y = make<double>({0, 3}, {});
  x->stop_gradient = false;
  y->stop_gradient = false;
  TensorRef o = mm(x, y);
  backward(o, ones_like_tensor(*o), false);
  ASSERT_TRUE(x->grad);
  expect_shape(x->grad, {2, 0});
  expect_shape(y->grad, {0, 3});
}
