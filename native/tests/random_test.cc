// random family: uniform_random, gaussian_random, and their use of the global generator.
#include <cmath>
#include <random>

#include "kernels/random/generator.h"
#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {
TensorRef uniform(std::vector<int64_t> shape, std::vector<NamedAttr> extra = {}) {
  std::vector<NamedAttr> a = {{"shape", shape}};
  for (auto& e : extra) a.push_back(e);
  const OpDef* d = OpRegistry::instance().find("uniform_random");
  return run_op(*d, {}, a)[0];
}
TensorRef gaussian(std::vector<int64_t> shape, std::vector<NamedAttr> extra = {}) {
  std::vector<NamedAttr> a = {{"shape", shape}};
  for (auto& e : extra) a.push_back(e);
  const OpDef* d = OpRegistry::instance().find("gaussian_random");
  return run_op(*d, {}, a)[0];
}
void moments(const TensorRef& t, double* mean, double* var) {
  std::vector<double> v = values(t);
  double s = 0, s2 = 0;
  for (double x : v) s += x;
  *mean = s / (double)v.size();
  for (double x : v) s2 += (x - *mean) * (x - *mean);
  *var = s2 / (double)v.size();
}
}  // namespace

TEST(RandomUniform, SeedReproducesAndMatchesStdDistribution) {
  default_generator().seed(2021);
  TensorRef a = uniform({4, 5});
  default_generator().seed(2021);
  TensorRef b = uniform({4, 5});
  EXPECT_EQ(values(a), values(b));
  TensorRef c = uniform({4, 5});  // the stream moved on
  EXPECT_NE(values(a), values(c));
  default_generator().seed(2022);
  EXPECT_NE(values(a), values(uniform({4, 5})));
  // The documented draw: std::uniform_real_distribution<float>(min, max) over mt19937_64.
  default_generator().seed(7);
  TensorRef d = uniform({6}, {{"min", -2.0}, {"max", 3.0}});
  std::mt19937_64 eng(7);
  std::uniform_real_distribution<float> dist(-2.f, 3.f);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(d->data<float>()[i], dist(eng));
}

TEST(RandomUniform, AttrSeedUsesLocalEngine) {
  TensorRef a = uniform({10}, {{"seed", (int64_t)123}});
  default_generator().seed(1);
  TensorRef b = uniform({10}, {{"seed", (int64_t)123}});
  EXPECT_EQ(values(a), values(b));
  EXPECT_NE(values(a), values(uniform({10}, {{"seed", (int64_t)124}})));
  // The global stream is not consumed by a seeded op.
  default_generator().seed(5);
  uniform({10}, {{"seed", (int64_t)9}});
  TensorRef g1 = uniform({3});
  default_generator().seed(5);
  TensorRef g2 = uniform({3});
  EXPECT_EQ(values(g1), values(g2));
}

TEST(RandomUniform, MomentsAndBounds) {
  default_generator().seed(11);
  TensorRef t = uniform({100000}, {{"min", 2.0}, {"max", 5.0}, {"dtype", (int64_t)6}});
  EXPECT_EQ(t->dtype, DType::Float64);
  for (double v : values(t)) {
    ASSERT_GE(v, 2.0);
    ASSERT_LT(v, 5.0);
  }
  double m, var;
  moments(t, &m, &var);
  EXPECT_NEAR(m, 3.5, 0.02);
  EXPECT_NEAR(var, 0.75, 0.02);  // (b - a)^2 / 12
  TensorRef f = uniform({100000});
  moments(f, &m, &var);
  EXPECT_NEAR(m, 0.0, 0.01);
  EXPECT_NEAR(var, 1.0 / 3.0, 0.01);
  for (double v : values(f)) {
    ASSERT_GE(v, -1.0);
    ASSERT_LT(v, 1.0);
  }
}

