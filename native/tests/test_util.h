// Shared helpers for native op tests: tensor construction, value checks, and a numerical
// gradient check that drives any registered op through the tracer.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"

namespace pd::test {

template <typename T>
TensorRef make(const std::vector<int64_t>& dims, const std::vector<T>& values) {
  TensorRef t = empty_tensor(DTypeOf<T>::value, dims);
  EXPECT_EQ((size_t)t->numel(), values.size());
  std::copy(values.begin(), values.end(), t->data<T>());
  return t;
}

// Values of any tensor (any strides), converted to double.
std::vector<double> values(const TensorRef& t);

// Expects `expected` values and (if given) shape.
void expect_values(const TensorRef& t, const std::vector<double>& expected, double tol = 1e-6);
void expect_shape(const TensorRef& t, const std::vector<int64_t>& dims);

// Expects `f` to throw pd::Error with `status` and a message containing `fragment`.
void expect_error(const std::function<void()>& f, pd_status status, const std::string& fragment);

// Numerical gradient check: `f` maps float64 inputs (which require grad) to one output; the
// loss is sum(output * w) for a fixed random w. Compares backward() against central
// differences for every input listed in `check` (all when empty).
void check_gradients(const std::function<TensorRef(const std::vector<TensorRef>&)>& f,
                     const std::vector<TensorRef>& inputs, double eps = 1e-6,
                     double tol = 1e-5, std::vector<int> check = {});

// 0, 1, 2 ... as doubles.
inline std::vector<double> iota_d(int64_t n, double start = 0) {
  std::vector<double> v((size_t)n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

// A tensor of the given shape holding 0, 1, 2 ... in row-major order.
template <typename T>
TensorRef arange(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<T> v((size_t)n);
  for (int64_t i = 0; i < n; ++i) v[i] = (T)i;
  return make<T>(dims, v);
}

// Deterministic float64 values in [-1, 1) (an LCG, so tests need no global RNG state).
inline TensorRef randn(const std::vector<int64_t>& dims, unsigned seed = 1) {
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

inline TensorRef transposed(const TensorRef& t) {
  return call("transpose2", {t}, {{"axis", std::vector<int64_t>{1, 0}}});
}

inline std::vector<int64_t> I(std::initializer_list<int64_t> v) { return std::vector<int64_t>(v); }

}  // namespace pd::test
