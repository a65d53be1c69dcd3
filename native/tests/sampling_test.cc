#include "kernels/random/generator.h"
#include "test_util.h"

using namespace pd;
using namespace pd::test;

TEST(Sampling, RandintRangeAndReproducibility) {
  default_generator().seed(5);
  TensorRef a = call("randint", {}, {{"shape", std::vector<int64_t>{1000}}, {"low", (int64_t)-3}, {"high", (int64_t)4}});
  default_generator().seed(5);
  TensorRef b = call("randint", {}, {{"shape", std::vector<int64_t>{1000}}, {"low", (int64_t)-3}, {"high", (int64_t)4}});
  EXPECT_EQ(values(a), values(b));
  std::vector<int> seen(7, 0);
  for (double v : values(a)) {
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen[(int)v + 3]++;
  }
  for (int s : seen) EXPECT_GT(s, 80);
  expect_error([] { call("randint", {}, {{"low", (int64_t)2}, {"high", (int64_t)2}}); }, PD_INVALID_ARGUMENT,
               "randint: low must be less than high, but received low = 2, high = 2");
}

TEST(Sampling, RandpermIsAPermutation) {
  TensorRef p = call("randperm", {}, {{"n", (int64_t)50}});
  EXPECT_EQ(p->dtype, DType::Int64);
  std::vector<double> v = values(p);
  std::sort(v.begin(), v.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(v[i], i);
  expect_error([] { call("randperm", {}, {{"n", (int64_t)0}}); }, PD_INVALID_ARGUMENT,
               "randperm: n must be greater than 0, but received 0");
}

TEST(Sampling, BernoulliRespectsProbabilities) {
  std::vector<double> probs(4000);
  for (size_t i = 0; i < probs.size(); ++i) probs[i] = i % 2 ? 1.0 : 0.25;
  TensorRef x = make<double>({4000}, probs);
  std::vector<double> v = values(call("bernoulli", {x}));
  double ones_q = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i % 2) EXPECT_EQ(v[i], 1.0);
    else ones_q += v[i];
  }
  EXPECT_NEAR(ones_q / 2000, 0.25, 0.04);
  expect_error([] { call("bernoulli", {make<float>({2}, {0.5f, 1.5f})}); }, PD_INVALID_ARGUMENT,
               "bernoulli: every element of the input must be in [0, 1], but element 1 is 1.5");
}

TEST(Sampling, MultinomialWithAndWithoutReplacement) {
  TensorRef w = make<double>({2, 4}, {0, 1, 0, 3, 1, 1, 1, 1});
  TensorRef s = call("multinomial", {w}, {{"num_samples", (int64_t)2000}, {"replacement", true}});
  expect_shape(s, {2, 2000});
  std::vector<double> v = values(s);
  int threes = 0;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(v[i] == 1 || v[i] == 3);
    threes += v[i] == 3;
  }
  EXPECT_NEAR(threes / 2000.0, 0.75, 0.05);
  TensorRef nr = call("multinomial", {w}, {{"num_samples", (int64_t)2}});
  std::vector<double> u = values(nr);
  EXPECT_NE(u[0], u[1]);
  EXPECT_NE(u[2], u[3]);
  expect_error([&] { call("multinomial", {w}, {{"num_samples", (int64_t)3}}); }, PD_INVALID_ARGUMENT,
               "row 0 has 2 categories with positive weight, fewer than num_samples (3)");
  expect_error([] { call("multinomial", {make<double>({2}, {-1, 1})}); }, PD_INVALID_ARGUMENT,
               "weights must be finite and non-negative");
}