TEST(RandomUniform, HalfDiagAndEmpty) {
  TensorRef h = uniform({1000}, {{"dtype", (int64_t)4}, {"min", 0.0}, {"max", 1.0}});
  EXPECT_EQ(h->dtype, DType::Float16);
  for (double v : values(h)) {
    ASSERT_GE(v, 0.0);
    ASSERT_LE(v, 1.0);
  }
  EXPECT_EQ(uniform({4}, {{"dtype", (int64_t)22}})->dtype, DType::BFloat16);
  TensorRef d = uniform({3, 4}, {{"diag_num", (int64_t)3}, {"diag_step", (int64_t)4},
                                 {"diag_val", 9.0}, {"min", 0.0}, {"max", 1.0}});
  std::vector<double> v = values(d);
  for (int i = 0; i < 12; ++i) {
    if (i % 5 == 0) EXPECT_EQ(v[i], 9.0);
    else EXPECT_LT(v[i], 1.0);
  }
  expect_shape(uniform({0, 3}), {0, 3});
  expect_shape(gaussian({2, 0}), {2, 0});
}

TEST(RandomUniform, Errors) {
  expect_error([] { uniform({2}, {{"min", 2.0}, {"max", 1.0}}); }, PD_INVALID_ARGUMENT,
               "uniform_random: min must be less than max, got min 2 and max 1");
  expect_error([] { uniform({2}, {{"min", 1.0}, {"max", 1.0}}); }, PD_INVALID_ARGUMENT,
               "uniform_random: min must be less than max, got min 1 and max 1");
  expect_error([] { uniform({2}, {{"dtype", (int64_t)3}}); }, PD_INVALID_ARGUMENT,
               "uniform_random: dtype 3 is not supported; expected one of [float16, bfloat16, "
               "float32, float64]");
  expect_error([] { uniform({2, -3}); }, PD_INVALID_ARGUMENT,
               "uniform_random: shape [2, -3] has a negative dimension -3 at axis 1");
  expect_error([] { uniform({2}, {{"diag_num", (int64_t)-1}}); }, PD_INVALID_ARGUMENT,
               "uniform_random: diag_num and diag_step must be >= 0, got diag_num -1 and "
               "diag_step 0");
  expect_error([] { uniform({2, 2}, {{"diag_num", (int64_t)3}, {"diag_step", (int64_t)1}}); },
               PD_INVALID_ARGUMENT,
               "uniform_random: diag_num 3 with diag_step 1 needs at least 5 elements, but the "
               "shape [2, 2] has 4");
}

TEST(RandomGaussian, SeedAndMoments) {
  default_generator().seed(99);
  TensorRef a = gaussian({100000}, {{"mean", 1.5}, {"std", 2.0}});
  default_generator().seed(99);
  TensorRef b = gaussian({100000}, {{"mean", 1.5}, {"std", 2.0}});
  EXPECT_EQ(values(a), values(b));
  double m, var;
  moments(a, &m, &var);
  EXPECT_NEAR(m, 1.5, 0.03);
  EXPECT_NEAR(var, 4.0, 0.08);
  default_generator().seed(100);
  EXPECT_NE(values(gaussian({5})), values(gaussian({5})));
  // Documented draw: std::normal_distribution<double> over mt19937_64.
  TensorRef d = gaussian({8}, {{"dtype", (int64_t)6}, {"seed", (int64_t)42}});
  EXPECT_EQ(d->dtype, DType::Float64);
  std::mt19937_64 eng(42);
  std::normal_distribution<double> dist(0.0, 1.0);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(d->data<double>()[i], dist(eng));
  EXPECT_EQ(values(gaussian({8}, {{"seed", (int64_t)42}})),
            values(gaussian({8}, {{"seed", (int64_t)42}})));
  expect_values(gaussian({3}, {{"mean", 2.0}, {"std", 0.0}}), {2, 2, 2});
  EXPECT_EQ(gaussian({3}, {{"dtype", (int64_t)4}})->dtype, DType::Float16);
}

TEST(RandomGaussian, Errors) {
  expect_error([] { gaussian({2}, {{"std", -1.0}}); }, PD_INVALID_ARGUMENT,
               "gaussian_random: std must be a finite number >= 0, got -1");
  expect_error([] { gaussian({2}, {{"dtype", (int64_t)2}}); }, PD_INVALID_ARGUMENT,
               "gaussian_random: dtype 2 is not supported");
  expect_error([] { gaussian({-1}); }, PD_INVALID_ARGUMENT,
               "gaussian_random: shape [-1] has a negative dimension -1 at axis 0");
}
