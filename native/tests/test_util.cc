#include "test_util.h"

#include <random>

namespace pd::test {

std::vector<double> values(const TensorRef& t) {
  TensorRef c = contiguous(t);
  std::vector<double> out((size_t)c->numel());
  PD_DISPATCH_ALL(c->dtype, "values", {
    const scalar_t* p = c->data<scalar_t>();
    for (size_t i = 0; i < out.size(); ++i) out[i] = convert<double>(p[i]);
  });
  return out;
}

void expect_values(const TensorRef& t, const std::vector<double>& expected, double tol) {
  std::vector<double> v = values(t);
  ASSERT_EQ(v.size(), expected.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(v[i])) << "at " << i;
    } else if (std::isinf(expected[i])) {
      EXPECT_EQ(v[i], expected[i]) << "at " << i;
    } else {
      EXPECT_NEAR(v[i], expected[i], tol * std::max(1.0, std::fabs(expected[i]))) << "at " << i;
    }
  }
}

void expect_shape(const TensorRef& t, const std::vector<int64_t>& dims) {
  EXPECT_EQ(t->shape(), dims);
}

void expect_error(const std::function<void()>& f, pd_status status, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing: " << fragment;
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), status) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message was: " << e.what() << "\nexpected to contain: " << fragment;
  }
}

void check_gradients(const std::function<TensorRef(const std::vector<TensorRef>&)>& f,
                     const std::vector<TensorRef>& inputs, double eps, double tol,
                     std::vector<int> check) {
  if (check.empty())
    for (size_t i = 0; i < inputs.size(); ++i) check.push_back((int)i);
  std::vector<TensorRef> xs;
  for (const auto& in : inputs) {
    TensorRef x = contiguous(in);
    if (x.get() == in.get()) x = alias_detached(*in);
    x->grad.reset();
    x->grad_fn.reset();
    x->stop_gradient = false;
    xs.push_back(x);
  }
  TensorRef out = f(xs);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  TensorRef w = empty_tensor(DType::Float64, out->dims, out->ndim);
  for (int64_t i = 0; i < w->numel(); ++i) w->data<double>()[i] = u(rng);
  auto loss_of = [&](const TensorRef& o) {
    TensorRef oc = contiguous(o);
    double s = 0;
    for (int64_t i = 0; i < oc->numel(); ++i) s += oc->data<double>()[i] * w->data<double>()[i];
    return s;
  };
  backward(out, w, false);
  for (int idx : check) {
    TensorRef x = xs[idx];
    ASSERT_TRUE(x->grad) << "input " << idx << " got no gradient";
    std::vector<double> analytic = values(x->grad);
    double* p = x->data<double>();
    for (int64_t i = 0; i < x->numel(); ++i) {
      const double orig = p[i];
      double lp, lm;
      {
        NoGradGuard ng;
        p[i] = orig + eps;
        lp = loss_of(f(xs));
        p[i] = orig - eps;
        lm = loss_of(f(xs));
        p[i] = orig;
      }
      const double numeric = (lp - lm) / (2 * eps);
      EXPECT_NEAR(analytic[i], numeric, tol * std::max(1.0, std::fabs(numeric)))
          << "input " << idx << " element " << i;
    }
  }
}

}  // namespace pd::test
